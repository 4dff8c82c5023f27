// What the Inbox receives per transcript row beyond the row itself: the preview of the message
// it quotes (checked against the viewer: a contact may quote a message of an earlier
// conversation of another department, and that text must not reach this viewer), and what the
// row's channel lets an agent do with it.
import type { Kysely } from 'kysely';
import type { InboxMessage } from '../bus.js';
import type { ChannelCapabilities } from '../channels/contract.js';
import type { Database } from '../db/schema.js';
import { canSee, type Viewer } from './access.js';

const QUOTE_LENGTH = 100;

/** WhatsApp lets a sender delete for everyone for about two and a half days. */
export const REVOKE_WINDOW_MS = 60 * 60 * 60_000;

/** The quoted message, shortened; `hidden` when the viewer may not see its conversation. */
export type QuotedPreview =
  | { id: number; hidden?: false; direction: InboxMessage['direction']; author: InboxMessage['author']; userId: string | null; kind: string; text: string; deleted: boolean }
  | { id: number; hidden: true };

export interface MessageView extends InboxMessage {
  quoted: QuotedPreview | null;
}

/** One short line of a transcript body (a bot's message or a contact's, any kind), for quotes. */
export function quoteText(body: unknown): string {
  if (!body || typeof body !== 'object') return '';
  const b = body as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  let text = str(b.text) || str(b.caption) || str(b.fileName);
  if (!text && b.type === 'location') text = str(b.name) || str(b.address);
  if (!text && b.type === 'contact' && Array.isArray(b.contacts)) text = b.contacts.map((c) => str((c as { name?: unknown })?.name)).filter(Boolean).join(', ');
  if (!text && b.type === 'choice' && Array.isArray(b.items)) text = b.items.map((i) => str((i as { label?: unknown })?.label)).join(' / ');
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > QUOTE_LENGTH ? `${line.slice(0, QUOTE_LENGTH - 1)}…` : line;
}

/**
 * The rows with their quote previews. A quote of the same conversation is shown as it is; one
 * of another conversation only when the viewer may see that conversation too.
 */
export async function withQuotes(k: Kysely<Database>, v: Viewer, conversationId: string, messages: InboxMessage[]): Promise<MessageView[]> {
  const ids = [...new Set(messages.map((m) => m.quotedId).filter((x): x is number => typeof x === 'number'))];
  const quoted = new Map<number, QuotedPreview>();
  if (ids.length) {
    const rows = await k
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
      .select([
        'messages.id',
        'messages.conversation_id',
        'messages.direction',
        'messages.author',
        'messages.user_id',
        'messages.kind',
        'messages.body',
        'messages.deleted_at',
        'conversations.department_id',
        'conversations.agent_id',
      ])
      .where('messages.id', 'in', ids)
      .execute();
    for (const r of rows) {
      const id = Number(r.id);
      // An internal note is never a quote the contact made; and another conversation must be visible.
      const visible = r.direction !== 'note' && (r.conversation_id === conversationId || canSee(v, r));
      if (!visible) {
        quoted.set(id, { id, hidden: true });
        continue;
      }
      let body: unknown = null;
      try {
        body = JSON.parse(r.body);
      } catch {
        body = null;
      }
      quoted.set(id, {
        id,
        direction: r.direction,
        author: r.author,
        userId: r.user_id,
        kind: r.kind,
        text: r.deleted_at ? '' : quoteText(body),
        deleted: !!r.deleted_at,
      });
    }
  }
  return messages.map((m) => ({ ...m, quoted: m.quotedId ? (quoted.get(m.quotedId) ?? { id: m.quotedId, hidden: true }) : null }));
}

/** What the Inbox offers on a channel's messages. Unknown channels offer nothing of their own. */
export interface ChannelActions {
  /** Ticks beyond ✓: the provider reports delivered and read. */
  receipts: boolean;
  /** The contact sees a quoted reply as a quote (elsewhere the quote stays on the transcript only). */
  quote: boolean;
  /** "Apagar para todos". */
  revoke: boolean;
  /** Provider templates can be sent (offered where free text is refused). */
  templates: boolean;
}

export function channelCan(caps: ChannelCapabilities | null | undefined): ChannelActions {
  return { receipts: !!caps?.receipts, quote: !!caps?.quote, revoke: !!caps?.revoke, templates: !!caps?.templates };
}
