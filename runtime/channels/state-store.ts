// A channel account's own storage (WhatsApp's signal keys and creds): rows of
// `channel_state(channel_id, type, id, value)`, scoped to one account.
//
// SQLite: a `set` is one work item of a WriteBatcher (the runtime's, when the manager passes it),
// so the keys a number writes as it sends and receives share the turns' group commit instead of
// paying a commit each, and a batch that fails is committed again item by item, so only the set at
// fault fails. Never call `set` from inside a batcher work item: it would wait for the very batch
// it is in (channels never run inside a turn's transaction, keep it so).
// PostgreSQL: each set is its own transaction on a pooled connection (disjoint rows, no lock waits
// with turns), retried when PostgreSQL picks it as a deadlock victim.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { ChannelStateStore } from './contract.js';
import type { Db } from '../db/connect.js';
import { Prepared, type Sql } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import { WriteBatcher } from '../db/write-batcher.js';

/** Ids per `in (…)` and rows per multi-row insert: far under PostgreSQL's parameter limit. */
const IDS_PER_QUERY = 500;
const ROWS_PER_INSERT = 200;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
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
 * SQLite's statements, prepared once per database: WhatsApp reads its keys, and the adapter its
 * sent messages, on every message, and compiling a Kysely query cost more than running it (the
 * whatsapp_inbound bench). Reads run straight on better-sqlite3 only while no transaction is open
 * on the connection: a batch holding a set may still roll back, so a read then takes Kysely's way
 * and queues behind it, never seeing a row that is not committed.
 */
interface SqliteStatements {
  raw: BetterSqlite3.Database;
  one: BetterSqlite3.Statement<[string, string, string], { id: string; value: string }>;
  many: BetterSqlite3.Statement<[string, string, string], { id: string; value: string }>;
  upsert: Prepared<unknown>;
  remove: Prepared<unknown>;
  /** The batcher sets go through when the caller gives none. */
  writer: WriteBatcher;
}
const sqliteStatements = new WeakMap<Db['kysely'], SqliteStatements>();

function statementsOf(db: Db, raw: BetterSqlite3.Database): SqliteStatements {
  let s = sqliteStatements.get(db.kysely);
  if (!s || s.raw !== raw) {
    s = {
      raw,
      one: raw.prepare('select id, value from channel_state where channel_id = ? and type = ? and id = ?'),
      many: raw.prepare('select id, value from channel_state where channel_id = ? and type = ? and id in (select value from json_each(?))'),
      upsert: new Prepared(db, (k, channel: string, type: string, id: string, value: string) =>
        k
          .insertInto('channel_state')
          .values({ channel_id: channel, type, id, value })
          .onConflict((oc) => oc.columns(['channel_id', 'type', 'id']).doUpdateSet({ value: (eb) => eb.ref('excluded.value') })),
      ),
      remove: new Prepared(db, (k, channel: string, type: string, id: string) =>
        k.deleteFrom('channel_state').where('channel_id', '=', channel).where('type', '=', type).where('id', '=', id),
      ),
      writer: new WriteBatcher(db),
    };
    sqliteStatements.set(db.kysely, s);
  }
  return s;
}

interface StateEntry {
  channel_id: string;
  type: string;
  id: string;
  /** Null deletes the key. */
  value: string | null;
}

/** The last entry for each key, in one order for every writer (two sets touching the same keys lock them the same way round). */
function settled(entries: StateEntry[]): StateEntry[] {
  const last = new Map<string, StateEntry>();
  for (const e of entries) last.set(`${e.channel_id}\u0000${e.type}\u0000${e.id}`, e);
  return [...last.values()].sort((a, b) => cmp(a.channel_id, b.channel_id) || cmp(a.type, b.type) || cmp(a.id, b.id));
}

/** SQLite, inside the batch's transaction: upserts, then deletes, one prepared statement per row. */
async function writeSqlite(sql: Sql, st: SqliteStatements, entries: StateEntry[]): Promise<void> {
  const sorted = settled(entries);
  for (const e of sorted) if (e.value !== null) await sql.changes(st.upsert, e.channel_id, e.type, e.id, e.value);
  for (const e of sorted) if (e.value === null) await sql.changes(st.remove, e.channel_id, e.type, e.id);
}

/** PostgreSQL, inside the caller's transaction: multi-row upserts, then deletes by id lists. */
async function writePostgres(k: Kysely<Database>, entries: StateEntry[]): Promise<void> {
  const sorted = settled(entries);
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

/**
 * `writer`: the batcher SQLite sets ride in, the runtime's in the product so that keys share the
 * turns' commits; by default one per database.
 */
export function channelStateStore(db: Db, channelId: string, writer?: WriteBatcher): ChannelStateStore {
  const st = db.sqlite ? statementsOf(db, db.sqlite) : null;
  const batcher = st ? (writer ?? st.writer) : null;
  return {
    async get(type, ids) {
      const found: Record<string, string> = {};
      const unique = [...new Set(ids)];
      if (st && !st.raw.inTransaction) {
        const rows = unique.length === 1 ? st.one.all(channelId, type, unique[0]) : st.many.all(channelId, type, JSON.stringify(unique));
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
      if (st && batcher) {
        await batcher.run((sql) => writeSqlite(sql, st, entries));
        return;
      }
      await retryingConflicts(() => db.kysely.transaction().execute((k) => writePostgres(k, entries)));
    },

    clear: () => clearChannelState(db, channelId),
  };
}

/** Forgets everything the account stored (its WhatsApp session): the next connect starts afresh. */
export async function clearChannelState(db: Db, channelId: string): Promise<void> {
  await db.kysely.deleteFrom('channel_state').where('channel_id', '=', channelId).execute();
}
