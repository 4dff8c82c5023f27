// The Inbox on a real channel account (a RecordingChannel standing in for a WhatsApp number,
// RecordingControl for the channel manager), over HTTP as agents use it: delivery states and
// failure reasons reach the transcript, replies quote only their own conversation, a failed
// message is sent again through the channel, "delete for everyone" asks the channel and is
// refused where it must be, and a quote never carries another department's words.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessageEvent } from '../runtime/channels/contract.js';
import { PermanentSendError, type OutboxItem } from '../runtime/channels/contract.js';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../runtime/testing/databases.js';
import { RecordingChannel } from '../runtime/testing/recording-channel.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient, unpacedDelivery } from './testing/harness.js';
import { notConnected, RecordingControl, whatsappLike } from './testing/recording-control.js';

const PASSWORD = 'operator-password-1';
const CARLA = { identities: [{ kind: 'phone' as const, value: '5511988887777' }], name: 'Carla', phone: '5511988887777' };

/** Answers with WhatsApp-like ids; `refuse` makes the next sends fail for good with that reason. */
class FakeNumber extends RecordingChannel {
  refuse: string[] = [];
  override async deliver(item: OutboxItem): Promise<string> {
    const reason = this.refuse.shift();
    if (reason) throw new PermanentSendError(reason);
    this.delivered.push(item);
    return `wamid-${item.id}-${this.delivered.length}`;
  }
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (e) {
    return errorOf(e).code ?? 'UNKNOWN';
  }
}

