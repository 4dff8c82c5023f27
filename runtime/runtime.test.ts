import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../blocks/contract.js';
import type { Db } from './db/connect.js';
import { FlowStore } from './flows.js';
import { Runtime } from './runtime.js';
import { RecordingChannel } from './testing/recording-channel.js';
import { buildFlow, text } from './testing/flow-builder.js';
import { echoFlow } from './testing/flows.js';
import { testDatabases, type TestDatabase } from './testing/databases.js';


const textOf = (m: OutgoingMessage) => (m.type === 'text' ? m.text : m.type);

describe.each(testDatabases)('runtime on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;
  let runtime: Runtime;
  let channel: RecordingChannel;
  let versionId: string;
  let flows: FlowStore;

  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
    flows = new FlowStore(db);
    const flow = await flows.create({ name: 'Echo', document: echoFlow });
    versionId = (await flows.publish({ id: flow.id })).id;
    channel = new RecordingChannel();
    runtime = new Runtime({ db, flows, flowForChannel: async () => versionId, pollIntervalMs: 20 });
    runtime.registerChannel(channel);
    await runtime.start();
  });

  afterEach(async () => {
    await runtime.stop();
    await db.close();
    await tdb.cleanup();
  });

  async function transcript(contactId: string) {
    const rows = await db.kysely
      .selectFrom('messages')
      .select(['direction', 'body'])
      .where('contact_id', '=', contactId)
      .orderBy('id')
      .execute();
    return rows.map((r) => `${r.direction === 'in' ? '>' : '<'} ${textOf(JSON.parse(r.body))}`);
  }

  const send = (id: string, from: string, text: string) =>
    runtime.receive({ channel: 'wa', externalId: id, from: { externalId: from, phone: from }, reply: { text } });

  it('answers the same inbound id once, however often it arrives', async () => {
    const first = await send('m1', '5511900000001', 'oi');
    await first.done;
    const again = await send('m1', '5511900000001', 'oi');
    await again.done;
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    await runtime.idle();
    expect(await transcript(first.contactId)).toEqual(['> oi', '< Oi! Diga algo.']);
    expect(channel.delivered.map((d) => textOf(d.message))).toEqual(['Oi! Diga algo.']);
  });

  it('answers 50 concurrent messages from one contact in order', async () => {
    await (await send('start', '5511900000002', 'oi')).done;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => send(`m${i}`, '5511900000002', `msg ${i}`)));
    await Promise.all(results.map((r) => r.done));
    await runtime.idle();
    const t = await transcript(results[0].contactId);
    const expected = ['> oi', '< Oi! Diga algo.'];
    for (let i = 0; i < 50; i++) expected.push(`> msg ${i}`, `< eco: msg ${i}`);
    expect(t).toEqual(expected);
    expect(channel.delivered.map((d) => textOf(d.message))).toEqual(expected.filter((x) => x.startsWith('<')).map((x) => x.slice(2)));
  });

  it('serves different contacts independently', async () => {
    const rs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => send(`c${i}`, `55119000001${String(i).padStart(2, '0')}`, `oi ${i}`)),
    );
    await Promise.all(rs.map((r) => r.done));
    expect(new Set(rs.map((r) => r.contactId)).size).toBe(20);
    for (const r of rs.slice(0, 3)) expect(await transcript(r.contactId)).toHaveLength(2);
    const conversations = await db.kysely.selectFrom('conversations').select('id').execute();
    expect(conversations).toHaveLength(20);
  });

  it('retries a failed delivery and keeps the contact’s later messages behind it', async () => {
    channel.failNext = 1;
    const r = await send('f1', '5511900000003', 'oi');
    await r.done;
    await (await send('f2', '5511900000003', 'segunda')).done;
    const deadline = Date.now() + 5000;
    while (channel.delivered.length < 2 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(channel.delivered.map((d) => textOf(d.message))).toEqual(['Oi! Diga algo.', 'eco: segunda']);
    await runtime.idle(); // "sent" marks commit with the next write, or on their own shortly after
    const failed = await db.kysely.selectFrom('messages').select(['attempts', 'error']).where('status', '=', 'sent').orderBy('id').execute();
    expect(failed[0]).toMatchObject({ attempts: 2, error: 'socket closed' });
  });

  it('tells the channel a row is on its first try only when no send of it can have begun', async () => {
    const tries: { text: string; firstTry: boolean }[] = [];
    channel.failNext = 1;
    const deliver = channel.deliver.bind(channel);
    channel.deliver = (item) => (tries.push({ text: textOf(item.message), firstTry: item.firstTry }), deliver(item));
    await (await send('t1', '5511900000004', 'oi')).done;
    await expect.poll(() => channel.delivered.length, { timeout: 5000 }).toBe(1);
    // SQLite hands a row over from the commit that wrote it; PostgreSQL always claims it from the table, and cannot tell.
    const fresh = db.dialect === 'sqlite';
    expect(tries).toEqual([
      { text: 'Oi! Diga algo.', firstTry: fresh },
      { text: 'Oi! Diga algo.', firstTry: false },
    ]);

    // A row left pending when the process stopped is read back from the table by the next one: a part may be out.
    await runtime.idle();
    await runtime.stop();
    channel.setReady(false);
    runtime = new Runtime({ db, flows, flowForChannel: async () => versionId, pollIntervalMs: 20 });
    runtime.registerChannel(channel);
    await runtime.start();
    await (await send('t2', '5511900000004', 'depois')).done;
    await runtime.stop();
    expect(tries).toHaveLength(2);
    channel.setReady(true);
    runtime = new Runtime({ db, flows, flowForChannel: async () => versionId, pollIntervalMs: 20 });
    runtime.registerChannel(channel);
    await runtime.start();
    await expect.poll(() => channel.delivered.length, { timeout: 5000 }).toBe(2);
    expect(tries[2]).toEqual({ text: 'eco: depois', firstTry: false });
  });

  it('tells the bus when messages went out, and gives up on one after ten failed tries', async () => {
    await runtime.stop();
    // Each failed try waits out a backoff of up to a minute: every look at this clock skips one.
    let skew = 0;
    runtime = new Runtime({ db, flows, flowForChannel: async () => versionId, pollIntervalMs: 20, clock: () => new Date(Date.now() + (skew += 61_000)) });
    const dead = new RecordingChannel();
    dead.deliver = async () => {
      throw new Error('number not on WhatsApp');
    };
    runtime.registerChannel(dead);
    await runtime.start();
    const heard: string[] = [];
    runtime.bus.on('status', (s) => s.messages.forEach((m) => heard.push(`${m.id}:${s.status}`)));
    const r = await send('x1', '5511900000099', 'oi');
    await r.done;
    await expect.poll(() => heard, { timeout: 10_000, interval: 50 }).toHaveLength(1);
    const row = await db.kysely.selectFrom('messages').select(['id', 'status', 'attempts', 'error']).where('direction', '=', 'out').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'failed', attempts: 10, error: 'number not on WhatsApp' });
    expect(heard).toEqual([`${row.id}:failed`]);

    dead.deliver = async () => undefined;
    await (await send('x2', '5511900000098', 'oi')).done;
    // Heard once the "sent" mark has committed, not before.
    await expect.poll(() => heard.length, { timeout: 5000 }).toBe(2);
    const sent = await db.kysely.selectFrom('messages').select('id').where('status', '=', 'sent').execute();
    expect(heard[1]).toBe(`${sent[0]?.id}:sent`);
  });

  it('keeps each contact in order when one contact’s delivery fails, without holding up the others', async () => {
    const aId = await runtime.ensureContact('wa', { externalId: '5511900000010' });
    let failuresLeft = 1;
    const original = channel.deliver.bind(channel);
    channel.deliver = async (item) => {
      if (item.contactId === aId && failuresLeft-- > 0) throw new Error('rate limited');
      return original(item);
    };
    const a = await send('a0', '5511900000010', 'oi');
    const b = await send('b0', '5511900000011', 'oi');
    await Promise.all([a.done, b.done]);
    for (let i = 1; i <= 5; i++) {
      await Promise.all([(await send(`a${i}`, '5511900000010', `a${i}`)).done, (await send(`b${i}`, '5511900000011', `b${i}`)).done]);
    }
    const deadline = Date.now() + 8000;
    while (channel.delivered.length < 12 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const of = (id: string) => channel.delivered.filter((d) => d.contactId === id).map((d) => textOf(d.message));
    const expected = (p: string) => ['Oi! Diga algo.', ...[1, 2, 3, 4, 5].map((i) => `eco: ${p}${i}`)];
    expect(of(a.contactId)).toEqual(expected('a'));
    expect(of(b.contactId)).toEqual(expected('b'));
    // B was not held back behind A's failed first message.
    const firstA = channel.delivered.findIndex((d) => d.contactId === a.contactId);
    expect(channel.delivered.slice(0, firstA).filter((d) => d.contactId === b.contactId).length).toBeGreaterThan(0);
  });

  it('keeps a session on the version it started with after a new publish', async () => {
    const r = await send('v1', '5511900000004', 'oi');
    await r.done;
    const changed = structuredClone(echoFlow);
    (changed.groups[1].blocks[1].options as { text: string }).text = 'NOVO: {{said}}';
    const detail = await flows.get((await flows.list())[0].id);
    await flows.saveDraft({ id: detail.id, document: changed, baseRevision: detail.draftRevision });
    versionId = (await flows.publish({ id: detail.id, note: 'v2' })).id;
    await (await send('v2', '5511900000004', 'antigo')).done;
    expect((await transcript(r.contactId)).at(-1)).toBe('< eco: antigo');
    // A new contact starts on the newest version.
    const other = await send('v3', '5511900000005', 'oi');
    await other.done;
    await (await send('v4', '5511900000005', 'novo')).done;
    expect((await transcript(other.contactId)).at(-1)).toBe('< NOVO: novo');
  });

  it('fires a Wait timer on the server, also after a restart', async () => {
    const waitFlow = buildFlow({
      groups: [{ id: 'g', blocks: [text('a', 'Aguarde…'), { id: 'w', kind: 'wait', options: { seconds: 1 } }, text('b', 'Voltei!')] }],
    });
    const f = await flows.create({ name: 'Wait', document: waitFlow });
    versionId = (await flows.publish({ id: f.id })).id;
    const r = await send('w1', '5511900000006', 'oi');
    await r.done;
    expect(await transcript(r.contactId)).toEqual(['> oi', '< Aguarde…']);
    // Restart: a new runtime on the same database picks the timer up.
    await runtime.stop();
    runtime = new Runtime({ db, flows: new FlowStore(db), flowForChannel: async () => versionId, pollIntervalMs: 20 });
    runtime.registerChannel(channel);
    await runtime.start();
    const deadline = Date.now() + 5000;
    while ((await transcript(r.contactId)).length < 3 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(await transcript(r.contactId)).toEqual(['> oi', '< Aguarde…', '< Voltei!']);
    const timers = await db.kysely.selectFrom('timers').select('status').execute();
    expect(timers.map((t) => t.status)).toEqual(['fired']);
  });

  it('closes the conversation when the flow ends and opens a new one on the next message', async () => {
    const short = buildFlow({ groups: [{ id: 'g', blocks: [text('a', 'Tchau!')] }] });
    const f = await flows.create({ name: 'Short', document: short });
    versionId = (await flows.publish({ id: f.id })).id;
    const r = await send('s1', '5511900000007', 'oi');
    await r.done;
    await (await send('s2', '5511900000007', 'oi de novo')).done;
    const convs = await db.kysely.selectFrom('conversations').select(['stage', 'closed_at']).where('contact_id', '=', r.contactId).execute();
    expect(convs.map((c) => c.stage)).toEqual(['closed', 'closed']);
    expect(await transcript(r.contactId)).toEqual(['> oi', '< Tchau!', '> oi de novo', '< Tchau!']);
  });

  it('keeps asking when an input runs out of tries with no fallback path, and takes the later valid answer', async () => {
    const doc = buildFlow({
      variables: ['email'],
      settings: { maxRetries: 2 },
      groups: [{ id: 'g', blocks: [text('q', 'Seu e-mail?'), { id: 'e', kind: 'input-email', options: { variableId: 'email' } }, text('ok', 'Anotado: {{email}}')] }],
    });
    const f = await flows.create({ name: 'E-mail', document: doc });
    versionId = (await flows.publish({ id: f.id })).id;
    const from = '5511900000008';
    const r = await send('q1', from, 'oi');
    await r.done;
    for (const [i, wrong] of ['não sei', 'depois', 'nenhum'].entries()) await (await send(`q${i + 2}`, from, wrong)).done;
    await (await send('q5', from, 'ana@exemplo.com')).done;
    const retry = 'A resposta não é um endereço de e-mail. Pode tentar de novo?';
    expect(await transcript(r.contactId)).toEqual(['> oi', '< Seu e-mail?', '> não sei', `< ${retry}`, '> depois', `< ${retry}`, '> nenhum', `< ${retry}`, '> ana@exemplo.com', '< Anotado: ana@exemplo.com']);
    // One conversation throughout: the contact was never dropped.
    const convs = await db.kysely.selectFrom('conversations').select('stage').where('contact_id', '=', r.contactId).execute();
    expect(convs.map((c) => c.stage)).toEqual(['closed']);
  });
});

