// Deleting transcripts completely, inside a transaction the caller holds (a write of the
// runtime's writer), for every purge there is: the retention job's old messages
// (runtime/retention/job.ts) and an erased person's conversations (runtime/contacts/erasure.ts).
// Messages go with their SQLite full-text rows (PostgreSQL's search vector is an expression of
// the row and goes with it), the inbound copies the channel stored before the turn, the
// notifications pointing at them, and the files only they used (rows and links here; the bytes
// only after the commit, `FileStore.discardBytes`).
//
// Conversation rows are not touched: reports count them, and what a caller says about a cut
// transcript (a flag, a cleared preview) is the caller's.
import { sql as q } from 'kysely';
import type { DialectName } from './db/migrations.js';
import type { Kysely, SelectQueryBuilder } from 'kysely';
import type { Db } from './db/connect.js';
import type { Sql } from './db/prepared.js';
import type { Database } from './db/schema.js';

export interface PurgeResult {
  /** Messages deleted. */
  messages: number;
  /** Conversations that lost at least one message. */
  conversationIds: string[];
  /** Files deleted (rows and links); their bytes go with `discardFileBytes` once committed. */
  fileIds: string[];
}

const FILE_REF = /"fileId"\s*:\s*"([\w-]{10,64})"|\/api\/files\/([\w-]{10,64})/g;

/** Every stored file a message body names (an attachment's `fileId`, a `/api/files/<id>` link). */
export function fileIdsInBody(body: string): string[] {
  const ids = new Set<string>();
  for (const m of body.matchAll(FILE_REF)) ids.add(m[1] ?? m[2]);
  return [...ids];
}

/** At most this many ids per call (statement parameters stay far below SQLite's limit). */
export const PURGE_MAX_IDS = 1_000;

export async function purgeMessages(db: Db, sql: Sql, ids: readonly number[]): Promise<PurgeResult> {
  if (ids.length > PURGE_MAX_IDS) throw new Error(`purgeMessages: at most ${PURGE_MAX_IDS} ids at once`);
  const k: Kysely<Database> = db.kysely;
  if (!ids.length) return { messages: 0, conversationIds: [], fileIds: [] };
  const { rows } = await sql.exec(
    k.selectFrom('messages').select(['id', 'conversation_id', 'channel', 'direction', 'external_id', 'body']).where('id', 'in', [...ids]),
  );
  if (!rows.length) return { messages: 0, conversationIds: [], fileIds: [] };
  const found = rows.map((r) => Number(r.id));
  const conversationIds = [...new Set(rows.map((r) => r.conversation_id))];
  const mentioned = new Set(rows.flatMap((r) => fileIdsInBody(r.body)));

  await sql.exec(k.deleteFrom('notifications').where('message_id', 'in', found));
  if (db.dialect === 'sqlite') {
    // Contentless FTS5 with contentless_delete: a rowid never indexed is simply not there.
    await sql.exec(q`delete from messages_fts where rowid in (${q.join(found)})`.compile(k));
  }
  // What the contact sent is also kept as the channel delivered it (the dedupe row): it goes too.
  // Rows still pending (not yet answered) stay: their turn has not run.
  const inbound = rows.filter((r) => r.direction === 'in' && r.external_id);
  for (const [channel, externalIds] of groupBy(inbound, (r) => r.channel, (r) => r.external_id!)) {
    await sql.exec(k.deleteFrom('inbound').where('channel', '=', channel).where('external_id', 'in', externalIds).where('status', '=', 'done'));
  }
  const deleted = await sql.exec(k.deleteFrom('messages').where('id', 'in', found));

  const fileIds = await filesNoLongerUsed(k, sql, [...mentioned], conversationIds, (qb) => qb);
  if (fileIds.length) {
    await sql.exec(k.deleteFrom('file_links').where('file_id', 'in', fileIds));
    await sql.exec(k.deleteFrom('files').where('id', 'in', fileIds));
  }
  return { messages: deleted.changes, conversationIds, fileIds };
}

/**
 * The files among `candidates` nothing uses once the messages are gone: no flow or quick reply
 * shows them, and no message left in the conversations that held them (or that they were linked
 * to) names them. Uploads get a fresh id each, so a file lives in one conversation at most,
 * unless a flow or a quick reply brought it, and those keep their link.
 */
export async function filesNoLongerUsed(
  k: Kysely<Database>,
  sql: Sql,
  candidates: string[],
  conversationIds: string[],
  /** Narrows the messages that count as staying (a preview counts those a run would leave). */
  staying: (qb: StayingQuery) => StayingQuery,
): Promise<string[]> {
  if (!candidates.length) return [];
  const { rows: stored } = await sql.exec(k.selectFrom('files').select('id').where('id', 'in', candidates));
  if (!stored.length) return [];
  const ids = stored.map((r) => r.id);
  const { rows: links } = await sql.exec(k.selectFrom('file_links').select(['file_id', 'owner_kind', 'owner_id']).where('file_id', 'in', ids));
  const { rows: replies } = await sql.exec(k.selectFrom('quick_replies').select('file_id').where('file_id', 'in', ids));
  const kept = new Set<string>([...links.filter((l) => l.owner_kind !== 'conversation').map((l) => l.file_id), ...replies.map((r) => r.file_id!)]);
  const gone: string[] = [];
  for (const id of ids) {
    if (kept.has(id)) continue;
    const where = new Set([...conversationIds, ...links.filter((l) => l.file_id === id && l.owner_kind === 'conversation').map((l) => l.owner_id)]);
    // `_` in an id is LIKE's any-character: a wider match only ever keeps a file.
    const { rows: still } = await sql.exec(
      staying(k.selectFrom('messages').select('id').where('conversation_id', 'in', [...where]).where('body', 'like', `%${id}%`)).limit(1),
    );
    if (!still.length) gone.push(id);
  }
  return gone;
}

type StayingQuery = SelectQueryBuilder<Database, 'messages', { id: number }>;

function groupBy<T>(items: T[], key: (t: T) => string, value: (t: T) => string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const it of items) m.set(key(it), [...(m.get(key(it)) ?? []), value(it)]);
  return m;
}

/** Ids per `in (…)`: far under either database's parameter limit. */
const CHUNK = 500;

export function chunked<T>(items: readonly T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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

/**
 * After an erasure: SQLite's full-text indexes (messages, and the contacts' trigram table) merged,
 * so deleted entries leave their segments too. About half a second at 1,000,000 messages, which is
 * why the retention job, deleting old text rather than a person, leaves it to FTS5's own merging.
 */
export async function compactSearchIndex(sql: Sql, k: Kysely<Database>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql.exec(q`insert into messages_fts (messages_fts) values ('optimize')`.compile(k));
  await sql.exec(q`insert into contacts_fts (contacts_fts) values ('optimize')`.compile(k));
}
