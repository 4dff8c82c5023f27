// A channel account's own storage (WhatsApp's signal keys and creds): rows of
// `channel_state(channel_id, type, id, value)`, scoped to one account.
//
// Transactions: `set` runs in its own transaction on the Kysely connection, not through the
// runtime's WriteBatcher. On SQLite Kysely has one connection guarded by a mutex, and the batcher
// runs its whole transaction while holding that connection (`kysely.connection().execute`), so a
// `set` and a batch queue behind each other and never interleave; a `set` can neither land inside
// a batch that later rolls back nor be held up by a failed one being retried. Joining the batch
// instead would tie key writes to turns: a retried batch, a slow turn. On PostgreSQL each takes its
// own pooled connection and they touch disjoint rows, so nothing waits on a lock.
// The one way to deadlock is calling `set` from inside a batcher work item (it would wait for the
// connection the batch holds): channels never run inside a turn's transaction, keep it so.
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { ChannelStateStore } from './contract.js';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';

/** Ids per `in (…)` and rows per multi-row insert: far under SQLite's and PostgreSQL's parameter limits. */
const IDS_PER_QUERY = 500;
const ROWS_PER_INSERT = 200;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Runs `work` in one transaction. SQLite: BEGIN IMMEDIATE on the single connection, so the write
 * lock is taken up front (waiting out `busy_timeout` for another process) instead of failing when a
 * deferred transaction tries to upgrade.
 */
export async function inTransaction<T>(db: Db, work: (k: Kysely<Database>) => Promise<T>): Promise<T> {
  if (db.dialect === 'postgres') return db.kysely.transaction().execute(work);
  const reads = db.sqlite ? readsOf(db.sqlite) : null;
  return db.kysely.connection().execute(async (conn) => {
    await sql`begin immediate`.execute(conn);
    if (reads) reads.open++;
    try {
      const result = await work(conn);
      await sql`commit`.execute(conn);
      return result;
    } catch (e) {
      // SQLite may already have rolled back on its own (disk full, I/O error); a second ROLLBACK would hide `e`.
      if (!db.sqlite || db.sqlite.inTransaction) await sql`rollback`.execute(conn);
      throw e;
    } finally {
      if (reads) reads.open--;
    }
  });
}

/**
 * PostgreSQL may still pick a `set` as a deadlock victim (one set's upserts against another's
 * deletes of the same keys): it rolled back whole, so running it again is safe.
 */
async function retryingConflicts<T>(run: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      if (i >= attempts || (code !== '40P01' && code !== '40001')) throw e;
    }
  }
}

/**
 * SQLite reads run straight on better-sqlite3 with statements prepared once: WhatsApp reads its
 * keys, and the adapter its sent messages, on every message, and compiling a Kysely query cost
 * more than running it (the whatsapp_inbound bench). Such a read does not wait for Kysely's
 * connection, so it must not see a `set` half-way: while a set's transaction is open, reads take
 * the Kysely way and queue behind it. The runtime's batches never write this table, so reading inside one of
 * their transactions sees only committed state rows.
 */
interface SqliteReads {
  one: BetterSqlite3.Statement<[string, string, string], { id: string; value: string }>;
  many: BetterSqlite3.Statement<[string, string, string], { id: string; value: string }>;
  /** This store's transactions open on the connection (begun, not yet committed or rolled back). */
  open: number;
}
const sqliteReads = new WeakMap<BetterSqlite3.Database, SqliteReads>();

function readsOf(raw: BetterSqlite3.Database): SqliteReads {
  let r = sqliteReads.get(raw);
  if (!r) {
    r = {
      one: raw.prepare('select id, value from channel_state where channel_id = ? and type = ? and id = ?'),
      many: raw.prepare('select id, value from channel_state where channel_id = ? and type = ? and id in (select value from json_each(?))'),
      open: 0,
    };
    sqliteReads.set(raw, r);
  }
  return r;
}

interface StateEntry {
  channel_id: string;
  type: string;
  id: string;
  /** Null deletes the key. */
  value: string | null;
}

