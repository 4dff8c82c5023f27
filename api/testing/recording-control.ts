// The scripted control as the Inbox's tests use it: capabilities per channel, the messages
// deleted for everyone, and a refusal the next revoke meets (disconnected, WhatsApp refused).
import type { ChannelCapabilities } from '../../runtime/channels/contract.js';
import { whatsappCapabilities } from '../../runtime/channels/whatsapp/outbound.js';
import { OziaError } from '../../runtime/errors.js';
import { ScriptedControl } from './scripted-control.js';

export class RecordingControl extends ScriptedControl {
  constructor(caps: Record<string, ChannelCapabilities> = {}) {
    super(undefined, caps);
  }

  get revoked(): number[] {
    return this.calls.flatMap((c) => (c.op === 'revoke' ? [c.messageId] : []));
  }

  /** The next revoke fails with this error. */
  set revokeError(e: Error | null) {
    if (e) this.failNext.revoke = e;
    else delete this.failNext.revoke;
  }
}

export const whatsappLike: ChannelCapabilities = whatsappCapabilities;

export const notConnected = () => new OziaError('CONFLICT', 'the number is not connected');
