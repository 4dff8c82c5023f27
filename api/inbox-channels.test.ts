// One Inbox for every channel, over HTTP as agents use it: each conversation names its account
// and kind; the lists filter by kind and by account, and an operator cannot filter their way into
// another department's account; the contact panel lists the person's identities on every account;
// an agent writing first picks one of the contact's accounts, and the conversation leaves through
// that account's lane (and the contact's answer comes back into it); a kind that refuses a
// free-text start says why, and the start is refused with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Localized } from '../blocks/contract.js';
import type { ContactAddress, FreeTextStartFacts, InboundMessageEvent, OutboxItem } from '../runtime/channels/contract.js';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../runtime/testing/databases.js';
import { RecordingChannel } from '../runtime/testing/recording-channel.js';
import { ADMIN, errorOf, unpacedDelivery, startHarness, type Harness, type TestClient } from './testing/harness.js';
import { RecordingControl, whatsappLike } from './testing/recording-control.js';

const PASSWORD = 'operator-password-1';
const CARLA_PHONE = '5511988887777';
const carla: ContactAddress = { identities: [{ kind: 'phone', value: CARLA_PHONE }], name: 'Carla', phone: CARLA_PHONE };
const bruno: ContactAddress = { identities: [{ kind: 'phone', value: '5521977776666' }], name: 'Bruno', phone: '5521977776666' };
const REFUSAL: Localized = { en: 'outside the 24-hour window: send a template', 'pt-BR': 'fora da janela de 24 horas: envie um modelo' };

/** Answers with provider ids, as a number does. */
class FakeAccount extends RecordingChannel {
  override async deliver(item: OutboxItem): Promise<string> {
    this.delivered.push(item);
    return `${this.id}-${item.id}`;
  }
}

