import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

const survey = buildFlow({
  variables: ['name', 'score'],
  groups: [
    {
      id: 'g1',
      blocks: [
        text('hello', 'Olá! Como você se chama?'),
        { id: 'ask', kind: 'input-text', options: { variableId: 'name' } },
        text('t2', 'Obrigado, {{name}}. Nota de 1 a 3?'),
        {
          id: 'rate',
          kind: 'input-buttons',
          options: { variableId: 'score', items: [{ id: 'r1', label: 'Ruim' }, { id: 'r2', label: 'Ok' }, { id: 'r3', label: 'Ótimo' }] },
        },
      ],
    },
    { id: 'bad', blocks: [text('b', 'Que pena!')] },
    { id: 'good', blocks: [text('w', 'Um instante…'), { id: 'wait', kind: 'wait', options: { seconds: 1 } }, text('g', 'Valeu, {{name}}!')] },
  ],
  edges: [
    { from: { blockId: 'rate', itemId: 'r1' }, to: { groupId: 'bad' } },
    { from: { blockId: 'rate', itemId: 'r2' }, to: { groupId: 'good' } },
    { from: { blockId: 'rate', itemId: 'r3' }, to: { groupId: 'good' } },
  ],
});

let h: Harness;
let ana: TestClient;

beforeAll(async () => {
  h = await startHarness();
  ana = h.client();
  await ana.login(ADMIN.email, ADMIN.password);
});
afterAll(() => h.close());

const texts = (msgs: { direction: string; message: { type: string; text?: string } }[]) =>
  msgs.filter((m) => m.direction === 'out').map((m) => (m.message.type === 'text' ? m.message.text : m.message.type));

