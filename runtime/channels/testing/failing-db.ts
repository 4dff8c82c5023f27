// A database whose queries fail on demand, for tests of what happens when a write breaks
// half-way or the database goes away. It shares the real database's connections, so what did
// commit is visible through the real one. Failures are injected where each query runs: a Kysely
// plugin for what Kysely executes, and on SQLite a wrapper of better-sqlite3's handle for the
// prepared statements that run straight on it (the write batcher's, the state store's).
// A query built with this Kysely and then run straight on the handle is seen twice.
import type BetterSqlite3 from 'better-sqlite3';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Db } from '../../db/connect.js';

export class InjectedDbError extends Error {
  constructor(what: string) {
    super(`injected database failure (${what})`);
    this.name = 'InjectedDbError';
  }
}

export interface InjectedQuery {
  kind: 'select' | 'insert' | 'update' | 'delete' | 'other';
  /** Something to match values against: Kysely's operation node as JSON, or the SQL and its parameters as JSON. */
  text: string;
}

export interface FailingDb {
  /** Use this where the code under test takes a Db; closing it leaves the real one open. */
  readonly db: Db;
  /** From now on, a query fails when `pred` says so; `index` counts queries since this call (from 0). */
  failWhen(pred: (q: InjectedQuery, index: number) => boolean): void;
  /** Every query fails (the database is gone). */
  failAll(): void;
  heal(): void;
  /** Queries that were made to fail. */
  readonly failures: number;
}

const NODE_KINDS: Record<string, InjectedQuery['kind']> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
};

function kindOfSql(text: string): InjectedQuery['kind'] {
  const m = /^\s*(select|insert|update|delete|with)\b/i.exec(text);
  if (!m) return 'other';
  const word = m[1].toLowerCase();
  if (word !== 'with') return word as InjectedQuery['kind'];
  return (/\b(insert|update|delete)\b/i.exec(text)?.[1].toLowerCase() as InjectedQuery['kind'] | undefined) ?? 'select';
}

/** Transaction control never fails here: a test's failure must leave the connection usable once healed. */
const isTransactionControl = (text: string) => /^\s*(begin|commit|end|rollback|savepoint|release)\b/i.test(text);

export function failingDb(real: Db): FailingDb {
  let pred: ((q: InjectedQuery, index: number) => boolean) | null = null;
  let index = 0;
  let failures = 0;
  const check = (q: InjectedQuery) => {
    if (pred && pred(q, index++)) {
      failures++;
      throw new InjectedDbError(q.kind);
    }
  };
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      const node = args.node;
      const raw = node.kind === 'RawNode' ? node.sqlFragments.join('?') : null;
      if (raw !== null && isTransactionControl(raw)) return node;
      check({ kind: raw !== null ? kindOfSql(raw) : (NODE_KINDS[node.kind] ?? 'other'), text: JSON.stringify(node) });
      return node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
  const db: Db = {
    ...real,
    kysely: real.kysely.withPlugin(plugin),
    ...(real.sqlite ? { sqlite: failingSqlite(real.sqlite, check) } : {}),
    close: async () => {},
  };
  return {
    db,
    failWhen(p) {
      pred = p;
      index = 0;
    },
    failAll() {
      pred = () => true;
    },
    heal() {
      pred = null;
    },
    get failures() {
      return failures;
    },
  };
}

const RUNS = new Set(['run', 'all', 'get', 'iterate']);

function failingSqlite(raw: BetterSqlite3.Database, check: (q: InjectedQuery) => void): BetterSqlite3.Database {
  const statement = (st: BetterSqlite3.Statement, text: string): BetterSqlite3.Statement =>
    new Proxy(st, {
      get(target, prop) {
        const v = Reflect.get(target, prop, target);
        if (typeof v !== 'function') return v;
        if (typeof prop === 'string' && RUNS.has(prop) && !isTransactionControl(text)) {
          return (...params: unknown[]) => {
            check({ kind: kindOfSql(text), text: `${text} ${JSON.stringify(params)}` });
            return (v as (...a: unknown[]) => unknown).apply(target, params);
          };
        }
        return v.bind(target);
      },
    });
  return new Proxy(raw, {
    get(target, prop) {
      const v = Reflect.get(target, prop, target);
      if (typeof v !== 'function') return v;
      if (prop === 'prepare') return (text: string) => statement(target.prepare(text), text);
      if (prop === 'exec') {
        return (text: string) => {
          if (!isTransactionControl(text)) check({ kind: kindOfSql(text), text });
          return target.exec(text);
        };
      }
      return v.bind(target);
    },
  });
}
