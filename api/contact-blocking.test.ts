// Blocking a contact, on SQLite and PostgreSQL: their messages are stored (transcript, Inbox,
// unread) but nothing automated answers them — not the flow, not the out-of-hours branch, not the
// department greeting or the satisfaction survey; unblocking answers the NEXT message only; an
// operator outside the contact's departments cannot block them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../runtime/testing/databases.js';
import { echoFlow } from '../runtime/testing/flows.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { handoffFlow } from '../runtime/inbox/testing.js';
import type { FlowDocument } from '../blocks/flow.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

const PASSWORD = 'operator-password-1';

describe.each(testDatabases)('blocking a contact (%s)', (dialect) => {
  let h: Harness;
  let admin: TestClient;
  let outsider: TestClient;
  let salesId: string;

  const publish = async (name: string, doc: FlowDocument) => {
    const flow = await admin.trpc.flows.create.mutate({ name });
    await admin.trpc.flows.saveDraft.mutate({ id: flow.id, document: doc, baseRevision: flow.draftRevision ?? 0, force: true });
    await admin.trpc.flows.publish.mutate({ id: flow.id });
    return flow.id;
  };
  const settle = async () => {
    await h.app.runtime.idle();
    await h.app.inbox.assigner.idle();
  };
  /** What the contact was sent, in order (bot, system and agent texts). */
  const sentTo = async (sessionId: string) =>
    (await admin.trpc.testChat.transcript.query({ sessionId })).filter((m) => m.direction === 'out').map((m) => ('text' in m.message ? m.message.text : m.message.type));
  const receivedFrom = async (sessionId: string) =>
    (await admin.trpc.testChat.transcript.query({ sessionId })).filter((m) => m.direction === 'in').map((m) => ('text' in m.message ? m.message.text : m.message.type));

  beforeAll(async () => {
    h = await startHarness({ db: testDatabases.find(([d]) => d === dialect)![1]() });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    salesId = (await admin.trpc.departments.create.mutate({ name: 'Vendas', code: 'sales', greeting: 'Olá, aqui é {{agent.name}} de Vendas.' })).id;
    const billingId = (await admin.trpc.departments.create.mutate({ name: 'Financeiro' })).id;
    await admin.trpc.users.create.mutate({ name: 'Fábio Financeiro', email: 'fabio@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [billingId] });
    outsider = h.client();
    await outsider.login('fabio@ozia.test', PASSWORD);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a blocked contact is stored but not answered; unblocked, the next message is', async () => {
    const flowId = await publish('Eco', echoFlow);
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId });
    await settle();
    expect(await sentTo(sessionId)).toEqual(['Oi! Diga algo.']);

    await admin.trpc.contacts.block.mutate({ id: sessionId, reason: 'Spam' });
    const page = await admin.trpc.contacts.get.query({ id: sessionId });
    expect(page.block).toMatchObject({ reason: 'Spam' });
    expect(page.block?.byName).toBeTruthy();
    const blockedOnly = await admin.trpc.contacts.list.query({ blocked: true });
    expect(blockedOnly.items.map((c) => c.id)).toEqual([sessionId]);
    expect(blockedOnly.items[0].blockedAt).toBe(page.block!.at);

    await admin.trpc.testChat.send.mutate({ sessionId, text: 'compre já!!!' });
    await settle();
    expect(await receivedFrom(sessionId)).toContain('compre já!!!');
    expect(await sentTo(sessionId)).toEqual(['Oi! Diga algo.']);

    await admin.trpc.contacts.unblock.mutate({ id: sessionId });
    expect((await admin.trpc.contacts.get.query({ id: sessionId })).block).toBeNull();
    expect((await admin.trpc.contacts.list.query({ blocked: true })).items).toEqual([]);
    await admin.trpc.testChat.send.mutate({ sessionId, text: 'agora sim' });
    await settle();
    // The message of the blocked time is not answered late.
    expect(await sentTo(sessionId)).toEqual(['Oi! Diga algo.', 'eco: agora sim']);
  });

  it('a flow timer that comes due while blocked says nothing', async () => {
    const flowId = await publish('Espera', buildFlow({ groups: [{ id: 'g', blocks: [text('a', 'Aguarde…'), { id: 'w', kind: 'wait', options: { seconds: 1 } }, text('b', 'Voltei!')] }] }));
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId });
    await admin.trpc.contacts.block.mutate({ id: sessionId });
    const timer = () => h.app.db.kysely.selectFrom('timers').select('status').where('contact_id', '=', sessionId).executeTakeFirst();
    await expect.poll(async () => (await timer())?.status, { timeout: 10_000 }).toBe('fired');
    await settle();
    expect(await sentTo(sessionId)).toEqual(['Aguarde…']);
    await admin.trpc.contacts.unblock.mutate({ id: sessionId });
  });

  it('no out-of-hours text and no handoff for a blocked contact; after unblocking the branch answers', async () => {
    const closedId = (
      await admin.trpc.departments.create.mutate({ name: 'Plantão', code: 'plantao', hours: { enabled: true, timeZone: 'America/Sao_Paulo', weekly: [], holidays: [] } })
    ).id;
    const doc = handoffFlow({ departmentId: closedId, assign: { mode: 'queue' }, outOfHours: 'path' }, { outOfHoursText: 'Estamos fechados agora.' });
    // The contact writes first: the flow waits for a text, then hands over.
    doc.groups[0].blocks.unshift({ id: 'ask', kind: 'input-text', options: { variableId: 'q' } });
    doc.variables.push({ id: 'q', name: 'q' });
    const flowId = await publish('Plantão', doc);
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId });
    await settle();
    await admin.trpc.contacts.block.mutate({ id: sessionId });
    await admin.trpc.testChat.send.mutate({ sessionId, text: 'alô?' });
    await settle();
    expect(await sentTo(sessionId)).toEqual([]);
    expect((await admin.trpc.inbox.list.query({ view: 'waiting' })).items.filter((c) => c.contact.id === sessionId)).toEqual([]);

    await admin.trpc.contacts.unblock.mutate({ id: sessionId });
    await admin.trpc.testChat.send.mutate({ sessionId, text: 'alô de novo' });
    await settle();
    expect(await sentTo(sessionId)).toEqual(['Olá! Vou te passar para a equipe.', 'Estamos fechados agora.']);
  });

  it('while the team serves: the message reaches the Inbox unread, but no greeting and no survey go out', async () => {
    const flowId = await publish('Atendimento', handoffFlow({ departmentId: salesId, assign: { mode: 'queue' } }));
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId });
    await settle();
    const [conv] = (await admin.trpc.inbox.list.query({ view: 'waiting' })).items.filter((c) => c.contact.id === sessionId);
    expect(conv).toBeDefined();
    await admin.trpc.contacts.block.mutate({ id: sessionId });
    await admin.trpc.testChat.send.mutate({ sessionId, text: 'ainda esperando' });
    await settle();
    const [after] = (await admin.trpc.inbox.list.query({ view: 'waiting' })).items.filter((c) => c.id === conv.id);
    expect(after.unread).toBeGreaterThan(0);
    expect((await admin.trpc.inbox.messages.query({ id: conv.id })).messages.some((m) => (m.body as { text?: string }).text === 'ainda esperando')).toBe(true);

    await admin.trpc.inbox.pickUp.mutate({ id: conv.id });
    // Agents may still write by hand (the block is against automation, not people).
    await admin.trpc.inbox.reply.mutate({ id: conv.id, text: 'Resposta manual' });
    await admin.trpc.inbox.finish.mutate({ id: conv.id, survey: true });
    await settle();
    const sent = await sentTo(sessionId);
    expect(sent.some((t) => t?.includes('aqui é'))).toBe(false);
    expect(sent.some((t) => t?.includes('1 a 5'))).toBe(false);
    expect(sent.some((t) => t?.includes('Resposta manual'))).toBe(true);
    await admin.trpc.contacts.unblock.mutate({ id: sessionId });
  });

  it('an operator outside the contact’s departments cannot block or unblock it', async () => {
    const flowId = await publish('Atendimento 2', handoffFlow({ departmentId: salesId, assign: { mode: 'queue' } }));
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId });
    await settle();
    expect(errorOf(await outsider.trpc.contacts.block.mutate({ id: sessionId }).catch((e) => e)).code).toBe('NOT_FOUND');
    expect((await admin.trpc.contacts.get.query({ id: sessionId })).block).toBeNull();
    await admin.trpc.contacts.block.mutate({ id: sessionId });
    expect(errorOf(await outsider.trpc.contacts.unblock.mutate({ id: sessionId }).catch((e) => e)).code).toBe('NOT_FOUND');
    expect((await admin.trpc.contacts.get.query({ id: sessionId })).block).not.toBeNull();
    // Leave no conversation waiting for the next test.
    const [conv] = (await admin.trpc.inbox.list.query({ view: 'waiting' })).items.filter((c) => c.contact.id === sessionId);
    await admin.trpc.inbox.finish.mutate({ id: conv.id, survey: false });
  });

  it('the Inbox hears of a block and an unblock at once: the department’s agents get a notice for the conversation, the panel shows the reason, who and when; other departments hear nothing', async () => {
    await admin.trpc.users.create.mutate({ name: 'Sofia Vendas', email: 'sofia-live@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [salesId] });
    const sales = h.client();
    await sales.login('sofia-live@ozia.test', PASSWORD);
    const flowId = await publish('Atendimento ao vivo', handoffFlow({ departmentId: salesId, assign: { mode: 'queue' } }));
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId });
    await settle();
    const [conv] = (await sales.trpc.inbox.list.query({ view: 'waiting' })).items.filter((c) => c.contact.id === sessionId);
    const heard: Record<'sales' | 'outsider', string[]> = { sales: [], outsider: [] };
    const subs = (['sales', 'outsider'] as const).map((who) =>
      (who === 'sales' ? sales : outsider).trpc.inbox.events.subscribe(undefined, {
        onData: (n) => n.type === 'conversation' && heard[who].push(`${n.conversationId}:${n.reason}`),
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    await admin.trpc.contacts.block.mutate({ id: sessionId, reason: 'Ofensas no chat' });
    await expect.poll(() => heard.sales, { timeout: 5000 }).toContain(`${conv.id}:contact`);
    expect((await sales.trpc.inbox.get.query({ id: conv.id })).contact.blocked).toBe(true);
    const panel = await sales.trpc.inbox.contactPanel.query({ id: conv.id });
    expect(panel.block).toMatchObject({ reason: 'Ofensas no chat', byName: 'Ana Supervisora' });
    expect(Date.parse(panel.block!.at)).toBeGreaterThan(0);

    heard.sales.length = 0;
    await admin.trpc.contacts.unblock.mutate({ id: sessionId });
    await expect.poll(() => heard.sales, { timeout: 5000 }).toContain(`${conv.id}:contact`);
    expect((await sales.trpc.inbox.get.query({ id: conv.id })).contact.blocked).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(heard.outsider).toEqual([]);
    subs.forEach((s) => s.unsubscribe());
    await admin.trpc.inbox.finish.mutate({ id: conv.id, survey: false });
  });
});
