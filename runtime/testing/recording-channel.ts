// A channel account for tests: records what the outbox hands it. `deliver` may be replaced to
// fail or to answer with a provider id.
import type { ChannelAdapter, ChannelCapabilities, OutboxItem } from '../channels/contract.js';
import { testChatCapabilities } from '../channels/test-chat.js';

export class RecordingChannel implements ChannelAdapter {
  delivered: OutboxItem[] = [];
  failNext = 0;
  capabilities: ChannelCapabilities = testChatCapabilities;
  isReady = true;
  private wake: (() => void) | null = null;

  constructor(readonly id = 'wa') {}

  ready() {
    return this.isReady;
  }

  onReady(wake: () => void) {
    this.wake = wake;
  }

  setReady(ready: boolean) {
    this.isReady = ready;
    if (ready) this.wake?.();
  }

  async deliver(item: OutboxItem): Promise<string | void> {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('socket closed');
    }
    this.delivered.push(item);
  }

  async send(item: OutboxItem) {
    const externalId = await this.deliver(item);
    return externalId ? { externalId } : {};
  }
}

/** A channel that drops everything (load tests, benches). */
export function nullChannel(id: string): ChannelAdapter {
  return { id, capabilities: testChatCapabilities, ready: () => true, send: async () => ({}) };
}
