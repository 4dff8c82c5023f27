// The test chat channel: delivery means handing the message to the tester's live stream.
// It goes through the same outbox as WhatsApp, so testers see exactly what contacts get.
import type { Bus } from '../bus.js';
import type { ChannelAdapter, ChannelCapabilities, OutboxItem } from './contract.js';

export const TEST_CHANNEL = 'test';

/** The test chat shows whatever a block produces: real buttons, media, any length. */
export const testChatCapabilities: ChannelCapabilities = {
  buttons: { max: 100, labelMax: 200 },
  lists: null,
  polls: null,
  media: ['image', 'video', 'audio', 'document'],
  maxText: 100_000,
  typing: false,
  receipts: false,
  revoke: false,
  quote: false,
};

export function testChatChannel(bus: Bus): ChannelAdapter {
  return {
    id: TEST_CHANNEL,
    capabilities: testChatCapabilities,
    ready: () => true,
    async send(item: OutboxItem) {
      bus.emit('delivered', {
        contactId: item.contactId,
        messageId: item.id,
        message: item.message,
        blockId: item.blockId,
        createdAt: item.createdAt,
      });
      return {};
    },
  };
}
