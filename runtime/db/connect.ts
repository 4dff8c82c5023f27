// Opens the database: a SQLite file (WAL) by default, PostgreSQL when DATABASE_URL says so.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect, type SqliteDatabase, type SqliteStatement } from 'kysely';
import { OziaPostgresDialect } from './postgres-dialect.js';
import pg from 'pg';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { migrateToLatest, type DialectName } from './migrations.js';
import type { Database } from './schema.js';

export interface Db {
  kysely: Kysely<Database>;
  dialect: DialectName;
  /** The raw better-sqlite3 handle, for the bench baseline and backups; absent on PostgreSQL. */
  sqlite?: BetterSqlite3.Database;
  close(): Promise<void>;
}

/**
 * Kysely's SQLite driver prepares every query anew; a turn runs the same dozen statements for
 * every contact, so prepared statements are cached by SQL text.
 */
function cachingDatabase(raw: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => raw.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (!stmt) {
        stmt = raw.prepare(sqlText) as unknown as SqliteStatement;
        if (cache.size > 500) cache.clear();
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

export interface OpenOptions {
  /** `postgres://…` for PostgreSQL; otherwise SQLite at `sqliteFile`. */
  databaseUrl?: string;
  sqliteFile?: string;
  migrate?: boolean;
}

export async function openDatabase(opts: OpenOptions): Promise<Db> {
  let db: Db;
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: 10 });
    const kysely = new Kysely<Database>({ dialect: new OziaPostgresDialect({ pool }) });
    db = { kysely, dialect: 'postgres', close: () => kysely.destroy() };
  } else {
    const file = opts.sqliteFile ?? ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    // A new database is readable by its owner only; SQLite gives its -wal and -shm files the same mode.
    if (file !== ':memory:' && !fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
    const raw = new BetterSqlite3(file);
    raw.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
    raw.pragma('synchronous = NORMAL');
    raw.pragma('foreign_keys = ON');
    raw.pragma('busy_timeout = 5000');
    // 64 MB of page cache instead of SQLite's 2 MB: the Contacts list at 100,000 contacts reads
    // rows all over a 50 MB table, and each miss is a system call.
    raw.pragma('cache_size = -65536');
    let checkpointer: Checkpointer | null = null;
    if (file !== ':memory:') {
      // Checkpoints happen in a worker (see checkpointer.ts), not inside a contact's commit.
      raw.pragma('wal_autocheckpoint = 0');
      checkpointer = startCheckpointer(path.resolve(file));
    }
    const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachingDatabase(raw) }) });
    db = {
      kysely,
      dialect: 'sqlite',
      sqlite: raw,
      async close() {
        await checkpointer?.stop();
        await kysely.destroy();
      },
    };
  }
  if (opts.migrate !== false) await migrateToLatest(db.kysely, db.dialect);
  return db;
}
