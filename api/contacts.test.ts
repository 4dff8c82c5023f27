// The Contacts tab's API over HTTP, on SQLite and PostgreSQL: the list (sorts, pages, search by a
// phone in any format, e-mail and CPF, every filter), the contact page, adding and editing with
// every value checked before anything is written, custom fields, saved filters, and operators
// who reach only the contacts of their departments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactAddress } from '../runtime/channels/contract.js';
import { postgresDatabase, sqliteDatabase, type TestDatabase } from '../runtime/testing/databases.js';
import { RecordingChannel } from '../runtime/testing/recording-channel.js';
import { ADMIN, errorOf, unpacedDelivery, failure, startHarness, type Harness, type TestClient } from './testing/harness.js';
import { RecordingControl } from './testing/recording-control.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';

const PASSWORD = 'operator-password-1';
const VALID_CPF = '529.982.247-25';
const VALID_CNPJ = '11.222.333/0001-81';

describe.each([
  ['sqlite', sqliteDatabase],
  ['postgres', postgresDatabase],
] as [string, () => TestDatabase][])('the contacts directory (%s)', (dialect, database) => {
  let h: Harness;
  let admin: TestClient;
  let sales: TestClient;
  let billing: TestClient;
  let salesId: string;
  let billingId: string;
  const accounts: Record<'vendas' | 'site' | 'suporte', string> = {} as never;
  let carlaId: string;
  let brunoId: string;
  let n = 0;

  const idle = async () => {
    for (let i = 0; i < 2; i++) {
      await h.app.runtime.idle();
      await h.app.inbox.assigner.idle();
    }
  };
  const say = async (account: keyof typeof accounts, from: ContactAddress, text: string) => {
    await h.app.runtime.receiveEvent(accounts[account], { type: 'message', externalId: `m-${++n}`, at: new Date().toISOString(), from, kind: 'text', reply: { text } });
    await idle();
  };
  const contactOf = async (value: string) =>
    (await h.app.db.kysely.selectFrom('contact_identities').select('contact_id').where('value', '=', value).executeTakeFirstOrThrow()).contact_id;
  const names = (o: { items: { name: string | null }[] }) => o.items.map((i) => i.name);

  beforeAll(async () => {
    h = await startHarness({ db: database(), services: { channelControl: new RecordingControl({}) } });
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
      if (kind !== 'whatsapp') await k.updateTable('channels').set({ kind }).where('id', '=', id).execute();
      h.app.runtime.registerChannel(new RecordingChannel(id), unpacedDelivery(dept));
      return id;
    };
    accounts.vendas = await account('Vendas', 'whatsapp', salesId);
    accounts.site = await account('Site', 'webchat', salesId);
    accounts.suporte = await account('Suporte', 'whatsapp', billingId);
    // Carla writes to WhatsApp · Vendas (her number as WhatsApp gives it); Bruno to Suporte (Financeiro).
    await say('vendas', { identities: [{ kind: 'phone', value: '5511988887777' }], name: 'Carla Souza', phone: '5511988887777' }, 'Oi, quero um orçamento');
    carlaId = await contactOf('5511988887777');
    await say('suporte', { identities: [{ kind: 'phone', value: '5521977776666' }], name: 'Bruno Lima', phone: '5521977776666' }, 'Minha fatura veio errada');
    brunoId = await contactOf('5521977776666');
    await h.app.contacts.lastContact.catchUp();
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('custom fields', () => {
    it('are defined, renamed, reordered and deleted (with their values) by supervisors', async () => {
      const cpf = await admin.trpc.contacts.fields.create.mutate({ label: 'CPF ou CNPJ', type: 'cpf_cnpj' });
      expect(cpf.key).toBe('cpf_ou_cnpj');
      const plan = await admin.trpc.contacts.fields.create.mutate({ label: 'Plano', type: 'list', options: ['Básico', 'Pro'] });
      await admin.trpc.contacts.fields.create.mutate({ label: 'Pontos', key: 'pontos', type: 'number' });
      await admin.trpc.contacts.fields.create.mutate({ label: 'Aniversário', key: 'aniversario', type: 'date' });
      await admin.trpc.contacts.fields.create.mutate({ label: 'Cliente VIP', key: 'vip', type: 'yes_no' });
      const temp = await admin.trpc.contacts.fields.create.mutate({ label: 'Apelido', type: 'text' });
      // A list with no options, a key the contact already has, a label taken: refused, naming the field.
      expect(await failure(admin.trpc.contacts.fields.create.mutate({ label: 'Vazia', type: 'list' }))).toMatchObject({ code: 'BAD_REQUEST', message: 'options: a list needs at least one option' });
      expect((await failure(admin.trpc.contacts.fields.create.mutate({ label: 'Nome', key: 'name', type: 'text' }))).message).toMatch(/^key: /);
      expect(await failure(admin.trpc.contacts.fields.create.mutate({ label: 'plano', type: 'text' }))).toMatchObject({ code: 'CONFLICT' });
      // Operators read the definitions, never change them.
      expect((await sales.trpc.contacts.fields.list.query()).map((f) => f.key)).toContain('cpf_ou_cnpj');
      expect(await failure(sales.trpc.contacts.fields.create.mutate({ label: 'X', type: 'text' }))).toMatchObject({ code: 'FORBIDDEN' });

      await admin.trpc.contacts.fields.update.mutate({ id: plan.id, label: 'Plano contratado', options: ['Básico', 'Pro', 'Empresa'] });
      const ids = (await admin.trpc.contacts.fields.list.query()).map((f) => f.id);
      await admin.trpc.contacts.fields.reorder.mutate({ ids: [...ids].reverse() });
      const after = await admin.trpc.contacts.fields.list.query();
      expect(after.map((f) => f.id)).toEqual([...ids].reverse());
      expect(after.find((f) => f.id === plan.id)).toMatchObject({ label: 'Plano contratado', options: ['Básico', 'Pro', 'Empresa'], key: 'plano' });

      // Deleting a field deletes its values: the confirmation counts them first.
      await admin.trpc.contacts.update.mutate({ id: carlaId, patch: { fields: { [temp.key]: 'Carlinha' } } });
      expect(await admin.trpc.contacts.fields.usage.query({ id: temp.id })).toEqual({ contacts: 1 });
      expect(await admin.trpc.contacts.fields.remove.mutate({ id: temp.id })).toEqual({ cleared: 1 });
      expect((await admin.trpc.contacts.get.query({ id: carlaId })).fields).toEqual({});
      await admin.trpc.contacts.fields.reorder.mutate({ ids: ids.filter((i) => i !== temp.id) });
    });
  });

  describe('adding and editing', () => {
    let anaId: string;
    it('adds a contact with a phone stored as E.164, and refuses a duplicate phone or e-mail naming the existing contact', async () => {
      anaId = (await admin.trpc.contacts.create.mutate({ name: 'Ana Pereira', phone: '+55 11 99999-0000', email: 'Ana@Exemplo.com.br', fields: { cpf_ou_cnpj: VALID_CPF } })).id;
      const page = await admin.trpc.contacts.get.query({ id: anaId });
      expect(page).toMatchObject({ name: 'Ana Pereira', phone: '+5511999990000', email: 'ana@exemplo.com.br', fields: { cpf_ou_cnpj: '52998224725' } });
      // The same number typed another way, the same e-mail in capitals.
      expect(await failure(admin.trpc.contacts.create.mutate({ name: 'Outra Ana', phone: '11 99999-0000' }))).toEqual({
        code: 'CONFLICT',
        message: `phone: contact "${anaId}" already has this phone`,
      });
      expect(await failure(admin.trpc.contacts.create.mutate({ name: 'Outra Ana', email: 'ANA@exemplo.com.br' }))).toEqual({
        code: 'CONFLICT',
        message: `email: contact "${anaId}" already has this e-mail`,
      });
      // WhatsApp's spelling of a number (no '+') is the same number too.
      expect((await failure(admin.trpc.contacts.create.mutate({ phone: '(11) 98888-7777' }))).message).toBe(`phone: contact "${carlaId}" already has this phone`);
      // An operator who may not open the existing contact is not given its id.
      expect((await failure(billing.trpc.contacts.create.mutate({ phone: '11 98888-7777' }))).message).toBe('phone: another contact already has this phone');
      expect(await failure(admin.trpc.contacts.create.mutate({ notes: 'só uma nota' }))).toMatchObject({ code: 'BAD_REQUEST', message: 'name: type a name, a phone or an e-mail' });
    });

    it('refuses an invalid CPF, number, date or list value naming each field, and writes nothing', async () => {
      const before = await admin.trpc.contacts.get.query({ id: anaId });
      const refused = await failure(
        admin.trpc.contacts.update.mutate({
          id: anaId,
          patch: { name: 'Ana Mudada', fields: { cpf_ou_cnpj: '529.982.247-24', pontos: 'muitos', aniversario: '2026-02-30', plano: 'Ouro' } },
        }),
      );
      expect(refused.code).toBe('BAD_REQUEST');
      expect(refused.message.split('\n')).toEqual([
        'fields.cpf_ou_cnpj: "CPF ou CNPJ" is not a valid CPF or CNPJ',
        'fields.pontos: "Pontos" must be a number',
        'fields.aniversario: "Aniversário" must be a date (YYYY-MM-DD)',
        'fields.plano: "Plano contratado" must be one of: Básico, Pro, Empresa',
      ]);
      expect(await admin.trpc.contacts.get.query({ id: anaId })).toEqual(before);
      expect((await failure(admin.trpc.contacts.update.mutate({ id: anaId, patch: { phone: '123' } }))).message).toBe('phone: not a valid phone number (include the area code)');
      expect((await failure(admin.trpc.contacts.update.mutate({ id: anaId, patch: { email: 'ana@' } }))).message).toBe('patch.email: type a valid email');
    });

    it('saves every field by its type, tags and notes in one edit', async () => {
      const tag = await admin.trpc.inbox.tags.create.mutate({ name: 'Cliente fiel' });
      await admin.trpc.contacts.update.mutate({
        id: anaId,
        patch: { notes: 'Prefere WhatsApp', tagIds: [tag.id], fields: { pontos: '10,5', aniversario: '1990-04-12', plano: 'pro', vip: true, cpf_ou_cnpj: VALID_CNPJ } },
      });
      const page = await admin.trpc.contacts.get.query({ id: anaId });
      expect(page.fields).toEqual({ pontos: 10.5, aniversario: '1990-04-12', plano: 'Pro', vip: true, cpf_ou_cnpj: '11222333000181' });
      expect(page.tags.map((t) => t.name)).toEqual(['Cliente fiel']);
      expect(page.notes).toBe('Prefere WhatsApp');
      await admin.trpc.contacts.update.mutate({ id: anaId, patch: { fields: { cpf_ou_cnpj: VALID_CPF, vip: null } } });
      expect((await admin.trpc.contacts.get.query({ id: anaId })).fields).toEqual({ pontos: 10.5, aniversario: '1990-04-12', plano: 'Pro', cpf_ou_cnpj: '52998224725' });
    });
  });

  describe('the list', () => {
    it('finds one contact by a phone in any format, by e-mail, by CPF and by name', async () => {
      for (const typed of ['11 99999-0000', '+55 11 99999-0000', '5511999990000', '(11) 99999-0000']) {
        expect(names(await admin.trpc.contacts.list.query({ search: typed })), typed).toEqual(['Ana Pereira']);
      }
      // WhatsApp's number for Carla, typed as a person would.
      expect(names(await admin.trpc.contacts.list.query({ search: '+55 (11) 98888-7777' }))).toEqual(['Carla Souza']);
      expect(names(await admin.trpc.contacts.list.query({ search: '529.982.247-25' }))).toEqual(['Ana Pereira']);
      expect(names(await admin.trpc.contacts.list.query({ search: '52998224725' }))).toEqual(['Ana Pereira']);
      expect(names(await admin.trpc.contacts.list.query({ search: 'ANA@exemplo.com.br' }))).toEqual(['Ana Pereira']);
      expect(names(await admin.trpc.contacts.list.query({ search: 'souza' }))).toEqual(['Carla Souza']);
      expect(names(await admin.trpc.contacts.list.query({ search: '99999-1111' }))).toEqual([]);
    });

    it('sorts by name, creation and last contact, in pages with the total', async () => {
      for (const name of ['Daniel', 'Elisa', 'Fernanda', 'Gustavo']) await admin.trpc.contacts.create.mutate({ name: `${name} Teste`, email: `${name.toLowerCase()}@teste.com` });
      const byName = await admin.trpc.contacts.list.query({ sort: 'name', pageSize: 3 });
      expect(byName.total).toBe(7);
      expect(names(byName)).toEqual(['Ana Pereira', 'Bruno Lima', 'Carla Souza']);
      expect(names(await admin.trpc.contacts.list.query({ sort: 'name', pageSize: 3, page: 2 }))).toEqual(['Daniel Teste', 'Elisa Teste', 'Fernanda Teste']);
      expect(names(await admin.trpc.contacts.list.query({ sort: 'name', pageSize: 3, page: 3 }))).toEqual(['Gustavo Teste']);
      expect(names(await admin.trpc.contacts.list.query({ sort: 'name', dir: 'desc', pageSize: 2 }))).toEqual(['Gustavo Teste', 'Fernanda Teste']);
      expect(names(await admin.trpc.contacts.list.query({ sort: 'created', pageSize: 2 }))).toEqual(['Gustavo Teste', 'Fernanda Teste']);
      // Last contact: who wrote last first; contacts nobody talked to yet come last.
      await say('vendas', { identities: [{ kind: 'phone', value: '5511988887777' }], name: 'Carla Souza', phone: '5511988887777' }, 'Mais uma coisa');
      await h.app.contacts.lastContact.catchUp();
      const byLast = await admin.trpc.contacts.list.query({ sort: 'last_contact' });
      expect(names(byLast).slice(0, 2)).toEqual(['Carla Souza', 'Bruno Lima']);
      expect(byLast.items[0].lastContactAt! > byLast.items[1].lastContactAt!).toBe(true);
      expect(byLast.items.slice(2).every((i) => i.lastContactAt === null)).toBe(true);
      // Each row names the person's channels and tags.
      const carla = (await admin.trpc.contacts.list.query({ search: 'Carla' })).items[0];
      expect(carla).toMatchObject({ phone: '+5511988887777', channels: [{ channelId: accounts.vendas, kind: 'whatsapp', name: 'Vendas' }] });
    });

    it('filters by tag, custom field, channel and dates', async () => {
      const tag = (await admin.trpc.inbox.tags.list.query()).find((t) => t.name === 'Cliente fiel')!;
      expect(names(await admin.trpc.contacts.list.query({ tagId: tag.id }))).toEqual(['Ana Pereira']);
      const q = (field: object) => admin.trpc.contacts.list.query({ field: field as never }).then(names);
      expect(await q({ key: 'plano', op: 'equals', value: 'PRO' })).toEqual(['Ana Pereira']);
      expect(await q({ key: 'plano', op: 'equals', value: 'Básico' })).toEqual([]);
      expect(await q({ key: 'pontos', op: 'between', from: 10, to: 11 })).toEqual(['Ana Pereira']);
      expect(await q({ key: 'pontos', op: 'between', from: 11 })).toEqual([]);
      expect(await q({ key: 'aniversario', op: 'between', from: '1990-01-01', to: '1990-12-31' })).toEqual(['Ana Pereira']);
      expect(await q({ key: 'cpf_ou_cnpj', op: 'equals', value: VALID_CPF })).toEqual(['Ana Pereira']);
      await admin.trpc.contacts.update.mutate({ id: brunoId, patch: { fields: { vip: false } } });
      expect(await q({ key: 'vip', op: 'equals', value: false })).toEqual(['Bruno Lima']);
      expect((await failure(q({ key: 'plano', op: 'between', from: 1 }))).message).toBe('field.value: "Plano contratado" cannot be filtered by a range');
      expect(names(await admin.trpc.contacts.list.query({ channelKind: 'whatsapp', sort: 'name' }))).toEqual(['Bruno Lima', 'Carla Souza']);
      expect(names(await admin.trpc.contacts.list.query({ channel: accounts.suporte }))).toEqual(['Bruno Lima']);
      expect(names(await admin.trpc.contacts.list.query({ channelKind: 'instagram' }))).toEqual([]);
      const today = new Date().toISOString().slice(0, 10);
      expect((await admin.trpc.contacts.list.query({ createdFrom: today, createdTo: today })).total).toBe(7);
      expect((await admin.trpc.contacts.list.query({ createdTo: '2020-01-01' })).total).toBe(0);
      expect(names(await admin.trpc.contacts.list.query({ lastContactFrom: today, sort: 'name' }))).toEqual(['Bruno Lima', 'Carla Souza']);
      expect((await admin.trpc.contacts.list.query({ lastContactTo: '2020-01-01' })).total).toBe(0);
      // Filters combine with the search.
      expect(names(await admin.trpc.contacts.list.query({ search: 'Ana', tagId: tag.id, field: { key: 'plano', op: 'equals', value: 'Pro' } }))).toEqual(['Ana Pereira']);
    });
  });

  describe('who sees what', () => {
    it("an operator lists and opens only their departments' contacts; another is not found", async () => {
      expect(names(await sales.trpc.contacts.list.query({ sort: 'name' }))).toEqual(['Carla Souza']);
      expect(names(await billing.trpc.contacts.list.query({ sort: 'name' }))).toEqual(['Bruno Lima']);
      expect(names(await billing.trpc.contacts.list.query({ search: '11 98888-7777' }))).toEqual([]);
      expect(await failure(billing.trpc.contacts.get.query({ id: carlaId }))).toEqual({ code: 'NOT_FOUND', message: `contact "${carlaId}" not found` });
      expect(await failure(billing.trpc.contacts.update.mutate({ id: carlaId, patch: { name: 'Invasão' } }))).toMatchObject({ code: 'NOT_FOUND' });
      expect((await admin.trpc.contacts.get.query({ id: carlaId })).name).toBe('Carla Souza');
      const page = await sales.trpc.contacts.get.query({ id: carlaId });
      expect(page.phones).toEqual(['+5511988887777']);
      expect(page.identities.map((i) => [i.channelName, i.kind, i.value])).toEqual([['Vendas', 'phone', '5511988887777']]);
      // Her conversation, and its transcript through the Inbox's own procedure.
      expect(page.conversations.map((c) => [c.channelName, c.departmentName])).toEqual([['Vendas', 'Vendas']]);
      const transcript = await sales.trpc.inbox.messages.query({ id: page.conversations[0].id });
      expect(transcript.messages.map((m) => (m.body as { text?: string }).text)).toEqual(expect.arrayContaining(['Oi, quero um orçamento', 'Mais uma coisa']));
    });

    it("the contact page shows only the conversations the viewer could open in the Inbox", async () => {
      // Carla once talked to Financeiro too (a conversation served there and closed): Vendas still sees her, but not that conversation.
      const at = new Date().toISOString();
      await h.app.db.kysely
        .insertInto('conversations')
        .values({ id: 'carla-financeiro', contact_id: carlaId, channel: accounts.suporte, stage: 'closed', opened_at: at, closed_at: at, last_message_at: at, department_id: billingId })
        .execute();
      const onSuporte = { id: 'carla-financeiro' };
      const forSales = await sales.trpc.contacts.get.query({ id: carlaId });
      expect(forSales.conversations.map((c) => c.id)).not.toContain(onSuporte.id);
      expect(forSales.conversations.every((c) => c.departmentId === salesId)).toBe(true);
      const forBilling = await billing.trpc.contacts.get.query({ id: carlaId });
      expect(forBilling.conversations.map((c) => c.id)).toEqual([onSuporte.id]);
      expect((await failure(billing.trpc.inbox.messages.query({ id: forSales.conversations[0].id }))).code).toBe('NOT_FOUND');
      expect((await admin.trpc.contacts.get.query({ id: carlaId })).conversations).toHaveLength(forSales.conversations.length + 1);
    });

    it('an operator sees the contacts they added by hand', async () => {
      const { id } = await billing.trpc.contacts.create.mutate({ name: 'Helena Manual', phone: '21 99876-5432' });
      expect(names(await billing.trpc.contacts.list.query({ search: 'Helena' }))).toEqual(['Helena Manual']);
      expect(names(await sales.trpc.contacts.list.query({ search: 'Helena' }))).toEqual([]);
      expect((await failure(sales.trpc.contacts.get.query({ id }))).code).toBe('NOT_FOUND');
    });

    it("saved filters are each user's own", async () => {
      const saved = await sales.trpc.contacts.filters.save.mutate({ name: 'Clientes Pro', query: { field: { key: 'plano', op: 'equals', value: 'Pro' }, sort: 'name' } });
      expect(await sales.trpc.contacts.filters.list.query()).toEqual([{ id: saved.id, name: 'Clientes Pro', query: { field: { key: 'plano', op: 'equals', value: 'Pro' }, sort: 'name' } }]);
      expect(await billing.trpc.contacts.filters.list.query()).toEqual([]);
      expect(await billing.trpc.contacts.filters.remove.mutate({ id: saved.id })).toEqual({ removed: false });
      // Saving the same name again replaces it.
      await sales.trpc.contacts.filters.save.mutate({ name: 'Clientes Pro', query: { search: 'Ana' } });
      expect((await sales.trpc.contacts.filters.list.query()).map((f) => f.query)).toEqual([{ search: 'Ana' }]);
      expect(await sales.trpc.contacts.filters.remove.mutate({ id: saved.id })).toEqual({ removed: true });
      expect(await sales.trpc.contacts.filters.list.query()).toEqual([]);
    });
  });

  it('flows and quick replies read a custom field as {{contact.<key>}}, as stored now', async () => {
    const flow = await h.app.flows.create({
      name: 'Plano',
      document: buildFlow({
        variables: ['resposta'],
        groups: [
          {
            id: 'g',
            blocks: [
              text('t1', 'Plano: {{contact.plano}}'),
              { id: 'q', kind: 'input-text', options: { variableId: 'resposta', prompt: 'Confirma?' } },
              text('t2', 'Confirmado: {{contact.plano}}, VIP {{contact.vip}}, {{contact.pontos}} pontos, desde {{contact.aniversario}}'),
            ],
          },
        ],
      }),
    });
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId: flow.id });
    await h.app.runtime.idle();
    await admin.trpc.contacts.update.mutate({ id: sessionId, patch: { fields: { plano: 'Empresa', vip: true, pontos: '2,5', aniversario: '1990-04-12' } } });
    await admin.trpc.testChat.send.mutate({ sessionId, text: 'sim' });
    await h.app.runtime.idle();
    const said = (await admin.trpc.testChat.transcript.query({ sessionId })).filter((m) => m.direction === 'out').map((m) => (m.message as { text?: string }).text);
    // Before the value was stored, nothing; after, the value as stored, in the flow's language.
    expect(said).toContain('Plano:');
    expect(said).toContain('Confirmado: Empresa, VIP sim, 2,5 pontos, desde 12/04/1990');

    const qr = await admin.trpc.inbox.quickReplies.create.mutate({ shortcut: 'plano', title: 'Plano', body: 'Seu plano é {{contact.plano}}, {{contact.name}}' });
    await admin.trpc.contacts.update.mutate({ id: carlaId, patch: { fields: { plano: 'Básico' } } });
    const conv = (await admin.trpc.contacts.get.query({ id: carlaId })).conversations.find((c) => c.departmentId === salesId)!;
    expect((await sales.trpc.inbox.renderQuickReply.mutate({ id: conv.id, quickReplyId: qr.id })).text).toBe('Seu plano é Básico, Carla Souza');
  });

  it('when two contacts turn out to be one person, what was written on the one that goes keeps on the one that stays', async () => {
    // Someone writes with WhatsApp's LID only: a contact of its own, tagged and filled in by an agent.
    await say('vendas', { identities: [{ kind: 'lid', value: '99887766@lid' }] }, 'Oi, sou eu de outro aparelho');
    const twinId = await contactOf('99887766@lid');
    expect(twinId).not.toBe(carlaId);
    const tag = (await admin.trpc.inbox.tags.list.query()).find((t) => t.name === 'Cliente fiel')!;
    await admin.trpc.contacts.update.mutate({ id: twinId, patch: { notes: 'Conheceu pela feira', tagIds: [tag.id], fields: { plano: 'Pro', pontos: 7 } } });
    const before = (await admin.trpc.contacts.get.query({ id: carlaId })).fields;
    // WhatsApp then reports the LID as Carla's number: one person.
    await say('vendas', { identities: [{ kind: 'phone', value: '5511988887777' }, { kind: 'lid', value: '99887766@lid' }] }, 'Era eu');
    expect((await failure(admin.trpc.contacts.get.query({ id: twinId }))).code).toBe('NOT_FOUND');
    const carla = await admin.trpc.contacts.get.query({ id: carlaId });
    expect(carla.tags.map((t) => t.name)).toContain('Cliente fiel');
    expect(carla.notes).toContain('Conheceu pela feira');
    // Her own values win; the ones she lacked come over.
    expect(carla.fields).toEqual({ pontos: 7, ...before });
    const finish = await h.app.db.kysely.selectFrom('conversations').select('id').where('contact_id', '=', carlaId).where('stage', '!=', 'closed').execute();
    for (const c of finish) await admin.trpc.inbox.finish.mutate({ id: c.id, survey: false });
  });

  it.runIf(dialect === 'sqlite')('the list and its searches read off their indexes over many contacts', async () => {
    const k = h.app.db.kysely;
    // Enough rows that the planner's choice matters (and ANALYZE has something to measure).
    const rows = Array.from({ length: 20_000 }, (_, i) => {
      const at = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      return {
        id: `seed-${String(i).padStart(6, '0')}`,
        channel: 'manual',
        external_id: `seed-${i}`,
        name: `Pessoa ${i}`,
        phone: `55119${String(70_000_000 + i)}`,
        email: `p${i}@seed.test`,
        document: i % 10 === 0 ? String(10_000_000_000 + i) : null,
        created_at: at,
        last_contact_at: i % 3 === 0 ? at : null,
      };
    });
    for (let i = 0; i < rows.length; i += 500) await k.insertInto('contacts').values(rows.slice(i, i + 500)).execute();
    h.app.db.sqlite!.exec('analyze');
    const sup = { id: 'x', name: 'S', role: 'supervisor' as const, departmentIds: [] };
    const plan = async (query: object) => {
      const c = (await h.app.contacts.directory.pageQuery(sup, query)).compile();
      const r = await k.executeQuery<{ detail: string }>({ sql: `explain query plan ${c.sql}`, parameters: c.parameters, query: { kind: 'RawNode' } as never, queryId: { queryId: 'plan' } as never });
      return r.rows.map((x) => x.detail).join('\n');
    };
    for (const [query, index] of [
      [{ sort: 'name' }, 'contacts_name_sort'],
      [{ sort: 'name', dir: 'desc' }, 'contacts_name_sort'],
      [{ sort: 'created' }, 'contacts_created'],
      [{ sort: 'last_contact' }, 'contacts_last_contact'],
    ] as const) {
      const p = await plan(query);
      expect(p, JSON.stringify(query)).toContain(`USING INDEX ${index}`);
      expect(p, JSON.stringify(query)).not.toContain('TEMP B-TREE');
    }
    // A phone in any format, an e-mail, a CPF: each a lookup, not a walk through every contact.
    for (const [search, index] of [
      ['11 97000-0123', 'contacts_phone'],
      ['p123@seed.test', 'contacts_email'],
      [VALID_CPF, 'contacts_document'],
    ] as const) {
      const p = await plan({ search });
      expect(p, search).toContain(`USING INDEX ${index}`);
      expect(p, search).not.toMatch(/^SCAN contacts/m);
    }
    expect(names(await admin.trpc.contacts.list.query({ search: '11 97000-0123' }))).toEqual(['Pessoa 123']);
    await k.deleteFrom('contacts').where('id', 'like', 'seed-%').execute();
  });
});
