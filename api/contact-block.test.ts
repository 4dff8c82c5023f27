// The Contact block end to end, on SQLite and PostgreSQL: a flow that loads the contact's name
// and e-mail skips its questions for a returning contact; what it saves lands on the contact
// (contacts.get) in the same commit as the session; a value a field refuses is skipped while the
// flow still answers.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../runtime/testing/databases.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { ADMIN, startHarness, type Harness, type TestClient } from './testing/harness.js';

const VALID_CPF = '529.982.247-25';

const flowDoc = () =>
  buildFlow({
    variables: ['primeiro_nome', 'email_cliente', 'doc', 'aceita'],
    groups: [
      {
        id: 'g',
        blocks: [
          {
            id: 'load',
            kind: 'contact',
            options: {
              mode: 'load',
              mappings: [
                { id: 'm1', field: 'name', variableId: 'primeiro_nome' },
                { id: 'm2', field: 'email', variableId: 'email_cliente' },
              ],
            },
          },
          text('q_ask_name', 'Qual é o seu nome?'),
          { id: 'ask_name', kind: 'input-text', options: { variableId: 'primeiro_nome' } },
          text('q_ask_email', 'Qual é o seu e-mail?'),
          { id: 'ask_email', kind: 'input-email', options: { variableId: 'email_cliente' } },
          text('q_ask_doc', 'Qual é o seu CPF?'),
          { id: 'ask_doc', kind: 'input-text', options: { variableId: 'doc' } },
          { id: 'aceita_set', kind: 'set-variable', options: { variableId: 'aceita', operation: { kind: 'template', value: 'Sim' } } },
          {
            id: 'save',
            kind: 'contact',
            options: {
              mode: 'save',
              mappings: [
                { id: 's1', field: 'name', variableId: 'primeiro_nome' },
                { id: 's2', field: 'email', variableId: 'email_cliente' },
                { id: 's3', field: 'cpf', variableId: 'doc' },
                { id: 's4', field: 'novidades', variableId: 'aceita' },
              ],
              addTags: 'Cliente, inexistente',
            },
          },
          text('thanks', 'Obrigado, {{primeiro_nome}}!'),
        ],
      },
      { id: 'known', blocks: [text('hello', 'Olá de novo, {{primeiro_nome}}!')] },
    ],
    edges: [{ from: { blockId: 'load', itemId: 'known' }, to: { groupId: 'known' } }],
  });

describe.each(testDatabases)('the Contact block (%s)', (dialect) => {
  let h: Harness;
  let admin: TestClient;
  let flowId: string;

  const said = (a: { messages: { direction: string; message: unknown }[] }) =>
    a.messages.filter((m) => m.direction === 'out').map((m) => (m.message as { text?: string }).text);
  const send = async (sessionId: string, t: string) => said(await admin.trpc.testChat.send.mutate({ sessionId, text: t }));

  beforeAll(async () => {
    h = await startHarness({ db: testDatabases.find(([d]) => d === dialect)![1]() });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    await admin.trpc.contacts.fields.create.mutate({ label: 'CPF', key: 'cpf', type: 'cpf_cnpj' });
    await admin.trpc.contacts.fields.create.mutate({ label: 'Aceita novidades', key: 'novidades', type: 'yes_no' });
    await admin.trpc.inbox.tags.create.mutate({ name: 'cliente' });
    flowId = (await h.app.flows.create({ name: 'Cadastro', document: flowDoc() })).id;
  });

  afterAll(async () => {
    await h?.close();
  });

  it('asks a new contact both questions, saves the answers, and asks a returning contact nothing', async () => {
    const start = await admin.trpc.testChat.start.mutate({ flowId });
    const id = start.sessionId;
    // The test contact has a name but no e-mail: not everything is known, so both are asked.
    expect(said(start)).toEqual(['Qual é o seu nome?']);
    expect(await send(id, 'Maria')).toEqual(['Qual é o seu e-mail?']);
    expect(await send(id, 'Maria@Example.com')).toEqual(['Qual é o seu CPF?']);
    const last = await admin.trpc.testChat.send.mutate({ sessionId: id, text: '123.456.789-00' });
    // An invalid CPF is skipped, told to the author, and the flow still answers.
    expect(said(last)).toEqual(['Obrigado, Maria!']);
    expect(last.turn.logs.map((l) => l.message)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^campo "CPF" não salvo/), 'etiqueta "inexistente" não adicionada: nenhuma etiqueta tem esse nome']),
    );
    const contact = await admin.trpc.contacts.get.query({ id });
    // A button's "Sim" is the yes of a yes/no field.
    expect(contact).toMatchObject({ name: 'Maria', email: 'maria@example.com', fields: { novidades: true } });
    expect(contact.tags.map((t) => t.name)).toEqual(['cliente']);

    // Their second conversation goes straight to the known path.
    const again = await admin.trpc.testChat.restart.mutate({ sessionId: id });
    expect(said(again)).toEqual(['Olá de novo, Maria!']);
    expect(again.turn.trail).toEqual(['load', 'hello']);
  });

  it('a failing commit leaves neither the session nor the contact moved; the message is kept and the next try saves all', async () => {
    const { sessionId: id } = await admin.trpc.testChat.start.mutate({ flowId });
    await send(id, 'João');
    await send(id, 'joao@example.com');
    const before = await admin.trpc.contacts.get.query({ id });
    const k = h.app.db.kysely;
    // The tag insert, the commit's last contact write, fails as a full disk would.
    if (dialect === 'sqlite') {
      await sql`create trigger fail_tags before insert on contact_tags begin select raise(abort, 'disk full'); end`.execute(k);
    } else {
      await sql`create function fail_tags() returns trigger language plpgsql as $$ begin raise exception 'disk full'; end $$`.execute(k);
      await sql`create trigger fail_tags before insert on contact_tags for each row execute function fail_tags()`.execute(k);
    }
    try {
      await expect(admin.trpc.testChat.send.mutate({ sessionId: id, text: VALID_CPF })).rejects.toThrow();
    } finally {
      await sql`drop trigger fail_tags${sql.raw(dialect === 'sqlite' ? '' : ' on contact_tags')}`.execute(k);
    }
    const after = await admin.trpc.contacts.get.query({ id });
    expect(after).toMatchObject({ name: before.name, email: null, fields: {}, tags: [] });
    expect(before).toMatchObject({ email: null, fields: {}, tags: [] });
    expect((await admin.trpc.testChat.state.query({ sessionId: id })).currentBlockId).toBe('ask_doc');
    const kept = await k.selectFrom('inbound').select('status').where('contact_id', '=', id).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(kept.status).toBe('pending');

    expect(await send(id, VALID_CPF)).toEqual(['Obrigado, João!']);
    const saved = await admin.trpc.contacts.get.query({ id });
    expect(saved).toMatchObject({ name: 'João', email: 'joao@example.com', fields: { cpf: '52998224725', novidades: true } });
    expect(saved.tags.map((t) => t.name)).toEqual(['cliente']);
  });
});
