// What identifies the person being erased (their name, phone digits in every spelling, e-mails,
// CPF/CNPJ digits), and the saved filters that hold any of it: a filter whose search finds them
// by it loses its search; one whose own name holds it goes.
import type { Kysely } from 'kysely';
import type { Sql } from '../db/prepared.js';
import type { ContactRow, Database } from '../db/schema.js';
import { phoneDigits, phoneSpellings } from './phone.js';

export interface PersonMarks {
  /** Folded full name (accents and case aside); null without a name. */
  name: string | null;
  /** Phone spellings' digits, national forms, CPF/CNPJ digits, numeric identities. */
  digits: string[];
  emails: string[];
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ');

export function personMarks(row: Pick<ContactRow, 'name' | 'phone' | 'email' | 'document'>, identities: { kind: string; value: string }[]): PersonMarks {
  const digits = new Set<string>();
  const phones = [row.phone, ...identities.filter((i) => i.kind === 'phone').map((i) => i.value)].filter((p): p is string => !!p);
  for (const p of phones) {
    const d = phoneDigits(p) ?? p.replace(/\D/g, '');
    if (d.length < 8) continue;
    for (const s of phoneSpellings(d)) {
      const bare = s.replace(/\D/g, '');
      digits.add(bare);
      // Brazilian numbers are typed without the country code too: 11 98765-4321.
      if (bare.startsWith('55') && bare.length >= 12) digits.add(bare.slice(2));
    }
  }
  for (const d of (row.document ?? '').split(' ')) if (d.length >= 8) digits.add(d);
  for (const i of identities) if (/^\d{8,}$/.test(i.value)) digits.add(i.value);
  const emails = new Set<string>();
  if (row.email) emails.add(row.email.toLowerCase());
  for (const i of identities) if (i.kind === 'email') emails.add(i.value.toLowerCase());
  const name = row.name?.trim() ? fold(row.name) : null;
  return { name: name && name.length >= 3 ? name : null, digits: [...digits], emails: [...emails] };
}

/** Whether a text typed by someone (a search, a filter's name) holds the person's name, phone, e-mail or document. */
export function holdsPerson(text: string, m: PersonMarks): boolean {
  const t = fold(text);
  if (m.name && t.includes(m.name)) return true;
  if (m.emails.some((e) => t.includes(e))) return true;
  const d = text.replace(/\D/g, '');
  return d.length >= 8 && m.digits.some((x) => x.includes(d) || d.includes(x));
}

/** Every user's saved filters: the search that finds this person goes, a filter named after them goes whole. */
export async function scrubSavedFilters(sql: Sql, k: Kysely<Database>, m: PersonMarks): Promise<void> {
  const rows = (await sql.exec(k.selectFrom('contact_filters').select(['id', 'name', 'query']))).rows;
  for (const r of rows) {
    let query: Record<string, unknown>;
    try {
      query = JSON.parse(r.query) as Record<string, unknown>;
    } catch {
      query = {};
    }
    const search = typeof query.search === 'string' ? query.search : '';
    if (holdsPerson(r.name, m) || (search && holdsPerson(search, m) && Object.keys(query).filter((x) => x !== 'search' && x !== 'sort' && x !== 'dir').length === 0)) {
      await sql.exec(k.deleteFrom('contact_filters').where('id', '=', r.id));
    } else if (search && holdsPerson(search, m)) {
      const { search: _gone, ...rest } = query;
      await sql.exec(k.updateTable('contact_filters').set({ query: JSON.stringify(rest) }).where('id', '=', r.id));
    }
  }
}
