// When a contact last wrote on each account: the start of the reply windows Meta's channels keep
// (24 hours for free text on the Cloud API, Messenger and Instagram), read off the contact's
// latest conversations so it walks their indexes, not the account's whole transcript.
import type { Kysely } from 'kysely';
import type { Db } from '../db/connect.js';
import { Prepared, sqlRunner } from '../db/prepared.js';
import type { Database } from '../db/schema.js';

/** How many of a contact's conversations are read for their last messages per account. */
const RECENT_CONVERSATIONS = 20;

/** Channel account id → ISO-8601 time of the contact's latest message there. */
export async function lastInboundByAccount(k: Kysely<Database>, contactId: string): Promise<Map<string, string>> {
  const recent = k
    .selectFrom('conversations')
    .select('id')
    .where('contact_id', '=', contactId)
    .orderBy('opened_at', 'desc')
    .limit(RECENT_CONVERSATIONS);
  const rows = await k
    .selectFrom('messages')
    .select(['channel', (eb) => eb.fn.max('created_at').as('at')])
    .where('conversation_id', 'in', recent)
    .where('direction', '=', 'in')
    .where('author', '=', 'contact')
    .groupBy('channel')
    .execute();
  return new Map(rows.map((r) => [r.channel, String(r.at)]));
}

// The contact's latest conversations first, then each one's messages by its own index: a filter
// on messages.channel alone would let SQLite walk the account's whole transcript instead.
export const lastInboundOnAccountQuery = (k: Kysely<Database>, contactId: string, channelId: string) =>
  k
    .selectFrom(k.selectFrom('conversations').select('id').where('contact_id', '=', contactId).orderBy('opened_at', 'desc').limit(RECENT_CONVERSATIONS).as('c'))
    .crossJoin('messages as m')
    .select((eb) => eb.fn.max('m.created_at').as('at'))
    .whereRef('m.conversation_id', '=', 'c.id')
    .where('m.channel', '=', channelId)
    .where('m.direction', '=', 'in')
    .where('m.author', '=', 'contact');

/**
 * The same question for one account, as a prepared statement: a Meta channel asks it before every
 * send. On SQLite it runs straight on the connection, except while a batch's transaction is open
 * there (it would read rows not yet committed): then it waits its turn through Kysely.
 */
export function lastInboundOnAccount(db: Db): (contactId: string, channelId: string) => Promise<string | null> {
  const build = lastInboundOnAccountQuery;
  const query = new Prepared(db, build);
  const sql = sqlRunner(db);
  return async (contactId, channelId) => {
    const rows = db.sqlite?.inTransaction ? await build(db.kysely, contactId, channelId).execute() : await sql.rows(query, contactId, channelId);
    const at = rows[0]?.at;
    return at ? String(at) : null;
  };
}
