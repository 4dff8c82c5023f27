// Deleting transcript rows and the files only they used, inside a caller's transaction. Written
// for any purge (an erased contact's conversations, transcripts past their retention): the
// messages go with SQLite's full-text rows (PostgreSQL's search vector is an expression of the
// row and goes with it), notifications pointing at them, and the files no other place uses.
// The stored bytes of those files can only go after the commit: `FileStore.discardBytes`.
import { sql as q, type Kysely } from 'kysely';
import type { DialectName } from '../db/migrations.js';
import type { Sql } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

/** Ids per `in (…)`: far under either database's parameter limit. */
const CHUNK = 500;

export function chunked<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Deletes these transcript rows and their full-text entries; returns how many rows went. */
export async function purgeMessages(sql: Sql, k: Kysely<Database>, dialect: DialectName, ids: readonly number[]): Promise<number> {
  let n = 0;
  for (const part of chunked(ids)) {
    if (dialect === 'sqlite') {
      // Contentless with deletes allowed: a rowid never indexed is simply not there.
      await sql.exec(q`delete from messages_fts where rowid in (${q.join(part)})`.compile(k));
    }
    await sql.exec(k.deleteFrom('notifications').where('message_id', 'in', part));
    n += (await sql.exec(k.deleteFrom('messages').where('id', 'in', part))).changes;
  }
  return n;
}

/**
 * Unlinks files from these conversations and deletes the rows of those no flow, quick reply or
 * other conversation still uses. Returns the ids whose bytes the caller removes after commit.
 */
export async function purgeConversationFiles(sql: Sql, k: Kysely<Database>, conversationIds: readonly string[]): Promise<string[]> {
  const candidates = new Set<string>();
  for (const part of chunked(conversationIds)) {
    const rows = await sql.exec(k.selectFrom('file_links').select('file_id').where('owner_kind', '=', 'conversation').where('owner_id', 'in', part));
    for (const r of rows.rows) candidates.add(r.file_id);
    await sql.exec(k.deleteFrom('file_links').where('owner_kind', '=', 'conversation').where('owner_id', 'in', part));
  }
  const orphans: string[] = [];
  for (const part of chunked([...candidates])) {
    const used = new Set<string>();
    for (const r of (await sql.exec(k.selectFrom('file_links').select('file_id').where('file_id', 'in', part))).rows) used.add(r.file_id);
    for (const r of (await sql.exec(k.selectFrom('quick_replies').select('file_id').where('file_id', 'in', part))).rows) if (r.file_id) used.add(r.file_id);
    const gone = part.filter((id) => !used.has(id));
    if (gone.length) await sql.exec(k.deleteFrom('files').where('id', 'in', gone));
    orphans.push(...gone);
  }
  return orphans;
}

/** After a purge of many rows: SQLite's full-text index merged, so deleted entries leave its segments too. */
export async function compactSearchIndex(sql: Sql, k: Kysely<Database>, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') await sql.exec(q`insert into messages_fts (messages_fts) values ('optimize')`.compile(k));
}
