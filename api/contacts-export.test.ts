// Exporting contacts as CSV over the real HTTP route, on SQLite and PostgreSQL: the file holds
// exactly the rows the list's filters give (tag and custom field), each once across pages; it
// opens right in Excel pt-BR (BOM, `;`, CRLF, dd/mm/aaaa hh:mm, decimal comma); formula cells
// are neutralised; an operator's file holds only the contacts they may see.
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_PAGE_ROWS } from '../runtime/contacts/csv-export.js';
import type { ContactFilters } from '../runtime/contacts/query.js';
import { testDatabases } from '../runtime/testing/databases.js';
import { ADMIN, startHarness, type Harness, type TestClient } from './testing/harness.js';

const PASSWORD = 'operator-password-1';

describe.each(testDatabases)('exporting contacts as CSV (%s)', (dialect) => {
  let h: Harness;
  let admin: TestClient;
  let operator: TestClient;
  let vip: string;

  async function exportOf(c: TestClient, filters: ContactFilters = {}, opts: { locale?: string; tz?: string } = {}) {
    const q = new URLSearchParams({ filters: JSON.stringify(filters), locale: opts.locale ?? 'pt-BR', tz: opts.tz ?? 'America/Sao_Paulo' });
    const res = await fetch(`${h.url}/api/contacts/export?${q}`, { headers: { cookie: c.cookie() ?? '' } });
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('utf8');
    const rows = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter: ';', skipEmptyLines: true }).data;
    return { status: res.status, headers: res.headers, bytes, text, header: rows[0], rows: rows.slice(1) };
  }

  beforeAll(async () => {
    h = await startHarness({ db: testDatabases.find(([d]) => d === dialect)![1]() });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    await admin.trpc.contacts.fields.create.mutate({ label: 'Cidade', key: 'cidade', type: 'text' });
    await admin.trpc.contacts.fields.create.mutate({ label: 'Saldo', key: 'saldo', type: 'number' });
    await admin.trpc.contacts.fields.create.mutate({ label: 'Nascimento', key: 'nascimento', type: 'date' });
    vip = (await admin.trpc.inbox.tags.create.mutate({ name: 'vip' })).id;
    const dept = await admin.trpc.departments.create.mutate({ name: 'Financeiro' });
    await admin.trpc.users.create.mutate({ name: 'Otávio Operador', email: 'otavio@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [dept.id] });
    operator = h.client();
    await operator.login('otavio@ozia.test', PASSWORD);

    const add = (name: string, o: { tag?: boolean; cidade?: string; phone?: string; notes?: string; saldo?: number; nascimento?: string } = {}) =>
      admin.trpc.contacts.create.mutate({
        name,
        phone: o.phone,
        notes: o.notes,
        tagIds: o.tag ? [vip] : [],
        fields: { cidade: o.cidade, saldo: o.saldo, nascimento: o.nascimento },
      });
    await add('Ana Recife VIP', { tag: true, cidade: 'Recife', phone: '11 98888-0001', saldo: 10.5, nascimento: '1990-01-31' });
    await add('Bia Recife VIP', { tag: true, cidade: 'recife' });
    await add('Caio Recife sem tag', { cidade: 'Recife' });
    await add('Duda Olinda VIP', { tag: true, cidade: 'Olinda' });
    await add('=HYPERLINK("http://mal.example","clique")', { tag: true, cidade: 'Recife', notes: '@SUM(1+1)' });
    await operator.trpc.contacts.create.mutate({ name: 'Otávio Cliente Próprio', tagIds: [vip], fields: { cidade: 'Recife' } });
  });

  afterAll(async () => {
    await h?.close();
  });

  it('holds exactly the filtered rows (tag + custom field), for Excel pt-BR: BOM, ;, CRLF, local dates, formulas neutralised', async () => {
    const f = await exportOf(admin, { tagId: vip, field: { key: 'cidade', op: 'equals', value: 'Recife' } });
    expect(f.status).toBe(200);
    expect(f.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(f.headers.get('content-disposition')).toMatch(/^attachment; filename="contatos-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(f.headers.get('x-total-rows')).toBe('4');
    expect([...f.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(f.text.split('\r\n')[0]).toBe('\uFEFFNome;Telefone;E-mail;Tags;Canais;Criado em;Último contato;Bloqueado;Observações;Cidade;Saldo;Nascimento');
    expect(f.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(f.rows.map((r) => r[0]).sort()).toEqual(["'=HYPERLINK(\"http://mal.example\",\"clique\")", 'Ana Recife VIP', 'Bia Recife VIP', 'Otávio Cliente Próprio'].sort());
    const ana = f.rows.find((r) => r[0] === 'Ana Recife VIP')!;
    expect(ana[1]).toBe("'+5511988880001");
    expect(ana[3]).toBe('vip');
    expect(ana[5]).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(ana.slice(6)).toEqual(['', 'Não', '', 'Recife', '10,5', '31/01/1990']);
    const formula = f.rows.find((r) => r[0].includes('HYPERLINK'))!;
    expect(formula[8]).toBe("'@SUM(1+1)");
  });

  it('writes the dates in the time zone asked for, and ISO in English', async () => {
    const [row] = await h.app.db.kysely.selectFrom('contacts').select(['name', 'created_at']).where('name', '=', 'Ana Recife VIP').execute();
    const pt = (await exportOf(admin, { search: 'Ana Recife' }, { tz: 'America/Sao_Paulo' })).rows[0];
    const local = new Date(Date.parse(row.created_at) - 3 * 3600_000).toISOString();
    expect(pt[5]).toBe(`${local.slice(8, 10)}/${local.slice(5, 7)}/${local.slice(0, 4)} ${local.slice(11, 16)}`);
    const en = await exportOf(admin, { search: 'Ana Recife' }, { locale: 'en' });
    expect(en.header.slice(0, 3)).toEqual(['Name', 'Phone', 'E-mail']);
    expect(en.rows[0][5]).toBe(row.created_at);
    expect(en.rows[0].slice(10)).toEqual(['10.5', '1990-01-31']);
  });

  it("an operator's file holds only the contacts they may see", async () => {
    const f = await exportOf(operator);
    expect(f.status).toBe(200);
    expect(f.headers.get('x-total-rows')).toBe('1');
    expect(f.rows.map((r) => r[0])).toEqual(['Otávio Cliente Próprio']);
    expect(f.text).not.toContain('Ana Recife');
  });

  it('reads page after page by key: every contact exactly once', async () => {
    const lines = Array.from({ length: EXPORT_PAGE_ROWS + 150 }, (_, i) => `Lote ${String(i).padStart(5, '0')};${String(i)}`);
    const csv = Buffer.from(`Nome;Saldo\r\n${lines.join('\r\n')}\r\n`, 'utf8');
    const res = await fetch(`${h.url}/api/contacts/import?mapping=${encodeURIComponent(JSON.stringify(['name', 'field:saldo']))}`, {
      method: 'POST',
      headers: { cookie: admin.cookie() ?? '' },
      body: new Uint8Array(csv),
    });
    expect(await res.json()).toMatchObject({ created: lines.length, rejected: [] });
    const f = await exportOf(admin, { search: 'Lote' });
    expect(Number(f.headers.get('x-total-rows'))).toBe(lines.length);
    const names = f.rows.map((r) => r[0]);
    expect(names).toHaveLength(lines.length);
    expect(new Set(names).size).toBe(lines.length);
  });

  it('refuses without a session, and names a broken filter', async () => {
    expect((await fetch(`${h.url}/api/contacts/export`)).status).toBe(401);
    const res = await fetch(`${h.url}/api/contacts/export?filters=${encodeURIComponent(JSON.stringify({ createdFrom: 'ontem' }))}`, { headers: { cookie: admin.cookie() ?? '' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'filters.createdFrom: use a date like 2026-12-31' });
  });
});
