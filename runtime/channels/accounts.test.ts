import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Db } from '../db/connect.js';
import { OziaError } from '../errors.js';
import { FlowStore } from '../flows.js';
import { Departments } from '../inbox/departments.js';
import { testDatabases, type TestDatabase } from '../testing/databases.js';
import { buildFlow, text } from '../testing/flow-builder.js';
import { ChannelAccounts, type AccountInput } from './accounts.js';

/** Which fields a failed call names, however it failed (schema or store check). */
async function fieldsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ZodError) return e.issues.map((i) => i.path.join('.'));
    if (e instanceof OziaError) return [e.message.split(':')[0]];
    throw e;
  }
  throw new Error('expected the call to fail');
}

describe.each(testDatabases)('channel accounts on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;
  let now: Date;
  let accounts: ChannelAccounts;
  let flows: FlowStore;
  let departments: Departments;

  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
    now = new Date('2026-03-10T15:00:00.000Z'); // a Tuesday, 12:00 in São Paulo
    const clock = () => now;
    accounts = new ChannelAccounts(db, clock);
    flows = new FlowStore(db, clock);
    departments = new Departments(db, clock);
    await departments.refresh();
  });

  afterEach(async () => {
    await db.close();
    await tdb.cleanup();
  });

  const whatsapp = (over: Partial<AccountInput> = {}): AccountInput => ({ kind: 'whatsapp', name: 'Vendas', flowId: null, botOffDepartmentId: null, ...over });

  async function publishedFlow(name = 'Atendimento') {
    const f = await flows.create({ name, document: buildFlow({ groups: [{ id: 'g', blocks: [text('t', 'Olá')] }] }) });
    await flows.publish({ id: f.id });
    return f.id;
  }

  async function message(channel: string, direction: 'in' | 'out', at: string, extra: { status?: 'received' | 'pending' | 'sent'; sentAt?: string | null } = {}) {
    const k = db.kysely;
    const contactId = `c-${channel}`;
    const conversationId = `v-${channel}`;
    if (!(await k.selectFrom('contacts').select('id').where('id', '=', contactId).executeTakeFirst())) {
      await k.insertInto('contacts').values({ id: contactId, channel, external_id: '5511999990000', name: 'Ana', phone: '5511999990000', created_at: at }).execute();
      await k
        .insertInto('conversations')
        .values({ id: conversationId, contact_id: contactId, channel, stage: 'bot', opened_at: at, closed_at: null, last_message_at: at, department_id: null, agent_id: null, preferred_agent_id: null, handoff_mode: null, waiting_since: null, assigned_at: null, first_reply_at: null, finished_at: null, closed_by: null, close_reason: null, csat_state: null, csat_score: null, csat_comment: null, last_preview: null })
        .execute();
    }
    await k
      .insertInto('messages')
      .values({
        conversation_id: conversationId,
        contact_id: contactId,
        channel,
        direction,
        author: direction === 'in' ? 'contact' : 'bot',
        kind: 'text',
        body: JSON.stringify({ text: 'oi' }),
        block_id: null,
        created_at: at,
        status: extra.status ?? (direction === 'in' ? 'received' : 'sent'),
        attempts: 0,
        available_at: null,
        sent_at: extra.sentAt === undefined ? (direction === 'out' ? at : null) : extra.sentAt,
      })
      .execute();
  }

  it('creates a WhatsApp account with the pacing defaults, lists it without the test chat, and reads it back', async () => {
    const flowId = await publishedFlow();
    const a = await accounts.create(whatsapp({ flowId }));
    expect(a).toMatchObject({
      kind: 'whatsapp',
      name: 'Vendas',
      flowId,
      botOffDepartmentId: null,
      delivery: { typingMsPerChar: 40, typingMaxMs: 3000, splitLong: true, perMinute: 30, pauseAfterPhoneMinutes: 30, botOffDepartmentId: null },
      settings: { ignoreGroups: true, polls: false, mediaMaxMb: 16 },
      status: { state: 'stopped' },
      deletedAt: null,
    });
    expect((await accounts.list()).map((x) => x.id)).toEqual([a.id]);
    expect((await accounts.list({ includeTestChat: true })).map((x) => x.id).sort()).toEqual([a.id, 'test'].sort());
    expect(await accounts.get(a.id)).toEqual(a);
  });

  it('refuses bad input naming the field: empty name, unknown kind, settings out of range, missing flow or department, a taken name', async () => {
    expect(await fieldsOf(accounts.create(whatsapp({ name: '  ' })))).toEqual(['name']);
    expect(await fieldsOf(accounts.create({ ...whatsapp(), kind: 'telegram' as never }))).toEqual(['kind']);
    expect(await fieldsOf(accounts.create(whatsapp({ settings: { mediaMaxMb: 65 } })))).toEqual(['settings.mediaMaxMb']);
    expect(await fieldsOf(accounts.create(whatsapp({ delivery: { perMinute: -1 } })))).toEqual(['delivery.perMinute']);
    expect(await fieldsOf(accounts.create(whatsapp({ flowId: 'nope' })))).toEqual(['flowId']);
    expect(await fieldsOf(accounts.create(whatsapp({ botOffDepartmentId: 'nope' })))).toEqual(['botOffDepartmentId']);
    await accounts.create(whatsapp());
    expect(await fieldsOf(accounts.create(whatsapp({ name: 'VENDAS' })))).toEqual(['name']);
    // None of the refused ones was stored.
    expect(await accounts.list()).toHaveLength(1);
  });

  it('update changes only what it is given, and a bad field leaves the whole account as it was', async () => {
    const a = await accounts.create(whatsapp());
    const sales = await departments.create({ name: 'Suporte' });
    now = new Date(now.getTime() + 60_000);
    const b = await accounts.update(a.id, { name: 'Vendas SP', botOffDepartmentId: sales.id, delivery: { perMinute: 10 }, settings: { polls: true } });
    expect(b).toMatchObject({ name: 'Vendas SP', botOffDepartmentId: sales.id, delivery: { perMinute: 10, typingMsPerChar: 40, botOffDepartmentId: sales.id }, settings: { polls: true, ignoreGroups: true } });
    expect(b.updatedAt).not.toBe(a.updatedAt);
    // What a patch leaves out keeps its value (not the default).
    const c = await accounts.update(a.id, { delivery: { typingMsPerChar: 0 }, settings: { mediaMaxMb: 32 } });
    expect(c.delivery).toMatchObject({ typingMsPerChar: 0, perMinute: 10 });
    expect(c.settings).toMatchObject({ mediaMaxMb: 32, polls: true });
    // A valid name with an invalid setting: nothing changes.
    expect(await fieldsOf(accounts.update(a.id, { name: 'Outro nome', settings: { mediaMaxMb: 0 } }))).toEqual(['settings.mediaMaxMb']);
    expect(await fieldsOf(accounts.update(a.id, { name: 'Outro nome', flowId: 'nope' }))).toEqual(['flowId']);
    expect(await accounts.get(a.id)).toEqual(c);
    // The test chat is not edited here.
    await expect(accounts.update('test', { name: 'x' })).rejects.toThrow(/test chat/);
  });

  it('soft delete hides the account but its conversations stay and still name it', async () => {
    const a = await accounts.create(whatsapp({ name: 'Loja Centro' }));
    await message(a.id, 'in', now.toISOString());
    await accounts.softDelete(a.id);
    expect(await accounts.list()).toEqual([]);
    await expect(accounts.get(a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const conversations = await db.kysely.selectFrom('conversations').selectAll().where('channel', '=', a.id).execute();
    expect(conversations).toHaveLength(1);
    expect(await db.kysely.selectFrom('messages').select('id').where('channel', '=', a.id).execute()).toHaveLength(1);
    expect((await accounts.find(a.id))?.name).toBe('Loja Centro');
    // The name is free again for a new number.
    await expect(accounts.create(whatsapp({ name: 'Loja Centro' }))).resolves.toMatchObject({ name: 'Loja Centro' });
    await expect(accounts.softDelete(a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('recordStatus keeps the last status but never the QR or pairing code', async () => {
    const a = await accounts.create(whatsapp());
    await accounts.recordStatus(a.id, { state: 'qr', since: now.toISOString(), qr: '2@secret,abc', qrAttempt: 2, qrLimit: 5 });
    expect((await accounts.get(a.id)).status).toEqual({ state: 'qr', since: now.toISOString(), qrAttempt: 2, qrLimit: 5 });
    await accounts.recordStatus(a.id, { state: 'pairing_code', since: now.toISOString(), pairingCode: 'ABCD1234' });
    expect(JSON.stringify(await db.kysely.selectFrom('channels').select('status').where('id', '=', a.id).executeTakeFirstOrThrow())).not.toContain('ABCD1234');
    await accounts.recordStatus(a.id, { state: 'open', since: now.toISOString(), me: { phone: '5511988887777', name: 'Loja' } });
    expect((await accounts.get(a.id)).status).toEqual({ state: 'open', since: now.toISOString(), me: { phone: '5511988887777', name: 'Loja' } });
  });

  it('health counts today’s messages in and out (UTC day), the last of each, the queue and the live figures', async () => {
    const a = await accounts.create(whatsapp());
    const other = await accounts.create(whatsapp({ name: 'Outro' }));
    await message(a.id, 'in', '2026-03-09T23:59:00.000Z'); // yesterday
    await message(a.id, 'in', '2026-03-10T08:00:00.000Z');
    await message(a.id, 'in', '2026-03-10T14:00:00.000Z');
    await message(a.id, 'out', '2026-03-09T23:00:00.000Z');
    await message(a.id, 'out', '2026-03-10T14:01:00.000Z');
    await message(a.id, 'out', '2026-03-10T14:02:00.000Z', { status: 'pending', sentAt: null });
    await message(a.id, 'out', '2026-03-10T14:03:00.000Z', { status: 'pending', sentAt: null });
    await message(other.id, 'in', '2026-03-10T14:30:00.000Z');
    const h = await accounts.health(a.id, { reconnectsToday: 3 });
    expect(h).toEqual({
      status: { state: 'stopped', since: a.createdAt },
      lastInboundAt: '2026-03-10T14:00:00.000Z',
      lastOutboundAt: '2026-03-10T14:01:00.000Z',
      inToday: 2,
      outToday: 1,
      queueLength: 2,
      reconnectsToday: 3,
    });
    const live = { state: 'open' as const, since: now.toISOString() };
    expect((await accounts.health(a.id, { status: live })).status).toEqual(live);
    const empty = await accounts.create(whatsapp({ name: 'Novo' }));
    expect(await accounts.health(empty.id)).toMatchObject({ lastInboundAt: null, lastOutboundAt: null, inToday: 0, outToday: 0, queueLength: 0, reconnectsToday: 0 });
  });

  it('diagnose names each reason the bot does not answer, and nothing once all is well', async () => {
    const open = { status: { state: 'open' as const, since: now.toISOString() } };
    const a = await accounts.create(whatsapp());
    expect(await accounts.diagnose(a.id, open)).toEqual([{ code: 'no_flow' }]);

    const draftOnly = await flows.create({ name: 'Rascunho' });
    await accounts.update(a.id, { flowId: draftOnly.id });
    expect(await accounts.diagnose(a.id, open)).toEqual([{ code: 'not_published', flowId: draftOnly.id, flowName: 'Rascunho' }]);

    await flows.remove(draftOnly.id);
    expect(await accounts.diagnose(a.id, open)).toEqual([{ code: 'flow_missing', flowId: draftOnly.id }]);

    const flowId = await publishedFlow();
    await accounts.update(a.id, { flowId });
    expect(await accounts.diagnose(a.id, open)).toEqual([]);

    // Disconnected: the stored status when the manager gives none, the live one otherwise.
    await accounts.recordStatus(a.id, { state: 'logged_out', since: '2026-03-10T10:00:00.000Z', code: 401 });
    expect(await accounts.diagnose(a.id)).toEqual([{ code: 'disconnected', state: 'logged_out', since: '2026-03-10T10:00:00.000Z' }]);
    expect(await accounts.diagnose(a.id, open)).toEqual([]);

    // Bot off to a department that is open now, then to one closed now (Tuesday 12:00 São Paulo).
    const openDept = await departments.create({ name: 'Comercial', hours: { enabled: true, timeZone: 'America/Sao_Paulo', weekly: [{ day: 2, from: '08:00', to: '18:00' }], holidays: [] } });
    await accounts.update(a.id, { botOffDepartmentId: openDept.id });
    expect(await accounts.diagnose(a.id, open)).toEqual([{ code: 'bot_off', departmentId: openDept.id, departmentName: 'Comercial' }]);
    const closedDept = await departments.create({ name: 'Noturno', hours: { enabled: true, timeZone: 'America/Sao_Paulo', weekly: [{ day: 2, from: '20:00', to: '23:00' }], holidays: [] } });
    await accounts.update(a.id, { botOffDepartmentId: closedDept.id });
    expect(await accounts.diagnose(a.id, open)).toEqual([
      { code: 'bot_off', departmentId: closedDept.id, departmentName: 'Noturno' },
      { code: 'outside_hours', departmentId: closedDept.id, departmentName: 'Noturno', nextOpening: '2026-03-10T23:00:00.000Z' },
    ]);
  });
});
