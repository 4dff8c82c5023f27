// Group commit: writes that arrive while a transaction is running wait and then commit
// together in the next one. Each caller still gets its own result, and only after the commit
// that holds its writes. A commit costs far more than a statement, so under load many turns
// share one; alone, a write commits at once.
//
// On SQLite the transaction runs on better-sqlite3 directly while holding Kysely's single
// connection, so no other Kysely query can interleave with it.
import type { Db } from './connect.js';
import { sqlRunner, type Sql } from './prepared.js';

type Work<T> = (sql: Sql) => Promise<T>;

interface Item {
  work: Work<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteBatcher {
  private queue: Item[] = [];
  private deferred: Item[] = [];
  private deferredTimer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly sqliteSql: Sql | null;

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 256,
  ) {
    this.sqliteSql = db.sqlite ? sqlRunner(db) : null;
  }

  /**
   * A write nobody waits for (bookkeeping such as "delivered"): it rides along with the next
   * transaction, or commits on its own after `delayMs` if none comes.
   */
  defer(work: Work<unknown>, delayMs = 50): Promise<void> {
    const committed = new Promise<void>((resolve, reject) => this.deferred.push({ work, resolve: () => resolve(), reject }));
    if (!this.deferredTimer) {
      this.deferredTimer = setTimeout(() => {
        this.deferredTimer = null;
        if (this.deferred.length) void this.run(async () => undefined).catch(() => {});
      }, delayMs);
      this.deferredTimer.unref?.();
    }
    return committed;
  }

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      // Start on the next turn of the event loop: writes queued meanwhile join the same commit.
      if (!this.running) this.running = new Promise<void>((r) => setImmediate(r)).then(() => this.loop());
    });
  }

  private async loop(): Promise<void> {
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, this.maxBatch);
        await this.commit(batch);
      }
    } finally {
      this.running = null;
    }
  }

  private async transaction(batch: Item[]): Promise<unknown[]> {
    const results: unknown[] = [];
    if (this.deferred.length) {
      // Deferred writes join this batch as items of their own, so a failure retries them alone too.
      batch.unshift(...this.deferred.splice(0));
    }
    const raw = this.db.sqlite;
    if (raw && this.sqliteSql) {
      const sql = this.sqliteSql;
      await this.db.kysely.connection().execute(async () => {
        raw.exec('BEGIN IMMEDIATE');
        try {
          for (const item of batch) results.push(await item.work(sql));
          raw.exec('COMMIT');
        } catch (e) {
          if (raw.inTransaction) raw.exec('ROLLBACK');
          throw e;
        }
      });
    } else {
      await this.db.kysely.transaction().execute(async (tx) => {
        const sql = sqlRunner(this.db, tx);
        for (const item of batch) results.push(await item.work(sql));
      });
    }
    return results;
  }

  private async commit(batch: Item[]): Promise<void> {
    let results: unknown[];
    try {
      results = await this.transaction(batch);
    } catch (e) {
      if (batch.length === 1) {
        batch[0].reject(e);
        return;
      }
      // One write failed and took the batch down with it: commit each alone so only it fails.
      for (const item of batch) await this.commit([item]);
      return;
    }
    batch.forEach((item, i) => item.resolve(results[i]));
  }

  async idle(): Promise<void> {
    while (this.running || this.deferred.length) {
      if (!this.running) await this.run(async () => undefined);
      await this.running;
    }
  }
}
