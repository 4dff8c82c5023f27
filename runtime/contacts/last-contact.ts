// Keeps `contacts.last_contact_at` (the list's "último contato") in batches behind the turns: a
// write per message in the turn would cost every message of every contact, while one statement
// per second dates every contact who exchanged messages since the last run. The cursor (the last
// message id looked at) is kept in `sweep_cursors`, so a restart goes on where it stopped. Several
// processes on PostgreSQL may run it at once: taking the later date is the same answer twice.
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { Sweep } from '../sweep.js';

const BATCH = 20_000;
const CURSOR = 'contacts.last_contact';

export class LastContactSweeper {
  private readonly sweep: Sweep;

  constructor(
    private readonly db: Db,
    everyMs = 1_000,
  ) {
    this.sweep = new Sweep('last-contact sweep', () => this.run(), everyMs);
  }

  start(): void {
    this.sweep.start();
  }

  stop(): Promise<void> {
    return this.sweep.stop();
  }

  /** Dates every contact with messages since the last run; resolves when caught up. */
  catchUp(): Promise<void> {
    return this.sweep.catchUp();
  }

  private async run(): Promise<void> {
    const k = this.db.kysely;
    for (;;) {
      const done = await k.transaction().execute(async (tx) => {
        const row = await tx.selectFrom('sweep_cursors').select('position').where('name', '=', CURSOR).executeTakeFirst();
        const from = Number(row?.position ?? 0);
        const last = await sql<{ m: number | null }>`select max(id) as m from (select id from messages where id > ${from} order by id limit ${BATCH}) t`.execute(tx);
        const to = last.rows[0]?.m;
        if (to === null || to === undefined) return true;
        await sql`update contacts set last_contact_at = x.at
          from (select contact_id, max(created_at) as at from messages where id > ${from} and id <= ${Number(to)} and direction <> 'note' group by contact_id) x
          where contacts.id = x.contact_id and (contacts.last_contact_at is null or contacts.last_contact_at < x.at)`.execute(tx);
        if (row) await tx.updateTable('sweep_cursors').set({ position: Number(to) }).where('name', '=', CURSOR).execute();
        else await tx.insertInto('sweep_cursors').values({ name: CURSOR, position: Number(to) }).execute();
        return false;
      });
      if (done) return;
    }
  }
}