/** Writes `entries` (the last one for a key wins) inside the caller's transaction. */
async function writeEntries(k: Kysely<Database>, entries: StateEntry[]): Promise<void> {
  const last = new Map<string, StateEntry>();
  for (const e of entries) last.set(`${e.channel_id}\u0000${e.type}\u0000${e.id}`, e);
  // One order for every writer, so two sets touching the same keys lock them the same way round.
  const sorted = [...last.values()].sort((a, b) => cmp(a.channel_id, b.channel_id) || cmp(a.type, b.type) || cmp(a.id, b.id));
  const upserts = sorted.flatMap((e) => (e.value === null ? [] : [{ channel_id: e.channel_id, type: e.type, id: e.id, value: e.value }]));
  const deletes = new Map<string, { channel: string; type: string; ids: string[] }>();
  for (const e of sorted) {
    if (e.value !== null) continue;
    const key = `${e.channel_id}\u0000${e.type}`;
    const d = deletes.get(key);
    if (d) d.ids.push(e.id);
    else deletes.set(key, { channel: e.channel_id, type: e.type, ids: [e.id] });
  }
  for (const rows of chunks(upserts, ROWS_PER_INSERT)) {
    await k
      .insertInto('channel_state')
      .values(rows)
      .onConflict((oc) => oc.columns(['channel_id', 'type', 'id']).doUpdateSet({ value: (eb) => eb.ref('excluded.value') }))
      .execute();
  }
  for (const d of deletes.values()) {
    for (const part of chunks(d.ids, IDS_PER_QUERY)) {
      await k.deleteFrom('channel_state').where('channel_id', '=', d.channel).where('type', '=', d.type).where('id', 'in', part).execute();
    }
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface PendingSet {
  entries: StateEntry[];
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * SQLite's sets, group-committed: SQLite has one connection, so sets queue for it anyway; the
 * ones that arrived while a transaction ran commit together in the next one (a number sends,
 * and records what it sent, many times a second). Each set stays all-or-nothing: a group that
 * fails is committed again one set at a time, so only the set at fault fails. Per Kysely
 * instance, as each runs its sets through its own plugins.
 */
const sqliteGroups = new WeakMap<Kysely<Database>, { queue: PendingSet[]; flushing: boolean }>();

function groupCommit(db: Db, entries: StateEntry[]): Promise<void> {
  let g = sqliteGroups.get(db.kysely);
  if (!g) sqliteGroups.set(db.kysely, (g = { queue: [], flushing: false }));
  const group = g;
  const done = new Promise<void>((resolve, reject) => group.queue.push({ entries, resolve, reject }));
  if (!group.flushing) {
    group.flushing = true;
    void (async () => {
      try {
        while (group.queue.length) await commitSets(db, group.queue.splice(0));
      } finally {
        group.flushing = false;
      }
    })();
  }
  return done;
}

async function commitSets(db: Db, sets: PendingSet[]): Promise<void> {
  try {
    await inTransaction(db, (k) => writeEntries(k, sets.flatMap((s) => s.entries)));
  } catch (e) {
    if (sets.length === 1) sets[0].reject(e);
    else for (const s of sets) await commitSets(db, [s]);
    return;
  }
  for (const s of sets) s.resolve();
}

export function channelStateStore(db: Db, channelId: string): ChannelStateStore {
  const fast = db.sqlite ? readsOf(db.sqlite) : null;
  return {
    async get(type, ids) {
      const found: Record<string, string> = {};
      const unique = [...new Set(ids)];
      if (fast && fast.open === 0) {
        const rows = unique.length === 1 ? fast.one.all(channelId, type, unique[0]) : fast.many.all(channelId, type, JSON.stringify(unique));
        for (const r of rows) found[r.id] = r.value;
        return found;
      }
      for (const part of chunks(unique, IDS_PER_QUERY)) {
        const rows = await db.kysely
          .selectFrom('channel_state')
          .select(['id', 'value'])
          .where('channel_id', '=', channelId)
          .where('type', '=', type)
          .where('id', 'in', part)
          .execute();
        for (const r of rows) found[r.id] = r.value;
      }
      return found;
    },

    async list(type) {
      const rows = await db.kysely.selectFrom('channel_state').select(['id', 'value']).where('channel_id', '=', channelId).where('type', '=', type).execute();
      return Object.fromEntries(rows.map((r) => [r.id, r.value]));
    },

    async set(data) {
      const entries: StateEntry[] = Object.entries(data).flatMap(([type, ids]) =>
        Object.entries(ids ?? {}).map(([id, value]) => ({ channel_id: channelId, type, id, value: value ?? null })),
      );
      if (!entries.length) return;
      if (!fast) {
        await retryingConflicts(() => inTransaction(db, (k) => writeEntries(k, entries)));
        return;
      }
      await groupCommit(db, entries);
    },

    clear: () => clearChannelState(db, channelId),
  };
}

/** Forgets everything the account stored (its WhatsApp session): the next connect starts afresh. */
export async function clearChannelState(db: Db, channelId: string): Promise<void> {
  await db.kysely.deleteFrom('channel_state').where('channel_id', '=', channelId).execute();
}
