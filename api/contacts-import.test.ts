// Importing contacts from CSV over the real HTTP route, on SQLite and PostgreSQL: an Excel pt-BR
// file (Windows-1252, `;`) and a UTF-8 one with a BOM import with their accents intact; bad rows
// are reported with their line and the column at fault while the good ones commit; re-importing
// updates instead of duplicating; a row that fails halfway leaves nothing; an operator's import
// neither touches nor reveals a contact they cannot see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../runtime/testing/databases.js';
import type { ImportPreview, ImportResult } from '../runtime/contacts/csv-import.js';
import { ADMIN, startHarness, type Harness, type TestClient } from './testing/harness.js';

const PASSWORD = 'operator-password-1';
const OTHER_CPF = '111.444.777-35';

/** Windows-1252 bytes of a text (what Excel pt-BR saves as "CSV (separado por vírgulas)"). */
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const withBom = (s: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(s, 'utf8')]);

describe.each(testDatabases)('importing contacts from CSV (%s)', (dialect) => {
  let h: Harness;
  let admin: TestClient;
  let operator: TestClient;
  let vipTag: string;

  async function send(c: TestClient, path: string, body: Buffer, mapping?: string[]) {
    const q = mapping ? `?mapping=${encodeURIComponent(JSON.stringify(mapping))}` : '';
    const res = await fetch(`${h.url}${path}${q}`, { method: 'POST', headers: { cookie: c.cookie() ?? '', 'content-type': 'text/csv' }, body: new Uint8Array(body) });
    return { status: res.status, body: (await res.json()) as unknown };
  }
  const previewOf = async (c: TestClient, file: Buffer) => {
    const r = await send(c, '/api/contacts/import/preview', file);
    expect(r.status).toBe(200);
    return r.body as ImportPreview;
  };
  /** Previews the file, then imports it with the guessed mapping (as the dialog does when nothing is changed). */
  const importFile = async (c: TestClient, file: Buffer) => {
    const p = await previewOf(c, file);
    const r = await send(c, '/api/contacts/import', file, p.columns.map((x) => x.target));
    expect(r.status).toBe(200);
    return r.body as ImportResult;
  };
  const contacts = (where: { name?: string; phone?: string }) => {
    let q = h.app.db.kysely.selectFrom('contacts').selectAll();
    if (where.name) q = q.where('name', '=', where.name);
    if (where.phone) q = q.where('phone', '=', where.phone);
    return q.execute();
  };

  beforeAll(async () => {
    h = await startHarness({ db: testDatabases.find(([d]) => d === dialect)![1]() });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    await admin.trpc.contacts.fields.create.mutate({ label: 'CPF', key: 'cpf', type: 'cpf_cnpj' });
    await admin.trpc.contacts.fields.create.mutate({ label: 'Plano', key: 'plano', type: 'list', options: ['Básico', 'Pró'] });
    await admin.trpc.contacts.fields.create.mutate({ label: 'Nascimento', key: 'nascimento', type: 'date' });
    await admin.trpc.contacts.fields.create.mutate({ label: 'Aceita novidades', key: 'novidades', type: 'yes_no' });
    vipTag = (await admin.trpc.inbox.tags.create.mutate({ name: 'vip' })).id;
    const dept = await admin.trpc.departments.create.mutate({ name: 'Financeiro' });
    await admin.trpc.users.create.mutate({ name: 'Otávio Operador', email: 'otavio@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [dept.id] });
    operator = h.client();
    await operator.login('otavio@ozia.test', PASSWORD);
  });

  afterAll(async () => {
    await h?.close();
  });

  it('reads an Excel pt-BR file (Windows-1252, ;) with its accents, and guesses the columns from the headers', async () => {
    const file = latin1(
      ['Nome;Celular;E-mail;CPF;Plano;Nascimento;Aceita novidades;Tags;Observações', 'Conceição Araújo;(11) 98888-1001;CONCEICAO@exemplo.com.br;529.982.247-25;pró;31/01/1990;sim;VIP;Prefere ligação à tarde'].join('\r\n'),
    );
    const p = await previewOf(admin, file);
    expect(p).toMatchObject({ encoding: 'windows-1252', delimiter: ';', total: 1 });
    expect(p.columns.map((c) => c.target)).toEqual(['name', 'phone', 'email', 'field:cpf', 'field:plano', 'field:nascimento', 'field:novidades', 'tags', 'notes']);
    expect(p.rows).toEqual([expect.objectContaining({ line: 2, status: 'new', issues: [] })]);
    expect(p.rows[0].cells[0]).toBe('Conceição Araújo');

    const r = await importFile(admin, file);
    expect(r).toEqual({ created: 1, updated: 0, rejected: [] });
    const [c] = await contacts({ name: 'Conceição Araújo' });
    expect(c).toMatchObject({ phone: '+5511988881001', email: 'conceicao@exemplo.com.br', notes: 'Prefere ligação à tarde', document: '52998224725' });
    expect(JSON.parse(c.fields!)).toEqual({ cpf: '52998224725', plano: 'Pró', nascimento: '1990-01-31', novidades: true });
    const page = await admin.trpc.contacts.get.query({ id: c.id });
    expect(page.tags.map((t) => t.id)).toEqual([vipTag]);
  });

  it('reads a UTF-8 file with a BOM and , as separator', async () => {
    const file = withBom('nome,telefone\r\nJoão Gonçalves,+55 21 97777-2002\r\n"Ana, a Irmã",21977772003\r\n');
    const p = await previewOf(admin, file);
    expect(p).toMatchObject({ encoding: 'utf-8', delimiter: ',', total: 2 });
    expect(p.columns[0]).toEqual({ header: 'nome', target: 'name' });
    expect(await importFile(admin, file)).toEqual({ created: 2, updated: 0, rejected: [] });
    expect(await contacts({ name: 'João Gonçalves' })).toHaveLength(1);
    expect((await contacts({ name: 'Ana, a Irmã' }))[0].phone).toBe('+5521977772003');
  });

  it('reports each bad row with its line and the column at fault, and commits the good ones', async () => {
    const file = withBom(
      [
        'Nome;Telefone;E-mail;Plano;CPF',
        'Bruno Bom;11 96666-3001;bruno@exemplo.com;Básico;',
        'Telefone Ruim;123;;;',
        'Carla Certa;11 96666-3003;;;',
        'E-mail Ruim;11 96666-3004;não-é-email;;',
        'Plano Ruim;11 96666-3005;;Ouro;111.111.111-11',
        'Diego Direito;11 96666-3006;;Pró;',
      ].join('\n'),
    );
    const r = await importFile(admin, file);
    expect(r.created).toBe(3);
    expect(r.rejected.map((x) => ({ line: x.line, issues: x.issues }))).toEqual([
      { line: 3, issues: [{ column: 'Telefone', message: 'not a valid phone number (include the area code)' }] },
      { line: 5, issues: [{ column: 'E-mail', message: 'type a valid email' }] },
      {
        line: 6,
        issues: [
          { column: 'Plano', message: '"Plano" must be one of: Básico, Pró' },
          { column: 'CPF', message: '"CPF" is not a valid CPF or CNPJ' },
        ],
      },
    ]);
    expect(r.rejected[0].cells).toEqual(['Telefone Ruim', '123', '', '', '']);
    for (const name of ['Bruno Bom', 'Carla Certa', 'Diego Direito']) expect(await contacts({ name })).toHaveLength(1);
    for (const name of ['Telefone Ruim', 'E-mail Ruim', 'Plano Ruim']) expect(await contacts({ name })).toHaveLength(0);
  });

  it('re-importing the same file updates the contacts instead of adding them again; a row matching two contacts is refused', async () => {
    const first = withBom(`Nome;Telefone;E-mail;CPF\r\nEva Estável;11 95555-4001;eva@exemplo.com;\r\nFábio Fixo;;fabio@exemplo.com;\r\nGil Gomes;;;${OTHER_CPF}\r\n`);
    expect(await importFile(admin, first)).toEqual({ created: 3, updated: 0, rejected: [] });
    const count = async () => Number((await h.app.db.kysely.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const before = await count();
    expect(await importFile(admin, first)).toEqual({ created: 0, updated: 3, rejected: [] });
    expect(await count()).toBe(before);
    // The same people, corrected: found by phone, then e-mail, then CPF. Eva's phone with Fábio's e-mail finds two people.
    const again = withBom(
      'Nome;Telefone;E-mail;CPF\r\nEva Estável Souza;+5511955554001;;\r\nFábio Fixo Lima;11 95555-4002;FABIO@exemplo.com;\r\nGil Gomes Neto;;;11144477735\r\nQuem?;11 95555-4001;fabio@exemplo.com;\r\n',
    );
    const r = await importFile(admin, again);
    expect(r).toMatchObject({ created: 0, updated: 3 });
    expect(r.rejected).toEqual([expect.objectContaining({ line: 5, issues: [{ column: null, message: 'matches 2 different contacts (by phone, e-mail); fix the row or merge them first' }] })]);
    expect(await count()).toBe(before);
    expect((await contacts({ phone: '+5511955554001' }))[0]).toMatchObject({ name: 'Eva Estável Souza', email: 'eva@exemplo.com' });
    expect((await contacts({ name: 'Fábio Fixo Lima' }))[0]).toMatchObject({ phone: '+5511955554002', email: 'fabio@exemplo.com' });
    expect((await contacts({ name: 'Gil Gomes Neto' }))[0]).toMatchObject({ document: '11144477735' });
    expect(await contacts({ name: 'Quem?' })).toHaveLength(0);
  });

  it('a row that fails halfway (its contact written, its tags not) leaves nothing of that row; the others commit', async () => {
    const file = withBom('Nome;Telefone;Tags\r\nHelena Primeira;11 94444-5001;vip\r\nÍris Interrompida;11 94444-5002;vip\r\nJúlio Último;11 94444-5003;vip\r\n');
    h.app.contacts.importer.afterRowWrite = (line) => {
      if (line === 3) throw new Error('disk full');
    };
    try {
      const r = await importFile(admin, file);
      expect(r.created).toBe(2);
      expect(r.rejected).toEqual([{ line: 3, cells: ['Íris Interrompida', '11 94444-5002', 'vip'], issues: [{ column: null, message: 'could not be saved (disk full)' }] }]);
    } finally {
      h.app.contacts.importer.afterRowWrite = undefined;
    }
    expect(await contacts({ name: 'Íris Interrompida' })).toHaveLength(0);
    expect(await contacts({ phone: '+5511944445002' })).toHaveLength(0);
    const tagged = await h.app.db.kysely.selectFrom('contact_tags').innerJoin('contacts', 'contacts.id', 'contact_tags.contact_id').select('contacts.name').where('contacts.phone', 'like', '+55119444450%').execute();
    expect(tagged.map((t) => t.name).sort()).toEqual(['Helena Primeira', 'Júlio Último']);
  });

  it("an operator's import adds contacts they then see, and never touches or reveals one they cannot see", async () => {
    const hidden = await admin.trpc.contacts.create.mutate({ name: 'Karina Secreta', phone: '11 93333-6001', email: 'karina@exemplo.com', notes: 'nota interna' });
    const file = withBom('Nome;Telefone;E-mail;Observações\r\nNome Trocado;11 93333-6001;;sobrescrito\r\nLeo Novo;11 93333-6002;;\r\nOutro Nome;;karina@exemplo.com;\r\n');
    const p = await previewOf(operator, file);
    expect(p.rows.map((r) => r.status)).toEqual(['invalid', 'new', 'invalid']);
    const r = await importFile(operator, file);
    expect(r.created).toBe(1);
    expect(r.updated).toBe(0);
    expect(r.rejected.map((x) => ({ line: x.line, issues: x.issues }))).toEqual([
      { line: 2, issues: [{ column: 'Telefone', message: 'another contact already has this phone' }] },
      { line: 4, issues: [{ column: 'E-mail', message: 'another contact already has this e-mail' }] },
    ]);
    // Nothing of the hidden contact leaks into the answer.
    expect(JSON.stringify(r)).not.toContain('Karina');
    expect(JSON.stringify(r)).not.toContain(hidden.id);
    expect((await contacts({ phone: '+5511933336001' }))[0]).toMatchObject({ name: 'Karina Secreta', notes: 'nota interna' });
    const seen = await operator.trpc.contacts.list.query({ search: 'Leo Novo' });
    expect(seen.items.map((c) => c.name)).toEqual(['Leo Novo']);
  });

  it('refuses a request without a session, a broken mapping, and a file without a name, phone or e-mail column', async () => {
    const file = withBom('Cidade\r\nRecife\r\n');
    const anon = await fetch(`${h.url}/api/contacts/import/preview`, { method: 'POST', body: new Uint8Array(file) });
    expect(anon.status).toBe(401);
    expect((await send(admin, '/api/contacts/import', file, ['ignore'])).body).toMatchObject({ error: 'mapping: map a column to the name, the phone or the e-mail' });
    expect((await send(admin, '/api/contacts/import', file, ['name', 'phone'])).body).toMatchObject({ error: 'mapping: map every column of the file (reload it)' });
  });
});
