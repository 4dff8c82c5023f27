// Prepared queries for the hot path. Kysely writes each query once (so the SQL is right for
// SQLite and for PostgreSQL); compiling it again on every turn costs more than running it, so
// the compiled SQL is kept with holes for the arguments and bound per call. On SQLite the
// statement then runs straight on better-sqlite3; on PostgreSQL through Kysely's pool.
import { CompiledQuery, type Compilable, type Kysely, type Transaction } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Db } from './connect.js';
import type { Database } from './schema.js';

const HOLE = '\u0000ozia-arg-';

type Slot = number | { value: unknown };

export class Prepared<R> {
  readonly sql: string;
  private readonly slots: Slot[];
  private stmt: BetterSqlite3.Statement | null = null;

  constructor(db: Db, build: (k: Kysely<Database>, ...args: any[]) => Compilable<R>, arity = Math.max(0, build.length - 1)) {
    const holes = Array.from({ length: arity }, (_, i) => `${HOLE}${i}`);
    // Compiled without plugins: a plugin sees queries as they run (tests' failure injection), and this one only runs later.
    const compiled = build(db.kysely.withoutPlugins(), ...holes).compile();
    this.sql = compiled.sql;
    this.slots = compiled.parameters.map((p) =>
      typeof p === 'string' && p.startsWith(HOLE) ? Number(p.slice(HOLE.length)) : { value: p },
    );
    if (db.sqlite) this.stmt = db.sqlite.prepare(this.sql);
  }

  bind(args: readonly unknown[]): unknown[] {
    return this.slots.map((s) => (typeof s === 'number' ? args[s] : s.value));
  }

  /** better-sqlite3's statement, on SQLite. */
  get sqliteStatement(): BetterSqlite3.Statement | null {
    return this.stmt;
  }
}

/** Runs prepared queries: outside a transaction, or inside the one a WriteBatcher holds. */
export interface Sql {
  rows<R>(q: Prepared<R>, ...args: unknown[]): Promise<R[]>;
  /** Rows changed by an insert/update/delete. */
  changes(q: Prepared<unknown>, ...args: unknown[]): Promise<number>;
  /** A query built with Kysely (compiled, not run), run here: inside the batch's transaction when there is one. */
  exec<R>(q: Compilable<R> | CompiledQuery<R>): Promise<{ rows: R[]; changes: number }>;
}

const compiled = <R>(q: Compilable<R> | CompiledQuery<R>): CompiledQuery<R> => ('compile' in q ? q.compile() : q);

/** The runner for one database: straight better-sqlite3 on SQLite, Kysely (optionally in a transaction) on PostgreSQL. */
export function sqlRunner(db: Db, tx?: Transaction<Database>): Sql {
  if (db.sqlite) {
    const raw = db.sqlite;
    return {
      async exec<R>(q: Compilable<R> | CompiledQuery<R>) {
        const c = compiled(q);
        const st = raw.prepare(c.sql);
        const params = c.parameters as unknown[];
        if (st.reader) return { rows: st.all(params) as R[], changes: 0 };
        return { rows: [], changes: st.run(params).changes };
      },
      async rows<R>(q: Prepared<R>, ...args: unknown[]) {
        return q.sqliteStatement!.all(q.bind(args)) as R[];
      },
      async changes(q, ...args) {
        const st = q.sqliteStatement!;
        return st.reader ? st.all(q.bind(args)).length : st.run(q.bind(args)).changes;
      },
    };
  }
  const k = tx ?? db.kysely;
  return {
    async exec<R>(q: Compilable<R> | CompiledQuery<R>) {
      const r = await k.executeQuery<R>(compiled(q));
      return { rows: r.rows, changes: Number(r.numAffectedRows ?? 0n) };
    },
    async rows<R>(q: Prepared<R>, ...args: unknown[]) {
      return (await k.executeQuery<R>(CompiledQuery.raw(q.sql, q.bind(args)))).rows;
    },
    async changes(q, ...args) {
      const r = await k.executeQuery(CompiledQuery.raw(q.sql, q.bind(args)));
      return r.rows.length || Number(r.numAffectedRows ?? 0n);
    },
  };
}

/** Prepared queries built lazily per shape (e.g. a multi-row insert per row count). */
export class PreparedFamily<K, R> {
  private cache = new Map<K, Prepared<R>>();
  constructor(
    private readonly db: Db,
    private readonly build: (key: K) => (k: Kysely<Database>, ...args: any[]) => Compilable<R>,
    private readonly arity: (key: K) => number,
  ) {}
  get(key: K): Prepared<R> {
    let p = this.cache.get(key);
    if (!p) {
      p = new Prepared(this.db, this.build(key), this.arity(key));
      this.cache.set(key, p);
    }
    return p;
  }
}
