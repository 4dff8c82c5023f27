// When a contact last wrote on each account: the start of the reply windows Meta's channels keep
// (24 hours for free text on the Cloud API, Messenger and Instagram), read off the contact's
// latest conversations so it walks their indexes, not the account's whole transcript.
import type { Kysely } from 'kysely';
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
