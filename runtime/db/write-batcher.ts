// Group commit: writes that arrive while a transaction is running wait and then commit
// together in the next one. Each caller still gets its own result, and only after the commit
// that holds its writes. A commit costs far more than a statement, so under load many turns
// share one; alone, a write commits at once.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Work<T> = (tx: Transaction<Database>) => Promise<T>;

interface Item {
  work: Work<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteBatcher {
  private queue: Item[] = [];
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 256,
  ) {}

  run<T>(work: Work<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (v: unknown) => void, reject });
      if (!this.running) this.running = this.loop();
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

  private async commit(batch: Item[]): Promise<void> {
    const results: unknown[] = [];
    try {
      await this.db.transaction().execute(async (tx) => {
        for (const item of batch) results.push(await item.work(tx));
      });
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
    while (this.running) await this.running;
  }
}
