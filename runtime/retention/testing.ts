// Conversations written as if long ago, for the retention tests and the e2e server: a contact,
// one conversation in a given stage, its messages dated days back. Never used by the product.
import type { Db } from '../db/connect.js';
import type { MessagesTable, Stage } from '../db/schema.js';
import { newId } from '../ids.js';

const DAY_MS = 24 * 60 * 60_000;

export interface SeedMessage {
  daysAgo: number;
  text?: string;
  /** A body other than text (an image naming a file). */
  body?: Record<string, unknown>;
  direction?: MessagesTable['direction'];
  status?: MessagesTable['status'];
  externalId?: string;
}

export interface SeededConversation {
  contactId: string;
  conversationId: string;
  messageIds: number[];
}

export async function seedConversation(
  db: Db,
  opts: { name: string; stage: Stage; messages: SeedMessage[]; departmentId?: string | null; now?: Date; channel?: string },
): Promise<SeededConversation> {
  const k = db.kysely;
  const now = (opts.now ?? new Date()).getTime();
  const at = (days: number) => new Date(now - days * DAY_MS).toISOString();
  const oldest = Math.max(...opts.messages.map((m) => m.daysAgo));
  const newest = Math.min(...opts.messages.map((m) => m.daysAgo));
  const channel = opts.channel ?? 'test';
  const contactId = newId();
  const conversationId = newId();
  await k.insertInto('contacts').values({ id: contactId, channel, external_id: `seed-${contactId}`, name: opts.name, phone: null, created_at: at(oldest) }).execute();
  const last = opts.messages.find((m) => m.daysAgo === newest);
  await k
    .insertInto('conversations')
    .values({
      id: conversationId,
      contact_id: contactId,
      channel,
      stage: opts.stage,
      opened_at: at(oldest),
      closed_at: opts.stage === 'closed' ? at(newest) : null,
      last_message_at: at(newest),
      department_id: opts.departmentId ?? null,
      agent_id: null,
      preferred_agent_id: null,
      handoff_mode: null,
      waiting_since: opts.stage === 'waiting' ? at(newest) : null,
      assigned_at: null,
      first_reply_at: null,
      finished_at: null,
      closed_by: opts.stage === 'closed' ? 'bot' : null,
      close_reason: null,
      csat_state: null,
      csat_score: null,
      csat_comment: null,
      last_preview: last?.text ?? null,
    })
    .execute();
  const messageIds: number[] = [];
  const rows = [...opts.messages].sort((a, b) => b.daysAgo - a.daysAgo);
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500).map((m) => {
      const direction = m.direction ?? 'in';
      return {
        conversation_id: conversationId,
        contact_id: contactId,
        channel,
        direction,
        author: direction === 'in' ? ('contact' as const) : direction === 'note' ? ('agent' as const) : ('bot' as const),
        kind: m.body ? String(m.body.type ?? 'text') : 'text',
        body: JSON.stringify(m.body ?? { type: 'text', text: m.text ?? '' }),
        block_id: null,
        created_at: at(m.daysAgo),
        status: m.status ?? (direction === 'in' ? ('received' as const) : ('sent' as const)),
        attempts: 0,
        available_at: null,
        external_id: m.externalId ?? null,
      };
    });
    const ids = await k.insertInto('messages').values(chunk).returning('id').execute();
    messageIds.push(...ids.map((r) => Number(r.id)));
  }
  return { contactId, conversationId, messageIds };
}
