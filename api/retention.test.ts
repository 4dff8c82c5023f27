// Retention end to end, on SQLite and PostgreSQL: Settings → Dados turned on deletes old messages
// of conversations nobody is in — their search rows, inbound copies, notifications, and the files
// only they used, bytes included — and keeps newer messages, live conversations, pending
// outgoing messages, files a flow still shows, and every conversation row. Off by default, it
// deletes nothing; a stopped run goes on where it stopped; turns are answered while it works.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RetentionJob } from '../runtime/retention/job.js';
import { Runtime } from '../runtime/runtime.js';
import { seedConversation, type SeedMessage } from '../runtime/retention/testing.js';
import { testDatabases } from '../runtime/testing/databases.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { ADMIN, startHarness, type Harness, type TestClient } from './testing/harness.js';

// Seeded rows sit on an account nothing delivers for, so a pending row stays pending.
const CHANNEL = 'retention-seed';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

describe.each(testDatabases)('retention (%s)', (dialect) => {
  const tdb = testDatabases.find(([d]) => d === dialect)![1]();
  let h: Harness;
  let admin: TestClient;

  const seed = (name: string, stage: 'closed' | 'bot' | 'waiting' | 'in_service', messages: SeedMessage[]) =>
    seedConversation(h.app.db, { name, stage, messages, channel: CHANNEL });
  const remaining = async (conversationId: string) =>
    (await h.app.db.kysely.selectFrom('messages').select(['id', 'body']).where('conversation_id', '=', conversationId).orderBy('id').execute()).map((m) => JSON.parse(m.body).text);
  const conversation = (id: string) => h.app.db.kysely.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const image = (fileId: string) => ({ type: 'image', fileId, url: `/api/files/${fileId}`, mime: 'image/png' });
  const countAll = async (table: 'conversations' | 'messages') => Number((await h.app.db.kysely.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const searchFinds = async (word: string) =>
    dialect === 'sqlite' ? (await sql<{ rowid: number }>`select rowid from messages_fts where messages_fts match ${word}`.execute(h.app.db.kysely)).rows.length : null;

  beforeAll(async () => {
    // The app's own job never runs by itself here; the tests run it.
    h = await startHarness({ db: tdb, services: { retention: { firstAfterMs: 3_600_000, batchSize: 4 } } });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('is off by default and then deletes nothing', async () => {
    const c = await seed('Desligada', 'closed', [{ daysAgo: 400, text: 'muito antigo' }]);
    expect((await admin.trpc.retention.get.query()).settings).toEqual({ enabled: false, days: 365 });
    await expect(admin.trpc.retention.runNow.mutate()).rejects.toThrow(/enabled: retention is off/);
    expect(await h.app.retention.runNow()).toBeNull();
    expect(await remaining(c.conversationId)).toEqual(['muito antigo']);
    expect((await admin.trpc.retention.get.query()).lastRun).toBeNull();
  });

  it('refuses a bad period naming the field and keeps the saved one', async () => {
    await admin.trpc.retention.set.mutate({ enabled: false, days: 90 });
    await expect(admin.trpc.retention.set.mutate({ enabled: true, days: 0 })).rejects.toThrow(/days: at least 1 day/);
    await expect(admin.trpc.retention.set.mutate({ enabled: true, days: 1.5 })).rejects.toThrow(/days: use a whole number/);
    await expect(admin.trpc.retention.preview.query({ days: -3 })).rejects.toThrow(/days/);
    expect((await admin.trpc.retention.get.query()).settings).toEqual({ enabled: false, days: 90 });
  });

  it('deletes old messages of closed and silent bot conversations with their search rows, inbound copies, notifications and files', async () => {
    const k = h.app.db.kysely;
    const lone = await h.app.files.save({ name: 'foto.png', mime: 'image/png', data: PNG });
    const ofFlow = await h.app.files.save({ name: 'catalogo.png', mime: 'image/png', data: PNG });
    const kept = await h.app.files.save({ name: 'recente.png', mime: 'image/png', data: PNG });
    const shared = await h.app.files.save({ name: 'reenviada.png', mime: 'image/png', data: PNG });
    const flow = await h.app.flows.create({ name: 'Catálogo', document: buildFlow({ groups: [{ id: 'g', blocks: [text('t', 'Oi')] }] }) });
    await h.app.files.link(ofFlow.id, 'flow', flow.id);

    const closed = await seed('Cliente Antigo', 'closed', [
      { daysAgo: 40, text: 'abacaxi maduro', externalId: 'wa-old-1' },
      { daysAgo: 40, body: image(lone.id), externalId: 'wa-old-2' },
      { daysAgo: 39, body: image(ofFlow.id), direction: 'out' },
      { daysAgo: 39, text: 'nota antiga', direction: 'note' },
      { daysAgo: 38, text: 'resposta pendente', direction: 'out', status: 'pending' },
    ]);
    await h.app.files.link(lone.id, 'conversation', closed.conversationId);
    const spans = await seed('Conversa Longa', 'closed', [
      { daysAgo: 35, text: 'começo antigo' },
      { daysAgo: 35, body: image(shared.id) },
      { daysAgo: 10, text: 'fim recente' },
      { daysAgo: 10, body: image(kept.id) },
      // The same file again, after the cutoff: it stays for this message.
      { daysAgo: 9, body: image(shared.id) },
    ]);
    const silentBot = await seed('Robô Parado', 'bot', [{ daysAgo: 60, text: 'oi robô' }]);
    const liveBot = await seed('Robô Ativo', 'bot', [
      { daysAgo: 45, text: 'robô começo' },
      { daysAgo: 1, text: 'robô ontem' },
    ]);
    const served = await seed('Em Atendimento', 'in_service', [{ daysAgo: 50, text: 'atendente lendo' }]);
    const waiting = await seed('Na Fila', 'waiting', [{ daysAgo: 50, text: 'esperando na fila' }]);
    const recent = await seed('Cliente Novo', 'closed', [{ daysAgo: 5, text: 'abacaxi verde' }]);

    for (const [externalId, contactId] of [['wa-old-1', closed.contactId], ['wa-old-2', closed.contactId]]) {
      await k.insertInto('inbound').values({ channel: CHANNEL, external_id: externalId, contact_id: contactId, payload: '{"text":"abacaxi maduro"}', status: 'done', received_at: new Date().toISOString(), processed_at: null }).execute();
    }
    const admins = await k.selectFrom('users').select('id').limit(1).execute();
    await k.insertInto('notifications').values({ user_id: admins[0].id, kind: 'mention', conversation_id: closed.conversationId, message_id: closed.messageIds[3], by_user_id: null, created_at: new Date().toISOString(), read_at: null }).execute();
    await h.app.inbox.search.catchUp();
    if (dialect === 'sqlite') expect(await searchFinds('abacaxi')).toBe(2);
    const conversationsBefore = await countAll('conversations');

    await admin.trpc.retention.set.mutate({ enabled: true, days: 30 });
    // Counted before: 4 of the closed one (the pending row stays), 2 of the long one, the silent
    // bot's 1, and the first test's 400-day-old one.
    expect(await admin.trpc.retention.preview.query({ days: 30 })).toMatchObject({ messages: 8, files: 1 });
    const run = await admin.trpc.retention.runNow.mutate();
    expect(run).toMatchObject({ days: 30, messages: 8, files: 1, conversations: 4, complete: true });

    expect(await remaining(closed.conversationId)).toEqual(['resposta pendente']);
    expect(await remaining(spans.conversationId)).toEqual(['fim recente', undefined, undefined]);
    expect(await remaining(silentBot.conversationId)).toEqual([]);
    expect(await remaining(liveBot.conversationId)).toEqual(['robô começo', 'robô ontem']);
    expect(await remaining(served.conversationId)).toEqual(['atendente lendo']);
    expect(await remaining(waiting.conversationId)).toEqual(['esperando na fila']);
    expect(await remaining(recent.conversationId)).toEqual(['abacaxi verde']);

    // The file only the old messages used is gone, row, link and bytes; the flow's and the recent one stay.
    expect(await h.app.files.info(lone.id)).toBeNull();
    expect(h.app.files.hasBytes(lone.id)).toBe(false);
    expect(await k.selectFrom('file_links').select('file_id').where('file_id', '=', lone.id).execute()).toEqual([]);
    expect(await h.app.files.info(ofFlow.id)).not.toBeNull();
    expect(h.app.files.hasBytes(ofFlow.id)).toBe(true);
    expect(h.app.files.hasBytes(kept.id)).toBe(true);
    expect(h.app.files.hasBytes(shared.id)).toBe(true);
    expect(await h.app.files.info(shared.id)).not.toBeNull();
    expect(await k.selectFrom('inbound').select('id').where('channel', '=', CHANNEL).execute()).toEqual([]);
    expect(await k.selectFrom('notifications').select('id').where('conversation_id', '=', closed.conversationId).execute()).toEqual([]);
    if (dialect === 'sqlite') expect(await searchFinds('abacaxi')).toBe(1);

    // Conversation rows all stay (reports count them); a transcript wholly gone loses its preview.
    expect(await countAll('conversations')).toBe(conversationsBefore);
    const bot = await conversation(silentBot.conversationId);
    expect(bot.last_preview).toBeNull();
    expect(bot.purged_before).toBe(run!.cutoff);
    expect((await conversation(spans.conversationId)).purged_before).toBe(run!.cutoff);
    expect((await conversation(recent.conversationId)).purged_before).toBeNull();
    expect((await conversation(served.conversationId)).purged_before).toBeNull();

    // What it removed is kept for Settings → Dados; a second run finds nothing more.
    expect((await admin.trpc.retention.get.query()).lastRun).toEqual(run);
    expect(await admin.trpc.retention.runNow.mutate()).toMatchObject({ messages: 0, files: 0 });
    expect(await admin.trpc.retention.preview.query({ days: 30 })).toMatchObject({ messages: 0, files: 0 });
    await admin.trpc.retention.set.mutate({ enabled: false, days: 30 });
  });

  it("deletes the channels' old inbound copies too, answered ones only, whatever the conversation", async () => {
    const k = h.app.db.kysely;
    // A served conversation keeps its transcript, yet its contact's copies as delivered age out.
    const served = await seed('Copias Antigas', 'in_service', [{ daysAgo: 40, text: 'copia no atendimento' }]);
    const at = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
    const rows: [string, 'done' | 'pending', number][] = [
      ['copy-old', 'done', 40],
      ['copy-old-pending', 'pending', 40],
      ['copy-old-2', 'done', 35],
      ['copy-new', 'done', 10],
    ];
    for (const [externalId, status, days] of rows) {
      await k.insertInto('inbound').values({ channel: 'test', external_id: externalId, contact_id: served.contactId, payload: JSON.stringify({ text: `${externalId} texto` }), status, received_at: at(days), processed_at: null }).execute();
    }
    await admin.trpc.retention.set.mutate({ enabled: true, days: 30 });
    await admin.trpc.retention.runNow.mutate();
    const left = await k.selectFrom('inbound').select('external_id').where('contact_id', '=', served.contactId).orderBy('id').execute();
    expect(left.map((r) => r.external_id)).toEqual(['copy-old-pending', 'copy-new']);
    expect(await remaining(served.conversationId)).toEqual(['copia no atendimento']);
    await admin.trpc.retention.set.mutate({ enabled: false, days: 30 });
  });

  it('finishes work larger than a batch, also when the server stops in the middle', async () => {
    const many = await seed('Muitas Mensagens', 'closed', Array.from({ length: 23 }, (_, i) => ({ daysAgo: 100, text: `antiga ${i}` })));
    const other = await seed('Outra', 'closed', [{ daysAgo: 100, text: 'outra antiga' }, { daysAgo: 1, text: 'outra nova' }]);
    await h.app.retention.settings.set({ enabled: true, days: 30 });
    const lines: string[] = [];
    const interrupted: RetentionJob = new RetentionJob({
      runtime: h.app.runtime,
      files: h.app.files,
      batchSize: 5,
      log: (l) => lines.push(l),
      // Not awaited: a stop waits for the run, which waits for this.
      onBatch: () => void interrupted.stop(),
    });
    const partial = await interrupted.runNow();
    expect(partial).toMatchObject({ complete: false, messages: 5 });
    expect((await remaining(many.conversationId)).length).toBe(18);
    // A new process (a restart) takes it from there, five at a time.
    const next = new RetentionJob({ runtime: h.app.runtime, files: h.app.files, batchSize: 5, log: (l) => lines.push(l) });
    expect(await next.runNow()).toMatchObject({ complete: true, messages: 19 });
    expect(await remaining(many.conversationId)).toEqual([]);
    expect(await remaining(other.conversationId)).toEqual(['outra nova']);
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ job: 'retention', messages: 5, complete: false }),
      expect.objectContaining({ job: 'retention', messages: 19, complete: true, batches: expect.any(Number) }),
    ]);
    await h.app.retention.settings.set({ enabled: false, days: 30 });
  });

  // Several processes share one PostgreSQL: each skips the conversations the other holds, and
  // together they delete each message once.
  it.runIf(dialect === 'postgres')('runs in two processes at once without deleting twice or failing', async () => {
    const seeded = await Promise.all(Array.from({ length: 12 }, (_, i) => seed(`Processos ${i}`, 'closed', Array.from({ length: 7 }, (_, j) => ({ daysAgo: 90, text: `p${i}-${j}` })))));
    await h.app.retention.settings.set({ enabled: true, days: 30 });
    const otherDb = await tdb.open();
    try {
      const other = new Runtime({ db: otherDb });
      const jobs = [
        new RetentionJob({ runtime: h.app.runtime, files: h.app.files, batchSize: 3, log: () => {} }),
        new RetentionJob({ runtime: other, files: h.app.files, batchSize: 3, log: () => {} }),
      ];
      const runs = await Promise.all(jobs.map((j) => j.runNow()));
      expect(runs.reduce((n, r) => n + r!.messages, 0)).toBe(84);
      for (const c of seeded) expect(await remaining(c.conversationId)).toEqual([]);
    } finally {
      await otherDb.close();
      await h.app.retention.settings.set({ enabled: false, days: 30 });
    }
  });

  it('answers a turn sent while 20,000 old messages are being deleted', async () => {
    const old = await seed('Arquivo Enorme', 'closed', Array.from({ length: 20_000 }, (_, i) => ({ daysAgo: 200, text: `mensagem ${i}` })));
    const flowId = (await h.app.flows.create({ name: 'Eco', document: buildFlow({ groups: [{ id: 'g', blocks: [text('hi', 'Olá!'), { id: 'ask', kind: 'input-text', options: { variableId: 'x' } }, text('bye', 'Recebido')] }], variables: ['x'] }) })).id;
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId });
    await h.app.retention.settings.set({ enabled: true, days: 30 });
    const events: string[] = [];
    let answered: Promise<void> | null = null;
    const job = new RetentionJob({
      runtime: h.app.runtime,
      files: h.app.files,
      batchSize: 500,
      log: () => {},
      onBatch: (deleted) => {
        if (deleted) events.push('batch');
        // Mid-purge, the contact writes; the answer is recorded whenever it comes.
        answered ??= admin.trpc.testChat.send.mutate({ sessionId, text: 'oi' }).then((a) => {
          events.push(`answer:${a.messages.filter((m) => m.direction === 'out').map((m) => (m.message as { text?: string }).text).join('|')}`);
        });
      },
    });
    const run = await job.runNow();
    await answered;
    expect(run).toMatchObject({ messages: 20_000, complete: true });
    expect(await remaining(old.conversationId)).toEqual([]);
    // The answer came while batches were still to run: the turn did not wait for the purge.
    const at = events.findIndex((e) => e.startsWith('answer:'));
    expect(events[at]).toBe('answer:Recebido');
    expect(events.slice(at + 1).filter((e) => e === 'batch').length).toBeGreaterThan(0);
    expect(events.filter((e) => e === 'batch').length).toBe(40);
    await h.app.retention.settings.set({ enabled: false, days: 30 });
  }, 120_000);
});
