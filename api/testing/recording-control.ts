// A ChannelControl for API tests: capabilities per channel as the test sets them, and every
// revoke call recorded (or refused, to see the Inbox keep the message when the channel fails).
import type { ChannelCapabilities, ChannelStatus } from '../../runtime/channels/contract.js';
import type { ChannelControl } from '../../runtime/channels/control.js';
import { OziaError } from '../../runtime/errors.js';

export class RecordingControl implements ChannelControl {
  readonly revoked: number[] = [];
  /** Set to make the next revoke fail as the channel would (disconnected, WhatsApp refused). */
  revokeError: Error | null = null;

  constructor(readonly caps: Record<string, ChannelCapabilities> = {}) {}

  status(channelId: string): ChannelStatus | null {
    return this.caps[channelId] ? { state: 'open', since: new Date(0).toISOString() } : null;
  }
  async connect() {}
  async disconnect() {}
  async clearSession() {}
  async reload() {}
  async remove() {}
  reconnectsToday() {
    return 0;
  }
  capabilities(channelId: string): ChannelCapabilities | null {
    return this.caps[channelId] ?? null;
  }
  async revoke(messageId: number): Promise<void> {
    if (this.revokeError) {
      const e = this.revokeError;
      this.revokeError = null;
      throw e;
    }
    this.revoked.push(messageId);
  }
}

/** WhatsApp's capabilities as far as the Inbox cares. */
export const whatsappLike: ChannelCapabilities = {
  buttons: null,
  lists: null,
  polls: { maxOptions: 12, labelMax: 100 },
  media: ['image', 'video', 'audio', 'document'],
  maxText: 4096,
  typing: true,
  receipts: true,
  revoke: true,
  quote: true,
};

export const notConnected = () => new OziaError('CONFLICT', 'the number is not connected');
