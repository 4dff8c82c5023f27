// LGPD erasure and access, on SQLite and PostgreSQL, over HTTP as a supervisor uses them. One
// person — name, phone, e-mail, a CPF field, tags, notes — talks through the test chat (a flow
// collects her name, hands her to Vendas, an agent answers with a file and whispers) and
// through a WhatsApp-like account (her phone and LID mapped in the account's state); a
// supervisor saved filters searching for her. Her access report holds her transcript and fields,
// and an operator outside her departments gets "not found". After the erasure a scan of every
// column of every table in the catalog (SQLite's full-text shadow tables included) finds none of
// her name, phone (E.164, bare digits, formatted), e-mail, CPF (digits, formatted) or LID; her
// file's bytes are gone; another contact's data is all there; the conversations per department
// still count the same, her conversations' CSAT score stays without its comment.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../blocks/flow.js';
import type { InboundMessageEvent } from '../runtime/channels/contract.js';
import type { Db } from '../runtime/db/connect.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { testDatabases } from '../runtime/testing/databases.js';
import { RecordingChannel } from '../runtime/testing/recording-channel.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient, unpacedDelivery } from './testing/harness.js';
import { RecordingControl, whatsappLike } from './testing/recording-control.js';

const PASSWORD = 'operator-password-1';
const MARCELA_PHONE = '5511987654321';
const MARCELA_LID = '203948576102934';
const ROGERIO_PHONE = '5521976543210';
const ROGERIO_LID = '118877665544332';

/** Every way the erased person could still be written down anywhere. */
const NEEDLES = [
  'marcela',
  'quintanilha',
  MARCELA_PHONE,
  `+${MARCELA_PHONE}`,
  '11987654321',
  '(11) 98765-4321',
  '98765-4321',
  'marcela.q@exemplo.com.br',
  '52998224725',
  '529.982.247-25',
  MARCELA_LID,
];

