// contacts_search_p95_ms: the Contacts tab's list over 100,000 contacts with 10 custom fields,
// tags, identities on several channels and conversations in departments, asked through the real
// tRPC API over HTTP as a supervisor and as an operator (first page, searches by partial name,
// phone typed another way, e-mail, CPF, filters by tag, field, channel and dates, combinations,
// later pages, other sorts). Baseline: one contact by primary key (`contacts.get` of a contact
// with no conversation) over the same HTTP/tRPC path in the same run. `BENCH_PG=1` runs it on
// the local PostgreSQL; `BENCH_DEBUG=1` prints each query kind's p95.
import { performance } from 'node:perf_hooks';
import { sql, type Insertable } from 'kysely';
import type { ContactIdentitiesTable, ContactsTable, ContactTagsTable, ConversationsTable } from '../runtime/db/schema.js';
import { newId } from '../runtime/ids.js';
import { postgresDatabase, sqliteDatabase } from '../runtime/testing/databases.js';
import type { ContactQuery } from '../runtime/contacts/query.js';
import { formatDocument } from '../blocks/shared/documents.js';
import { ADMIN, startHarness, type Harness, type TestClient } from '../api/testing/harness.js';
import { emit, percentile } from './report.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const PASSWORD = 'bench-operator-1';

const FIRST = 'Ana Maria João José Antônio Francisca Carlos Paulo Pedro Lucas Luiz Marcos Luís Gabriel Rafael Daniel Marcelo Bruno Eduardo Felipe Raimundo Rodrigo Juliana Adriana Márcia Fernanda Patrícia Aline Sandra Camila Amanda Bruna Jéssica Letícia Júlia Luciana Vanessa Mariana Gabriela Vera Vitória Larissa Cláudia Beatriz Rita Sônia Renata Eliane Tatiana Débora Thiago Mateus Gustavo Leonardo Otávio Caio Igor Heitor Davi Enzo Valentina Helena Alice Laura Manuela Sophia Isabela Lívia Cecília Heloísa'.split(' ');
const LAST = 'Silva Santos Oliveira Souza Rodrigues Ferreira Alves Pereira Lima Gomes Costa Ribeiro Martins Carvalho Almeida Lopes Soares Fernandes Vieira Barbosa Rocha Dias Nascimento Andrade Moreira Nunes Marques Machado Mendes Freitas Cardoso Ramos Gonçalves Santana Teixeira Araújo Pinto Moura Cavalcanti Monteiro Correia Batista Campos Barros Farias Rezende Queiroz Cunha Xavier Brito'.split(' ');
const CITIES = 'São Paulo;Rio de Janeiro;Belo Horizonte;Curitiba;Porto Alegre;Salvador;Recife;Fortaleza;Brasília;Manaus;Campinas;Goiânia;Florianópolis;Vitória;Natal'.split(';');
const JOBS = 'professora;engenheiro;médica;advogado;vendedora;motorista;analista de sistemas;enfermeira;contador;autônomo;estudante;aposentada'.split(';');
const PLANS = ['Básico', 'Plus', 'Premium', 'Empresarial'];
const SEGMENTS = ['Varejo', 'Atacado', 'Serviços', 'Indústria', 'Governo'];
const MAIL = ['gmail.com', 'hotmail.com', 'outlook.com', 'yahoo.com.br', 'uol.com.br', 'bol.com.br'];

const plain = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function cpf(n: number): string {
  const d = String(100_000_000 + ((n * 7_919) % 899_999_999)).split('').map(Number);
  for (const len of [9, 10]) {
    let sum = 0;
    for (let i = 0; i < len; i++) sum += d[i] * (len + 1 - i);
    d.push(((sum * 10) % 11) % 10);
  }
  return d.join('');
}

interface Setup {
  departments: string[];
  tags: string[];
  channels: { id: string; kind: string }[];
  operatorId: string;
  /** Values to look for, taken from rows that exist. */
  probe: { name: string; phone: string; email: string; cpf: string; lonely: string };
}

