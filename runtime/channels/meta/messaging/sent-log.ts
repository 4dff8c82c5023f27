// What Ozia sent each person, by Meta message id and when: Messenger reports deliveries and reads
// as watermarks ("everything before this moment"), Instagram a read by the id of the last message
// read, and both echo back every message sent. Kept in the account's channel state (shared by all
// processes) per person, and dropped once read or past the 7 days after which nothing more comes.
import type { ChannelStateStore, StatusEvent } from '../../contract.js';
import type { Receipt } from './inbound.js';
import { HUMAN_AGENT_WINDOW_MS } from './window.js';

const type = (user: string) => `sent.${user}`;
/** Past this, a message's receipt is not waited for any more (Meta's longest window, and a day). */
const KEEP_MS = HUMAN_AGENT_WINDOW_MS + 24 * 3_600_000;

export class SentLog {
  /** Sends still waiting for Meta's answer, per person: an echo arriving meanwhile waits for them. */
  private readonly inflight = new Map<string, Set<Promise<unknown>>>();
  /** Ids this process sent lately: most echoes are answered without a read. */
  private readonly recent = new Set<string>();

  constructor(
    private readonly state: ChannelStateStore,
    private readonly clock: () => Date,
  ) {}

  /** Runs one send to `user`, so that its echo is recognised even when it comes before the answer. */
  async sending<T>(user: string, send: () => Promise<T>): Promise<T> {
    const p = send();
    let set = this.inflight.get(user);
    if (!set) this.inflight.set(user, (set = new Set()));
    set.add(p);
    try {
      return await p;
    } finally {
      set.delete(p);
      if (!set.size) this.inflight.delete(user);
    }
  }

  async record(user: string, mid: string): Promise<void> {
    if (this.recent.size > 10_000) this.recent.clear();
    this.recent.add(mid);
    await this.state.set({ [type(user)]: { [mid]: String(this.clock().getTime()) } });
  }

  /** Whether `mid` is a message Ozia sent to `user` (its echo is already on the transcript). */
  async sent(user: string, mid: string): Promise<boolean> {
    if (this.recent.has(mid)) return true;
    const pending = this.inflight.get(user);
    if (pending) await Promise.allSettled([...pending]);
    if (this.recent.has(mid)) return true;
    return (await this.state.get(type(user), [mid]))[mid] !== undefined;
  }

  /** The statuses a receipt means for what was sent: forward only (the outbox keeps them so). */
  async statuses(r: Receipt): Promise<StatusEvent[]> {
    const sent = await this.state.list(type(r.user));
    const now = this.clock().getTime();
    // Instagram names the last message read: it and everything sent before it were read.
    let upTo = r.watermark ?? -1;
    for (const mid of r.mids ?? []) if (sent[mid] !== undefined) upTo = Math.max(upTo, Number(sent[mid]));
    const out: StatusEvent[] = [];
    const drop: Record<string, null> = {};
    for (const [mid, at] of Object.entries(sent)) {
      const t = Number(at);
      if (t <= upTo || r.mids?.includes(mid)) {
        out.push({ type: 'status', externalId: mid, status: r.status, at: r.at });
        if (r.status === 'read') drop[mid] = null;
      } else if (now - t > KEEP_MS) drop[mid] = null;
    }
    if (Object.keys(drop).length) await this.state.set({ [type(r.user)]: drop });
    return out;
  }
}