describe.each([
  ['sqlite', sqliteDatabase],
  ['postgres', postgresDatabase],
] as [string, () => TestDatabase][])('Inbox on a channel account (%s)', (_name, database) => {
  let h: Harness;
  let admin: TestClient;
  let sales: TestClient;
  let sales2: TestClient;
  let billing: TestClient;
  let salesId: string;
  let billingId: string;
  let control: RecordingControl;
  let wa: FakeNumber;
  let plain: FakeNumber;
  let conversationId: string;
  let earlierId: string;
  let n = 0;

  const now = () => new Date().toISOString();
  const idle = async () => {
    await h.app.runtime.idle();
    await h.app.inbox.assigner.idle();
  };
  const inbound = (channel: string, e: Partial<InboundMessageEvent> & { reply: InboundMessageEvent['reply'] }) =>
    h.app.runtime.receiveEvent(channel, { type: 'message', externalId: `in-${++n}`, at: now(), from: CARLA, kind: 'text', ...e });
  const row = (id: number) => h.app.db.kysely.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const view = async (who: TestClient, id: number, conv = conversationId) => {
    const all = (await who.trpc.inbox.messages.query({ id: conv })).messages;
    return all.find((m) => m.id === id);
  };

  let sofiaId: string;
  /** The open conversation of a department (assignment may already have handed it to someone online). */
  const live = (departmentId: string) =>
    h.app.db.kysely
      .selectFrom('conversations')
      .select(['id', 'stage', 'agent_id'])
      .where('department_id', '=', departmentId)
      .where('stage', '!=', 'closed')
      .orderBy('opened_at', 'desc')
      .executeTakeFirstOrThrow();
  const servedBySofia = async (c: { id: string; stage: string; agent_id: string | null }) => {
    if (c.stage === 'waiting') await sales.trpc.inbox.pickUp.mutate({ id: c.id });
    else if (c.agent_id !== sofiaId) await admin.trpc.inbox.transfer.mutate({ id: c.id, agentId: sofiaId, notifyContact: false });
    return c.id;
  };

  beforeAll(async () => {
    const tdb = database();
    control = new RecordingControl({ wa: whatsappLike, plain: { ...whatsappLike, revoke: false, quote: false } });
    h = await startHarness({ db: tdb, services: { channelControl: control } });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    salesId = (await admin.trpc.departments.create.mutate({ name: 'Vendas' })).id;
    billingId = (await admin.trpc.departments.create.mutate({ name: 'Financeiro' })).id;
    for (const [name, email, dept] of [
      ['Sofia Vendas', 'sofia@ozia.test', salesId],
      ['Sara Vendas', 'sara@ozia.test', salesId],
      ['Fábio Financeiro', 'fabio@ozia.test', billingId],
    ] as const) {
      const u = await admin.trpc.users.create.mutate({ name, email, role: 'operator', password: PASSWORD, departmentIds: [dept] });
      if (email.startsWith('sofia')) sofiaId = u.id;
    }
    sales = h.client();
    await sales.login('sofia@ozia.test', PASSWORD);
    sales2 = h.client();
    await sales2.login('sara@ozia.test', PASSWORD);
    billing = h.client();
    await billing.login('fabio@ozia.test', PASSWORD);
    // The bot is off on this number: Carla first reaches Financeiro, and later Vendas.
    wa = new FakeNumber('wa');
    h.app.runtime.registerChannel(wa, unpacedDelivery(billingId));
    await inbound('wa', { externalId: 'fin-1', reply: { text: 'Meu cartão final 4242 foi recusado' } });
    await idle();
    earlierId = (await live(billingId)).id;
    await admin.trpc.inbox.finish.mutate({ id: earlierId, survey: false });
    h.app.runtime.setDelivery('wa', unpacedDelivery(salesId));
    await inbound('wa', { externalId: 'wa-1', reply: { text: 'Oi, quero um orçamento' } });
    await idle();
    conversationId = await servedBySofia(await live(salesId));
    plain = new FakeNumber('plain');
  });

  afterAll(async () => {
    await h?.close();
  });

  it('a reply goes out and its delivery states reach the transcript: sent, delivered, read', async () => {
    const sent = await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'Olá Carla!' });
    await idle();
    const item = wa.delivered.find((d) => d.id === sent.id)!;
    expect(item.to).toEqual({ kind: 'phone', value: '5511988887777' });
    const externalId = (await row(sent.id)).external_id!;
    expect(await view(sales, sent.id)).toMatchObject({ status: 'sent' });
    await h.app.runtime.receiveEvent('wa', { type: 'status', externalId, status: 'delivered', at: '2026-12-04T10:00:00.000Z' });
    expect(await view(sales, sent.id)).toMatchObject({ status: 'delivered', deliveredAt: '2026-12-04T10:00:00.000Z' });
    await h.app.runtime.receiveEvent('wa', { type: 'status', externalId, status: 'read', at: '2026-12-04T10:01:00.000Z' });
    // A late "delivered" does not take the message back from read.
    await h.app.runtime.receiveEvent('wa', { type: 'status', externalId, status: 'delivered', at: '2026-12-04T10:02:00.000Z' });
    expect(await view(sales, sent.id)).toMatchObject({ status: 'read', deliveredAt: '2026-12-04T10:00:00.000Z', readAt: '2026-12-04T10:01:00.000Z' });
    // Nor does a late error: the contact read it.
    await h.app.runtime.receiveEvent('wa', { type: 'status', externalId, status: 'failed', error: 'late error', at: '2026-12-04T10:03:00.000Z' });
    expect(await view(sales, sent.id)).toMatchObject({ status: 'read' });
  });

  it('a message that cannot be delivered shows failed with the reason, live and on reload', async () => {
    const heard: { status: string; ids: number[]; errors?: Record<number, string> }[] = [];
    const sub = sales.trpc.inbox.events.subscribe(undefined, {
      onData: (e) => e.type === 'status' && heard.push({ status: e.status, ids: e.messageIds, errors: e.errors }),
    });
    await new Promise((r) => setTimeout(r, 300));
    wa.refuse.push('not on WhatsApp');
    const sent = await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'Segue o orçamento' });
    await idle();
    await expect.poll(() => heard.find((x) => x.ids.includes(sent.id)), { timeout: 5000 }).toEqual({ status: 'failed', ids: [sent.id], errors: { [sent.id]: 'not on WhatsApp' } });
    sub.unsubscribe();
    expect(await view(sales, sent.id)).toMatchObject({ status: 'failed', error: 'not on WhatsApp' });
  });

  it('"Reenviar" sends an old failed message again through the channel, even after newer ones went out', async () => {
    wa.refuse.push('socket closed for good');
    const failed = await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'Mensagem que falhou' });
    await idle();
    expect((await row(failed.id)).status).toBe('failed');
    // A newer message read from the table (the account reconnected while it waited) moves the dispatcher past the failed one.
    wa.setReady(false);
    const later = await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'Mensagem mais nova' });
    h.app.runtime.registerChannel(wa, unpacedDelivery(salesId));
    await idle();
    wa.setReady(true);
    await idle();
    expect((await row(later.id)).status).toBe('sent');

    // Only the agent serving it (or a supervisor) may; a message that did not fail cannot be.
    expect(await codeOf(billing.trpc.inbox.resend.mutate({ messageId: failed.id }))).toBe('NOT_FOUND');
    expect(await codeOf(sales2.trpc.inbox.resend.mutate({ messageId: failed.id }))).toBe('FORBIDDEN');
    expect(await codeOf(sales.trpc.inbox.resend.mutate({ messageId: later.id }))).toBe('CONFLICT');
    expect((await row(failed.id)).status).toBe('failed');

    const before = wa.delivered.length;
    const resent = await sales.trpc.inbox.resend.mutate({ messageId: failed.id });
    expect(resent).toMatchObject({ id: failed.id, status: 'pending' });
    await expect.poll(async () => (await row(failed.id)).status, { timeout: 5000 }).toBe('sent');
    expect(wa.delivered.slice(before).map((d) => d.id)).toEqual([failed.id]);
    expect((await row(failed.id)).error).toBeNull();
    expect(await view(sales, failed.id)).toMatchObject({ status: 'sent' });
    expect((await view(sales, failed.id))?.error).toBeUndefined();
  });

  it('a reply quotes a message of its conversation: the contact sees it quoted, the transcript shows the preview', async () => {
    const [asked] = (await sales.trpc.inbox.messages.query({ id: conversationId })).messages.filter((m) => m.direction === 'in');
    const answer = await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'Claro, segue', quotedId: asked.id });
    expect(answer.quoted).toMatchObject({ id: asked.id, author: 'contact', text: 'Oi, quero um orçamento', deleted: false });
    await idle();
    expect(wa.delivered.find((d) => d.id === answer.id)?.quotedExternalId).toBe('wa-1');
    expect((await view(sales, answer.id))?.quoted).toMatchObject({ id: asked.id, text: 'Oi, quero um orçamento' });
  });

  it('quotedId must be a message of the same conversation, and not an internal note', async () => {
    const note = (await sales.trpc.inbox.whisper.mutate({ id: conversationId, text: 'cliente antigo' })).message;
    const elsewhere = (await admin.trpc.inbox.messages.query({ id: earlierId })).messages[0];
    for (const quotedId of [elsewhere.id, note.id, 999_999]) {
      const e = errorOf(await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'oi', quotedId }).catch((x) => x));
      expect(e.code).toBe('BAD_REQUEST');
      expect(e.message).toMatch(/^quotedId: /);
    }
    const count = await h.app.db.kysely.selectFrom('messages').select('id').where('conversation_id', '=', conversationId).where('body', 'like', '%"oi"%').execute();
    expect(count).toEqual([]);
  });

  it("a contact's quote of another department's message never shows that message to this department", async () => {
    await inbound('wa', { externalId: 'wa-quote', reply: { text: 'Sobre aquilo que eu disse' }, quotedExternalId: 'fin-1' });
    await idle();
    const raw = JSON.stringify(await sales.trpc.inbox.messages.query({ id: conversationId }));
    expect(raw).not.toContain('4242');
    const m = (await sales.trpc.inbox.messages.query({ id: conversationId })).messages.find((x) => x.body && JSON.stringify(x.body).includes('Sobre aquilo'))!;
    expect(m.quoted).toEqual({ id: m.quotedId, hidden: true });
    // A supervisor sees both departments, and so the preview.
    const asAdmin = (await admin.trpc.inbox.messages.query({ id: conversationId })).messages.find((x) => x.id === m.id)!;
    expect(asAdmin.quoted).toMatchObject({ author: 'contact', text: 'Meu cartão final 4242 foi recusado' });
  });

  it('each inbound kind reaches the transcript with what the Inbox draws; "sent from the phone" is marked', async () => {
    const file = { kind: 'image' as const, fileId: 'f1', url: '/api/files/f1', mime: 'image/jpeg', size: 2048, name: 'foto.jpg' };
    await inbound('wa', { kind: 'image', reply: { text: 'olha', attachments: [file] } });
    await inbound('wa', { kind: 'audio', voice: true, reply: { text: '', attachments: [{ ...file, kind: 'audio', mime: 'audio/ogg', name: 'nota.ogg' }] } });
    await inbound('wa', { kind: 'document', reply: { text: '' }, unavailable: { reason: 'larger than 16 MB' } });
    await inbound('wa', { kind: 'location', reply: { text: '', location: { latitude: -23.55, longitude: -46.63, name: 'Loja Paulista' } } });
    await inbound('wa', { kind: 'contact', reply: { text: '' }, contacts: [{ name: 'João', phones: ['5511912345678'] }] });
    await inbound('wa', { kind: 'undecryptable', reply: { text: '' } });
    await inbound('wa', { kind: 'unsupported', what: 'eventMessage', reply: { text: '' } });
    await inbound('wa', { fromMe: true, reply: { text: 'Respondi pelo celular' } });
    await idle();
    const all = (await sales.trpc.inbox.messages.query({ id: conversationId })).messages;
    const bodies = all.slice(-8).map((m) => m.body);
    expect(bodies).toMatchObject([
      { type: 'image', url: '/api/files/f1', mime: 'image/jpeg', size: 2048, fileName: 'foto.jpg', caption: 'olha' },
      { type: 'audio', voice: true, mime: 'audio/ogg' },
      { type: 'document', unavailable: { reason: 'larger than 16 MB' } },
      { type: 'location', latitude: -23.55, longitude: -46.63, name: 'Loja Paulista' },
      { type: 'contact', contacts: [{ name: 'João', phones: ['5511912345678'] }] },
      { type: 'undecryptable' },
      { type: 'unsupported', what: 'eventMessage' },
      { type: 'text', text: 'Respondi pelo celular' },
    ]);
    expect(all[all.length - 1]).toMatchObject({ direction: 'out', author: 'phone', status: 'sent' });
  });

  it('reactions, edits (with the previous text) and deletions show on the transcript', async () => {
    await inbound('wa', { externalId: 'wa-edit', reply: { text: 'Quero 2 caixas' } });
    await idle();
    const id = (await h.app.db.kysely.selectFrom('messages').select('id').where('external_id', '=', 'wa-edit').executeTakeFirstOrThrow()).id;
    // Someone else (another chat) cannot edit, delete or react to Carla's message.
    const other = { identities: [{ kind: 'phone' as const, value: '5511900001111' }], name: 'Outro' };
    await h.app.runtime.ensureContact('wa', other);
    await h.app.runtime.receiveEvent('wa', { type: 'edit', externalId: 'wa-edit', from: other, text: 'forjado', at: '2026-12-04T10:59:00.000Z' });
    await h.app.runtime.receiveEvent('wa', { type: 'delete', externalId: 'wa-edit', from: other, at: '2026-12-04T10:59:00.000Z' });
    await h.app.runtime.receiveEvent('wa', { type: 'reaction', externalId: 'wa-edit', from: other, emoji: '💩', at: '2026-12-04T10:59:00.000Z' });
    expect(await view(sales, id)).toMatchObject({ body: { text: 'Quero 2 caixas' } });
    expect(await view(sales, id)).not.toHaveProperty('deletedAt', expect.any(String));
    expect((await view(sales, id))?.reactions).toBeUndefined();
    await h.app.runtime.receiveEvent('wa', { type: 'edit', externalId: 'wa-edit', from: CARLA, text: 'Quero 3 caixas', at: '2026-12-04T11:00:00.000Z' });
    await h.app.runtime.receiveEvent('wa', { type: 'reaction', externalId: 'wa-edit', from: CARLA, emoji: '👍', at: '2026-12-04T11:01:00.000Z' });
    let m = await view(sales, id);
    expect(m).toMatchObject({ editedAt: '2026-12-04T11:00:00.000Z', body: { text: 'Quero 3 caixas', previous: [{ text: 'Quero 2 caixas' }] }, reactions: [{ by: 'contact', emoji: '👍' }] });
    // Removing the reaction (an empty emoji) takes it away; deleting marks the message.
    await h.app.runtime.receiveEvent('wa', { type: 'reaction', externalId: 'wa-edit', from: CARLA, emoji: '', at: '2026-12-04T11:02:00.000Z' });
    await h.app.runtime.receiveEvent('wa', { type: 'delete', externalId: 'wa-edit', from: CARLA, at: '2026-12-04T11:03:00.000Z' });
    m = await view(sales, id);
    expect(m?.reactions).toBeUndefined();
    expect(m?.deletedAt).toBe('2026-12-04T11:03:00.000Z');
  });

  it('"Apagar para todos" asks the channel and marks the message deleted; refused for others\' messages, after the window, elsewhere', async () => {
    const mine = await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'Preço errado, desculpe' });
    await idle();
    expect(await codeOf(billing.trpc.inbox.revoke.mutate({ messageId: mine.id }))).toBe('NOT_FOUND');
    expect(await codeOf(sales2.trpc.inbox.revoke.mutate({ messageId: mine.id }))).toBe('FORBIDDEN');
    const incoming = (await sales.trpc.inbox.messages.query({ id: conversationId })).messages.find((m) => m.direction === 'in')!;
    expect(await codeOf(sales.trpc.inbox.revoke.mutate({ messageId: incoming.id }))).toBe('BAD_REQUEST');
    expect(control.revoked).toEqual([]);

    const deleted = await sales.trpc.inbox.revoke.mutate({ messageId: mine.id });
    expect(control.revoked).toEqual([mine.id]);
    expect(deleted.deletedAt).toBeTruthy();
    expect((await view(sales, mine.id))?.deletedAt).toBe(deleted.deletedAt);
    expect(await codeOf(sales.trpc.inbox.revoke.mutate({ messageId: mine.id }))).toBe('CONFLICT');

    // Sent 61 hours ago: WhatsApp no longer deletes it.
    const old = await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'Mensagem antiga' });
    await idle();
    await h.app.db.kysely
      .updateTable('messages')
      .set({ sent_at: new Date(Date.now() - 61 * 3600_000).toISOString() })
      .where('id', '=', old.id)
      .execute();
    const late = errorOf(await sales.trpc.inbox.revoke.mutate({ messageId: old.id }).catch((x) => x));
    expect(late).toMatchObject({ code: 'CONFLICT' });
    expect(late.message).toMatch(/60 hours/);

    // The channel refuses (disconnected): the message stays as it was.
    const other = await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'Outra' });
    await idle();
    control.revokeError = notConnected();
    expect(await codeOf(sales.trpc.inbox.revoke.mutate({ messageId: other.id }))).toBe('CONFLICT');
    expect((await row(other.id)).deleted_at).toBeNull();
    expect(control.revoked).toEqual([mine.id]);
  });

  it('a channel that cannot delete for everyone refuses, and the conversation says what its channel can do', async () => {
    h.app.runtime.registerChannel(plain, unpacedDelivery(salesId));
    await inbound('plain', { externalId: 'p-1', reply: { text: 'Oi pelo outro número' } });
    await idle();
    const convId = await servedBySofia(
      await h.app.db.kysely.selectFrom('conversations').select(['id', 'stage', 'agent_id']).where('channel', '=', 'plain').executeTakeFirstOrThrow(),
    );
    const sent = await sales.trpc.inbox.reply.mutate({ id: convId, text: 'Olá' });
    await idle();
    const e = errorOf(await sales.trpc.inbox.revoke.mutate({ messageId: sent.id }).catch((x) => x));
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message).toMatch(/cannot delete messages for everyone/);
    expect((await row(sent.id)).deleted_at).toBeNull();
    expect((await sales.trpc.inbox.get.query({ id: convId })).can).toEqual({ receipts: true, quote: false, revoke: false, templates: false });
    expect((await sales.trpc.inbox.get.query({ id: conversationId })).can).toEqual({ receipts: true, quote: true, revoke: true, templates: false });
  });
});