/** Writes the contacts straight into the database in batches, as an import of a large base would leave them. */
async function populate(h: Harness, s: Omit<Setup, 'probe' | 'operatorId'> & { operatorId: string }): Promise<Setup['probe']> {
  const k = h.app.db.kysely;
  let seed = 11;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const start = Date.parse('2025-01-01T00:00:00Z');
  const span = 700 * 86_400_000;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const probe = { name: '', phone: '', email: '', cpf: '', lonely: '' };
  const BATCH = 500;
  for (let base = 0; base < CONTACTS; base += BATCH) {
    const contacts: Insertable<ContactsTable>[] = [];
    const identities: Insertable<ContactIdentitiesTable>[] = [];
    const tags: Insertable<ContactTagsTable>[] = [];
    const conversations: Insertable<ConversationsTable>[] = [];
    for (let i = base; i < Math.min(CONTACTS, base + BATCH); i++) {
      const id = newId();
      const created = new Date(start + Math.floor((i / CONTACTS) * span)).toISOString();
      const first = pick(FIRST);
      const last = `${pick(LAST)} ${pick(LAST)}`;
      const name = rnd() < 0.03 ? null : `${first} ${last}`;
      const local = `9${String(10_000_000 + ((i * 48_271) % 89_999_999))}`;
      const ddd = pick(['11', '21', '31', '41', '51', '61', '71', '81', '85', '92']);
      const ch = rnd() < 0.7 ? s.channels[0] : pick(s.channels);
      // WhatsApp gives digits; people and the test chat give E.164.
      const phone = ch.kind === 'webchat' && rnd() < 0.5 ? null : ch.kind === 'whatsapp' ? `55${ddd}${local}` : `+55${ddd}${local}`;
      const email = rnd() < 0.6 ? `${plain(first)}.${plain(last.split(' ')[0])}${i}@${pick(MAIL)}` : null;
      const doc = rnd() < 0.4 ? cpf(i) : null;
      const fields: Record<string, string | number | boolean> = {
        cidade: pick(CITIES),
        profissao: pick(JOBS),
        idade: 18 + Math.floor(rnd() * 60),
        renda: Math.round(rnd() * 2_000_000) / 100,
        nascimento: day(Date.parse('1950-01-01') + rnd() * 55 * 365 * 86_400_000),
        cliente_desde: day(start + rnd() * span),
        plano: pick(PLANS),
        segmento: pick(SEGMENTS),
        newsletter: rnd() < 0.5,
      };
      if (doc) fields.cpf = doc;
      const lastContact = rnd() < 0.85 ? new Date(Date.parse(created) + rnd() * 30 * 86_400_000).toISOString() : null;
      contacts.push({
        id,
        channel: ch.id,
        external_id: phone ?? `visitor-${i}`,
        name,
        phone,
        email,
        fields: JSON.stringify(fields),
        document: doc,
        created_at: created,
        updated_at: created,
        last_contact_at: lastContact,
        blocked_at: rnd() < 0.01 ? created : null,
      });
      identities.push({ channel_id: ch.id, kind: phone ? 'phone' : 'visitor', value: phone ? phone.replace('+', '') : `visitor-${i}`, contact_id: id, created_at: created, last_seen_at: created });
      if (rnd() < 0.2) {
        const other = pick(s.channels.filter((c) => c.id !== ch.id));
        identities.push({ channel_id: other.id, kind: 'visitor', value: `v-${other.id}-${i}`, contact_id: id, created_at: created, last_seen_at: created });
      }
      const n = rnd() < 0.5 ? 0 : 1 + Math.floor(rnd() * 3);
      for (const t of new Set(Array.from({ length: n }, () => pick(s.tags)))) tags.push({ contact_id: id, tag_id: t, created_at: created });
      if (lastContact) {
        conversations.push({
          id: newId(),
          contact_id: id,
          channel: ch.id,
          stage: 'closed',
          opened_at: created,
          closed_at: lastContact,
          last_message_at: lastContact,
          department_id: pick(s.departments),
          agent_id: null,
          handoff_mode: 'auto',
        });
      }
      if (i === Math.floor(CONTACTS * 0.37)) Object.assign(probe, { name: name ?? 'Maria', phone: `(${ddd}) ${local.slice(0, 5)}-${local.slice(5)}` });
      if (i > CONTACTS * 0.5 && email && !probe.email) probe.email = email.toUpperCase();
      if (i > CONTACTS * 0.6 && doc && !probe.cpf) probe.cpf = formatDocument(doc);
      if (i > CONTACTS * 0.7 && name && !probe.lonely) probe.lonely = `${first} ${last.split(' ')[0]}`;
    }
    await k.transaction().execute(async (tx) => {
      await tx.insertInto('contacts').values(contacts).execute();
      await tx.insertInto('contact_identities').values(identities).execute();
      if (tags.length) await tx.insertInto('contact_tags').values(tags).execute();
      if (conversations.length) await tx.insertInto('conversations').values(conversations).execute();
    });
  }
  if (h.app.db.dialect === 'sqlite') h.app.db.sqlite!.pragma('optimize');
  else await sql`analyze`.execute(h.app.db.kysely);
  return probe;
}

