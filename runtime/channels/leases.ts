// Exclusive channel accounts: one WhatsApp socket per number across every Ozia process. Two
// sockets on one number evict each other (close code 440) in a loop, so a process opens the
// socket only while it holds the account's lease row, renews it well before it runs out, and
// closes the socket the moment it cannot prove it still holds it. A process that dies stops
// renewing; another takes the account over once the lease has run out.
//
// Expiry is judged by each process's clock (epoch ms): keep clocks in sync (NTP) far better than
// a third of the lease, the margin renewals leave.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Db } from '../db/connect.js';

export const DEFAULT_LEASE_MS = 30_000;

/** A holder id unique to this process (and readable in the table: host and pid). */
export function processHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

export class Leases {
  constructor(
    private readonly db: Db,
    readonly holder: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Takes the account if it is free, expired, or already ours (then extends it). One statement:
   * the conflict update only happens when its condition holds, and a row comes back only if it did,
   * so two processes racing for one account never both win.
   */
  async acquire(channelId: string, ms = DEFAULT_LEASE_MS): Promise<boolean> {
    const now = this.clock();
    const row = await this.db.kysely
      .insertInto('channel_leases')
      .values({ channel_id: channelId, holder: this.holder, expires_at: now + ms })
      .onConflict((oc) =>
        oc
          .column('channel_id')
          .doUpdateSet({ holder: (eb) => eb.ref('excluded.holder'), expires_at: (eb) => eb.ref('excluded.expires_at') })
          .where((eb) => eb.or([eb('channel_leases.expires_at', '<', now), eb('channel_leases.holder', '=', this.holder)])),
      )
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === this.holder;
  }

  /**
   * Extends a lease we hold and that has not run out. An expired lease is not renewed even if
   * nobody took it: for that while we could not prove we held it, so the caller lets the socket
   * go and acquires again.
   */
  async renew(channelId: string, ms = DEFAULT_LEASE_MS): Promise<boolean> {
    const now = this.clock();
    const r = await this.db.kysely
      .updateTable('channel_leases')
      .set({ expires_at: now + ms })
      .where('channel_id', '=', channelId)
      .where('holder', '=', this.holder)
      .where('expires_at', '>=', now)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Gives the account up at once (only if ours), so another process need not wait for expiry. */
  async release(channelId: string): Promise<void> {
    await this.db.kysely.deleteFrom('channel_leases').where('channel_id', '=', channelId).where('holder', '=', this.holder).execute();
  }

  /** Who holds the account now; null when nobody does or the lease ran out. */
  async holderOf(channelId: string): Promise<string | null> {
    const row = await this.db.kysely.selectFrom('channel_leases').select(['holder', 'expires_at']).where('channel_id', '=', channelId).executeTakeFirst();
    // PostgreSQL returns bigint columns as strings.
    return row && Number(row.expires_at) >= this.clock() ? row.holder : null;
  }
}

/** setTimeout-like, so tests drive the keeper with a fake clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realTimers: Timers = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    // A lease renewal alone never keeps a process alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LeaseHandlers {
  /** The lease is ours: open the socket. */
  onAcquired(): Promise<void> | void;
  /** The lease is gone or unprovable (renew failed, database error, `stop`): close the socket. */
  onLost(): Promise<void> | void;
}

export interface LeaseKeeperOptions {
  ms?: number;
  timers?: Timers;
  /** Database errors and handler failures, for the log (a database error also counts as a lost lease). */
  onError?: (channelId: string, e: unknown) => void;
}

interface Entry {
  handlers: LeaseHandlers;
  holding: boolean;
  stopped: boolean;
  timer: unknown;
  /** The acquire or renew under way. */
  tick: Promise<void> | null;
  /** Handler calls, one after another: onLost never overtakes the onAcquired before it. */
  calls: Promise<void>;
}

/**
 * Keeps this process's leases: tries to acquire every ms/3 while it does not hold an account,
 * renews every ms/3 while it does. Handlers run in order but do not hold renewals up: a socket
 * that takes long to open does not let the lease lapse meanwhile.
 */
export class LeaseKeeper {
  private readonly entries = new Map<string, Entry>();
  /** Accounts whose stop() is closing the socket and releasing: a start waits for it. */
  private readonly stopping = new Map<string, Promise<void>>();
  private readonly ms: number;
  private readonly timers: Timers;

