// The test chat as testers and agents meet it over HTTP: every run is a numbered contact of its
// own, the name the bot collects becomes the contact's name in the Inbox, and message limits are
// counted in the characters a person sees, the same way the composers count them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { testDatabases } from '../runtime/testing/databases.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

/** Asks the name into `nome`, then hands over to the department. */
function askNameThenHandoff(departmentId: string, locale: 'pt-BR' | 'en') {
  const doc = buildFlow({
    variables: ['nome', 'empresa'],
    groups: [
      {
        id: 'g1',
        blocks: [
          { id: 'co', kind: 'set-variable', options: { variableId: 'empresa', operation: { kind: 'template', value: 'Ozia' } } },
          text('hi', 'Como você se chama?'),
          { id: 'ask', kind: 'input-text', options: { variableId: 'nome' } },
          text('ok', 'Prazer, {{nome}}!'),
          { id: 'agent', kind: 'agent', options: { departmentId, assign: { mode: 'queue' } } },
        ],
      },
    ],
  });
  doc.settings.locale = locale;
  return doc;
}

describe.each(testDatabases)('test chat over HTTP on %s', (_, makeDb) => {
  let h: Harness;
  let admin: TestClient;
  let departmentId: string;
  const flows: Record<'pt-BR' | 'en', string> = { 'pt-BR': '', en: '' };

  beforeAll(async () => {
    const db = makeDb();
    await (await db.open()).close(); // creates the PostgreSQL schema the server then migrates
    h = await startHarness({ db });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    departmentId = (await admin.trpc.departments.create.mutate({ name: 'Suporte' })).id;
    for (const locale of ['pt-BR', 'en'] as const) {
      const f = await admin.trpc.flows.create.mutate({ name: `Nome ${locale}` });
      await admin.trpc.flows.saveDraft.mutate({ id: f.id, document: askNameThenHandoff(departmentId, locale), baseRevision: f.draftRevision ?? 0, force: true });
      flows[locale] = f.id;
    }
  });
  afterAll(() => h?.close());

  it('numbers every run as a contact of its own, in the flow’s language', async () => {
    const a = await admin.trpc.testChat.start.mutate({ flowId: flows['pt-BR'] });
    const b = await admin.trpc.testChat.start.mutate({ flowId: flows['pt-BR'] });
    const c = await admin.trpc.testChat.start.mutate({ flowId: flows.en });
    expect(new Set([a.sessionId, b.sessionId, c.sessionId]).size).toBe(3);
    const n = Number(/^Teste (\d+)$/.exec(a.state.contact.name ?? '')?.[1]);
    expect(n).toBeGreaterThan(0);
    expect(a.state.contact).toEqual({ name: `Teste ${n}`, phone: `+55119${String(n).padStart(8, '0')}` });
    expect(b.state.contact).toEqual({ name: `Teste ${n + 1}`, phone: `+55119${String(n + 1).padStart(8, '0')}` });
    expect(c.state.contact.name).toBe(`Test ${n + 2}`);
    // Restarting a run keeps its contact; the state read later tells the same contact.
    await admin.trpc.testChat.restart.mutate({ sessionId: a.sessionId });
    expect((await admin.trpc.testChat.state.query({ sessionId: a.sessionId })).contact.name).toBe(`Teste ${n}`);
  });

  it('numbers runs started at once without giving two the same number', async () => {
    const runs = await Promise.all(Array.from({ length: 8 }, () => admin.trpc.testChat.start.mutate({ flowId: flows['pt-BR'] })));
    const names = runs.map((r) => r.state.contact.name);
    expect(new Set(names).size).toBe(8);
  });

  it('takes the name the bot collected as the contact’s name, and the Inbox lists it', async () => {
    const run = await admin.trpc.testChat.start.mutate({ flowId: flows['pt-BR'] });
    const sent = await admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, text: '  Maria   Souza ' });
    expect(sent.state.contact.name).toBe('Maria Souza');
    await h.app.runtime.idle();
    await h.app.inbox.assigner.idle();
    const waiting = await admin.trpc.inbox.list.query({ view: 'waiting' });
    const mine = waiting.items.find((i) => i.contact.id === run.sessionId);
    expect(mine?.contact.name).toBe('Maria Souza');
    const conv = await admin.trpc.inbox.get.query({ id: mine!.id });
    expect(conv.contact.name).toBe('Maria Souza');
    // Rejoining the run tells the same: the state carries the collected name.
    expect((await admin.trpc.testChat.state.query({ sessionId: run.sessionId })).contact.name).toBe('Maria Souza');
  });

  it('counts the message limit in characters a person sees: 4,096 emoji pass, one more is refused, a 100 KB paste is refused whole', async () => {
    const run = await admin.trpc.testChat.start.mutate({ flowId: flows['pt-BR'] });
    const thumbs = '👍🏽'.repeat(4096); // 16,384 UTF-16 units
    const ok = await admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, text: thumbs });
    const stored = ok.messages.find((m) => m.direction === 'in');
    expect(stored && 'text' in stored.message ? stored.message.text : null).toBe(thumbs); // nothing cut

    const over = errorOf(await admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, text: thumbs + 'a' }).catch((e) => e));
    expect(over.code).toBe('BAD_REQUEST');
    expect(over.message).toContain('at most 4096 characters');
    const paste = errorOf(await admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, text: 'a'.repeat(100_000) }).catch((e) => e));
    expect(paste.code).toBe('BAD_REQUEST');

    // The agent's side counts the same way.
    await h.app.runtime.idle();
    await h.app.inbox.assigner.idle();
    const conv = (await admin.trpc.inbox.list.query({ view: 'waiting' })).items.find((i) => i.contact.id === run.sessionId)!;
    await admin.trpc.inbox.pickUp.mutate({ id: conv.id });
    const reply = await admin.trpc.inbox.reply.mutate({ id: conv.id, text: '🇧🇷'.repeat(4000) });
    expect(reply.id).toBeTruthy();
    expect(errorOf(await admin.trpc.inbox.reply.mutate({ id: conv.id, text: 'x'.repeat(4097) }).catch((e) => e)).code).toBe('BAD_REQUEST');
    expect(errorOf(await admin.trpc.inbox.whisper.mutate({ id: conv.id, text: 'é'.repeat(4097) }).catch((e) => e)).code).toBe('BAD_REQUEST');
    const note = await admin.trpc.inbox.whisper.mutate({ id: conv.id, text: 'e\u0301'.repeat(4096) }); // 8,192 units, 4,096 characters
    expect(note.message.id).toBeTruthy();
  });
});
