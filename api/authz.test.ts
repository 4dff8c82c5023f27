// Authorization, generated from the router: every procedure of `appRouter` is called over HTTP on
// the real server as nobody, as an operator of another department, as an operator of the
// department and as a supervisor, and the outcome must be the one its rule in
// `testing/authz-policy.ts` implies (401, 403, "not found", an answer without the department's
// data, or success). A procedure without a rule fails here, so a new one cannot ship unchecked.
// Live streams (SSE subscriptions) included. Then the outbound cases: starting a conversation
// never takes over, or shows, what belongs to another department.
import { TRPCClientError } from '@trpc/client';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../runtime/testing/databases.js';
import type { Viewer } from '../runtime/inbox/access.js';
import { appRouter } from './router.js';
import { testChatCapabilities } from '../runtime/channels/test-chat.js';
import { ScriptedControl } from './testing/scripted-control.js';
import { ADMIN, startHarness, type Harness, type TestClient } from './testing/harness.js';
import { authzGraph, httpPolicy, policy, type CallerName, type Fixture, type Me, type Rule } from './testing/authz-policy.js';
import { contactCsvRoutes } from './http/contacts-csv.js';

const CALLERS: CallerName[] = ['anonymous', 'outsider', 'member', 'supervisor'];
const HTTP: Record<string, number> = { UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404 };
const PASSWORD = 'Ozia-authz-7f3k-2026';

type ProcedureType = 'query' | 'mutation' | 'subscription';
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: ProcedureType } }>).map(([path, p]) => ({
  path,
  type: p._def.type,
}));

const withoutRule = (paths: string[]) => paths.filter((p) => !policy[p]);

/** What a caller must get under a rule. HIDDEN: an answer, without department A's data. */
function expectedOutcome(rule: Rule, caller: CallerName): string {
  if (rule.access === 'public') return 'OK';
  if (caller === 'anonymous') return 'UNAUTHORIZED';
  if (rule.access === 'signed-in') return 'OK';
  if (rule.access === 'supervisor') return caller === 'supervisor' ? 'OK' : 'FORBIDDEN';
  if (caller !== 'outsider') return 'OK';
  return rule.outsider ?? (rule.shows || rule.stream ? 'HIDDEN' : 'NOT_FOUND');
}

/** A refusal as `CODE` (its HTTP status checked too); anything else unexpected with its message. */
function outcomeOfError(e: unknown): string {
  if (!(e instanceof TRPCClientError)) throw e;
  const data = e.data as { code?: string; httpStatus?: number } | undefined;
  const code = data?.code ?? 'UNKNOWN';
  if (HTTP[code]) return data?.httpStatus === undefined || data.httpStatus === HTTP[code] ? code : `${code} (HTTP ${data.httpStatus})`;
  return `${code}: ${e.message}`;
}

interface Callable {
  query(input: unknown): Promise<unknown>;
  mutate(input: unknown): Promise<unknown>;
  subscribe(input: unknown, opts: { onStarted?(): void; onData?(d: unknown): void; onError?(e: unknown): void }): { unsubscribe(): void };
}
const procedureOf = (c: TestClient, path: string) => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], c.trpc) as Callable;

/** What a refused call must leave as it was (columns that only background work, like delivery, changes are left out). */
const KEPT: [table: string, columns: string][] = [
  ['conversations', 'id, stage, department_id, agent_id, unread, csat_state, closed_at'],
  ['messages', 'id, conversation_id, direction, body'],
  ['conversation_tags', 'conversation_id, tag_id'],
  ['notifications', 'id, read_at'],
  ['sessions', 'contact_id, version'],
  ['flows', 'id, name, draft_revision, published_version_id'],
  ['flow_versions', 'id, flow_id'],
  ['users', 'id, name, email, role, active, password_hash, capacity, signature'],
  ['departments', 'id, name, code'],
  ['department_members', 'department_id, user_id'],
  ['tags', 'id, name, color'],
  ['quick_replies', 'id, shortcut, title, body, department_id'],
  ['app_settings', 'key, value'],
  ['channels', 'id, name, flow_id, delivery, settings, deleted_at'],
  // What people edit on contacts (not last_contact_at: a sweep behind the turns keeps it).
  ['contacts', 'id, name, phone, email, notes, fields'],
  ['contact_tags', 'contact_id, tag_id'],
  ['contact_fields', 'id, key, label, options, position'],
  ['contact_filters', 'id, name, query'],
];
async function snapshot(app: Harness['app']): Promise<string> {
  const parts = await Promise.all(KEPT.map(([t, cols]) => sql.raw(`select ${cols} from ${t} order by 1, 2`).execute(app.db.kysely)));
  return JSON.stringify(parts.map((p) => p.rows));
}

