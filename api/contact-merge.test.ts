// Merging two contacts by hand, over HTTP on SQLite and PostgreSQL: the preview names every value
// both hold differently, the chosen values win, everything else of both is kept (identities per
// channel, conversations with their transcripts, tags, notes, fields only one had); a preview
// made before someone's edit is refused and changes nothing; an operator reaches only contacts of
// their departments; the merged-away address leads to the survivor for who may open it. And the
// contact page lists what flows collected, past runs included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboxNotice } from '../runtime/bus.js';
import type { ContactAddress } from '../runtime/channels/contract.js';
import { testDatabases } from '../runtime/testing/databases.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { RecordingChannel } from '../runtime/testing/recording-channel.js';
import { ADMIN, errorOf, unpacedDelivery, failure, startHarness, type Harness, type TestClient } from './testing/harness.js';
import { RecordingControl } from './testing/recording-control.js';

const PASSWORD = 'operator-password-1';

describe.each(testDatabases)('merging contacts (%s)', (dialect) => {
  let h: Harness;
  let admin: TestClient;
  let sales: TestClient;
  let billing: TestClient;
  let salesId: string;
  const accounts: Record<'vendas' | 'site' | 'suporte', string> = {} as never;
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

  beforeAll(async () => {
    h = await startHarness({ db: testDatabases.find(([d]) => d === dialect)![1](), services: { channelControl: new RecordingControl({}) } });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    salesId = (await admin.trpc.departments.create.mutate({ name: 'Vendas' })).id;
    const billingId = (await admin.trpc.departments.create.mutate({ name: 'Financeiro' })).id;
    await admin.trpc.users.create.mutate({ name: 'Sofia Vendas', email: 'sofia@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [salesId] });
    await admin.trpc.users.create.mutate({ name: 'Fábio Financeiro', email: 'fabio@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [billingId] });
    sales = h.client();
    await sales.login('sofia@ozia.test', PASSWORD);
    billing = h.client();
    await billing.login('fabio@ozia.test', PASSWORD);
    const account = async (name: string, kind: string, dept: string) => {
      const id = (await h.app.channels.create({ kind: 'whatsapp', name, botOffDepartmentId: dept })).id;
      if (kind !== 'whatsapp') await h.app.db.kysely.updateTable('channels').set({ kind }).where('id', '=', id).execute();
      h.app.runtime.registerChannel(new RecordingChannel(id), unpacedDelivery(dept));
      return id;
    };
    accounts.vendas = await account('Vendas', 'whatsapp', salesId);
    accounts.site = await account('Site', 'webchat', salesId);
    accounts.suporte = await account('Suporte', 'whatsapp', billingId);
    await admin.trpc.contacts.fields.create.mutate({ label: 'Plano', key: 'plano', type: 'list', options: ['Básico', 'Pro'] });
    await admin.trpc.contacts.fields.create.mutate({ label: 'Pontos', key: 'pontos', type: 'number' });
    await admin.trpc.contacts.fields.create.mutate({ label: 'Cidade', key: 'cidade', type: 'text' });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('merges two contacts with the chosen values: one contact, both histories, what had no conflict kept', async () => {
    // Carla writes on WhatsApp, and as a visitor of the site chat: two contacts of Vendas.
    await say('vendas', { identities: [{ kind: 'phone', value: '5511988887777' }], name: 'Carla Souza', phone: '5511988887777' }, 'Oi, quero um orçamento');
    await say('site', { identities: [{ kind: 'visitor', value: 'visitante-42' }], name: 'Carla S.' }, 'Sou eu pelo site');
    const carla = await contactOf('5511988887777');
    const twin = await contactOf('visitante-42');
    const [vip, site] = [await admin.trpc.inbox.tags.create.mutate({ name: 'VIP' }), await admin.trpc.inbox.tags.create.mutate({ name: 'Veio do site' })];
    await admin.trpc.contacts.update.mutate({ id: carla, patch: { email: 'carla@empresa.test', fields: { plano: 'Básico', cidade: 'Santos' }, tagIds: [vip.id], notes: 'Prefere WhatsApp' } });
    await admin.trpc.contacts.update.mutate({ id: twin, patch: { email: 'carla@casa.test', fields: { plano: 'Pro', pontos: 7 }, tagIds: [site.id], notes: 'Pediu catálogo' } });

    const preview = await sales.trpc.contacts.mergePreview.query({ id: carla, otherId: twin });
    expect(preview.conflicts.map((c) => [c.key, c.here, c.other])).toEqual([
      ['name', 'Carla Souza', 'Carla S.'],
      ['email', 'carla@empresa.test', 'carla@casa.test'],
      ['fields.plano', 'Básico', 'Pro'],
    ]);
    expect(preview.conflicts.find((c) => c.key === 'fields.plano')?.field).toEqual({ key: 'plano', label: 'Plano', type: 'list' });
    expect(preview.combined.identities.map((i) => i.value).sort()).toEqual(['5511988887777', 'visitante-42']);
    expect(preview.combined.conversations).toBe(2);
    expect(preview.combined.tags.map((t) => t.name)).toEqual(['Veio do site', 'VIP']);

    const notices: InboxNotice[] = [];
    const off = h.app.bus.on('inbox', (e) => notices.push(e));
    const r = await sales.trpc.contacts.merge.mutate({ id: carla, otherId: twin, fingerprint: preview.fingerprint, keep: { name: 'other', 'fields.plano': 'other' } });
    off();
    expect(r.id).toBe(carla);

    const page = await sales.trpc.contacts.get.query({ id: carla });
    // Chosen: the other's name and plan; the e-mail left as it was (this contact's); the rest combined.
    expect(page.name).toBe('Carla S.');
    expect(page.email).toBe('carla@empresa.test');
    expect(page.phone).toBe('+5511988887777');
    expect(page.fields).toEqual({ plano: 'Pro', cidade: 'Santos', pontos: 7 });
    expect(page.tags.map((t) => t.name).sort()).toEqual(['VIP', 'Veio do site']);
    expect(page.notes).toContain('Prefere WhatsApp');
    expect(page.notes).toContain('Pediu catálogo');
    expect(page.identities.map((i) => [i.channelId, i.value]).sort()).toEqual(
      [
        [accounts.vendas, '5511988887777'],
        [accounts.site, 'visitante-42'],
      ].sort(),
    );
    // Both histories, each transcript intact.
    expect(page.conversations).toHaveLength(2);
    const transcripts = await Promise.all(page.conversations.map(async (c) => (await sales.trpc.inbox.messages.query({ id: c.id })).messages.map((m) => (m.body as { text?: string }).text)));
    expect(transcripts.flat()).toEqual(expect.arrayContaining(['Oi, quero um orçamento', 'Sou eu pelo site']));
    // One live conversation per person: the merged-away one's ended, and open Inboxes heard of it.
    expect(page.conversations.filter((c) => c.stage !== 'closed')).toHaveLength(1);
    const ended = page.conversations.find((c) => c.stage === 'closed')!;
    expect(notices).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'conversation', conversationId: ended.id, stage: 'closed' })]));

    // The merged-away address: gone, but it says where the person went to who may open her.
    expect((await failure(sales.trpc.contacts.get.query({ id: twin }))).code).toBe('NOT_FOUND');
    expect(await sales.trpc.contacts.mergedInto.query({ id: twin })).toMatchObject({ id: carla, name: 'Carla S.' });
    expect(await billing.trpc.contacts.mergedInto.query({ id: twin })).toBeNull();
    const row = await h.app.db.kysely.selectFrom('contact_merges').selectAll().where('loser_id', '=', twin).executeTakeFirstOrThrow();
    expect(row.survivor_id).toBe(carla);

    // Her next message on the site chat reaches the contact that stayed (ingest forgot the old id).
    await say('site', { identities: [{ kind: 'visitor', value: 'visitante-42' }] }, 'Voltei');
    expect(await contactOf('visitante-42')).toBe(carla);
    const live = (await sales.trpc.contacts.get.query({ id: carla })).conversations.filter((c) => c.stage !== 'closed');
    expect(live).toHaveLength(1);
    const texts = (await sales.trpc.inbox.messages.query({ id: live[0].id })).messages.map((m) => (m.body as { text?: string }).text);
    expect(texts).toContain('Voltei');
  });

  it('refuses a preview made before someone edited either contact, and changes nothing', async () => {
    const a = (await admin.trpc.contacts.create.mutate({ name: 'Pedro Alves', phone: '11 97777-1111', fields: { cidade: 'Campinas' } })).id;
    const b = (await admin.trpc.contacts.create.mutate({ name: 'Pedro A.', email: 'pedro@casa.test', fields: { cidade: 'Sorocaba' } })).id;
    const preview = await admin.trpc.contacts.mergePreview.query({ id: a, otherId: b });
    expect(preview.conflicts.map((c) => c.key)).toEqual(['name', 'fields.cidade']);
    // A colleague corrects the other contact meanwhile.
    await admin.trpc.contacts.update.mutate({ id: b, patch: { fields: { cidade: 'Jundiaí' } } });
    const refused = await failure(admin.trpc.contacts.merge.mutate({ id: a, otherId: b, fingerprint: preview.fingerprint, keep: { 'fields.cidade': 'other' } }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/changed since the preview/);
    expect((await admin.trpc.contacts.get.query({ id: a })).fields).toEqual({ cidade: 'Campinas' });
    expect((await admin.trpc.contacts.get.query({ id: b })).fields).toEqual({ cidade: 'Jundiaí' });
    expect(await admin.trpc.contacts.mergedInto.query({ id: b })).toBeNull();

    // A choice for something that is no conflict is refused, naming it; a fresh preview merges.
    const again = await admin.trpc.contacts.mergePreview.query({ id: a, otherId: b });
    expect(await failure(admin.trpc.contacts.merge.mutate({ id: a, otherId: b, fingerprint: again.fingerprint, keep: { phone: 'other' } }))).toMatchObject({
      code: 'BAD_REQUEST',
      message: 'keep.phone: not a conflict between these contacts',
    });
    expect((await failure(admin.trpc.contacts.merge.mutate({ id: a, otherId: a, fingerprint: again.fingerprint }))).message).toBe('otherId: choose another contact');
    await admin.trpc.contacts.merge.mutate({ id: a, otherId: b, fingerprint: again.fingerprint });
    const merged = await admin.trpc.contacts.get.query({ id: a });
    expect(merged).toMatchObject({ name: 'Pedro Alves', phone: '+5511977771111', email: 'pedro@casa.test', fields: { cidade: 'Campinas' } });
  });

  it('an operator cannot merge (or preview) a contact outside their departments', async () => {
    await say('suporte', { identities: [{ kind: 'phone', value: '5521977776666' }], name: 'Bruno Lima', phone: '5521977776666' }, 'Minha fatura veio errada');
    const bruno = await contactOf('5521977776666');
    const carla = await contactOf('5511988887777');
    expect((await failure(sales.trpc.contacts.mergePreview.query({ id: carla, otherId: bruno }))).code).toBe('NOT_FOUND');
    const fingerprint = (await admin.trpc.contacts.mergePreview.query({ id: carla, otherId: bruno })).fingerprint;
    expect((await failure(sales.trpc.contacts.merge.mutate({ id: carla, otherId: bruno, fingerprint }))).code).toBe('NOT_FOUND');
    expect((await failure(billing.trpc.contacts.merge.mutate({ id: bruno, otherId: carla, fingerprint }))).code).toBe('NOT_FOUND');
    expect((await admin.trpc.contacts.get.query({ id: bruno })).name).toBe('Bruno Lima');
    expect((await admin.trpc.contacts.get.query({ id: carla })).identities).toHaveLength(2);
  });

  it('the contact page lists what each flow collected, runs a restart or a merge replaced included', async () => {
    const doc = buildFlow({
      variables: ['cidade', 'idade'],
      groups: [
        {
          id: 'g',
          blocks: [
            text('q1', 'De que cidade você fala?'),
            { id: 'ask_city', kind: 'input-text', options: { variableId: 'cidade' } },
            text('q2', 'Quantos anos você tem?'),
            { id: 'ask_age', kind: 'input-number', options: { variableId: 'idade' } },
            text('bye', 'Obrigado!'),
          ],
        },
      ],
    });
    // The page shows a variable by the name its version gives it.
    doc.variables = [
      { id: 'cidade', name: 'cidade_natal' },
      { id: 'idade', name: 'idade' },
    ];
    const flowId = (await h.app.flows.create({ name: 'Cadastro rápido', document: doc })).id;
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId });
    await admin.trpc.testChat.send.mutate({ sessionId, text: 'Recife' });
    await admin.trpc.testChat.send.mutate({ sessionId, text: '30' });
    await h.app.runtime.idle();
    const first = (await admin.trpc.contacts.get.query({ id: sessionId })).collected;
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ flowId, flowName: 'Cadastro rápido' });
    expect(first[0].runs).toHaveLength(1);
    expect(first[0].runs[0]).toMatchObject({ current: true, values: [{ name: 'cidade_natal', value: 'Recife' }, { name: 'idade', value: '30' }] });

    // A restart replaces the session: the first run's answers are kept, the new one's listed first.
    await admin.trpc.testChat.restart.mutate({ sessionId });
    await admin.trpc.testChat.send.mutate({ sessionId, text: 'Olinda' });
    await h.app.runtime.idle();
    const runs = (await admin.trpc.contacts.get.query({ id: sessionId })).collected[0].runs;
    expect(runs.map((r) => [r.current, r.values.map((v) => `${v.name}=${v.value}`)])).toEqual([
      [true, ['cidade_natal=Olinda']],
      [false, ['cidade_natal=Recife', 'idade=30']],
    ]);
    expect(runs[1].at).toBeTruthy();

    // A merge keeps the merged-away contact's run too, though only one session can stay.
    const other = (await admin.trpc.testChat.start.mutate({ flowId })).sessionId;
    await admin.trpc.testChat.send.mutate({ sessionId: other, text: 'Natal' });
    await h.app.runtime.idle();
    const { fingerprint } = await admin.trpc.contacts.mergePreview.query({ id: sessionId, otherId: other });
    await admin.trpc.contacts.merge.mutate({ id: sessionId, otherId: other, fingerprint });
    const merged = (await admin.trpc.contacts.get.query({ id: sessionId })).collected[0].runs;
    expect(merged.map((r) => [r.current, r.values.map((v) => `${v.name}=${v.value}`).join(',')])).toEqual([
      [true, 'cidade_natal=Olinda'],
      [false, 'cidade_natal=Natal'],
      [false, 'cidade_natal=Recife,idade=30'],
    ]);
  });
});
