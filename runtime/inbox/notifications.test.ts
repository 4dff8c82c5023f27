import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { InboxNotice } from '../bus.js';
import type { Db } from '../db/connect.js';
import { testDatabases, type TestDatabase } from '../testing/databases.js';
import { handoffFlow, inboxWorld, type InboxWorld } from './testing.js';

describe.each(testDatabases)('notifications on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;
  let w: InboxWorld;

  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
    w = await inboxWorld(db);
  });

  afterEach(async () => {
    await w.close();
    await db.close();
    await tdb.cleanup();
  });

  it('keeps an assignment, a transfer to me and a mention while I am offline, until I read them', async () => {
    const d = await w.department({ name: 'Suporte' });
    const ana = await w.agent('Ana', { departments: [d] });
    const bia = await w.agent('Bia', { departments: [d], status: 'offline' });
    const heard: InboxNotice[] = [];
    w.bus.on('inbox', (n) => n.type === 'notification' && heard.push(n));
    await w.bind(handoffFlow({ departmentId: d, assign: { mode: 'auto' } }));
    const paulo = await w.say('Paulo', 'oi');
    await w.idle();
    const conv = await db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', paulo).executeTakeFirstOrThrow();
    expect(conv.agent_id).toBe(ana.id);

    await w.inbox.desk.whisper(ana, conv.id, '@Bia pode olhar o boleto dele?');
    await w.inbox.desk.transfer(ana, conv.id, { agentId: bia.id, notifyContact: false });

    const mine = await w.inbox.notifications.list(bia);
    expect(mine.map((n) => [n.kind, n.byName, n.contactName])).toEqual([
      ['transfer', 'Ana', 'Paulo'],
      ['mention', 'Ana', 'Paulo'],
    ]);
    expect(mine[1].text).toBe('@Bia pode olhar o boleto dele?');
    expect(await w.inbox.notifications.unread(bia)).toBe(2);
    expect((await w.inbox.notifications.list(ana)).map((n) => n.kind)).toEqual(['assigned']);
    expect(heard.map((n) => n.type === 'notification' && [n.kind, n.userId])).toEqual([
      ['assigned', ana.id],
      ['mention', bia.id],
      ['transfer', bia.id],
    ]);

    // Ana cannot mark Bia's as read; Bia reads one, then the rest.
    expect(await w.inbox.notifications.markRead(ana.id, mine.map((n) => n.id))).toBe(0);
    expect(await w.inbox.notifications.unread(bia)).toBe(2);
    expect(await w.inbox.notifications.markRead(bia.id, [mine[1].id])).toBe(1);
    expect((await w.inbox.notifications.list(bia)).map((n) => n.read)).toEqual([false, true]);
    expect(await w.inbox.notifications.markRead(bia.id)).toBe(1);
    expect(await w.inbox.notifications.unread(bia)).toBe(0);
  });

  it('a notification about a conversation transferred out of my departments is no longer shown or counted', async () => {
    const sales = await w.department({ name: 'Vendas' });
    const billing = await w.department({ name: 'Financeiro' });
    const ana = await w.agent('Ana', { departments: [sales] });
    const caio = await w.agent('Caio', { departments: [sales], status: 'offline' });
    await w.bind(handoffFlow({ departmentId: sales, assign: { mode: 'auto' } }));
    const contact = await w.say('Rita', 'oi');
    await w.idle();
    const conv = await db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', contact).executeTakeFirstOrThrow();
    await w.inbox.desk.whisper(ana, conv.id, '@Caio olha essa');
    expect(await w.inbox.notifications.unread(caio)).toBe(1);
    await w.inbox.desk.transfer(ana, conv.id, { departmentId: billing, notifyContact: false });
    expect(await w.inbox.notifications.unread(caio)).toBe(0);
    expect(await w.inbox.notifications.list(caio)).toEqual([]);
  });
});