/** The manager's hook, as a kind with a 24-hour window would answer it: refuses a contact silent for a day, on the `strict` account. */
class WindowedControl extends RecordingControl {
  strict = '';
  asked: FreeTextStartFacts[] = [];
  freeTextRefusal(channelId: string, facts: FreeTextStartFacts): Localized | null {
    if (channelId !== this.strict) return null;
    this.asked.push(facts);
    const fresh = facts.lastInboundAt && facts.now.getTime() - Date.parse(facts.lastInboundAt) < 86_400_000;
    return fresh ? null : REFUSAL;
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
] as [string, () => TestDatabase][])('one Inbox for every channel (%s)', (_name, database) => {
  let h: Harness;
  let admin: TestClient;
  let sales: TestClient;
  let billing: TestClient;
  let salesId: string;
  let billingId: string;
  let control: WindowedControl;
  const accounts: Record<'vendas' | 'site' | 'suporte', { id: string; channel: FakeAccount }> = {} as never;
  let carlaId: string;
  let n = 0;

  const idle = async () => {
    for (let i = 0; i < 2; i++) {
      await h.app.runtime.idle();
      await h.app.inbox.assigner.idle();
    }
  };
  const say = async (account: keyof typeof accounts, from: ContactAddress, text: string, extra: Partial<InboundMessageEvent> = {}) => {
    await h.app.runtime.receiveEvent(accounts[account].id, { type: 'message', externalId: `m-${++n}`, at: new Date().toISOString(), from, kind: 'text', reply: { text }, ...extra });
    await idle();
  };
  const liveOf = (contactId: string) =>
    h.app.db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', contactId).where('stage', '!=', 'closed').executeTakeFirstOrThrow();
  const finish = async (contactId: string) => {
    const c = await liveOf(contactId);
    await admin.trpc.inbox.finish.mutate({ id: c.id, survey: false });
    return c;
  };
  const ids = (o: { items: { id: string }[] }) => o.items.map((i) => i.id).sort();

  let vendasConv: string;
  let siteConv: string;
  let brunoConv: string;

  beforeAll(async () => {
    control = new WindowedControl({});
    h = await startHarness({ db: database(), services: { channelControl: control } });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    salesId = (await admin.trpc.departments.create.mutate({ name: 'Vendas' })).id;
    billingId = (await admin.trpc.departments.create.mutate({ name: 'Financeiro' })).id;
    await admin.trpc.users.create.mutate({ name: 'Sofia Vendas', email: 'sofia@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [salesId] });
    await admin.trpc.users.create.mutate({ name: 'Fábio Financeiro', email: 'fabio@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [billingId] });
    sales = h.client();
    await sales.login('sofia@ozia.test', PASSWORD);
    billing = h.client();
    await billing.login('fabio@ozia.test', PASSWORD);

    const k = h.app.db.kysely;
    const account = async (name: string, kind: string, dept: string) => {
      const id = (await h.app.channels.create({ kind: 'whatsapp', name, botOffDepartmentId: dept })).id;
      // The web chat kind is another helper's: its row is what the Inbox reads.
      if (kind !== 'whatsapp') await k.updateTable('channels').set({ kind }).where('id', '=', id).execute();
      const channel = new FakeAccount(id);
      channel.capabilities = whatsappLike;
      h.app.runtime.registerChannel(channel, unpacedDelivery(dept));
      return { id, channel };
    };
    accounts.vendas = await account('Vendas', 'whatsapp', salesId);
    accounts.site = await account('Site', 'webchat', salesId);
    accounts.suporte = await account('Suporte', 'whatsapp', billingId);

    // Carla writes to WhatsApp · Vendas; later, on the site's chat, she leaves her phone and the
    // widget makes her visitor id hers (the identity row the web chat writes).
    await say('vendas', carla, 'Oi, quero um orçamento');
    carlaId = (await k.selectFrom('contact_identities').select('contact_id').where('value', '=', CARLA_PHONE).executeTakeFirstOrThrow()).contact_id;
    vendasConv = (await finish(carlaId)).id;
    const at = new Date().toISOString();
    await k.insertInto('contact_identities').values({ channel_id: accounts.site.id, kind: 'visitor', value: 'v-carla', contact_id: carlaId, created_at: at, last_seen_at: at }).execute();
    await say('site', { identities: [{ kind: 'visitor', value: 'v-carla' }] }, 'Voltei pelo site');
    siteConv = (await liveOf(carlaId)).id;
    // Bruno writes to WhatsApp · Suporte, which serves Financeiro only.
    await say('suporte', bruno, 'Minha fatura veio errada');
    brunoConv = (await liveOf((await k.selectFrom('contact_identities').select('contact_id').where('value', '=', bruno.identities[0].value).executeTakeFirstOrThrow()).contact_id)).id;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('each conversation names its account and kind, in the list and in the conversation', async () => {
    const all = await admin.trpc.inbox.list.query({ view: 'closed' });
    expect(all.items.find((i) => i.id === vendasConv)).toMatchObject({ channel: accounts.vendas.id, channelKind: 'whatsapp', channelName: 'Vendas' });
    // The contact wrote on the site: that conversation is the site's, not her first number's.
    const open = await admin.trpc.inbox.list.query({ view: 'department' });
    expect(open.items.find((i) => i.id === siteConv)).toMatchObject({ channel: accounts.site.id, channelKind: 'webchat', channelName: 'Site' });
    expect(await admin.trpc.inbox.get.query({ id: brunoConv })).toMatchObject({ channelKind: 'whatsapp', channelName: 'Suporte' });
    // Her message on the site is recorded as the site's.
    const inSite = await h.app.db.kysely.selectFrom('messages').select('channel').where('conversation_id', '=', siteConv).where('direction', '=', 'in').execute();
    expect(inSite.map((m) => m.channel)).toEqual([accounts.site.id]);
  });

  it('filters by channel kind and by account, and counts follow them', async () => {
    expect(ids(await admin.trpc.inbox.list.query({ view: 'department', channelKind: 'whatsapp' }))).toEqual([brunoConv]);
    expect(ids(await admin.trpc.inbox.list.query({ view: 'department', channelKind: 'webchat' }))).toEqual([siteConv]);
    expect(ids(await admin.trpc.inbox.list.query({ view: 'closed', channel: accounts.vendas.id }))).toEqual([vendasConv]);
    expect(ids(await admin.trpc.inbox.list.query({ view: 'department', channelKind: 'instagram' }))).toEqual([]);
    expect(await admin.trpc.inbox.counts.query({ channelKind: 'whatsapp' })).toMatchObject({ department: 1, closed: 1 });
    expect(await admin.trpc.inbox.counts.query({ channel: accounts.site.id })).toMatchObject({ department: 1, closed: 0 });
  });

  it("an operator is offered only their departments' accounts and cannot filter their way into another's", async () => {
    const names = async (c: TestClient) => (await c.trpc.inbox.accounts.query()).map((a) => a.name).sort();
    expect(await names(sales)).toEqual(['Site', 'Vendas']);
    expect(await names(billing)).toEqual(['Suporte']);
    expect(await names(admin)).toEqual(expect.arrayContaining(['Site', 'Suporte', 'Vendas', 'Chat de teste']));
    // Asking for Suporte's account or for every WhatsApp shows Vendas nothing of Financeiro's.
    for (const view of ['waiting', 'department', 'closed'] as const) {
      expect((await sales.trpc.inbox.list.query({ view, channel: accounts.suporte.id })).items).toEqual([]);
      expect((await sales.trpc.inbox.list.query({ view, channelKind: 'whatsapp' })).items.map((i) => i.id)).not.toContain(brunoConv);
    }
    expect(await sales.trpc.inbox.counts.query({ channel: accounts.suporte.id })).toEqual({ waiting: 0, mine: 0, department: 0, closed: 0 });
    expect(ids(await billing.trpc.inbox.list.query({ view: 'department', channelKind: 'whatsapp' }))).toEqual([brunoConv]);
  });

  it('the contact panel lists the person on every account, the one seen last first', async () => {
    const panel = await sales.trpc.inbox.contactPanel.query({ id: siteConv });
    expect(panel.identities.map((i) => [i.channelName, i.channelKind, i.kind, i.value])).toEqual([
      ['Site', 'webchat', 'visitor', 'v-carla'],
      ['Vendas', 'whatsapp', 'phone', CARLA_PHONE],
    ]);
    for (const i of panel.identities) expect(Date.parse(i.lastSeenAt)).toBeGreaterThan(0);
    // The person's identities are read from what they did: the site's is dated by her message there.
    const siteMessage = await h.app.db.kysely.selectFrom('messages').select('created_at').where('conversation_id', '=', siteConv).where('direction', '=', 'in').executeTakeFirstOrThrow();
    expect(panel.identities[0].lastSeenAt >= siteMessage.created_at).toBe(true);
    // Another department's operator cannot open the panel at all.
    expect(await codeOf(billing.trpc.inbox.contactPanel.query({ id: siteConv }))).toBe('NOT_FOUND');
  });

  it('an agent writes first on the account they choose: the message leaves through its lane and the answer comes back into it', async () => {
    await finish(carlaId);
    const choices = await sales.trpc.inbox.startChoices.query({ contactId: carlaId });
    // The one she used last comes first (the dialog's default).
    expect(choices.map((c) => [c.name, c.kind, c.refusal])).toEqual([
      ['Site', 'webchat', null],
      ['Vendas', 'whatsapp', null],
    ]);
    const vendasBefore = accounts.vendas.channel.delivered.length;
    const siteBefore = accounts.site.channel.delivered.length;
    const { id } = await sales.trpc.inbox.start.mutate({ contactId: carlaId, departmentId: salesId, channelId: accounts.vendas.id, text: 'Oi Carla, seu orçamento ficou pronto' });
    await idle();
    const conv = await h.app.db.kysely.selectFrom('conversations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(conv.channel).toBe(accounts.vendas.id);
    const sent = accounts.vendas.channel.delivered.slice(vendasBefore);
    expect(sent.map((d) => [d.conversationId, d.to])).toEqual([[id, { kind: 'phone', value: CARLA_PHONE }]]);
    expect(accounts.site.channel.delivered.length).toBe(siteBefore);
    expect(await sales.trpc.inbox.get.query({ id })).toMatchObject({ channelKind: 'whatsapp', channelName: 'Vendas' });

    // She answers on that number: it joins the same conversation, and the agent's reply leaves there too.
    await say('vendas', carla, 'Ótimo, pode mandar');
    expect((await liveOf(carlaId)).id).toBe(id);
    await sales.trpc.inbox.reply.mutate({ id, text: 'Enviado!' });
    await idle();
    expect(accounts.vendas.channel.delivered.slice(vendasBefore).map((d) => d.conversationId)).toEqual([id, id]);
    expect(accounts.site.channel.delivered.length).toBe(siteBefore);
  });

  it('without a choice the start takes the account the contact used last; an account the contact is not on is refused', async () => {
    await finish(carlaId);
    const before = await h.app.db.kysely.selectFrom('conversations').select('id').execute();
    const refused = await sales.trpc.inbox.start
      .mutate({ contactId: carlaId, departmentId: salesId, channelId: accounts.suporte.id, text: 'Oi' })
      .then(() => null, (e) => errorOf(e));
    expect(refused).toMatchObject({ code: 'BAD_REQUEST' });
    expect(refused?.message).toMatch(/^channelId: /);
    expect(await h.app.db.kysely.selectFrom('conversations').select('id').execute()).toHaveLength(before.length);
    // Her last message was on Vendas now.
    const { id } = await sales.trpc.inbox.start.mutate({ contactId: carlaId, departmentId: salesId, text: 'Oi de novo' });
    expect((await h.app.db.kysely.selectFrom('conversations').select('channel').where('id', '=', id).executeTakeFirstOrThrow()).channel).toBe(accounts.vendas.id);
  });

  it("a kind that refuses a free-text start says why, and the start is refused with nothing sent", async () => {
    await finish(carlaId);
    control.strict = accounts.site.id;
    // Her last message on the site is more than a day old.
    await h.app.db.kysely
      .updateTable('messages')
      .set({ created_at: '2026-01-01T10:00:00.000Z' })
      .where('channel', '=', accounts.site.id)
      .where('contact_id', '=', carlaId)
      .execute();
    const choices = await sales.trpc.inbox.startChoices.query({ contactId: carlaId });
    expect(choices.find((c) => c.channelId === accounts.site.id)?.refusal).toEqual(REFUSAL);
    expect(control.asked.at(-1)?.lastInboundAt).toBe('2026-01-01T10:00:00.000Z');
    const siteBefore = accounts.site.channel.delivered.length;
    const refused = await sales.trpc.inbox.start
      .mutate({ contactId: carlaId, departmentId: salesId, channelId: accounts.site.id, text: 'Oi' })
      .then(() => null, (e) => errorOf(e));
    expect(refused).toMatchObject({ code: 'CONFLICT', message: `channelId: ${REFUSAL.en}` });
    await idle();
    expect(accounts.site.channel.delivered.length).toBe(siteBefore);
    control.strict = '';
  });

  it.runIf(_name === 'sqlite')('the filtered lists still read off their partial indexes, in order', async () => {
    const viewer = h.app.inbox.viewer({ id: 'someone', name: 'Sofia', role: 'operator' });
    const op = { ...viewer, departmentIds: [salesId] };
    const sup = { ...viewer, role: 'supervisor' as const };
    for (const [who, v, view, index] of [
      ['operator', op, 'waiting', 'conversations_waiting_department'],
      ['operator', op, 'department', 'conversations_open_department'],
      // Closed also holds what the operator served in other departments: the whole list's index, walked in order.
      ['operator', op, 'closed', 'conversations_closed'],
      ['supervisor', sup, 'waiting', 'conversations_waiting'],
      ['supervisor', sup, 'department', 'conversations_open'],
      ['supervisor', sup, 'closed', 'conversations_closed'],
    ] as const) {
      const q = h.app.inbox.lists.pageQuery(v, { view, channelKind: 'whatsapp', channel: accounts.vendas.id }).compile();
      const plan = await explain(q.sql, q.parameters);
      const unfiltered = h.app.inbox.lists.pageQuery(v, { view }).compile();
      const conversationsStep = (p: string[]) => p.find((line) => /^(SEARCH|SCAN) c\b/.test(line));
      // The same walk down the list's own index as without the filters (ties on the sort key are
      // ordered by id, as before); the kind's accounts are read once, before it.
      expect(conversationsStep(plan), `${who} ${view}`).toContain(`USING INDEX ${index}`);
      expect(conversationsStep(plan)).toBe(conversationsStep(await explain(unfiltered.sql, unfiltered.parameters)));
      expect(plan.join('\n'), `${who} ${view}`).not.toMatch(/TEMP B-TREE FOR ORDER BY|SCAN c$/m);
    }
  });

  /** SQLite's plan for a compiled query, its parameters bound. */
  async function explain(text: string, parameters: readonly unknown[]): Promise<string[]> {
    const r = await h.app.db.kysely.executeQuery<{ detail: string }>({ sql: `explain query plan ${text}`, parameters, query: { kind: 'RawNode' } as never, queryId: { queryId: 'plan' } as never });
    return r.rows.map((x) => x.detail);
  }
});
