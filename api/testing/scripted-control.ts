// A ChannelControl for tests of the API and the Settings screens: it records what was asked of
// it, and the test decides what each account's status is (pushed on the bus, as the real
// manager does), without any socket.
import type { Bus } from '../../runtime/bus.js';
import type { ChannelCapabilities, ChannelStatus, WebhookAnswer } from '../../runtime/channels/contract.js';
import type { ChannelControl } from '../../runtime/channels/control.js';

export type ScriptedCall =
  | { op: 'connect'; id: string; pairingPhone?: string }
  | { op: 'disconnect' | 'clearSession' | 'reload' | 'remove'; id: string }
  | { op: 'revoke'; messageId: number };

export class ScriptedControl implements ChannelControl {
  readonly calls: ScriptedCall[] = [];
  private readonly statuses = new Map<string, ChannelStatus>();
  private readonly reconnects = new Map<string, number>();
  private bus: Bus | null = null;
  /** Make a call fail (an Error, or an OziaError with its code) the next time it is made. */
  failNext: Partial<Record<ScriptedCall['op'], Error>> = {};

  constructor(
    private readonly clock: () => Date = () => new Date(),
    /** What each account can do (the Inbox offers quotes, ticks and "delete for everyone" by it). */
    readonly caps: Record<string, ChannelCapabilities> = {},
  ) {}

  /** The bus statuses are announced on (services wiring gives it). */
  attach(bus: Bus): this {
    this.bus = bus;
    return this;
  }

  /** Sets an account's status, as the manager would on a socket event, and announces it. */
  push(channelId: string, status: Omit<ChannelStatus, 'since'> & { since?: string }) {
    const full: ChannelStatus = { ...status, since: status.since ?? this.clock().toISOString() };
    this.statuses.set(channelId, full);
    this.bus?.emit('channel', { channelId, status: full });
    return full;
  }

  setReconnects(channelId: string, n: number) {
    this.reconnects.set(channelId, n);
  }

  /** Records a call that succeeded; a failed one (failNext) is not in `calls`. */
  private record(call: ScriptedCall) {
    const fail = this.failNext[call.op];
    if (fail) {
      delete this.failNext[call.op];
      throw fail;
    }
    this.calls.push(call);
  }

  status(channelId: string): ChannelStatus | null {
    return this.statuses.get(channelId) ?? null;
  }
  async connect(id: string, how?: { pairingPhone?: string }) {
    this.record(how?.pairingPhone ? { op: 'connect', id, pairingPhone: how.pairingPhone } : { op: 'connect', id });
  }
  async disconnect(id: string) {
    this.record({ op: 'disconnect', id });
  }
  async clearSession(id: string) {
    this.record({ op: 'clearSession', id });
  }
  async reload(id: string) {
    this.record({ op: 'reload', id });
  }
  async remove(id: string) {
    this.record({ op: 'remove', id });
    this.statuses.delete(id);
  }
  reconnectsToday(id: string) {
    return this.reconnects.get(id) ?? 0;
  }
  capabilities(channelId: string): ChannelCapabilities | null {
    return this.caps[channelId] ?? null;
  }
  async revoke(messageId: number) {
    this.record({ op: 'revoke', messageId });
  }
  /** No channel runs here: a webhook finds no account. */
  async webhook(): Promise<WebhookAnswer> {
    return { status: 404, body: 'no such account' };
  }
}
