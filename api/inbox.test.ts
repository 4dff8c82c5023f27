// The inbox over HTTP as agents use it: an operator of another department can neither see nor
// touch a conversation, and nothing changes behind a refusal. Who may call what, procedure by
// procedure, is api/authz.test.ts (generated from the router).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffFlow } from '../runtime/inbox/testing.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

let h: Harness;
let admin: TestClient;
let sales: TestClient;
let billing: TestClient;
let salesId: string;
let billingId: string;
let salesAgentId: string;
let conversationId: string;
let testSession: string;
let flowId: string;

const PASSWORD = 'operator-password-1';

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    return errorOf(e).code;
  }
}

beforeAll(async () => {
  h = await startHarness();
  admin = h.client();
  await admin.login(ADMIN.email, ADMIN.password);
  salesId = (await admin.trpc.departments.create.mutate({ name: 'Vendas', code: 'sales' })).id;
  billingId = (await admin.trpc.departments.create.mutate({ name: 'Financeiro' })).id;
  salesAgentId = (await admin.trpc.users.create.mutate({ name: 'Sofia Vendas', email: 'sofia@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [salesId] })).id;
  await admin.trpc.users.create.mutate({ name: 'Fábio Financeiro', email: 'fabio@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [billingId] });
  sales = h.client();
  await sales.login('sofia@ozia.test', PASSWORD);
  billing = h.client();
  await billing.login('fabio@ozia.test', PASSWORD);
  const flow = await admin.trpc.flows.create.mutate({ name: 'Atendimento' });
  flowId = flow.id;
  const doc = handoffFlow({ departmentId: '{{dep}}', assign: { mode: 'queue' } });
  doc.variables.push({ id: 'dep', name: 'dep' });
  doc.groups[0].blocks.unshift({ id: 'set', kind: 'set-variable', options: { variableId: 'dep', operation: { kind: 'template', value: 'sales' } } });
  await admin.trpc.flows.saveDraft.mutate({ id: flow.id, document: doc, baseRevision: flow.draftRevision ?? 0, force: true });
  await admin.trpc.flows.publish.mutate({ id: flow.id });
  const started = await admin.trpc.testChat.start.mutate({ flowId: flow.id });
  testSession = started.sessionId;
  await h.app.runtime.idle();
  await h.app.inbox.assigner.idle();
  const list = await sales.trpc.inbox.list.query({ view: 'waiting' });
  conversationId = list.items[0].id;
});

afterAll(async () => {
  await h?.close();
});

describe('inbox access', () => {
  it('logging in makes an agent available; the directory shows it', async () => {
    const dir = await billing.trpc.users.directory.query();
    expect(dir.find((u) => u.id === salesAgentId)).toMatchObject({ status: 'online', departmentIds: [salesId] });
  });

  it('the conversation reached its department only: lists and counts', async () => {
    expect((await sales.trpc.inbox.counts.query({})).waiting).toBe(1);
    expect((await billing.trpc.inbox.counts.query({})).waiting).toBe(0);
    expect((await billing.trpc.inbox.list.query({ view: 'waiting' })).items).toEqual([]);
    expect((await billing.trpc.inbox.list.query({ view: 'department' })).items).toEqual([]);
    expect((await admin.trpc.inbox.list.query({ view: 'department' })).items.map((i) => i.id)).toEqual([conversationId]);
  });

  it('every conversation procedure answers NOT_FOUND to an operator of another department', async () => {
    const id = conversationId;
    const t = billing.trpc.inbox;
    const codes = {
      get: await codeOf(t.get.query({ id })),
      messages: await codeOf(t.messages.query({ id })),
      contactPanel: await codeOf(t.contactPanel.query({ id })),
      pickUp: await codeOf(t.pickUp.mutate({ id })),
      reply: await codeOf(t.reply.mutate({ id, text: 'oi' })),
      whisper: await codeOf(t.whisper.mutate({ id, text: 'nota' })),
      setTags: await codeOf(t.setTags.mutate({ id, tagIds: [] })),
      markUnread: await codeOf(t.markUnread.mutate({ id })),
      markRead: await codeOf(t.markRead.mutate({ id })),
      transfer: await codeOf(t.transfer.mutate({ id, departmentId: billingId })),
      finish: await codeOf(t.finish.mutate({ id, survey: false })),
      handBack: await codeOf(t.handBack.mutate({ id, flowId })),
      renderQuickReply: await codeOf(t.renderQuickReply.mutate({ id, quickReplyId: 'x' })),
    };
    expect(Object.entries(codes).filter(([, c]) => c !== 'NOT_FOUND')).toEqual([]);
    // Nothing changed behind the refusals.
    const row = await h.app.db.kysely.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ stage: 'waiting', agent_id: null, department_id: salesId });
    const notes = await h.app.db.kysely.selectFrom('messages').select('id').where('conversation_id', '=', id).where('direction', '=', 'note').execute();
    expect(notes).toEqual([]);
  });

  it('the live stream tells the department and not the other one', async () => {
    const seen = { sales: [] as string[], billing: [] as string[] };
    const subs = (['sales', 'billing'] as const).map((who) =>
      (who === 'sales' ? sales : billing).trpc.inbox.events.subscribe(undefined, {
        onData: (n) => seen[who].push(`${n.type}:${'conversationId' in n ? n.conversationId : ''}`),
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    await admin.trpc.testChat.send.mutate({ sessionId: testSession, text: 'ainda esperando' });
    await expect.poll(() => seen.sales, { timeout: 5000 }).toContain(`message:${conversationId}`);
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.billing.filter((e) => e.endsWith(conversationId))).toEqual([]);
    subs.forEach((s) => s.unsubscribe());
  });

  it('the operator of the department picks up, replies signed, and the tester sees it; whispers stay inside', async () => {
    await sales.trpc.inbox.pickUp.mutate({ id: conversationId });
    expect(await codeOf(admin.trpc.inbox.pickUp.mutate({ id: conversationId }))).toBe('CONFLICT');
    const statuses = { sales: [] as string[], billing: [] as string[] };
    const subs = (['sales', 'billing'] as const).map((who) =>
      (who === 'sales' ? sales : billing).trpc.inbox.events.subscribe(undefined, {
        onData: (n) => n.type === 'status' && statuses[who].push(`${n.conversationId}:${n.messageIds.join(',')}:${n.status}`),
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const reply = await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'Olá! Como posso ajudar?' });
    expect(reply.status).toBe('pending');
    // The agent's screen hears that it went out, without asking again; the other department hears nothing.
    await expect.poll(() => statuses.sales, { timeout: 5000 }).toContain(`${conversationId}:${reply.id}:sent`);
    expect(statuses.billing).toEqual([]);
    subs.forEach((s) => s.unsubscribe());
    await sales.trpc.inbox.whisper.mutate({ id: conversationId, text: '@Fábio Financeiro olha esse' });
    await h.app.runtime.idle();
    const seenByTester = (await admin.trpc.testChat.transcript.query({ sessionId: testSession })).map((m) => ('text' in m.message ? m.message.text : m.message.type));
    expect(seenByTester).toContain('*Sofia Vendas:*\nOlá! Como posso ajudar?');
    expect(seenByTester.some((t) => t?.includes('olha esse'))).toBe(false);
    // A colleague outside the department cannot be called into it: no notification, no event.
    expect(await billing.trpc.inbox.notifications.query()).toEqual([]);
    const rows = await h.app.db.kysely.selectFrom('notifications').selectAll().execute();
    expect(rows).toEqual([]);
    await sales.trpc.inbox.whisper.mutate({ id: conversationId, text: '@Ana Supervisora pode ver?' });
    expect((await admin.trpc.inbox.notifications.query()).map((n) => n.conversationId)).toEqual([conversationId]);
  });

  it('finding a contact to write to takes LIKE wildcards literally (a supervisor sees every contact)', async () => {
    await h.app.runtime.ensureContact('wa', { externalId: 'pct', name: 'Loja 100% Ltda' });
    await h.app.runtime.ensureContact('wa', { externalId: 'plain', name: 'Loja 1000 Ltda' });
    expect((await admin.trpc.inbox.contacts.query({ search: '100%' })).map((c) => c.name)).toEqual(['Loja 100% Ltda']);
    expect((await admin.trpc.inbox.contacts.query({ search: 'loja 10' })).map((c) => c.name).sort()).toEqual(['Loja 100% Ltda', 'Loja 1000 Ltda']);
  });

  it('bad input names the field', async () => {
    const e = errorOf(await sales.trpc.inbox.reply.mutate({ id: conversationId, text: '   ' }).catch((x) => x));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.issues?.[0].path).toBe('text');
    const d = errorOf(await admin.trpc.departments.create.mutate({ name: 'Vendas' }).catch((x) => x));
    expect(d.code).toBe('CONFLICT');
    expect(d.message).toMatch(/^name: /);
    const hours = errorOf(
      await admin.trpc.departments.create
        .mutate({ name: 'Noite', hours: { enabled: true, timeZone: 'Mars/Olympus', weekly: [{ day: 1, from: '18:00', to: '18:00' }], holidays: [] } })
        .catch((x) => x),
    );
    expect(hours.issues?.map((i) => i.path).sort()).toEqual(['hours.timeZone', 'hours.weekly[0].to']);
  });
});