export async function setup(h: Harness, sup: TestClient): Promise<Setup> {
  const departments: string[] = [];
  for (let i = 0; i < 10; i++) departments.push((await sup.trpc.departments.create.mutate({ name: `Fila ${i}` })).id);
  const operatorId = (await sup.trpc.users.create.mutate({ name: 'Olga Operadora', email: 'olga@bench.test', role: 'operator', password: PASSWORD, departmentIds: [departments[0], departments[1]] })).id;
  const tags: string[] = [];
  for (let i = 0; i < 20; i++) tags.push((await sup.trpc.inbox.tags.create.mutate({ name: `etiqueta ${i}` })).id);
  const fieldDefs = [
    { label: 'Cidade', key: 'cidade', type: 'text' },
    { label: 'Profissão', key: 'profissao', type: 'text' },
    { label: 'Idade', key: 'idade', type: 'number' },
    { label: 'Renda', key: 'renda', type: 'number' },
    { label: 'Nascimento', key: 'nascimento', type: 'date' },
    { label: 'Cliente desde', key: 'cliente_desde', type: 'date' },
    { label: 'Plano', key: 'plano', type: 'list', options: PLANS },
    { label: 'Segmento', key: 'segmento', type: 'list', options: SEGMENTS },
    { label: 'Newsletter', key: 'newsletter', type: 'yes_no' },
    { label: 'CPF', key: 'cpf', type: 'cpf_cnpj' },
  ] as const;
  for (const f of fieldDefs) await sup.trpc.contacts.fields.create.mutate({ ...f, options: 'options' in f ? [...f.options] : [] });
  const channels: { id: string; kind: string }[] = [];
  for (const [name, kind] of [
    ['WhatsApp Vendas', 'whatsapp'],
    ['WhatsApp Suporte', 'whatsapp'],
    ['Site', 'webchat'],
    ['Instagram', 'instagram'],
  ] as const) {
    const id = (await h.app.channels.create({ kind: 'whatsapp', name, botOffDepartmentId: departments[0] })).id;
    if (kind !== 'whatsapp') await h.app.db.kysely.updateTable('channels').set({ kind }).where('id', '=', id).execute();
    channels.push({ id, kind });
  }
  const t0 = performance.now();
  const probe = await populate(h, { departments, tags, channels, operatorId });
  console.error(`[bench] ${CONTACTS} contacts (${h.app.db.dialect}) in ${Math.round(performance.now() - t0)} ms; probe ${JSON.stringify(probe)}`);
  return { departments, tags, channels, operatorId, probe };
}

