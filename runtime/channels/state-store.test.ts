import type { KyselyPlugin, QueryId } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { WriteBatcher } from '../db/write-batcher.js';
import { testDatabases, type TestDatabase } from '../testing/databases.js';
import { channelStateStore, clearChannelState } from './state-store.js';
import { failingDb } from './testing/failing-db.js';

const range = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i));

describe.each(testDatabases)('channel state store on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;

  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
  });

  afterEach(async () => {
    await db.close();
    await tdb.cleanup();
  });

  it('returns the ids present, writes, overwrites and deletes', async () => {
    const s = channelStateStore(db, 'wa1');
    await s.set({ session: { a: 'A1', b: 'B1' }, 'pre-key': { '1': 'P1' } });
    expect(await s.get('session', ['a', 'b', 'missing'])).toEqual({ a: 'A1', b: 'B1' });

    await s.set({ session: { a: 'A2', b: null }, 'pre-key': { '1': null, '2': 'P2' } });
    expect(await s.get('session', ['a', 'b'])).toEqual({ a: 'A2' });
    expect(await s.get('pre-key', ['1', '2'])).toEqual({ '2': 'P2' });
    // Same ids under another type are other keys.
    expect(await s.get('sender-key', ['a'])).toEqual({});
  });

  it('reads and writes more ids than one query holds', async () => {
    const s = channelStateStore(db, 'wa1');
    const ids = range(1234, (i) => `id-${i}`);
    await s.set({ 'pre-key': Object.fromEntries(ids.map((id) => [id, `v-${id}`])) });
    const got = await s.get('pre-key', [...ids, 'absent']);
    expect(Object.keys(got)).toHaveLength(1234);
    expect(got['id-1233']).toBe('v-id-1233');
    await s.set({ 'pre-key': Object.fromEntries(ids.slice(0, 1100).map((id) => [id, null])) });
    expect(Object.keys(await s.get('pre-key', ids)).sort()).toEqual(ids.slice(1100).sort());
  });

  it('a set whose write fails half-way changes nothing, and the store keeps working', async () => {
    const f = failingDb(db);
    const s = channelStateStore(f.db, 'wa1');
    await s.set({ session: { keep: 'old', gone: 'still here' } });
    const many = Object.fromEntries(range(450, (i) => `n${i}`).map((id) => [id, 'new']));

    // The second insert fails after the first has run (PostgreSQL writes 200 rows per insert, SQLite one).
    let inserts = 0;
    f.failWhen((q) => q.kind === 'insert' && ++inserts === 2);
    await expect(s.set({ session: { keep: 'changed', gone: null }, 'pre-key': many })).rejects.toThrow(/injected/);
    expect(f.failures).toBe(1);

    // The deletes come last: failing there must undo every insert before it.
    f.failWhen((q) => q.kind === 'delete');
    await expect(s.set({ session: { keep: 'changed', gone: null }, 'pre-key': many })).rejects.toThrow(/injected/);

    f.heal();
    const real = channelStateStore(db, 'wa1');
    expect(await real.get('session', ['keep', 'gone'])).toEqual({ keep: 'old', gone: 'still here' });
    expect(await real.get('pre-key', Object.keys(many))).toEqual({});

    await s.set({ session: { keep: 'changed', gone: null }, 'pre-key': many });
    expect(await real.get('session', ['keep', 'gone'])).toEqual({ keep: 'changed' });
    expect(Object.keys(await real.get('pre-key', Object.keys(many)))).toHaveLength(450);
  });

  it('a read while a set is half-way sees the state before it, not rows that are then rolled back', async () => {
    const s = channelStateStore(db, 'wa1');
    await s.set({ session: { keep: 'old', gone: 'still here' } });
    // When the set's delete is about to run, its upsert is already in the open transaction: read then, and fail the delete.
    let during: Promise<Record<string, string>> | null = null;
    const f = failingDb(db);
    f.failWhen((q) => {
      if (q.kind !== 'delete' || during) return false;
      during = s.get('session', ['keep', 'gone']);
      return true;
    });
    const failing = channelStateStore(f.db, 'wa1');
    await expect(failing.set({ session: { keep: 'changed', gone: null } })).rejects.toThrow(/injected/);
    expect(during).not.toBeNull();
    expect(await during!).toEqual({ keep: 'old', gone: 'still here' });
    expect(await s.get('session', ['keep'])).toEqual({ keep: 'old' });
  });

  it('sets made at once all land, the later one winning on a shared key, and one that fails fails alone', async () => {
    const s = channelStateStore(db, 'wa1');
    await Promise.all([s.set({ a: { x: '1', y: 'y1' } }), s.set({ a: { x: '2' } }), s.set({ a: { x: null, z: 'z' } }), s.set({ a: { x: '3' }, b: { y: 'b' } })]);
    const got = await s.get('a', ['x', 'y', 'z']);
    expect(got).toMatchObject({ y: 'y1', z: 'z' });
    // SQLite commits sets in the order they were made (one connection; a group keeps it). On
    // PostgreSQL sets made at once run side by side: one of them decides.
    if (db.dialect === 'sqlite') {
      expect(got.x).toBe('3');
      await Promise.all([s.set({ a: { x: '4' } }), s.set({ a: { x: null } })]);
      expect(await s.get('a', ['x'])).toEqual({});
    } else {
      expect([undefined, '1', '2', '3']).toContain(got.x);
    }

    const poisoned = failingDb(db);
    poisoned.failWhen((q) => q.kind === 'insert' && q.text.includes('"poison"'));
    const f = channelStateStore(poisoned.db, 'wa1');
    const results = await Promise.allSettled([f.set({ c: { one: '1' } }), f.set({ c: { two: '2' } }), f.set({ c: { bad: 'poison', three: '3' } }), f.set({ c: { four: '4' } })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    expect(await s.get('c', ['one', 'two', 'bad', 'three', 'four'])).toEqual({ one: '1', two: '2', four: '4' });
  });

  it('two accounts never see or clear each other’s rows', async () => {
    const a = channelStateStore(db, 'wa-a');
    const b = channelStateStore(db, 'wa-b');
    await a.set({ creds: { creds: 'A' }, session: { x: 'ax' } });
    await b.set({ creds: { creds: 'B' } });
    expect(await a.get('creds', ['creds'])).toEqual({ creds: 'A' });
    expect(await b.get('creds', ['creds'])).toEqual({ creds: 'B' });
    expect(await b.get('session', ['x'])).toEqual({});
    // A delete on one account does not reach the other's row of the same type and id.
    await b.set({ creds: { creds: null } });
    expect(await a.get('creds', ['creds'])).toEqual({ creds: 'A' });

    await b.set({ creds: { creds: 'B' } });
    await a.clear();
    expect(await a.get('session', ['x'])).toEqual({});
    expect(await b.get('creds', ['creds'])).toEqual({ creds: 'B' });
    await clearChannelState(db, 'wa-b');
    expect(await b.get('creds', ['creds'])).toEqual({});
  });

  it('what was set survives a restart', async () => {
    await channelStateStore(db, 'wa1').set({ session: { s: 'kept' } });
    await db.close();
    db = await tdb.open();
    expect(await channelStateStore(db, 'wa1').get('session', ['s'])).toEqual({ s: 'kept' });
  });

  it('a set never lands inside the runtime’s batch: a batch that rolls back keeps the keys written meanwhile', async () => {
    const writer = new WriteBatcher(db);
    const s = channelStateStore(db, 'wa1');
    let inBatch!: () => void;
    const started = new Promise<void>((r) => (inBatch = r));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const batch = writer.run(async (q) => {
      await q.exec(db.kysely.insertInto('channel_state').values({ channel_id: 'wa1', type: 'batch', id: '1', value: 'rolled back' }));
      inBatch();
      await held;
      throw new Error('turn failed');
    });
    await started;
    const setting = s.set({ session: { k: 'v' } });
    // Let the set run as far as it can while the batch's transaction is open.
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    release();
    await expect(batch).rejects.toThrow('turn failed');
    await setting;
    expect(await s.get('session', ['k'])).toEqual({ k: 'v' });
    expect(await s.get('batch', ['1'])).toEqual({});
    await writer.idle();
  });

  it('two sets that lock the same keys in opposite order both commit', async () => {
    const s = channelStateStore(db, 'wa1');
    await s.set({ a: { x: 'old' }, b: { x: 'old' } });
    // Hold each set after its upsert until both have upserted: each then deletes the row the other
    // holds, which on PostgreSQL is a deadlock and one of them is rolled back (SQLite: they queue).
    const inserts = new Set<QueryId>();
    let arrived = 0;
    let bothIn!: () => void;
    const barrier = new Promise<void>((r) => (bothIn = r));
    const plugin: KyselyPlugin = {
      transformQuery(args) {
        if (args.node.kind === 'InsertQueryNode') inserts.add(args.queryId);
        return args.node;
      },
      async transformResult(args) {
        if (inserts.has(args.queryId) && arrived < 2) {
          if (++arrived === 2) bothIn();
          if (db.dialect === 'postgres') await barrier;
        }
        return args.result;
      },
    };
    const held = channelStateStore({ ...db, kysely: db.kysely.withPlugin(plugin) }, 'wa1');
    const results = await Promise.allSettled([held.set({ a: { x: 'one' }, b: { x: null } }), held.set({ b: { x: 'two' }, a: { x: null } })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    const left = { ...(await s.get('a', ['x'])), ...(await s.get('b', ['x'])) };
    // Whichever committed last decided: exactly one of the two rows is left.
    expect(Object.values(left)).toHaveLength(1);
  });
});
