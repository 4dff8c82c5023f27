import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { testDatabases, type TestDatabase } from '../testing/databases.js';
import { DEFAULT_LEASE_MS, LeaseKeeper, Leases, processHolderId } from './leases.js';
import { FakeClock } from './testing/fake-clock.js';
import { failingDb } from './testing/failing-db.js';

const MS = DEFAULT_LEASE_MS;
const STEP = Math.floor(MS / 3);

describe.each(testDatabases)('leases on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;
  let fake: FakeClock;

  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
    fake = new FakeClock();
  });

  afterEach(async () => {
    await db.close();
    await tdb.cleanup();
  });

  it('one holder at a time; the holder re-acquires and renews, the other cannot', async () => {
    const a = new Leases(db, 'A', fake.clock);
    const b = new Leases(db, 'B', fake.clock);
    expect(await a.holderOf('wa1')).toBeNull();
    expect(await a.acquire('wa1')).toBe(true);
    expect(await b.acquire('wa1')).toBe(false);
    expect(await b.renew('wa1')).toBe(false);
    expect(await a.acquire('wa1')).toBe(true);
    expect(await b.holderOf('wa1')).toBe('A');

    // Renewed just before it ran out: still A's past the first expiry.
    fake.now += MS - 1;
    expect(await a.renew('wa1')).toBe(true);
    fake.now += MS - 1;
    expect(await b.acquire('wa1')).toBe(false);
    expect(await b.holderOf('wa1')).toBe('A');
    // Accounts are independent.
    expect(await b.acquire('wa2')).toBe(true);
    expect(await a.holderOf('wa2')).toBe('B');
  });

  it('an expired lease goes to the next process, and the old holder can neither renew nor take it back', async () => {
    const a = new Leases(db, 'A', fake.clock);
    const b = new Leases(db, 'B', fake.clock);
    expect(await a.acquire('wa1', 1000)).toBe(true);
    fake.now += 1001;
    expect(await a.holderOf('wa1')).toBeNull();
    expect(await b.acquire('wa1', 1000)).toBe(true);
    expect(await a.renew('wa1', 1000)).toBe(false);
    expect(await a.acquire('wa1', 1000)).toBe(false);
    expect(await a.holderOf('wa1')).toBe('B');
  });

  it('an expired lease is not renewed even when nobody took it', async () => {
    const a = new Leases(db, 'A', fake.clock);
    expect(await a.acquire('wa1', 1000)).toBe(true);
    fake.now += 1001;
    expect(await a.renew('wa1', 1000)).toBe(false);
    expect(await a.acquire('wa1', 1000)).toBe(true);
  });

  it('release frees the account at once, and only its holder can release it', async () => {
    const a = new Leases(db, 'A', fake.clock);
    const b = new Leases(db, 'B', fake.clock);
    await a.acquire('wa1');
    await b.release('wa1');
    expect(await a.holderOf('wa1')).toBe('A');
    await a.release('wa1');
    expect(await a.holderOf('wa1')).toBeNull();
    expect(await b.acquire('wa1')).toBe(true);
  });

  it('processes racing for an account never both win, fresh or expired', async () => {
    // Two connections to one database, as two processes have.
    const db2 = await tdb.open();
    try {
      const racers = [new Leases(db, 'A', fake.clock), new Leases(db2, 'B', fake.clock), new Leases(db2, 'C', fake.clock)];
      for (let round = 0; round < 60; round++) {
        // Even rounds: a new account. Odd rounds: the last account's lease has just run out.
        const channel = `wa-${Math.floor(round / 2)}`;
        if (round % 2 === 1) fake.now += MS + 1;
        const won = await Promise.all(racers.map((l) => l.acquire(channel)));
        expect(won.filter(Boolean), `round ${round}`).toHaveLength(1);
        expect(await racers[0].holderOf(channel)).toBe(racers[won.indexOf(true)].holder);
      }
    } finally {
      await db2.close();
    }
  });

  it('holder ids differ between processes', () => {
    expect(processHolderId()).not.toBe(processHolderId());
  });

  describe('LeaseKeeper', () => {
    function keeper(leases: Leases, timers = fake.timers()) {
      const events: string[] = [];
      const errors: unknown[] = [];
      const k = new LeaseKeeper(leases, { ms: MS, timers, onError: (_c, e) => errors.push(e) });
      const handlers = {
        onAcquired: () => void events.push(`acquired@${fake.now}`),
        onLost: () => void events.push(`lost@${fake.now}`),
      };
      return { k, events, errors, handlers, timers, settle: () => k.idle() };
    }

    it('acquires at once and keeps the lease for as long as it runs', async () => {
      const a = keeper(new Leases(db, 'A', fake.clock));
      a.k.start('wa1', a.handlers);
      await a.settle();
      expect(a.k.holding('wa1')).toBe(true);
      await fake.advance(MS * 5, a.settle);
      expect(a.events).toEqual([`acquired@${fake.now - MS * 5}`]);
      expect(await new Leases(db, 'B', fake.clock).acquire('wa1')).toBe(false);
      await a.k.stop('wa1');
    });

    it('another process takes over within the lease time after the holder is killed', async () => {
      const a = keeper(new Leases(db, 'A', fake.clock));
      const db2 = await tdb.open();
      try {
        const b = keeper(new Leases(db2, 'B', fake.clock));
        a.k.start('wa1', a.handlers);
        await a.settle();
        b.k.start('wa1', b.handlers);
        const both = async () => {
          await a.settle();
          await b.settle();
        };
        await fake.advance(MS * 2, both);
        expect(b.events).toEqual([]);
        expect(b.k.holding('wa1')).toBe(false);

        // A is killed: its timers never fire again, nothing is released.
        a.timers.freeze();
        const killedAt = fake.now;
        await fake.advance(MS + STEP, b.settle);
        expect(b.k.holding('wa1')).toBe(true);
        const [event] = b.events;
        const at = Number(event.split('@')[1]);
        expect(event.startsWith('acquired@')).toBe(true);
        // A's last renewal was at most one step before the kill; B tries every step.
        expect(at).toBeLessThanOrEqual(killedAt + MS + STEP);
        expect(at).toBeGreaterThan(killedAt);
        await b.k.stop('wa1');
      } finally {
        await db2.close();
      }
    });

    it('a renewal that fails on a database error closes the socket, then the lease is taken again once the database is back', async () => {
      const f = failingDb(db);
      const a = keeper(new Leases(f.db, 'A', fake.clock));
      a.k.start('wa1', a.handlers);
      await a.settle();
      expect(a.k.holding('wa1')).toBe(true);

      f.failAll();
      await fake.advance(STEP, a.settle);
      expect(a.k.holding('wa1')).toBe(false);
      expect(a.events.map((e) => e.split('@')[0])).toEqual(['acquired', 'lost']);
      expect(a.errors.length).toBeGreaterThan(0);
      // While the database is down: no socket, no matter how long.
      await fake.advance(STEP * 2, a.settle);
      expect(a.events).toHaveLength(2);

      f.heal();
      await fake.advance(STEP, a.settle);
      expect(a.k.holding('wa1')).toBe(true);
      expect(a.events.map((e) => e.split('@')[0])).toEqual(['acquired', 'lost', 'acquired']);
      await a.k.stop('wa1');
    });

    it('a lease taken by another process is noticed at the next renewal', async () => {
      const a = keeper(new Leases(db, 'A', fake.clock));
      a.k.start('wa1', a.handlers);
      await a.settle();
      // Another process believed it expired (a clock far ahead) and took it.
      await db.kysely.updateTable('channel_leases').set({ holder: 'B' }).where('channel_id', '=', 'wa1').execute();
      await fake.advance(STEP, a.settle);
      expect(a.k.holding('wa1')).toBe(false);
      expect(a.events.map((e) => e.split('@')[0])).toEqual(['acquired', 'lost']);
      await fake.advance(STEP * 2, a.settle);
      expect(a.events).toHaveLength(2);
      await a.k.stop('wa1');
    });

    it('stop closes the socket before releasing, and the other process need not wait for expiry', async () => {
      const leasesA = new Leases(db, 'A', fake.clock);
      const a = keeper(leasesA);
      const b = keeper(new Leases(db, 'B', fake.clock));
      let holderDuringLost: string | null = 'unset';
      a.k.start('wa1', { onAcquired: a.handlers.onAcquired, onLost: async () => void (holderDuringLost = await leasesA.holderOf('wa1')) });
      await a.settle();
      b.k.start('wa1', b.handlers);
      await b.settle();
      await a.k.stop('wa1');
      expect(holderDuringLost).toBe('A');
      expect(await leasesA.holderOf('wa1')).toBeNull();
      expect(a.k.holding('wa1')).toBe(false);
      await fake.advance(STEP, b.settle);
      expect(b.k.holding('wa1')).toBe(true);
      await b.k.stop('wa1');
    });

    it('stop on an account it does not hold calls no handler and leaves the holder alone', async () => {
      const a = keeper(new Leases(db, 'A', fake.clock));
      const b = keeper(new Leases(db, 'B', fake.clock));
      a.k.start('wa1', a.handlers);
      await a.settle();
      b.k.start('wa1', b.handlers);
      await b.settle();
      await b.k.stop('wa1');
      expect(b.events).toEqual([]);
      expect(await new Leases(db, 'X', fake.clock).holderOf('wa1')).toBe('A');
      // Stopped: it never tries again.
      a.timers.freeze();
      await fake.advance(MS * 3, b.settle);
      expect(b.events).toEqual([]);
      expect(fake.scheduled).toBe(0);
    });

    it('a socket slow to open does not let the lease lapse, and onLost waits for onAcquired to finish', async () => {
      const a = keeper(new Leases(db, 'A', fake.clock));
      let opened!: () => void;
      const order: string[] = [];
      a.k.start('wa1', {
        onAcquired: () => new Promise<void>((r) => (opened = () => (order.push('opened'), r()))),
        onLost: () => void order.push('closed'),
      });
      const ticks = () => a.k.idle({ handlers: false });
      await ticks();
      await fake.advance(MS * 3, ticks);
      expect(await new Leases(db, 'B', fake.clock).acquire('wa1')).toBe(false);

      const stopping = a.k.stop('wa1');
      await new Promise((r) => setImmediate(r));
      expect(order).toEqual([]);
      opened();
      await stopping;
      expect(order).toEqual(['opened', 'closed']);
      expect(await new Leases(db, 'B', fake.clock).acquire('wa1')).toBe(true);
    });

    it('restarted while stopping: the old socket closes first and the lease is kept, not released under the new one', async () => {
      const leases = new Leases(db, 'A', fake.clock);
      const a = keeper(leases);
      const order: string[] = [];
      let closed!: () => void;
      a.k.start('wa1', { onAcquired: () => void order.push('open 1'), onLost: () => new Promise<void>((r) => (closed = () => (order.push('close 1'), r()))) });
      await a.settle();
      const stopping = a.k.stop('wa1');
      a.k.start('wa1', { onAcquired: () => void order.push('open 2'), onLost: () => void order.push('close 2') });
      await new Promise((r) => setImmediate(r));
      closed();
      await stopping;
      await a.settle();
      expect(order).toEqual(['open 1', 'close 1', 'open 2']);
      expect(a.k.holding('wa1')).toBe(true);
      await fake.advance(MS * 2, a.settle);
      expect(order).toEqual(['open 1', 'close 1', 'open 2']);
      expect(await leases.holderOf('wa1')).toBe('A');
      await a.k.stop('wa1');
    });

    it('a database down from the start: no socket until it is back', async () => {
      const f = failingDb(db);
      f.failAll();
      const a = keeper(new Leases(f.db, 'A', fake.clock));
      a.k.start('wa1', a.handlers);
      await a.settle();
      await fake.advance(MS, a.settle);
      expect(a.events).toEqual([]);
      f.heal();
      await fake.advance(STEP, a.settle);
      expect(a.events.map((e) => e.split('@')[0])).toEqual(['acquired']);
      await a.k.stop('wa1');
    });
  });
});