async function until(done: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (!done() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return done();
}

const databases: [string, () => TestDatabase][] = [
  ['SQLite', sqliteDatabase],
  ['PostgreSQL', postgresDatabase],
];

describe.each(databases)('authorization on %s', (_name, database) => {
  let h: Harness;
  let fx: Fixture;
  const clients = {} as Record<CallerName, TestClient>;
  const users = {} as Record<Exclude<CallerName, 'anonymous'>, Viewer & { email: string }>;
  let routingVersion: string;
  let count = 0;
  const unique = (prefix: string) => `${prefix}-${++count}`;

  /** A new user with the caller's role and departments, signed in on a client of its own. */
  async function sessionLike(caller: CallerName): Promise<{ client: TestClient; me: Me }> {
    const client = h.client();
    if (caller === 'anonymous') return { client, me: { name: caller } };
    const like = users[caller];
    const email = `${unique(caller)}@ozia.test`;
    await h.app.users.create({ name: `${like.name} (2)`, email, role: like.role, password: PASSWORD, departmentIds: like.departmentIds });
    await client.login(email, PASSWORD);
    return { client, me: { name: caller, email, password: PASSWORD } };
  }

  async function idle() {
    for (let i = 0; i < 2; i++) {
      await h.app.runtime.idle();
      await h.app.inbox.assigner.idle();
    }
  }

  /** A test-chat contact who answers the routing question with the department's code. */
  async function handedOver(code: 'vendas' | 'financeiro'): Promise<{ conversationId: string; contactId: string }> {
    const { sessionId } = await h.app.testChat.start({ flowId: fx.flowId, version: routingVersion });
    await h.app.testChat.send({ sessionId, text: code });
    await idle();
    const c = await h.app.db.kysely.selectFrom('conversations').select('id').where('contact_id', '=', sessionId).where('stage', '=', 'waiting').executeTakeFirstOrThrow();
    return { conversationId: c.id, contactId: sessionId };
  }

  beforeAll(async () => {
    const tdb = database();
    // Creates the PostgreSQL schema (the server then opens its own connection).
    if (tdb.url) await (await tdb.open()).close();
    // The test chat as a channel that can delete for everyone, so `inbox.revoke` can succeed for those allowed.
    await authzGraph.start();
    h = await startHarness({
      db: tdb,
      services: { channelKinds: { cloudApi: { graphBaseUrl: authzGraph.baseUrl } }, channelControl: (d) => new ScriptedControl(undefined, { test: { ...testChatCapabilities, revoke: true } }).attach(d.bus) },
    });
    const app = h.app;
    const deptA = (await app.inbox.departments.create({ name: 'Vendas', code: 'vendas' })).id;
    const deptB = (await app.inbox.departments.create({ name: 'Financeiro', code: 'financeiro' })).id;
    const admin = (await app.db.kysely.selectFrom('users').select(['id', 'name']).where('email', '=', ADMIN.email).executeTakeFirstOrThrow());
    users.supervisor = { ...admin, role: 'supervisor', departmentIds: [], email: ADMIN.email };
    for (const [caller, name, dept] of [['member', 'Sofia Vendas', deptA], ['outsider', 'Fábio Financeiro', deptB]] as const) {
      const email = `${caller}@ozia.test`;
      const u = await app.users.create({ name, email, role: 'operator', password: PASSWORD, departmentIds: [dept] });
      users[caller] = { id: u.id, name, role: 'operator', departmentIds: [dept], email };
    }
    clients.anonymous = h.client();
    for (const caller of ['outsider', 'member', 'supervisor'] as const) {
      clients[caller] = h.client();
      await clients[caller].login(users[caller].email, caller === 'supervisor' ? ADMIN.password : PASSWORD);
    }
    // The routing flow asks for the department's code and hands over to it; a conversation
    // handed back to it stays with the bot (it asks again).
    const routing = buildFlow({
      variables: ['dep'],
      groups: [
        {
          id: 'ask',
          blocks: [text('q', 'Com qual setor quer falar?'), { id: 'answer', kind: 'input-text', options: { variableId: 'dep' } }, { id: 'agent', kind: 'agent', options: { departmentId: '{{dep}}', assign: { mode: 'queue' } } }],
        },
      ],
    });
    const flow = await app.flows.create({ name: 'Roteador', document: routing, userId: admin.id });
    routingVersion = (await app.flows.publish({ id: flow.id, userId: admin.id })).id;
    const probe = { email: 'probe@ozia.test', password: PASSWORD };
    await app.users.create({ name: 'Sonda', email: probe.email, role: 'operator', password: probe.password });

    const memberViewer: Viewer = users.member;
    fx = {
      app,
      deptA,
      deptB,
      flowId: flow.id,
      versionId: routingVersion,
      chatSession: (await app.testChat.start({ flowId: flow.id, version: routingVersion })).sessionId,
      stable: { conversationId: '', contactId: '', contactName: 'Cliente Estável de Vendas', quickReplyId: '', tagId: '' },
      password: PASSWORD,
      probe,
      unique,
      waiting: async (dept = 'A') => (await handedOver(dept === 'A' ? 'vendas' : 'financeiro')).conversationId,
      served: async () => {
        const id = await fx.waiting();
        await app.inbox.desk.pickUp(memberViewer, id);
        return id;
      },
      contact: async () => {
        const id = await fx.served();
        const conv = await app.inbox.desk.finish(memberViewer, id, { survey: false });
        return conv.contact_id;
      },
      testSession: async () => (await app.testChat.start({ flowId: flow.id, version: routingVersion })).sessionId,
      flow: async (published) => {
        const f = await app.flows.create({ name: unique('Fluxo'), document: routing, userId: admin.id });
        const versionId = published ? (await app.flows.publish({ id: f.id, userId: admin.id })).id : null;
        const now = await app.flows.get(f.id);
        return { id: f.id, draftRevision: now.draftRevision, versionId, document: now.draft };
      },
      department: async () => (await app.inbox.departments.create({ name: unique('Setor') })).id,
      user: async () => (await app.users.create({ name: 'Alvo', email: `${unique('alvo')}@ozia.test`, role: 'operator', password: PASSWORD })).id,
      tag: async () => (await app.inbox.tags.create({ name: unique('tag') })).id,
      quickReply: async () => (await app.inbox.quickReplies.create({ shortcut: unique('qr'), title: 'Oi', body: 'Olá' }, admin.id)).id,
    };
    const stable = await handedOver('vendas');
    await app.db.kysely.updateTable('contacts').set({ name: fx.stable.contactName }).where('id', '=', stable.contactId).execute();
    fx.stable = {
      ...fx.stable,
      ...stable,
      quickReplyId: (await app.inbox.quickReplies.create({ shortcut: 'vendas', title: 'Vendas', body: 'Oi {{contact.name}}', departmentId: deptA }, admin.id)).id,
      tagId: (await app.inbox.tags.create({ name: 'vip' })).id,
    };
  });

  afterAll(async () => {
    await authzGraph.stop();
    await h?.close();
  });

  it('every procedure of the router has a rule, and every rule a procedure', () => {
    expect(procedures.length).toBeGreaterThan(50);
    expect(withoutRule(procedures.map((p) => p.path))).toEqual([]);
    // The check is able to fail: a procedure added without a rule is named.
    expect(withoutRule([...procedures.map((p) => p.path), 'inbox.somethingNew'])).toEqual(['inbox.somethingNew']);
    expect(Object.keys(policy).filter((k) => !procedures.some((p) => p.path === k))).toEqual([]);
    expect(procedures.filter((p) => p.type === 'subscription' && !policy[p.path]?.stream).map((p) => p.path)).toEqual([]);
  });

  async function callOnce(rule: Rule, path: string, type: 'query' | 'mutation', caller: CallerName): Promise<string> {
    const { client, me } = rule.ownSession ? await sessionLike(caller) : { client: clients[caller], me: { name: caller } };
    const input = await rule.input?.(fx, me);
    const before = type === 'mutation' ? await snapshot(h.app) : null;
    try {
      const p = procedureOf(client, path);
      const out = type === 'query' ? await p.query(input) : await p.mutate(input);
      if (rule.shows) return rule.shows(out, fx) ? 'OK' : 'HIDDEN';
      return 'OK';
    } catch (e) {
      const outcome = outcomeOfError(e);
      // Nothing may change behind a refusal.
      if (before && HTTP[outcome] && (await snapshot(h.app)) !== before) return `${outcome}, but data changed`;
      return outcome;
    }
  }

  async function streamOnce(rule: Rule, path: string): Promise<Record<CallerName, string>> {
    const stream = rule.stream!;
    const subs = await Promise.all(
      CALLERS.map(async (caller) => {
        const s = { caller, started: false, error: null as string | null, items: [] as unknown[], unsubscribe: () => {} };
        const input = await rule.input?.(fx, { name: caller });
        s.unsubscribe = procedureOf(clients[caller], path).subscribe(input, {
          onStarted: () => (s.started = true),
          onData: (d) => s.items.push(d),
          onError: (e) => (s.error = outcomeOfError(e)),
        }).unsubscribe;
        return s;
      }),
    );
    try {
      await until(() => subs.every((s) => s.started || s.error));
      const marker = await stream.trigger(fx);
      const heard = (s: (typeof subs)[number], m: string) => s.items.some((i) => stream.isAbout(i, m));
      // Those who may hear it hear it first; then B's sentinel: a stream leaking A would have carried A's event before it.
      await until(() => subs.filter((s) => s.caller === 'member' || s.caller === 'supervisor').every((s) => s.error || heard(s, marker)));
      const sentinel = stream.sentinel ? await stream.sentinel(fx) : null;
      await until(() => subs.every((s) => s.error || heard(s, marker) || (sentinel && heard(s, sentinel))));
      return Object.fromEntries(
        subs.map((s) => [s.caller, s.error ?? (heard(s, marker) ? 'OK' : sentinel && heard(s, sentinel) ? 'HIDDEN' : s.started ? 'SILENT' : 'NEVER STARTED')]),
      ) as Record<CallerName, string>;
    } finally {
      subs.forEach((s) => s.unsubscribe());
    }
  }

  describe('writing first (inbox.start) and a contact\'s history', () => {
    const transcriptOf = async (caller: CallerName, id: string) => JSON.stringify((await clients[caller].trpc.inbox.messages.query({ id })).messages.map((m) => m.body));
    const conversation = (id: string) => h.app.db.kysely.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const codeOf = (p: Promise<unknown>) => p.then(() => 'OK', outcomeOfError);

    /** A conversation of department A, served by A's operator with an internal note, handed back to the bot. */
    async function handedBackByA(note: string): Promise<{ contactId: string; conversationId: string }> {
      const { conversationId, contactId } = await handedOver('vendas');
      const a = clients.member.trpc.inbox;
      await a.pickUp.mutate({ id: conversationId });
      await a.whisper.mutate({ id: conversationId, text: note });
      await a.handBack.mutate({ id: conversationId, flowId: fx.flowId });
      await idle();
      expect(await conversation(conversationId)).toMatchObject({ stage: 'bot', department_id: fx.deptA, agent_id: null });
      return { contactId, conversationId };
    }

    it("B's operator cannot take over A's conversation handed back to the bot, nor read it", async () => {
      // The contact talked to Financeiro (B) once, then to Vendas (A), who handed it back to the bot.
      const earlier = await handedOver('financeiro');
      await clients.outsider.trpc.inbox.pickUp.mutate({ id: earlier.conversationId });
      await clients.outsider.trpc.inbox.finish.mutate({ id: earlier.conversationId, survey: false });
      await h.app.runtime.startSession({ contactId: earlier.contactId, versionId: routingVersion });
      await h.app.testChat.send({ sessionId: earlier.contactId, text: 'vendas' });
      await idle();
      const a = await h.app.db.kysely.selectFrom('conversations').select('id').where('contact_id', '=', earlier.contactId).where('stage', '=', 'waiting').executeTakeFirstOrThrow();
      await clients.member.trpc.inbox.pickUp.mutate({ id: a.id });
      await clients.member.trpc.inbox.whisper.mutate({ id: a.id, text: 'nota interna de Vendas' });
      await clients.member.trpc.inbox.handBack.mutate({ id: a.id, flowId: fx.flowId });
      await idle();

      const b = clients.outsider.trpc.inbox;
      // B may write to the contact (it had a B conversation), but not by taking A's over.
      expect((await b.contacts.query({ search: '' })).map((c) => c.id)).toContain(earlier.contactId);
      const refused = await b.start.mutate({ contactId: earlier.contactId, departmentId: fx.deptB, text: 'Oi do Financeiro' }).catch((e: unknown) => e);
      expect(outcomeOfError(refused)).toBe('CONFLICT: this contact is in a conversation of another department');
      expect(await conversation(a.id)).toMatchObject({ stage: 'bot', department_id: fx.deptA, agent_id: null });
      expect(await codeOf(b.messages.query({ id: a.id }))).toBe('NOT_FOUND');
      expect((await b.contactPanel.query({ id: earlier.conversationId })).previous.map((p) => p.id)).toEqual([]);

      // A's operator may: a new conversation, and the one with the bot stays in A's history.
      const started = await clients.member.trpc.inbox.start.mutate({ contactId: earlier.contactId, departmentId: fx.deptA, text: 'Oi de novo, aqui é a Sofia' });
      expect(started.id).not.toBe(a.id);
      expect(await conversation(a.id)).toMatchObject({ stage: 'closed', close_reason: 'outbound started', department_id: fx.deptA });
      expect(await conversation(started.id)).toMatchObject({ stage: 'in_service', department_id: fx.deptA, agent_id: users.member.id });
      expect(await transcriptOf('member', started.id)).not.toContain('nota interna');
      expect((await clients.member.trpc.inbox.contactPanel.query({ id: started.id })).previous.map((p) => p.id)).toEqual([a.id]);
      // The contact's answer reaches Sofia in the new conversation, not the bot.
      await h.app.testChat.send({ sessionId: earlier.contactId, text: 'oi Sofia, pode falar' });
      await idle();
      expect(await transcriptOf('member', started.id)).toContain('oi Sofia, pode falar');
      expect(await conversation(started.id)).toMatchObject({ stage: 'in_service' });
    });

    it("a supervisor writing first for B opens a new conversation: B reads none of A's transcript or notes", async () => {
      const a = await handedBackByA('segredo de Vendas');
      const started = await clients.supervisor.trpc.inbox.start.mutate({ contactId: a.contactId, departmentId: fx.deptB, text: 'Oi, aqui é o Financeiro' });
      expect(started.id).not.toBe(a.conversationId);
      expect(await conversation(a.conversationId)).toMatchObject({ stage: 'closed', department_id: fx.deptA });
      const seenByB = await transcriptOf('outsider', started.id);
      expect(seenByB).toContain('aqui é o Financeiro');
      expect(seenByB).not.toContain('segredo');
      expect(seenByB).not.toContain('Com qual setor');
      expect(await codeOf(clients.outsider.trpc.inbox.messages.query({ id: a.conversationId }))).toBe('NOT_FOUND');
      expect((await clients.outsider.trpc.inbox.contactPanel.query({ id: started.id })).previous).toEqual([]);
      // A still sees its own conversation in the contact's history.
      const panel = await clients.supervisor.trpc.inbox.contactPanel.query({ id: started.id });
      expect(panel.previous.map((p) => p.id)).toContain(a.conversationId);
    });

    it('a contact who only talked to the bot is listed to supervisors only; writing first ends that bot conversation', async () => {
      const { sessionId: contactId } = await h.app.testChat.start({ flowId: fx.flowId, version: routingVersion });
      await h.app.db.kysely.updateTable('contacts').set({ name: 'Só Falou Com o Robô' }).where('id', '=', contactId).execute();
      const bot = await h.app.db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', contactId).executeTakeFirstOrThrow();
      expect(bot).toMatchObject({ stage: 'bot', department_id: null });
      const search = { search: 'Só Falou' };
      expect(await clients.member.trpc.inbox.contacts.query(search)).toEqual([]);
      expect(await clients.outsider.trpc.inbox.contacts.query(search)).toEqual([]);
      expect((await clients.supervisor.trpc.inbox.contacts.query(search)).map((c) => c.id)).toEqual([contactId]);
      const refused = await clients.member.trpc.inbox.start.mutate({ contactId, departmentId: fx.deptA, text: 'Oi' }).catch((e: unknown) => e);
      expect(outcomeOfError(refused)).toBe(`BAD_REQUEST: contactId: no contact "${contactId}"`);

      const started = await clients.supervisor.trpc.inbox.start.mutate({ contactId, departmentId: fx.deptA, text: 'Oi! Vi que você falou com o robô' });
      expect(await conversation(bot.id)).toMatchObject({ stage: 'closed', close_reason: 'outbound started' });
      expect((await h.app.testChat.state(contactId)).status).not.toBe('active');
      // Now it is a contact of A: A's operator finds it and reads the new conversation, not the bot's.
      expect((await clients.member.trpc.inbox.contacts.query(search)).map((c) => c.id)).toEqual([contactId]);
      const seen = await transcriptOf('member', started.id);
      expect(seen).toContain('falou com o robô');
      expect(seen).not.toContain('Com qual setor');
      expect(await codeOf(clients.member.trpc.inbox.messages.query({ id: bot.id }))).toBe('NOT_FOUND');
    });

    it('a live conversation with the team is never replaced', async () => {
      const { contactId } = await handedOver('vendas');
      for (const caller of ['member', 'supervisor'] as const) {
        const refused = await clients[caller].trpc.inbox.start.mutate({ contactId, departmentId: fx.deptA, text: 'Oi' }).catch((e: unknown) => e);
        expect(outcomeOfError(refused)).toBe('CONFLICT: this contact already has an open conversation with the team');
      }
    });
  });

  describe('HTTP routes outside tRPC', () => {
    const routes = contactCsvRoutes({} as Harness['app']).flatMap((r) => (r.methods === '*' ? ['*'] : r.methods).map((m) => `${m} ${r.path}`));
    const HTTP_OUTCOME: Record<number, string> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

    it('every contacts CSV route has a rule, and every rule a route', () => {
      expect(routes.length).toBeGreaterThan(0);
      expect(routes.filter((r) => !httpPolicy[r])).toEqual([]);
      expect(Object.keys(httpPolicy).filter((k) => !routes.includes(k))).toEqual([]);
    });

    it.each(Object.keys(httpPolicy))('%s answers each caller as its rule says', async (key) => {
      const rule = httpPolicy[key];
      const [method] = key.split(' ');
      const got: Record<string, string> = {};
      for (const caller of CALLERS) {
        const { path, body } = await rule.request(fx);
        const before = method === 'GET' ? null : await snapshot(h.app);
        const cookie = clients[caller].cookie();
        const res = await fetch(`${h.url}${path}`, { method, headers: cookie ? { cookie } : {}, body });
        const text = await res.text();
        let outcome = HTTP_OUTCOME[res.status] ?? (res.status === 200 ? (rule.shows && !rule.shows(text, fx) ? 'HIDDEN' : 'OK') : `HTTP ${res.status}: ${text}`);
        // A refusal, or an answer without A's data, changes nothing.
        if (before && outcome !== 'OK' && (await snapshot(h.app)) !== before) outcome = `${outcome}, but data changed`;
        got[caller] = outcome;
      }
      expect(got).toEqual(Object.fromEntries(CALLERS.map((c) => [c, expectedOutcome({ access: rule.access, shows: rule.shows ? () => true : undefined }, c)])));
    });
  });

  describe.each(procedures)('$path ($type)', ({ path, type }) => {
    it('answers each caller as its rule says', async () => {
      const rule = policy[path];
      if (!rule) throw new Error(`${path} has no rule in api/testing/authz-policy.ts: add one saying who may call it`);
      const expected = Object.fromEntries(CALLERS.map((c) => [c, expectedOutcome(rule, c)]));
      let got: Record<string, string>;
      if (type === 'subscription') {
        got = await streamOnce(rule, path);
      } else {
        got = {};
        for (const caller of CALLERS) got[caller] = await callOnce(rule, path, type, caller);
      }
      expect(got).toEqual(expected);
    });
  });
});