/** Every row of every table the catalog lists, each as one lower-case text (blobs read as bytes). */
async function everyRow(db: Db): Promise<{ table: string; text: string }[]> {
  const k = db.kysely;
  const out: { table: string; text: string }[] = [];
  if (db.dialect === 'sqlite') {
    // Virtual tables (FTS5) included, and their shadow tables: _data, _idx, _docsize, _config.
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(k);
    for (const { name } of tables.rows) {
      const rows = await sql<Record<string, unknown>>`select * from ${sql.id(name)}`.execute(k);
      for (const r of rows.rows) {
        const text = Object.values(r)
          .map((v) => (Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : String(v ?? '')))
          .join('\u0001');
        out.push({ table: name, text: text.toLowerCase() });
      }
    }
  } else {
    const tables = await sql<{ name: string }>`
      select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(k);
    for (const { name } of tables.rows) {
      // The whole row as PostgreSQL writes it: every column, text, json and bytea alike.
      const rows = await sql<{ r: string }>`select t::text as r from ${sql.id(name)} t`.execute(k);
      for (const r of rows.rows) out.push({ table: name, text: r.r.toLowerCase() });
    }
  }
  return out;
}

const found = (rows: { table: string; text: string }[], needles: string[]) =>
  rows.flatMap((r) => needles.filter((n) => r.text.includes(n.toLowerCase())).map((n) => `${r.table}: ${n}`));

describe.each(testDatabases)('erasing a contact (%s)', (dialect) => {
  let h: Harness;
  let admin: TestClient;
  let outsider: TestClient;
  let salesId: string;
  let wa: RecordingChannel;
  let marcela: string;
  let rogerio: string;
  let fileId: string;
  let n = 0;

  const settle = async () => {
    await h.app.runtime.idle();
    await h.app.inbox.assigner.idle();
    await h.app.inbox.search.catchUp();
  };
  const fromWa = (identities: InboundMessageEvent['from']['identities'], name: string, t: string) =>
    h.app.runtime.receiveEvent('wa', { type: 'message', externalId: `wa-${++n}`, at: new Date().toISOString(), from: { identities, name }, kind: 'text', reply: { text: t } });
  const publish = async (name: string, doc: FlowDocument) => {
    const flow = await admin.trpc.flows.create.mutate({ name });
    await admin.trpc.flows.saveDraft.mutate({ id: flow.id, document: doc, baseRevision: flow.draftRevision ?? 0, force: true });
    await admin.trpc.flows.publish.mutate({ id: flow.id });
    return flow.id;
  };
  const report = (who: TestClient, id: string, kind: 'json' | 'html') =>
    fetch(`${h.url}/api/contacts/${id}/report.${kind}`, { headers: who.cookie() ? { cookie: who.cookie()! } : {} });
  const perDepartment = async () =>
    (
      await h.app.db.kysely
        .selectFrom('conversations')
        .select(['department_id', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('department_id')
        .orderBy('department_id')
        .execute()
    ).map((r) => ({ department: r.department_id, n: Number(r.n) }));

  beforeAll(async () => {
    const control = new RecordingControl({ wa: whatsappLike });
    h = await startHarness({ db: testDatabases.find(([d]) => d === dialect)![1](), services: { channelControl: control } });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    salesId = (await admin.trpc.departments.create.mutate({ name: 'Vendas' })).id;
    const billingId = (await admin.trpc.departments.create.mutate({ name: 'Financeiro' })).id;
    await admin.trpc.users.create.mutate({ name: 'Fábio Financeiro', email: 'fabio@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [billingId] });
    outsider = h.client();
    await outsider.login('fabio@ozia.test', PASSWORD);
    const cpf = await admin.trpc.contacts.fields.create.mutate({ label: 'CPF', type: 'cpf_cnpj' });
    const vip = await admin.trpc.inbox.tags.create.mutate({ name: 'VIP' });

    // The test chat: a flow asks her name, hands her to Vendas; an agent answers, with her file.
    const flowId = await publish(
      'Cadastro',
      buildFlow({
        variables: ['nome'],
        groups: [
          {
            id: 'g',
            blocks: [
              text('hi', 'Qual é o seu nome?'),
              { id: 'ask', kind: 'input-text', options: { variableId: 'nome' } },
              text('thanks', 'Obrigado, {{nome}}!'),
              { id: 'agent', kind: 'agent', options: { departmentId: salesId, assign: { mode: 'queue' } } },
            ],
          },
        ],
      }),
    );
    const { sessionId } = await admin.trpc.testChat.start.mutate({ flowId });
    marcela = sessionId;
    await settle();
    await admin.trpc.testChat.send.mutate({ sessionId, text: 'Marcela Quintanilha' });
    await settle();
    const upload = await fetch(`${h.url}/api/files?name=${encodeURIComponent('RG Marcela Quintanilha.pdf')}`, {
      method: 'POST',
      headers: { cookie: admin.cookie()!, 'content-type': 'application/pdf' },
      body: Buffer.from('%PDF-1.4 RG de Marcela Quintanilha, CPF 529.982.247-25'),
    });
    expect(upload.status).toBe(201);
    fileId = ((await upload.json()) as { id: string }).id;
    await admin.trpc.testChat.send.mutate({ sessionId, text: 'vou mandar meu RG' });
    await settle();
    const waiting = await h.app.db.kysely.selectFrom('conversations').select('id').where('contact_id', '=', marcela).where('stage', '=', 'waiting').executeTakeFirstOrThrow();
    await admin.trpc.inbox.pickUp.mutate({ id: waiting.id });
    await admin.trpc.inbox.reply.mutate({ id: waiting.id, text: 'Olá Marcela Quintanilha, recebi seu CPF 529.982.247-25' });
    await admin.trpc.inbox.reply.mutate({ id: waiting.id, text: 'Seu RG, Marcela', fileId });
    await settle();
    await admin.trpc.inbox.whisper.mutate({ id: waiting.id, text: 'Marcela parece irritada' });
    await admin.trpc.inbox.finish.mutate({ id: waiting.id, survey: false });
    // As a survey answered 5 with a comment would leave it.
    await h.app.db.kysely.updateTable('conversations').set({ csat_score: 5, csat_comment: 'Marcela adorou o atendimento' }).where('id', '=', waiting.id).execute();
    await admin.trpc.contacts.update.mutate({
      id: marcela,
      patch: { name: 'Marcela Quintanilha', phone: '(11) 98765-4321', email: 'marcela.q@exemplo.com.br', notes: 'Marcela prefere ligações à tarde', fields: { [cpf.key]: '529.982.247-25' }, tagIds: [vip.id] },
    });

    // WhatsApp: the account knows her by phone and LID (one person), and keeps the mapping.
    wa = new RecordingChannel('wa');
    h.app.runtime.registerChannel(wa, unpacedDelivery(salesId));
    const at = new Date().toISOString();
    await h.app.db.kysely
      .insertInto('contact_identities')
      .values([
        { channel_id: 'wa', kind: 'phone', value: MARCELA_PHONE, contact_id: marcela, created_at: at, last_seen_at: at },
        { channel_id: 'wa', kind: 'lid', value: MARCELA_LID, contact_id: marcela, created_at: at, last_seen_at: at },
      ])
      .execute();
    await fromWa([{ kind: 'phone', value: MARCELA_PHONE }], 'Marcela Q.', 'quero um xilofone azul, meu email é marcela.q@exemplo.com.br');
    await fromWa([{ kind: 'phone', value: ROGERIO_PHONE }, { kind: 'lid', value: ROGERIO_LID }], 'Rogério Bastos', 'quero um tambor vermelho');
    await settle();
    rogerio = (await h.app.db.kysely.selectFrom('contact_identities').select('contact_id').where('value', '=', ROGERIO_PHONE).executeTakeFirstOrThrow()).contact_id;
    await admin.trpc.contacts.update.mutate({ id: rogerio, patch: { email: 'rogerio@exemplo.com.br', fields: { [cpf.key]: '111.444.777-35' }, tagIds: [vip.id] } });
    const state = (id: string, type: string, value: string) => ({ channel_id: 'wa', type, id, value });
    await h.app.db.kysely
      .insertInto('channel_state')
      .values([
        state(MARCELA_PHONE, 'lid-mapping', JSON.stringify(MARCELA_LID)),
        state(`${MARCELA_LID}_reverse`, 'lid-mapping', JSON.stringify(MARCELA_PHONE)),
        state(`${MARCELA_LID}.0`, 'session', '{"_sessions":{}}'),
        state(ROGERIO_PHONE, 'lid-mapping', JSON.stringify(ROGERIO_LID)),
        state(`${ROGERIO_LID}_reverse`, 'lid-mapping', JSON.stringify(ROGERIO_PHONE)),
      ])
      .execute();

    await admin.trpc.contacts.filters.save.mutate({ name: 'Cliente especial', query: { search: 'Marcela Quintanilha' } });
    await admin.trpc.contacts.filters.save.mutate({ name: 'VIP de SP', query: { search: '(11) 98765-4321', tagId: vip.id } });
    await admin.trpc.contacts.filters.save.mutate({ name: 'Pedido do Rogério', query: { search: 'Rogério Bastos' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('the access report holds her transcript, fields and collected variables; an outsider gets not found', async () => {
    const res = await report(admin, marcela, 'json');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment/);
    const r = await res.json();
    expect(r.contact).toMatchObject({ name: 'Marcela Quintanilha', phones: [`+${MARCELA_PHONE}`], emails: ['marcela.q@exemplo.com.br'], notes: 'Marcela prefere ligações à tarde' });
    expect(r.complete).toBe(true);
    expect(r.fields).toEqual([{ key: expect.any(String), label: 'CPF', value: '52998224725' }]);
    expect(r.tags).toEqual(['VIP']);
    expect(r.identities.map((i: { kind: string; value: string }) => `${i.kind}:${i.value}`)).toEqual(expect.arrayContaining([`phone:${MARCELA_PHONE}`, `lid:${MARCELA_LID}`]));
    const said = r.conversations.flatMap((c: { messages: { text: string; direction: string }[] }) => c.messages.map((m) => `${m.direction}: ${m.text}`));
    expect(said).toEqual(
      expect.arrayContaining([
        'out: Qual é o seu nome?',
        'in: Marcela Quintanilha',
        'out: Obrigado, Marcela Quintanilha!',
        expect.stringContaining('Olá Marcela Quintanilha, recebi seu CPF'),
        'in: quero um xilofone azul, meu email é marcela.q@exemplo.com.br',
      ]),
    );
    // Whispers between agents are the business's notes, left out (the report says so).
    expect(said.join('\n')).not.toContain('irritada');
    expect(r.excludes).toEqual(['internal notes between agents']);
    expect(r.sessions[0].variables).toMatchObject({ nome: 'Marcela Quintanilha' });
    expect(r.files).toEqual([expect.objectContaining({ name: 'RG Marcela Quintanilha.pdf', mime: 'application/pdf' })]);
    expect(r.conversations.find((c: { csatScore: number | null }) => c.csatScore === 5).csatComment).toBe('Marcela adorou o atendimento');

    const page = await report(admin, marcela, 'html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('Relatório de dados pessoais');
    expect(html).toContain('quero um xilofone azul');
    expect(html).toContain('@media print');

    for (const kind of ['json', 'html'] as const) {
      expect((await report(outsider, marcela, kind)).status).toBe(404);
      expect((await report(h.client(), marcela, kind)).status).toBe(401);
    }
    // Nor can an operator erase (or count what would go).
    expect(errorOf(await outsider.trpc.contacts.erasurePreview.query({ id: marcela }).catch((e) => e)).code).toBe('FORBIDDEN');
  });

  it('erasing leaves nothing of her in any table, keeps everyone else, and report counts stay', async () => {
    expect(h.app.files.hasBytes(fileId)).toBe(true);
    const before = await everyRow(h.app.db);
    // The scan sees her where she is (else it proves nothing), including the full-text index.
    expect(found(before, NEEDLES).length).toBeGreaterThan(20);
    if (dialect === 'sqlite') expect(found(before, ['xilofone']).some((f) => f.startsWith('messages_fts_'))).toBe(true);
    const rogerioBefore = found(before, ['rogério bastos', ROGERIO_PHONE, ROGERIO_LID, 'rogerio@exemplo.com.br', '11144477735', 'tambor vermelho']).sort();
    const countsBefore = await perDepartment();
    const search = () => admin.trpc.inbox.list.query({ view: 'closed', search: 'xilofone' });
    const live = await admin.trpc.inbox.list.query({ view: 'waiting' });
    expect(live.items.map((c) => c.contact.id)).toContain(marcela);
    expect((await admin.trpc.inbox.list.query({ view: 'waiting', search: 'xilofone' })).items).toHaveLength(1);

    const preview = await admin.trpc.contacts.erasurePreview.query({ id: marcela });
    expect(preview).toMatchObject({ name: 'Marcela Quintanilha', conversations: 2, files: 1 });
    expect(preview.messages).toBeGreaterThanOrEqual(8);

    // A wrong confirmation erases nothing.
    const wrong = errorOf(await admin.trpc.contacts.erase.mutate({ id: marcela, confirm: 'Marcela' }).catch((e) => e));
    expect(wrong.code).toBe('BAD_REQUEST');
    expect((await admin.trpc.contacts.get.query({ id: marcela })).name).toBe('Marcela Quintanilha');

    const erased = await admin.trpc.contacts.erase.mutate({ id: marcela, confirm: 'marcela quintanilha' });
    expect(erased).toEqual({ conversations: 2, messages: preview.messages, files: 1 });
    await settle();

    const after = await everyRow(h.app.db);
    expect(found(after, NEEDLES)).toEqual([]);
    expect(h.app.files.hasBytes(fileId)).toBe(false);
    // Everyone else's data is all there.
    expect(found(after, ['rogério bastos', ROGERIO_PHONE, ROGERIO_LID, 'rogerio@exemplo.com.br', '11144477735', 'tambor vermelho']).sort()).toEqual(rogerioBefore);
    expect((await admin.trpc.contacts.get.query({ id: rogerio })).email).toBe('rogerio@exemplo.com.br');
    // Reports still count her conversations, without a way back to her.
    expect(await perDepartment()).toEqual(countsBefore);
    const kept = await h.app.db.kysely.selectFrom('conversations').selectAll().where('contact_id', '=', 'anonymous').execute();
    expect(kept).toHaveLength(2);
    expect(kept.map((c) => [c.stage, c.department_id, c.last_preview, c.csat_comment])).toEqual([
      ['closed', salesId, null, null],
      ['closed', salesId, null, null],
    ]);
    expect(kept.map((c) => c.csat_score).sort()).toEqual([5, null]);
    expect(await h.app.db.kysely.selectFrom('erasures').select(['conversations', 'messages', 'files']).execute()).toEqual([{ conversations: 2, messages: preview.messages, files: 1 }]);
    // The filters: the one that was only her name is gone, the other lost its search, Rogério's stays.
    const filters = await admin.trpc.contacts.filters.list.query();
    expect(filters.map((f) => [f.name, f.query.search ?? null])).toEqual([
      ['Pedido do Rogério', 'Rogério Bastos'],
      ['VIP de SP', null],
    ]);

    // The Inbox, the Contacts tab and the report no longer know her.
    expect((await admin.trpc.inbox.list.query({ view: 'waiting' })).items.map((c) => c.contact.id)).not.toContain(marcela);
    expect((await search()).items).toEqual([]);
    expect((await admin.trpc.inbox.list.query({ view: 'closed' })).items.map((c) => c.contact.id)).not.toContain('anonymous');
    expect((await admin.trpc.contacts.list.query({})).items.map((c) => c.id).sort()).toEqual([rogerio].sort());
    expect(errorOf(await admin.trpc.contacts.get.query({ id: marcela }).catch((e) => e)).code).toBe('NOT_FOUND');
    expect(errorOf(await admin.trpc.contacts.get.query({ id: 'anonymous' }).catch((e) => e)).code).toBe('NOT_FOUND');
    expect((await report(admin, marcela, 'json')).status).toBe(404);
    for (const c of kept) expect(errorOf(await admin.trpc.inbox.get.query({ id: c.id }).catch((e) => e)).code).toBe('NOT_FOUND');

    // Writing again from her phone is a new person, answered like anyone new.
    await fromWa([{ kind: 'phone', value: MARCELA_PHONE }], 'Marcela Q.', 'oi de novo');
    await settle();
    const again = await h.app.db.kysely.selectFrom('contact_identities').select('contact_id').where('value', '=', MARCELA_PHONE).executeTakeFirstOrThrow();
    expect(again.contact_id).not.toBe(marcela);
    expect(await h.app.db.kysely.selectFrom('contacts').select('id').where('id', '=', again.contact_id).executeTakeFirst()).toBeTruthy();
  });
  it('a reply still waiting for a channel that is down is never sent once the contact is erased', async () => {
    await fromWa([{ kind: 'phone', value: '5531955554444' }], 'Bianca Teixeira', 'preciso da segunda via');
    await settle();
    const bianca = (await h.app.db.kysely.selectFrom('contact_identities').select('contact_id').where('value', '=', '5531955554444').executeTakeFirstOrThrow()).contact_id;
    const conv = await h.app.db.kysely.selectFrom('conversations').select('id').where('contact_id', '=', bianca).where('stage', '=', 'waiting').executeTakeFirstOrThrow();
    await admin.trpc.inbox.pickUp.mutate({ id: conv.id });
    await settle();
    wa.setReady(false);
    const sentBefore = wa.delivered.length;
    await admin.trpc.inbox.reply.mutate({ id: conv.id, text: 'Bianca, segue a segunda via do boleto' });
    await settle();
    expect(wa.delivered.length).toBe(sentBefore);
    await admin.trpc.contacts.erase.mutate({ id: bianca, confirm: 'EXCLUIR' });
    wa.setReady(true);
    await settle();
    await new Promise((r) => setTimeout(r, 200));
    await settle();
    expect(wa.delivered.slice(sentBefore).map((d) => JSON.stringify(d.message))).toEqual([]);
    expect(found(await everyRow(h.app.db), ['bianca', '5531955554444', '31955554444'])).toEqual([]);
  });
});
