// A database whose queries fail on demand, for tests of what happens when a write breaks
// half-way or the database goes away. It shares the real database's connections (a Kysely
// plugin on the same driver), so what did commit is visible through the real one.
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import type { Db } from '../../db/connect.js';

export class InjectedDbError extends Error {
  constructor(what: string) {
    super(`injected database failure (${what})`);
    this.name = 'InjectedDbError';
  }
}

export interface FailingDb {
  /** Use this where the code under test takes a Db; closing it leaves the real one open. */
  readonly db: Db;
  /** From now on, a query fails when `pred` says so; `index` counts queries since this call (from 0). */
  failWhen(pred: (node: RootOperationNode, index: number) => boolean): void;
  /** Every query fails (the database is gone). */
  failAll(): void;
  heal(): void;
  /** Queries that were made to fail. */
  readonly failures: number;
}

export function failingDb(real: Db): FailingDb {
  let pred: ((node: RootOperationNode, index: number) => boolean) | null = null;
  let index = 0;
  let failures = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
      if (pred && pred(args.node, index++)) {
        failures++;
        throw new InjectedDbError(args.node.kind);
      }
      return args.node;
    },
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      return args.result;
    },
  };
  const db: Db = { ...real, kysely: real.kysely.withPlugin(plugin), close: async () => {} };
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
