// Keeps SQLite's full-text index of transcripts up to date in batches, behind the turns: a
// trigger indexing each message inside its turn cost 15 % of engine throughput, while a
// batch of thousands costs one statement. A message becomes searchable within a second.
// What contacts and agents wrote is indexed (the bot's texts repeat the flow's own words).
// PostgreSQL needs none of this: its index is an expression index kept by the database.
import { sql } from 'kysely';
import type { Runtime } from '../runtime.js';
import { Sweep } from '../sweep.js';

const BATCH = 5_000;

export class SearchIndexer {
  private cursor: number | null = null;
  private readonly sweep: Sweep;

  constructor(
    private readonly runtime: Runtime,
    everyMs = 1_000,
  ) {
    this.sweep = new Sweep('search indexing', () => this.run(), everyMs);
  }

  get enabled(): boolean {
    return this.runtime.db.dialect === 'sqlite';
  }

  start(): void {
    if (this.enabled) this.sweep.start();
  }

  stop(): Promise<void> {
    return this.sweep.stop();
  }

  /** Indexes every message written since the last run; resolves when caught up. */
  catchUp(): Promise<void> {
    return this.enabled ? this.sweep.catchUp() : Promise.resolve();
  }

  private async run(): Promise<void> {
    const k = this.runtime.db.kysely;
    if (this.cursor === null) {
      const r = await sql<{ m: number | null }>`select max(rowid) as m from messages_fts`.execute(k);
      this.cursor = Number(r.rows[0]?.m ?? 0);
    }
    let indexed = 0;
    for (;;) {
      const from: number = this.cursor;
      const top: number | null = await this.runtime.write(async (tx) => {
        const wanted = sql`kind = 'text' and author in ('contact', 'agent')`;
        const last: { rows: { m: number | null }[] } = await tx.sql.exec(
          sql<{ m: number | null }>`select max(id) as m from (select id from messages where id > ${from} and ${wanted} order by id limit ${BATCH})`.compile(k),
        );
        const to = last.rows[0]?.m;
        if (to === null || to === undefined) return null;
        await tx.sql.exec(
          sql`insert into messages_fts (rowid, text) select id, json_extract(body, '$.text') from messages where id > ${from} and id <= ${to} and ${wanted}`.compile(k),
        );
        return Number(to);
      });
      if (top === null) break;
      indexed += top - from;
      this.cursor = top;
    }
    // A large catch-up (a restore, an import) leaves many small segments: merge them once.
    if (indexed > 50_000) {
      await this.runtime.write(async (tx) => {
        await tx.sql.exec(sql`insert into messages_fts (messages_fts) values ('optimize')`.compile(k));
      });
    }
  }
}
