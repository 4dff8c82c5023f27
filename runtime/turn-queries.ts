// The statements a turn runs, prepared once per database (see db/prepared.ts).
import { sql, type Kysely } from 'kysely';
import type { Db } from './db/connect.js';
import { Prepared, PreparedFamily } from './db/prepared.js';
import type { Database, MessagesTable, NewMessage } from './db/schema.js';
import type { OutboxAuthor } from './channels/contract.js';

type MessageStatus = MessagesTable['status'];

const messageColumns = [
  'conversation_id',
  'contact_id',
  'channel',
  'direction',
  'author',
  'kind',
  'body',
  'block_id',
  'created_at',
  'status',
  'attempts',
  'available_at',
  'user_id',
  'external_id',
  'quoted_id',
] as const;

/** Rows of `columns` filled from consecutive arguments, for a multi-row insert of `n` rows. */
function rowsOf<C extends readonly string[]>(columns: C, n: number, args: unknown[]) {
  return Array.from({ length: n }, (_, r) => Object.fromEntries(columns.map((c, i) => [c, args[r * columns.length + i]])));
}

export const MARK_CHUNK = 64;

/** An outgoing row as the outbox reads it (the SQLite read and the PostgreSQL claim). */
export interface OutboxRowColumns {
  id: number;
  channel: string;
  contact_id: string;
  conversation_id: string;
  body: string;
  block_id: string | null;
  /** Outgoing rows are written by the bot, an agent or the system. */
  author: OutboxAuthor;
  attempts: number;
  available_at: string | null;
  created_at: string;
  quoted_id: number | null;
}

export class TurnQueries {
  readonly insertInbound: Prepared<{ id: number }>;
  readonly load: Prepared<{
    contactId: string;
    channel: string;
    name: string | null;
    phone: string | null;
    email: string | null;
    bot_paused_until: string | null;
    blocked_at: string | null;
    fields: string | null;
    flow_version_id: string | null;
    flow_id: string | null;
    state: string | null;
    version: number | null;
    conversationId: string | null;
    stage: 'bot' | 'waiting' | 'in_service' | 'closed' | null;
    csat_state: 'asked' | null;
    department_id: string | null;
    agent_id: string | null;
  }>;
  readonly claimInbound: Prepared<unknown>;
  readonly findContact: Prepared<{ id: string }>;
  readonly insertContact: Prepared<unknown>;
  readonly renameContact: Prepared<unknown>;
  readonly findInbound: Prepared<{ id: number }>;
  readonly insertInboundDone: Prepared<unknown>;
  readonly updateSession: Prepared<unknown>;
  readonly replaceSession: Prepared<unknown>;
  readonly insertSession: Prepared<unknown>;
  readonly insertConversation: Prepared<unknown>;
  readonly closeConversation: Prepared<unknown>;
  /** A message agents have to read: activity, preview, unread count. */
  readonly touchConversation: Prepared<unknown>;
  /** The Agent block handed the conversation over: it waits in a department queue. */
  readonly enterQueue: Prepared<unknown>;
  readonly recordSurvey: Prepared<unknown>;
  readonly closeConversationAs: Prepared<unknown>;
  readonly sessionRow: Prepared<{ state: string; version: number; flow_id: string; flow_version_id: string }>;
  readonly insertTimer: Prepared<unknown>;
  readonly cancelTimer: Prepared<unknown>;
  readonly fireTimer: Prepared<unknown>;
  readonly pendingOutbox: Prepared<OutboxRowColumns>;
  /** Marks one delivered message sent under the provider's id. */
  readonly markSentAs: Prepared<unknown>;
  readonly findIdentity: Prepared<{ contact_id: string }>;
  readonly insertIdentity: Prepared<unknown>;
  readonly seenIdentity: Prepared<unknown>;
  readonly findMessageByExternal: Prepared<{ id: number }>;
  /** The message a channel's delivery status names (one arrives for every message sent, several times). */
  readonly statusTarget: Prepared<{ id: number; status: MessageStatus; conversation_id: string }>;
  /** Marks up to MARK_CHUNK delivered messages as sent in one statement (one shape per count). */
  readonly markSent: PreparedFamily<number, unknown>;
  private readonly messages: PreparedFamily<number, { id: number }>;

