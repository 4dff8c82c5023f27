// When two contacts turn out to be one person (ingest: a phone and a LID reported as the same),
// what people wrote on the one that goes away must survive on the one that stays: its tags, its
// e-mail and notes, custom field values the survivor lacks, its CPF/CNPJ digits and its last
// contact. The survivor's own values win; both notes are kept. Runs inside the merge's transaction.
import { sql as q, type Kysely } from 'kysely';
import type { Sql } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { readValues } from './fields.js';

export async function carryContactData(sql: Sql, k: Kysely<Database>, survivor: string, loser: string): Promise<void> {
  await sql.exec(
    q`insert into contact_tags (contact_id, tag_id, created_at)
      select ${survivor}, t.tag_id, t.created_at from contact_tags t
      where t.contact_id = ${loser} and not exists (select 1 from contact_tags s where s.contact_id = ${survivor} and s.tag_id = t.tag_id)`.compile(k),
  );
  const both = await sql.exec(
    k.selectFrom('contacts').select(['id', 'email', 'notes', 'fields', 'document', 'last_contact_at', 'created_by']).where('id', 'in', [survivor, loser]),
  );
  const s = both.rows.find((r) => r.id === survivor);
  const l = both.rows.find((r) => r.id === loser);
  if (!s || !l) return;
  const fields = { ...readValues(l.fields), ...readValues(s.fields) };
  const documents = [...new Set([...(s.document ?? '').split(' '), ...(l.document ?? '').split(' ')].filter(Boolean))];
  const notes = [s.notes, l.notes].filter((n): n is string => !!n?.trim());
  const last = [s.last_contact_at, l.last_contact_at].filter((x): x is string => !!x).sort().at(-1) ?? null;
  await sql.exec(
    k
      .updateTable('contacts')
      .set({
        email: s.email ?? l.email,
        notes: notes.length ? [...new Set(notes)].join('\n\n') : null,
        fields: Object.keys(fields).length ? JSON.stringify(fields) : null,
        document: documents.length ? documents.join(' ') : null,
        last_contact_at: last,
        created_by: s.created_by ?? l.created_by,
      })
      .where('id', '=', survivor),
  );
}
