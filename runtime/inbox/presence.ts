// Presence follows the connection. Every open page holds one live inbox stream (tRPC's SSE
// pings every 10 s, so a browser that vanished without closing its socket is noticed when a
// ping cannot be written). When a user's last stream closes without "Sair", they go away
// after a short grace (a reload or a reconnect must not flicker) and offline a little later,
// so round-robin stops handing them conversations; the ones they already serve stay theirs.
// When they come back, the status presence took from them is given back, unless they or a
// supervisor chose another one meanwhile.
//
// What is counted is this process's streams: with several processes in front of one
// PostgreSQL database, a user connected to another process looks gone here.
import type { Db } from '../db/connect.js';
import type { UserStatus } from '../db/schema.js';

export interface PresenceTimings {
  /** Without any stream for this long, an online user becomes away. */
  awayAfterMs: number;
  /** Without any stream for this long, a user becomes offline. */
  offlineAfterMs: number;
  /** How often the gone users are looked at. */
  checkEveryMs: number;
}

export const PRESENCE_TIMINGS: PresenceTimings = { awayAfterMs: 20_000, offlineAfterMs: 60_000, checkEveryMs: 5_000 };

/** Changes a user's status the way the app does (stored, announced, queues served again). */
export type StatusWriter = (userId: string, status: UserStatus) => Promise<unknown>;

interface Taken {
  /** What the user had chosen before presence changed it. */
  before: UserStatus;
  /** What presence set last, so a later choice by a person is recognised and kept. */
  set: UserStatus;
}

export class Presence {
  private readonly streams = new Map<string, number>();
  /** Users without a stream: since when (clock ms). */
  private readonly gone = new Map<string, number>();
  private readonly taken = new Map<string, Taken>();
  private write: StatusWriter | null = null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly timings: PresenceTimings = PRESENCE_TIMINGS,
  ) {}

  /** Starts checking; `write` is how a status changes (the users service owns that). */
  start(write: StatusWriter): void {
    this.write = write;
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), this.timings.checkEveryMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking;
  }

  /** A stream of `userId` opened; the returned function is called once when it closes. */
  connect(userId: string): () => void {
    this.streams.set(userId, (this.streams.get(userId) ?? 0) + 1);
    this.gone.delete(userId);
    void this.giveBack(userId).catch((e) => console.error('[ozia] presence: restoring a status failed:', e));
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const left = (this.streams.get(userId) ?? 1) - 1;
      if (left > 0) {
        this.streams.set(userId, left);
        return;
      }
      this.streams.delete(userId);
      this.gone.set(userId, this.clock().getTime());
    };
  }

  /** Whether the user has a live stream on this process. */
  connected(userId: string): boolean {
    return (this.streams.get(userId) ?? 0) > 0;
  }

  /** Users logged out with "Sair" went offline on purpose: nothing to give back or to time. */
  forget(userId: string): void {
    this.gone.delete(userId);
    this.taken.delete(userId);
  }

  /** Moves users whose streams are gone to away, then offline (runs every few seconds; tests call it). */
  check(): Promise<void> {
    this.checking ??= this.checkNow().finally(() => (this.checking = null));
    return this.checking;
  }

  private async checkNow(): Promise<void> {
    if (!this.write || !this.gone.size) return;
    const now = this.clock().getTime();
    for (const [userId, since] of [...this.gone]) {
      const silent = now - since;
      if (silent < this.timings.awayAfterMs) continue;
      const current = await this.statusOf(userId);
      if (current === null) {
        this.forget(userId);
        continue;
      }
      const next: UserStatus | null = silent >= this.timings.offlineAfterMs ? 'offline' : current === 'online' ? 'away' : null;
      if (silent >= this.timings.offlineAfterMs) this.gone.delete(userId);
      if (!next || next === current) continue;
      // The user may have come back while the status was read.
      if (this.connected(userId)) continue;
      const prev = this.taken.get(userId);
      this.taken.set(userId, { before: prev && prev.set === current ? prev.before : current, set: next });
      await this.write(userId, next);
    }
  }

  private async giveBack(userId: string): Promise<void> {
    const t = this.taken.get(userId);
    if (!t || !this.write) return;
    this.taken.delete(userId);
    const current = await this.statusOf(userId);
    if (current === t.set && current !== t.before) await this.write(userId, t.before);
  }

  private async statusOf(userId: string): Promise<UserStatus | null> {
    const row = await this.db.kysely.selectFrom('users').select(['status', 'active']).where('id', '=', userId).executeTakeFirst();
    return row && row.active ? row.status : null;
  }
}
