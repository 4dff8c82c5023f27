// What the conversation view shows besides the transcript: the conversation with its tags and
// agent, and the flows it can be handed back to. Read here so tRPC (and later REST) stay thin.
import type { ConversationRow } from '../db/schema.js';
import type { Runtime } from '../runtime.js';
import type { Viewer } from './access.js';

type Row = ConversationRow & { contact_name: string | null; contact_phone: string | null; contact_blocked_at: string | null };

/** The conversation as the view shows it; `row` has already been checked against the viewer. */
export async function conversationDetails(runtime: Runtime, v: Viewer, row: Row) {
  const k = runtime.db.kysely;
  const tags = await k
    .selectFrom('conversation_tags')
    .innerJoin('tags', 'tags.id', 'conversation_tags.tag_id')
    .select(['tags.id', 'tags.name', 'tags.color'])
    .where('conversation_tags.conversation_id', '=', row.id)
    .orderBy('tags.name')
    .execute();
  const agent = row.agent_id ? await k.selectFrom('users').select('name').where('id', '=', row.agent_id).executeTakeFirst() : null;
  const account = await k.selectFrom('channels').select(['kind', 'name']).where('id', '=', row.channel).executeTakeFirst();
  return {
    id: row.id,
    stage: row.stage,
    channel: row.channel,
    /** The account's kind and name ("WhatsApp · Vendas"); null for an account with no row. */
    channelKind: account?.kind ?? null,
    channelName: account?.name ?? null,
    contact: { id: row.contact_id, name: row.contact_name, phone: row.contact_phone, blocked: !!row.contact_blocked_at },
    departmentId: row.department_id,
    agentId: row.agent_id,
    agentName: agent?.name ?? null,
    openedAt: row.opened_at,
    waitingSince: row.waiting_since,
    assignedAt: row.assigned_at,
    firstReplyAt: row.first_reply_at,
    finishedAt: row.finished_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    unread: Number(row.unread),
    csatState: row.csat_state,
    csatScore: row.csat_score,
    csatComment: row.csat_comment,
    /** Its messages before this moment were deleted by the retention policy (Settings → Dados). */
    purgedBefore: row.purged_before ?? null,
    tags,
    canServe: row.stage === 'in_service' && (row.agent_id === v.id || v.role === 'supervisor'),
  };
}

/** Flows an agent can hand a conversation back to: published ones, with their groups. */
export async function handBackFlows(runtime: Runtime) {
  const rows = await runtime.db.kysely
    .selectFrom('flows')
    .select(['id', 'name', 'published_version_id'])
    .where('published_version_id', 'is not', null)
    .orderBy('name')
    .execute();
  return Promise.all(
    rows.map(async (f) => {
      const { doc } = await runtime.flows.versionDocument(f.published_version_id!);
      return { id: f.id, name: f.name, groups: doc.groups.map((g) => ({ id: g.id, title: g.title })) };
    }),
  );
}
