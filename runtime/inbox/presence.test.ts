import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import type { UserStatus } from '../db/schema.js';
import { testDatabases, type TestDatabase } from '../testing/databases.js';
import { PRESENCE_TIMINGS } from './presence.js';
import { handoffFlow, inboxWorld, type InboxWorld } from './testing.js';

describe.each(testDatabases)('presence on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;
  let w: InboxWorld;
  const written: Array<[string, UserStatus]> = [];

  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
    w = await inboxWorld(db);
    written.length = 0;
    // As the users service does: store the status and serve the queues again.
    w.inbox.presence.start(async (id, status) => {
      written.push([id, status]);
      await db.kysely.updateTable('users').set({ status }).where('id', '=', id).execute();
      await w.inbox.assigner.runAll(w.inbox.departments.of(id));
    });
  });

  afterEach(async () => {
    await w.close();
    await db.close();
    await tdb.cleanup();
  });

  const statusOf = async (id: string) => (await db.kysely.selectFrom('users').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;
  const rowOf = (contactId: string) => db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();

  it('an agent whose last stream closed goes away, then offline, keeps what they serve and gets nothing new', async () => {
    const d = await w.department({ name: 'Suporte' });
    const ana = await w.agent('Ana', { capacity: 5, departments: [d] });
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'auto' } }));
    const tabA = w.inbox.presence.connect(ana.id);
    const tabB = w.inbox.presence.connect(ana.id);
    const first = await w.say('c1', 'oi');
    await w.idle();
    expect((await rowOf(first)).agent_id).toBe(ana.id);

    // One of two tabs closes: still present, however long.
    tabA();
    w.clock.advance(PRESENCE_TIMINGS.offlineAfterMs * 2);
    await w.inbox.presence.check();
    expect(await statusOf(ana.id)).toBe('online');

    // The last one closes (the browser was closed without "Sair"): a reload's worth of time changes nothing.
    tabB();
    w.clock.advance(PRESENCE_TIMINGS.awayAfterMs - 1000);
    await w.inbox.presence.check();
    expect(await statusOf(ana.id)).toBe('online');

    w.clock.advance(1000);
    await w.inbox.presence.check();
    expect(await statusOf(ana.id)).toBe('away');
    const second = await w.say('c2', 'oi');
    await w.idle();
    expect((await rowOf(second)).stage).toBe('waiting');

    w.clock.advance(PRESENCE_TIMINGS.offlineAfterMs - PRESENCE_TIMINGS.awayAfterMs);
    await w.inbox.presence.check();
    expect(await statusOf(ana.id)).toBe('offline');
    // What she already served stays hers, for a supervisor to move.
    const kept = await rowOf(first);
    expect([kept.stage, kept.agent_id]).toEqual(['in_service', ana.id]);
    expect(written).toEqual([
      [ana.id, 'away'],
      [ana.id, 'offline'],
    ]);

    // She opens the Inbox again: online as she had chosen, and the waiting contact is hers.
    const back = w.inbox.presence.connect(ana.id);
    await expect.poll(() => statusOf(ana.id)).toBe('online');
    await w.idle();
    expect((await rowOf(second)).agent_id).toBe(ana.id);
    back();
  });

  it('an agent who chose away stays away when back, and one who reconnects within the grace never changes', async () => {
    const d = await w.department({ name: 'Vendas' });
    const bia = await w.agent('Bia', { status: 'away', departments: [d] });
    const caio = await w.agent('Caio', { departments: [d] });
    w.inbox.presence.connect(bia.id)();
    w.inbox.presence.connect(caio.id)();
    w.clock.advance(PRESENCE_TIMINGS.awayAfterMs / 2);
    const caioAgain = w.inbox.presence.connect(caio.id);
    w.clock.advance(PRESENCE_TIMINGS.offlineAfterMs);
    await w.inbox.presence.check();
    expect(await statusOf(bia.id)).toBe('offline');
    expect(await statusOf(caio.id)).toBe('online');
    const biaAgain = w.inbox.presence.connect(bia.id);
    await expect.poll(() => written.length).toBe(2);
    expect(written).toEqual([
      [bia.id, 'offline'],
      [bia.id, 'away'],
    ]);
    biaAgain();
    caioAgain();
  });
});