describe('auth over HTTP', () => {
  it('refuses procedures without a session', async () => {
    const anon = h.client();
    expect(errorOf(await anon.trpc.flows.list.query().catch((e) => e))).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await anon.trpc.auth.me.query()).toBeNull();
  });

  it('sets an http-only SameSite session cookie on login', async () => {
    const res = await fetch(`${h.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^ozia_session=[\w-]{40,}; /);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect((await ana.trpc.auth.me.query())?.email).toBe(ADMIN.email);
  });

  it('rate-limits failed logins', async () => {
    const mallory = h.client();
    await h.app.auth.createUser({ email: 'bruno@ozia.test', name: 'Bruno', role: 'operator', password: 'bruno-password' });
    for (let i = 0; i < 5; i++) {
      expect(errorOf(await mallory.login('bruno@ozia.test', 'wrong').catch((e) => e)).code).toBe('UNAUTHORIZED');
    }
    const blocked = errorOf(await mallory.login('bruno@ozia.test', 'bruno-password').catch((e) => e));
    expect(blocked.code).toBe('TOO_MANY_REQUESTS');
  });

  it('keeps operators out of flow design', async () => {
    await h.app.auth.createUser({ email: 'carla@ozia.test', name: 'Carla', role: 'operator', password: 'carla-password' });
    const carla = h.client();
    await carla.login('carla@ozia.test', 'carla-password');
    expect(errorOf(await carla.trpc.flows.list.query().catch((e) => e)).code).toBe('FORBIDDEN');
    expect(errorOf(await carla.trpc.testChat.start.mutate({ flowId: 'x' }).catch((e) => e)).code).toBe('FORBIDDEN');
  });
});

describe('flows over HTTP', () => {
  it('starts a blank flow in the author’s language', async () => {
    const pt = await ana.trpc.flows.create.mutate({ name: 'Em branco' });
    expect([pt.draft.groups[0].title, pt.draft.settings.locale]).toEqual(['Início', 'pt-BR']);
    const en = await ana.trpc.flows.create.mutate({ name: 'Blank', locale: 'en' });
    expect([en.draft.groups[0].title, en.draft.settings.locale]).toEqual(['Start', 'en']);
  });

  it('refuses a stale draft save and keeps the first save', async () => {
    const f = await ana.trpc.flows.create.mutate({ name: 'Pesquisa' });
    const tabA = structuredClone(f.draft);
    tabA.groups[0].title = 'Aba A';
    const tabB = structuredClone(f.draft);
    tabB.groups[0].title = 'Aba B';
    const saved = await ana.trpc.flows.saveDraft.mutate({ id: f.id, document: tabA, baseRevision: f.draftRevision });
    const stale = errorOf(
      await ana.trpc.flows.saveDraft.mutate({ id: f.id, document: tabB, baseRevision: f.draftRevision }).catch((e) => e),
    );
    expect(stale.code).toBe('CONFLICT');
    expect(stale.message).toMatch(/changed since revision 1/);
    const now = await ana.trpc.flows.get.query({ id: f.id });
    expect(now.draftRevision).toBe(saved.revision);
    expect(now.draft.groups[0].title).toBe('Aba A');
  });

  it('saves a half-filled block as typed; publishing and the test chat refuse it, naming the block', async () => {
    const f = await ana.trpc.flows.create.mutate({ name: 'Pela metade' });
    const half = structuredClone(survey) as any;
    half.groups[0].blocks[1].options.variableId = ['nope'];
    half.groups[0].blocks[3].options.items[1].label = '';
    half.groups[2].blocks[1].options = { amount: '', unit: 'minutes' };
    const saved = await ana.trpc.flows.saveDraft.mutate({ id: f.id, document: half, baseRevision: f.draftRevision });
    expect(saved.revision).toBe(f.draftRevision + 1);

    const reloaded = await ana.trpc.flows.get.query({ id: f.id });
    const blocks = reloaded.draft.groups.flatMap((g) => g.blocks);
    expect(blocks.find((b) => b.id === 'ask')!.options.variableId).toEqual(['nope']);
    expect(blocks.find((b) => b.id === 'rate')!.options.items[1]).toEqual({ id: 'r2', label: '' });
    expect(blocks.find((b) => b.id === 'wait')!.options).toEqual({ amount: '', unit: 'minutes' });
    // Blocks that parse still get their defaults filled in.
    expect(blocks.find((b) => b.id === 'hello')!.options.text).toBe('Olá! Como você se chama?');
    expect(reloaded.draft.edges.find((e) => 'itemId' in e.from && e.from.itemId === 'r2')).toBeTruthy();
    expect((await ana.trpc.flows.export.query({ id: f.id })).document).toEqual(reloaded.draft);

    const publish = errorOf(await ana.trpc.flows.publish.mutate({ id: f.id }).catch((x) => x));
    expect(publish.code).toBe('BAD_REQUEST');
    expect(publish.message).toMatch(/^fix the problems before publishing:\n/);
    expect(publish.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['groups[0].blocks[1]', 'groups[0].blocks[3]', 'groups[2].blocks[1]']));
    expect(await ana.trpc.flows.versions.query({ id: f.id })).toEqual([]);

    const test = errorOf(await ana.trpc.testChat.start.mutate({ flowId: f.id }).catch((x) => x));
    expect(test.code).toBe('BAD_REQUEST');
    expect(test.message).toMatch(/^fill in these blocks before testing:\n/);
    expect(test.issues?.map((i) => i.path)).toContain('groups[2].blocks[1]');
  });

  it('refuses a document of broken structure naming the field path', async () => {
    const f = await ana.trpc.flows.create.mutate({ name: 'Inválido' });
    const bad = structuredClone(survey) as any;
    bad.groups[0].blocks[1].id = '';
    bad.edges.push({ id: 'e_x', from: { blockId: 'nowhere' }, to: { groupId: 'g1' } });
    const e = errorOf(await ana.trpc.flows.saveDraft.mutate({ id: f.id, document: bad, baseRevision: f.draftRevision }).catch((x) => x));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toContain('groups[0].blocks[1].id');
    expect(e.issues?.[0].path).toBe('groups[0].blocks[1].id');
    const dangling = structuredClone(survey) as any;
    dangling.edges.push({ id: 'e_x', from: { blockId: 'nowhere' }, to: { groupId: 'g1' } });
    const d = errorOf(await ana.trpc.flows.saveDraft.mutate({ id: f.id, document: dangling, baseRevision: f.draftRevision }).catch((x) => x));
    expect(d.issues?.map((i) => i.path)).toEqual([`edges[${dangling.edges.length - 1}].from.blockId`]);
    expect((await ana.trpc.flows.get.query({ id: f.id })).draftRevision).toBe(f.draftRevision);

    const imp = errorOf(await ana.trpc.flows.import.mutate({ json: '{"schemaVersion":2,"groups":[{"id":"g"}]}' }).catch((x) => x));
    expect(imp.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['groups[0].position', 'groups[0].blocks', 'edges']));
    const notJson = errorOf(await ana.trpc.flows.import.mutate({ json: '{oops' }).catch((x) => x));
    expect(notJson.message).toMatch(/^json: not valid JSON/);
    const badInput = errorOf(await ana.trpc.flows.create.mutate({ name: '   ' }).catch((x) => x));
    expect(badInput.message).toBe('name: give the flow a name');
  });

  it('publishes, lists versions, restores, exports and imports', async () => {
    const f = await ana.trpc.flows.import.mutate({ json: JSON.stringify({ name: 'Satisfação', document: survey }) });
    expect(f.name).toBe('Satisfação');
    const v1 = await ana.trpc.flows.publish.mutate({ id: f.id, note: 'primeira versão' });
    const changed = structuredClone(f.draft);
    changed.groups[1].title = 'Ruim';
    const s = await ana.trpc.flows.saveDraft.mutate({ id: f.id, document: changed, baseRevision: f.draftRevision });
    await ana.trpc.flows.publish.mutate({ id: f.id, note: 'segunda' });
    const versions = await ana.trpc.flows.versions.query({ id: f.id });
    expect(versions.map((v) => [v.number, v.note, v.createdByName])).toEqual([
      [2, 'segunda', 'Ana Supervisora'],
      [1, 'primeira versão', 'Ana Supervisora'],
    ]);
    const restored = await ana.trpc.flows.restoreVersion.mutate({ id: f.id, versionId: v1.id, baseRevision: s.revision });
    expect(restored.document.groups[1].title).toBe('bad');
    const exported = await ana.trpc.flows.export.query({ id: f.id });
    const copy = await ana.trpc.flows.import.mutate({ json: exported as unknown as Record<string, unknown>, name: 'Cópia' });
    expect((await ana.trpc.flows.get.query({ id: copy.id })).draft).toEqual(exported.document);
    const listed = await ana.trpc.flows.list.query({ search: 'satisf' });
    expect(listed.map((x) => x.name)).toEqual(['Satisfação']);
    await ana.trpc.flows.delete.mutate({ id: copy.id });
    expect(errorOf(await ana.trpc.flows.get.query({ id: copy.id }).catch((e) => e)).code).toBe('NOT_FOUND');
  });

  it('lists the template gallery and creates a flow from a template', async () => {
    const templates = await ana.trpc.templates.list.query();
    expect(templates.length).toBeGreaterThanOrEqual(10);
    const t = templates.find((x) => x.locale === 'pt-BR')!;
    const f = await ana.trpc.flows.create.mutate({ name: t.name, templateId: t.key });
    expect(f.draft.groups.length).toBe(t.groups);
  });
});

describe('test chat over HTTP', () => {
  it('runs the draft, takes text and button answers, and shows variables', async () => {
    const f = await ana.trpc.flows.create.mutate({ name: 'Chat' });
    await ana.trpc.flows.saveDraft.mutate({ id: f.id, document: survey, baseRevision: f.draftRevision });
    const s = await ana.trpc.testChat.start.mutate({ flowId: f.id });
    expect(texts(s.messages)).toEqual(['Olá! Como você se chama?']);
    expect(s.state.currentBlockId).toBe('ask');

    const r1 = await ana.trpc.testChat.send.mutate({ sessionId: s.sessionId, text: 'Ana' });
    expect(texts(r1.messages)).toEqual(['Obrigado, Ana. Nota de 1 a 3?', 'choice']);
    expect(r1.state.variables).toEqual([
      { id: 'name', name: 'name', value: 'Ana' },
      { id: 'score', name: 'score' },
    ]);
    const wrong = await ana.trpc.testChat.send.mutate({ sessionId: s.sessionId, text: 'talvez' });
    expect(texts(wrong.messages)).toHaveLength(1);
    const r2 = await ana.trpc.testChat.send.mutate({ sessionId: s.sessionId, text: 'Ruim', choiceIds: ['r1'] });
    expect(texts(r2.messages)).toEqual(['Que pena!']);
    expect(r2.state.status).toBe('ended');
    expect(r2.state.variables[1].value).toBe('Ruim');

    const again = await ana.trpc.testChat.restart.mutate({ sessionId: s.sessionId, groupId: 'bad' });
    expect(texts(again.messages)).toEqual(['Que pena!']);
    const badGroup = errorOf(await ana.trpc.testChat.start.mutate({ flowId: f.id, groupId: 'nowhere' }).catch((e) => e));
    expect(badGroup.message).toMatch(/groupId/);
  });

  it('streams bot messages over SSE, including the ones after a Wait', async () => {
    const f = await ana.trpc.flows.create.mutate({ name: 'Espera' });
    await ana.trpc.flows.saveDraft.mutate({ id: f.id, document: survey, baseRevision: f.draftRevision });
    const s = await ana.trpc.testChat.start.mutate({ flowId: f.id });
    const received: string[] = [];
    const turns: (string | null)[] = [];
    let resolveDone!: () => void;
    const done = new Promise<void>((r) => (resolveDone = r));
    const sub = ana.trpc.testChat.events.subscribe(
      { sessionId: s.sessionId },
      {
        onData(ev) {
          const e = ev as unknown as { data: { kind: string; message?: { type: string; text?: string }; currentBlockId?: string | null } };
          const data = 'data' in (ev as object) ? e.data : (ev as unknown as typeof e.data);
          if (data.kind === 'message') {
            received.push(data.message!.type === 'text' ? data.message!.text! : data.message!.type);
            if (data.message!.text?.startsWith('Valeu')) resolveDone();
          } else turns.push(data.currentBlockId ?? null);
        },
      },
    );
    await new Promise((r) => setTimeout(r, 300)); // let the stream connect
    await ana.trpc.testChat.send.mutate({ sessionId: s.sessionId, text: 'Bia' });
    await ana.trpc.testChat.send.mutate({ sessionId: s.sessionId, text: '3' });
    await Promise.race([done, new Promise((_, rej) => setTimeout(() => rej(new Error(`timed out; got ${received}`)), 8000))]);
    sub.unsubscribe();
    expect(received).toEqual(['Obrigado, Bia. Nota de 1 a 3?', 'choice', 'Um instante…', 'Valeu, Bia!']);
    expect(turns).toContain('rate');
  });
});

describe('the HTTP server', () => {
  it('answers the health check and serves a page for the editor', async () => {
    expect(await (await fetch(`${h.url}/api/health`)).json()).toEqual({ ok: true, db: 'sqlite' });
    const page = await fetch(`${h.url}/flows/123`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});