export function queries(s: Setup): [string, ContactQuery][] {
  const wa = s.channels[1].id;
  return [
    ['first page', {}],
    ['name sort', { sort: 'name' }],
    ['last contact sort', { sort: 'last_contact' }],
    ['name sort desc, page 3', { sort: 'name', dir: 'desc', page: 3 }],
    ['page 40', { page: 40 }],
    ['partial name', { search: s.probe.name.split(' ')[0].slice(0, 4).toLowerCase() }],
    ['full name', { search: s.probe.lonely }],
    ['rare name part', { search: 'queiroz xav' }],
    ['phone typed another way', { search: s.probe.phone }],
    ['partial phone', { search: s.probe.phone.replace(/\D/g, '').slice(-6) }],
    ['e-mail', { search: s.probe.email }],
    ['partial e-mail', { search: 'hotmail' }],
    ['cpf', { search: s.probe.cpf }],
    ['tag', { tagId: s.tags[3] }],
    ['tag, name sort', { tagId: s.tags[5], sort: 'name' }],
    ['text field', { field: { key: 'cidade', op: 'equals', value: 'Recife' } }],
    ['list field', { field: { key: 'plano', op: 'equals', value: 'Premium' } }],
    ['number range', { field: { key: 'idade', op: 'between', from: 30, to: 35 } }],
    ['date range', { field: { key: 'nascimento', op: 'between', from: '1980-01-01', to: '1980-12-31' } }],
    ['yes/no', { field: { key: 'newsletter', op: 'equals', value: true } }],
    ['field contains', { field: { key: 'profissao', op: 'contains', value: 'sistem' } }],
    ['channel account', { channel: wa }],
    ['channel kind', { channelKind: 'instagram' }],
    ['created dates', { createdFrom: '2025-06-01', createdTo: '2025-06-30' }],
    ['last contact dates', { lastContactFrom: '2026-03-01', lastContactTo: '2026-03-15', sort: 'last_contact' }],
    ['blocked', { blocked: true }],
    ['combined', { search: 'ana', tagId: s.tags[1], field: { key: 'plano', op: 'equals', value: 'Plus' }, createdFrom: '2025-03-01' }],
    ['combined 2', { channelKind: 'webchat', field: { key: 'newsletter', op: 'equals', value: false }, sort: 'last_contact' }],
  ];
}

async function measure(h: Harness) {
  const admin = h.client();
  await admin.login(ADMIN.email, ADMIN.password);
  const s = await setup(h, admin);
  // The fill never yields to I/O: let the server close the keep-alive sockets it timed out
  // before a client reuses one.
  await new Promise((r) => setTimeout(r, 300));
  const sup = h.client();
  await sup.login(ADMIN.email, ADMIN.password);
  const op = h.client();
  await op.login('olga@bench.test', PASSWORD);
  const lonelyContact = (await h.app.db.kysely.selectFrom('contacts').select('id').where('last_contact_at', 'is', null).limit(1).executeTakeFirstOrThrow()).id;
  const kinds = queries(s);
  const as: [string, TestClient][] = [
    ['supervisor', sup],
    ['operator', op],
  ];
  // Warm-up: every kind once as each, and the baseline.
  for (const [who, c] of as)
    for (const [kind, q] of kinds) {
      try {
        await c.trpc.contacts.list.query(q);
      } catch (e) {
        throw new Error(`${who} ${kind}: ${String(e)}`);
      }
    }
  for (let i = 0; i < 20; i++) await sup.trpc.contacts.get.query({ id: lonelyContact });
  const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
  const byKind = new Map<string, number[]>();
  const all: number[] = [];
  const base: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const [who, c] of as) {
      for (const [kind, q] of kinds) {
        let t = performance.now();
        await c.trpc.contacts.list.query(q);
        const ms = performance.now() - t;
        all.push(ms);
        const key = `${who} ${kind}`;
        byKind.set(key, [...(byKind.get(key) ?? []), ms]);
        t = performance.now();
        await sup.trpc.contacts.get.query({ id: lonelyContact });
        base.push(performance.now() - t);
      }
    }
  }
  if (process.env.BENCH_DEBUG) {
    const totals = new Map<string, number>();
    for (const [who, c] of as) for (const [kind, q] of kinds) totals.set(`${who} ${kind}`, (await c.trpc.contacts.list.query(q)).total);
    for (const [key, ts] of byKind) console.error(`[bench] ${key.padEnd(40)} p95 ${percentile(ts, 95).toFixed(2).padStart(7)} ms  (${totals.get(key)} contacts)`);
  }
  const p95 = percentile(all, 95);
  const b = percentile(base, 95);
  const suffix = h.app.db.dialect === 'sqlite' ? '' : `_${h.app.db.dialect}`;
  emit({ bench: `contacts_search_p95_ms${suffix}`, value: +p95.toFixed(2), unit: 'ms', baseline: `${h.app.db.dialect}_indexed_lookup`, baseline_value: +b.toFixed(2), ratio: +(p95 / b).toFixed(1) });
}

export async function benchContactsSearch(): Promise<void> {
  const h = await startHarness({ db: process.env.BENCH_PG ? postgresDatabase() : sqliteDatabase() });
  try {
    await measure(h);
  } finally {
    await h.close();
  }
}
