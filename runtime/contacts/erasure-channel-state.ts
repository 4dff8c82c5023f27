// What channel accounts keep for themselves that names an erased person: WhatsApp's auth state
// holds LID↔phone mappings (`lid-mapping`: `<phone>` → LID, `<lid>_reverse` → phone), signal
// sessions and device lists keyed by their number or LID, tctokens; the adapter's record of what
// it sent them (`ozia-row` per transcript row, its parts in `ozia-sent` / `ozia-poll`, with the
// message protos); Messenger/Instagram's sent log per user id (`sent.<psid>`). Rows whose type,
// id or value holds one of their identifiers go, and so do the sent records of their messages.
import { sql as q, type Kysely } from 'kysely';
import type { DialectName } from '../db/migrations.js';
import type { Sql } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { chunked } from '../purge.js';

const likeOf = (text: string) => `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

export async function purgeChannelState(
  sql: Sql,
  k: Kysely<Database>,
  _dialect: DialectName,
  what: { marks: string[]; messageIds: readonly number[] },
): Promise<void> {
  // Short values would match unrelated keys; identifiers of people are long (phones, LIDs, PSIDs).
  const marks = [...new Set(what.marks.filter((m) => m.length >= 6))];
  for (const m of marks) {
    const like = likeOf(m);
    await sql.exec(
      k.deleteFrom('channel_state').where(q<boolean>`(type like ${like} escape '\\' or id like ${like} escape '\\' or value like ${like} escape '\\')`),
    );
  }
  for (const part of chunked(what.messageIds.map(String))) {
    const rows = (await sql.exec(k.selectFrom('channel_state').select(['channel_id', 'value']).where('type', '=', 'ozia-row').where('id', 'in', part))).rows;
    const parts = new Set<string>();
    for (const r of rows) {
      try {
        for (const p of JSON.parse(r.value) as unknown[]) if (typeof p === 'string' && p) parts.add(p);
      } catch {
        // A malformed record names no parts.
      }
    }
    for (const ids of chunked([...parts])) await sql.exec(k.deleteFrom('channel_state').where('type', 'in', ['ozia-sent', 'ozia-poll']).where('id', 'in', ids));
    await sql.exec(k.deleteFrom('channel_state').where('type', '=', 'ozia-row').where('id', 'in', part));
  }
}