  constructor(
    private readonly leases: Leases,
    private readonly opts: LeaseKeeperOptions = {},
  ) {
    this.ms = opts.ms ?? DEFAULT_LEASE_MS;
    this.timers = opts.timers ?? realTimers;
  }

  /** Starts keeping the account (acquiring at once). Starting one already kept only swaps its handlers. */
  start(channelId: string, handlers: LeaseHandlers): void {
    const existing = this.entries.get(channelId);
    if (existing) {
      existing.handlers = handlers;
      return;
    }
    const e: Entry = { handlers, holding: false, stopped: false, timer: null, tick: null, calls: Promise.resolve() };
    this.entries.set(channelId, e);
    const prior = this.stopping.get(channelId);
    if (!prior) return this.run(channelId, e);
    // Restarted while stopping: acquiring now would open the new socket before the old one has
    // closed, and the release still to come would delete the lease just re-taken.
    e.tick = prior.then(() => {
      e.tick = null;
      if (!e.stopped) this.run(channelId, e);
    });
  }

  /** Stops keeping the account: if held, onLost runs (the socket closes) and then the lease is released. */
  async stop(channelId: string): Promise<void> {
    const e = this.entries.get(channelId);
    if (!e) return this.stopping.get(channelId);
    e.stopped = true;
    this.entries.delete(channelId);
    if (e.timer !== null) this.timers.clearTimeout(e.timer);
    const done = this.wind(channelId, e);
    this.stopping.set(channelId, done);
    try {
      await done;
    } finally {
      if (this.stopping.get(channelId) === done) this.stopping.delete(channelId);
    }
  }

  private async wind(channelId: string, e: Entry): Promise<void> {
    await e.tick;
    if (e.holding) {
      e.holding = false;
      this.call(channelId, e, 'onLost');
      await e.calls;
      try {
        await this.leases.release(channelId);
      } catch (err) {
        // It runs out on its own; another process waits at most one lease time.
        this.report(channelId, err);
      }
    }
    await e.calls;
  }

  private report(channelId: string, e: unknown): void {
    try {
      this.opts.onError?.(channelId, e);
    } catch {
      // A failing logger must not take the keeper's timers down with it.
    }
  }

  holding(channelId: string): boolean {
    return this.entries.get(channelId)?.holding ?? false;
  }

  /**
   * Resolves once no acquire, renew or handler is under way (tests, shutdown). `handlers: false`
   * waits for the database work only, not for a handler still opening a socket.
   */
  async idle(opts: { handlers?: boolean } = {}): Promise<void> {
    const handlers = opts.handlers ?? true;
    for (;;) {
      const seen = [...this.entries.values()].map((e) => [e, e.tick, e.calls] as const);
      await Promise.all(seen.flatMap(([, tick, calls]) => (handlers ? [tick, calls] : [tick])));
      // A tick may have queued a handler, a handler may have been slow: settled only when nothing moved.
      const moved = seen.some(([e, , calls]) => e.tick !== null || (handlers && e.calls !== calls));
      if (!moved && seen.length === this.entries.size) return;
    }
  }

  private run(channelId: string, e: Entry): void {
    e.timer = null;
    const tick = this.tickOnce(channelId, e).finally(() => {
      e.tick = null;
      if (!e.stopped) e.timer = this.timers.setTimeout(() => this.run(channelId, e), Math.max(1, Math.floor(this.ms / 3)));
    });
    e.tick = tick;
  }

  private async tickOnce(channelId: string, e: Entry): Promise<void> {
    if (!e.holding) {
      let won = false;
      try {
        won = await this.leases.acquire(channelId, this.ms);
      } catch (err) {
        this.report(channelId, err);
      }
      if (!won) return;
      if (e.stopped) {
        // stop() came while we were acquiring: it saw nothing to release, so give it back here.
        await this.leases.release(channelId).catch((err) => this.report(channelId, err));
        return;
      }
      e.holding = true;
      this.call(channelId, e, 'onAcquired');
      return;
    }
    let kept = false;
    try {
      kept = await this.leases.renew(channelId, this.ms);
    } catch (err) {
      // Never keep a socket whose lease we cannot prove.
      this.report(channelId, err);
    }
    if (kept || e.stopped) return;
    e.holding = false;
    this.call(channelId, e, 'onLost');
  }

  private call(channelId: string, e: Entry, which: keyof LeaseHandlers): void {
    e.calls = e.calls.then(async () => {
      try {
        await e.handlers[which]();
      } catch (err) {
        this.report(channelId, err);
      }
    });
  }
}