describe.each(testDatabases)('flow store on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;
  let flows: FlowStore;
  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
    flows = new FlowStore(db);
  });
  afterEach(async () => {
    await db.close();
    await tdb.cleanup();
  });

  it('refuses a stale draft save and keeps what was stored', async () => {
    const f = await flows.create({ name: 'Atendimento', document: echoFlow });
    const tabA = structuredClone(f.draft);
    tabA.groups[0].title = 'Tab A';
    const tabB = structuredClone(f.draft);
    tabB.groups[0].title = 'Tab B';
    const saved = await flows.saveDraft({ id: f.id, document: tabA, baseRevision: f.draftRevision });
    expect(saved.revision).toBe(f.draftRevision + 1);
    await expect(flows.saveDraft({ id: f.id, document: tabB, baseRevision: f.draftRevision })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await flows.get(f.id)).draft.groups[0].title).toBe('Tab A');
    await flows.saveDraft({ id: f.id, document: tabB, baseRevision: f.draftRevision, force: true });
    expect((await flows.get(f.id)).draft.groups[0].title).toBe('Tab B');
  });

  it('refuses a draft of broken structure whole, naming the field, and keeps the stored one', async () => {
    const f = await flows.create({ name: 'X', document: echoFlow });
    const bad = structuredClone(f.draft) as any;
    bad.groups[1].blocks[0].options.variableId = 7; // kept as typed: the linter reports it
    bad.groups[1].blocks.push({ id: bad.groups[1].blocks[0].id, kind: 'end', options: {} });
    await expect(flows.saveDraft({ id: f.id, document: bad, baseRevision: f.draftRevision })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      issues: [{ path: `groups[1].blocks[${bad.groups[1].blocks.length - 1}].id`, message: expect.stringContaining('duplicate block id') }],
    });
    const after = await flows.get(f.id);
    expect(after.draftRevision).toBe(f.draftRevision);
    expect(after.draft).toEqual(f.draft);
  });

  it('numbers published versions, lists them newest first and restores one as the draft', async () => {
    const f = await flows.create({ name: 'Versões', document: echoFlow });
    const v1 = await flows.publish({ id: f.id, note: 'primeira' });
    const changed = structuredClone(f.draft);
    changed.groups[0].title = 'Mudado';
    const s = await flows.saveDraft({ id: f.id, document: changed, baseRevision: f.draftRevision });
    expect((await flows.get(f.id)).hasUnpublishedChanges).toBe(true);
    const v2 = await flows.publish({ id: f.id, note: 'segunda' });
    expect([v1.number, v2.number]).toEqual([1, 2]);
    const list = await flows.versions(f.id);
    expect(list.map((v) => [v.number, v.note, v.isPublished])).toEqual([
      [2, 'segunda', true],
      [1, 'primeira', false],
    ]);
    await flows.restoreVersion({ flowId: f.id, versionId: v1.id, baseRevision: s.revision });
    expect((await flows.get(f.id)).draft.groups[0].title).toBe('hello');
    const summaries = await flows.list('vers');
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({ publishedNumber: 2, hasUnpublishedChanges: true });
  });

  it('deletes a flow with its versions and sessions', async () => {
    const f = await flows.create({ name: 'Apagar', document: echoFlow });
    await flows.publish({ id: f.id });
    await flows.remove(f.id);
    await expect(flows.get(f.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await db.kysely.selectFrom('flow_versions').selectAll().execute()).toEqual([]);
  });
});
