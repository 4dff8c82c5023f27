// The flow a channel account runs: its `flow_id`'s published version, read when a new session
// starts (a publish takes effect on the next conversation without telling the channel).
// Prepared once: every contact's first message asks.
import type { Db } from '../db/connect.js';
import { Prepared, sqlRunner } from '../db/prepared.js';

export function boundFlowVersions(db: Db): (channelId: string) => Promise<string | null> {
  const sql = sqlRunner(db);
  const query = new Prepared(db, (k, channelId: string) =>
    k
      .selectFrom('channels')
      .innerJoin('flows', 'flows.id', 'channels.flow_id')
      .select('flows.published_version_id')
      .where('channels.id', '=', channelId)
      .where('channels.deleted_at', 'is', null),
  );
  return async (channelId) => (await sql.rows(query, channelId))[0]?.published_version_id ?? null;
}
