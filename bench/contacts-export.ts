// contacts_export_rows_per_s: exporting 50,000 contacts with 10 custom fields through the real
// HTTP route (session, viewer scope, keyset pages, tags and channels per page, Excel pt-BR
// cells), read to the end by a client, against the same rows read from the database in one
// query and written with a bare papaparse `unparse` in the same run.
import { performance } from 'node:perf_hooks';
import Papa from 'papaparse';
import { newId } from '../runtime/ids.js';
import { ADMIN, startHarness, type Harness } from '../api/testing/harness.js';
import type { FieldDefinition, FieldInput } from '../runtime/contacts/fields.js';
import { emit } from './report.js';

const CONTACTS = Number(process.env.BENCH_EXPORT_CONTACTS ?? 50_000);
const RUNS = 3;

const FIELDS: FieldInput[] = [
  { label: 'Cidade', type: 'text' },
  { label: 'Empresa', type: 'text' },
  { label: 'Cargo', type: 'text' },
  { label: 'Saldo', type: 'number' },
  { label: 'Pedidos', type: 'number' },
  { label: 'Nascimento', type: 'date' },
  { label: 'Cliente desde', type: 'date' },
  { label: 'Plano', type: 'list', options: ['Básico', 'Pro', 'Empresa'] },
  { label: 'Aceita novidades', type: 'yes_no' },
  { label: 'CPF', type: 'cpf_cnpj' },
];

/** Straight through better-sqlite3, in one transaction. */
function populate(h: Harness, tags: string[]) {
  const raw = h.app.db.sqlite!;
  const ins = raw.prepare('insert into contacts (id, channel, external_id, name, phone, email, notes, fields, document, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const tag = raw.prepare('insert into contact_tags (contact_id, tag_id, created_at) values (?, ?, ?)');
  const start = Date.parse('2025-01-01T00:00:00Z');
  raw.transaction(() => {
    for (let i = 0; i < CONTACTS; i++) {
      const id = newId();
      const at = new Date(start + i * 60_000).toISOString();
      const cpf = String(10_000_000_000 + i);
      const fields = {
        cidade: ['Recife', 'São Paulo', 'Belo Horizonte'][i % 3],
        empresa: `Empresa ${i % 500}`,
        cargo: 'Compras',
        saldo: (i % 1000) + 0.5,
        pedidos: i % 40,
        nascimento: `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
        cliente_desde: '2024-05-01',
        plano: ['Básico', 'Pro', 'Empresa'][i % 3],
        aceita_novidades: i % 2 === 0,
        cpf,
      };
      ins.run(id, 'manual', id, `Contato ${i} da Silva`, `+55119${String(i).padStart(8, '0')}`, `contato${i}@exemplo.com.br`, i % 10 === 0 ? 'Prefere ser chamado à tarde; "cliente antigo"' : null, JSON.stringify(fields), cpf, at, at);
      if (i % 4 === 0) tag.run(id, tags[i % tags.length], at);
    }
  })();
  raw.pragma('optimize');
}

/** The baseline: the same rows and tags in one read each, a bare unparse. */
async function bareExport(h: Harness, keys: string[]): Promise<number> {
  const k = h.app.db.kysely;
  const rows = await k.selectFrom('contacts').select(['id', 'name', 'phone', 'email', 'notes', 'fields', 'created_at', 'last_contact_at', 'blocked_at']).execute();
  const tagRows = await k.selectFrom('contact_tags as ct').innerJoin('tags', 'tags.id', 'ct.tag_id').select(['ct.contact_id', 'tags.name']).execute();
  const tags = new Map<string, string[]>();
  for (const t of tagRows) tags.set(t.contact_id, [...(tags.get(t.contact_id) ?? []), t.name]);
  const data = rows.map((r) => {
    const f = JSON.parse(r.fields ?? '{}') as Record<string, unknown>;
    return [r.name, r.phone, r.email, (tags.get(r.id) ?? []).join(', '), '', r.created_at, r.last_contact_at, r.blocked_at ? 'Sim' : 'Não', r.notes, ...keys.map((key) => f[key] ?? '')];
  });
  return Papa.unparse(data, { delimiter: ';', newline: '\r\n' }).length;
}

async function routeExport(h: Harness, cookie: string): Promise<number> {
  const res = await fetch(`${h.url}/api/contacts/export?filters=%7B%7D&locale=pt-BR&tz=America%2FSao_Paulo`, { headers: { cookie } });
  if (!res.ok || !res.body) throw new Error(`export answered ${res.status}`);
  const reader = res.body.getReader();
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
  }
  return bytes;
}

async function best(fn: () => Promise<number>): Promise<number> {
  let ms = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    const size = await fn();
    if (!size) throw new Error('nothing exported');
    ms = Math.min(ms, performance.now() - t);
  }
  return ms;
}

export async function benchContactsExport(): Promise<void> {
  const h = await startHarness();
  try {
    const defs: FieldDefinition[] = [];
    for (const f of FIELDS) defs.push(await h.app.contacts.fields.create(f));
    const tags: string[] = [];
    for (const name of ['vip', 'atacado', 'inadimplente']) tags.push((await h.app.inbox.tags.create({ name })).id);
    populate(h, tags);
    const client = h.client();
    await client.login(ADMIN.email, ADMIN.password);
    const cookie = client.cookie()!;
    const routeMs = await best(() => routeExport(h, cookie));
    const bareMs = await best(() => bareExport(h, defs.map((d) => d.key)));
    const value = CONTACTS / (routeMs / 1000);
    const baseline = CONTACTS / (bareMs / 1000);
    emit({
      bench: 'contacts_export_rows_per_s',
      value: Math.round(value),
      unit: 'rows/s',
      baseline: 'bare_csv_stringify',
      baseline_value: Math.round(baseline),
      ratio: Number((value / baseline).toFixed(3)),
    });
  } finally {
    await h.close();
  }
}
