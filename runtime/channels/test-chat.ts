// The test chat channel: delivery means handing the message to the tester's live stream.
// It goes through the same outbox as WhatsApp, so testers see exactly what contacts get.
import type { Bus } from '../bus.js';
import type { ChannelAdapter, OutboxItem } from '../runtime.js';

export const TEST_CHANNEL = 'test';

export function testChatChannel(bus: Bus): ChannelAdapter {
  return {
    name: TEST_CHANNEL,
    async deliver(item: OutboxItem) {
      bus.emit('delivered', {
        contactId: item.contactId,
        messageId: item.id,
        message: item.message,
        blockId: item.blockId,
        createdAt: item.createdAt,
      });
    },
  };
}
