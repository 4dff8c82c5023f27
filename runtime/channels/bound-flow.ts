// The flow a channel account runs: its `flow_id`'s published version, read when a new session
// starts (a publish takes effect on the next conversation without telling the channel).
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

export async function boundFlowVersion(k: Kysely<Database>, channelId: string): Promise<string | null> {
  const row = await k
    .selectFrom('channels')
    .innerJoin('flows', 'flows.id', 'channels.flow_id')
    .select('flows.published_version_id')
    .where('channels.id', '=', channelId)
    .where('channels.deleted_at', 'is', null)
    .executeTakeFirst();
  return row?.published_version_id ?? null;
}
