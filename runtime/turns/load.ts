// A contact as a turn sees it: who they are, their session, their live conversation.
import type { SessionState } from '../engine/step.js';
import type { Stage } from '../db/schema.js';
import type { Prepared } from '../db/prepared.js';
import type { TurnQueries } from '../turn-queries.js';
import { notFound } from '../errors.js';
import type { RuntimeCore } from '../core.js';

/** The contact's live conversation as a turn sees it. */
export interface LiveConversation {
  id: string;
  stage: Stage;
  csatState: 'asked' | null;
  departmentId: string | null;
  agentId: string | null;
}

export interface LoadedContact {
  contactId: string;
  channel: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  /** The bot stays silent for this contact until then (the business wrote from its phone). */
  botPausedUntil: string | null;
  /** Blocked: their messages are stored, the bot and the auto-replies stay out. */
  blockedAt: string | null;
  /** Custom field values JSON (runtime/contacts/fields.ts), or null. */
  fields: string | null;
  session: { flowVersionId: string; flowId: string; state: SessionState; version: number } | null;
  conversationId: string | null;
  conversation: LiveConversation | null;
}

type LoadRow = TurnQueries['load'] extends Prepared<infer R> ? R : never;

export function loaded(row: LoadRow): LoadedContact {
  return {
    contactId: row.contactId,
    channel: row.channel,
    name: row.name,
    phone: row.phone,
    email: row.email,
    botPausedUntil: row.bot_paused_until,
    blockedAt: row.blocked_at,
    fields: row.fields,
    session:
      row.flow_version_id && row.state && row.version !== null
        ? { flowVersionId: row.flow_version_id, flowId: row.flow_id!, state: JSON.parse(row.state) as SessionState, version: Number(row.version) }
        : null,
    conversationId: row.conversationId,
    conversation: row.conversationId
      ? { id: row.conversationId, stage: row.stage ?? 'bot', csatState: row.csat_state, departmentId: row.department_id, agentId: row.agent_id }
      : null,
  };
}

export async function loadContact(core: RuntimeCore, contactId: string): Promise<LoadedContact> {
  const [row] = await core.sql.rows(core.q.load, contactId);
  if (!row) throw notFound(`contact "${contactId}"`);
  return loaded(row);
}