  constructor(db: Db) {
    // Stored 'pending' to answer later, or 'done' together with its answer.
    const inboundRow = (k: Kysely<Database>, status: 'pending' | 'done', channel: string, externalId: string, contactId: string, payload: string, receivedAt: string, processedAt: string | null) =>
      k
        .insertInto('inbound')
        .values({ channel, external_id: externalId, contact_id: contactId, payload, status, received_at: receivedAt, processed_at: processedAt })
        .onConflict((oc) => oc.columns(['channel', 'external_id']).doNothing());
    this.insertInbound = new Prepared(db, (k, channel, externalId, contactId, payload, receivedAt) =>
      inboundRow(k, 'pending', channel, externalId, contactId, payload, receivedAt, null).returning('id'),
    );
    this.insertInboundDone = new Prepared(db, (k, channel, externalId, contactId, payload, receivedAt, processedAt) =>
      inboundRow(k, 'done', channel, externalId, contactId, payload, receivedAt, processedAt),
    );
    this.load = new Prepared(db, (k, contactId) =>
      k
        .selectFrom('contacts')
        .leftJoin('sessions', 'sessions.contact_id', 'contacts.id')
        .leftJoin('conversations', (join) =>
          join.onRef('conversations.contact_id', '=', 'contacts.id').on('conversations.stage', '!=', 'closed'),
        )
        .select([
          'contacts.id as contactId',
          // The account the live conversation runs on (an agent may have started it on another of the contact's), else the contact's first.
          sql<string>`coalesce(conversations.channel, contacts.channel)`.as('channel'),
          'contacts.name',
          'contacts.phone',
          'contacts.email',
          // Custom field values, read by `{{contact.<key>}}` (a column more in a read; nothing written).
          'contacts.fields',
          'contacts.bot_paused_until',
          'contacts.blocked_at',
          'sessions.flow_version_id',
          'sessions.flow_id',
          'sessions.state',
          'sessions.version',
          'conversations.id as conversationId',
          'conversations.stage',
          'conversations.csat_state',
          'conversations.department_id',
          'conversations.agent_id',
        ])
        .where('contacts.id', '=', contactId),
    );
    this.findContact = new Prepared(db, (k, channel, externalId) =>
      k.selectFrom('contacts').select('id').where('channel', '=', channel).where('external_id', '=', externalId),
    );
    this.insertContact = new Prepared(db, (k, id, channel, externalId, name, phone, createdAt) =>
      k
        .insertInto('contacts')
        .values({ id, channel, external_id: externalId, name, phone, created_at: createdAt })
        .onConflict((oc) => oc.columns(['channel', 'external_id']).doNothing()),
    );
    this.renameContact = new Prepared(db, (k, name, id) => k.updateTable('contacts').set({ name }).where('id', '=', id));
    this.findInbound = new Prepared(db, (k, channel, externalId) =>
      k.selectFrom('inbound').select('id').where('channel', '=', channel).where('external_id', '=', externalId),
    );
    this.claimInbound = new Prepared(db, (k, processedAt, id) =>
      k.updateTable('inbound').set({ status: 'done', processed_at: processedAt }).where('id', '=', id).where('status', '=', 'pending'),
    );
    this.updateSession = new Prepared(db, (k, state, flowId, versionId, newVersion, updatedAt, contactId, oldVersion) =>
      k
        .updateTable('sessions')
        .set({ state, flow_id: flowId, flow_version_id: versionId, version: newVersion, updated_at: updatedAt })
        .where('contact_id', '=', contactId)
        .where('version', '=', oldVersion),
    );
    this.replaceSession = new Prepared(db, (k, state, flowId, versionId, newVersion, updatedAt, contactId) =>
      k
        .updateTable('sessions')
        .set({ state, flow_id: flowId, flow_version_id: versionId, version: newVersion, updated_at: updatedAt })
        .where('contact_id', '=', contactId),
    );
    this.insertSession = new Prepared(db, (k, contactId, flowId, versionId, state, updatedAt) =>
      k
        .insertInto('sessions')
        .values({ contact_id: contactId, flow_id: flowId, flow_version_id: versionId, state, version: 1, updated_at: updatedAt })
        .onConflict((oc) => oc.column('contact_id').doNothing()),
    );
    this.insertConversation = new Prepared(db, (k, id, contactId, channel, at) =>
      k.insertInto('conversations').values({
        id,
        contact_id: contactId,
        channel,
        stage: 'bot',
        opened_at: at,
        closed_at: null,
        last_message_at: at,
      }),
    );
    this.closeConversation = new Prepared(db, (k, at, id) =>
      k.updateTable('conversations').set({ stage: 'closed', closed_at: at, last_message_at: at, closed_by: 'bot' }).where('id', '=', id),
    );
    this.touchConversation = new Prepared(db, (k, at, preview, unread, id) =>
      k
        .updateTable('conversations')
        .set((eb) => ({ last_message_at: at, last_preview: preview, unread: eb('unread', '+', unread) }))
        .where('id', '=', id),
    );
    this.enterQueue = new Prepared(db, (k, departmentId, mode, preferredAgentId, at, preview, id) =>
      k
        .updateTable('conversations')
        .set({
          stage: 'waiting',
          department_id: departmentId,
          handoff_mode: mode,
          preferred_agent_id: preferredAgentId,
          agent_id: null,
          assigned_at: null,
          waiting_since: at,
          last_message_at: at,
          last_preview: preview,
        })
        .where('id', '=', id),
    );
    this.recordSurvey = new Prepared(db, (k, score, comment, at, id) =>
      k
        .updateTable('conversations')
        .set({ csat_score: score, csat_comment: comment, csat_state: null, stage: 'closed', closed_at: at, last_message_at: at })
        .where('id', '=', id),
    );
    this.closeConversationAs = new Prepared(db, (k, at, by, reason, id) =>
      k
        .updateTable('conversations')
        .set({ stage: 'closed', closed_at: at, last_message_at: at, closed_by: by, close_reason: reason, csat_state: null })
        .where('id', '=', id)
        .where('stage', '!=', 'closed'),
    );
    this.sessionRow = new Prepared(db, (k, contactId) => k.selectFrom('sessions').select(['state', 'version', 'flow_id', 'flow_version_id']).where('contact_id', '=', contactId));
    this.insertTimer = new Prepared(db, (k, id, contactId, dueAt, createdAt) =>
      k.insertInto('timers').values({ id, contact_id: contactId, due_at: dueAt, status: 'pending', created_at: createdAt }),
    );
    this.cancelTimer = new Prepared(db, (k, id) => k.updateTable('timers').set({ status: 'cancelled' }).where('id', '=', id));
    this.fireTimer = new Prepared(db, (k, id) => k.updateTable('timers').set({ status: 'fired' }).where('id', '=', id));
    this.pendingOutbox = new Prepared(db, (k, afterId, maxId, limit) =>
      k
        .selectFrom('messages')
        .select(['id', 'channel', 'contact_id', 'conversation_id', 'body', 'block_id', 'author', 'attempts', 'available_at', 'created_at', 'quoted_id'])
        // A literal, not a parameter: only then can the planner use the partial index.
        .where('status', '=', sql.lit('pending'))
        .where('id', '>', afterId)
        .where('id', '<=', maxId)
        .orderBy('id')
        .limit(limit),
    );
    this.markSent = new PreparedFamily(
      db,
      (n) =>
        (k, sentAt, ...ids) =>
          k
            .updateTable('messages')
            .set((eb) => ({ status: 'sent', sent_at: sentAt, attempts: eb('attempts', '+', 1) }))
            .where('id', 'in', ids),
      (n) => n + 1,
    );
    this.markSentAs = new Prepared(db, (k, sentAt, externalId, id) =>
      k
        .updateTable('messages')
        .set((eb) => ({ status: 'sent', sent_at: sentAt, external_id: externalId, attempts: eb('attempts', '+', 1) }))
        .where('id', '=', id)
        .where('status', '=', sql.lit('pending')),
    );
    this.findIdentity = new Prepared(db, (k, channel, kind, value) =>
      k.selectFrom('contact_identities').select('contact_id').where('channel_id', '=', channel).where('kind', '=', kind).where('value', '=', value),
    );
    this.insertIdentity = new Prepared(db, (k, channel, kind, value, contactId, at) =>
      k
        .insertInto('contact_identities')
        .values({ channel_id: channel, kind, value, contact_id: contactId, created_at: at, last_seen_at: at })
        .onConflict((oc) => oc.columns(['channel_id', 'kind', 'value']).doNothing()),
    );
    this.seenIdentity = new Prepared(db, (k, at, channel, kind, value) =>
      k.updateTable('contact_identities').set({ last_seen_at: at }).where('channel_id', '=', channel).where('kind', '=', kind).where('value', '=', value),
    );
    this.findMessageByExternal = new Prepared(db, (k, channel, externalId) =>
      k.selectFrom('messages').select('id').where('channel', '=', channel).where('external_id', '=', externalId),
    );
    this.statusTarget = new Prepared(db, (k, channel, externalId) =>
      k.selectFrom('messages').select(['id', 'status', 'conversation_id']).where('channel', '=', channel).where('external_id', '=', externalId).limit(1),
    );
    this.messages = new PreparedFamily(
      db,
      (n) =>
        (k, ...args) =>
          k.insertInto('messages').values(rowsOf(messageColumns, n, args) as NewMessage[]).returning('id'),
      (n) => n * messageColumns.length,
    );
  }

  /** A multi-row insert of transcript rows, and the arguments in column order. */
  insertMessages(rows: NewMessage[]): [Prepared<{ id: number }>, unknown[]] {
    return [this.messages.get(rows.length), rows.flatMap((r) => messageColumns.map((c) => r[c] ?? null))];
  }
}
