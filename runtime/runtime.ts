// The runtime: takes inbound messages from channels, runs the engine per contact, and commits
// each turn's state, transcript, outbox and timers in one transaction.
//
// Order and idempotency: an inbound message is first stored (unique by channel + external id),
// then a per-contact queue processes that contact's pending rows oldest first. A turn marks its
// inbound row done in the same transaction as its answers, so a crash before the commit
// replays the message on restart and a crash after it never answers twice.
import { newId } from './ids.js';
import { sql, type Kysely } from 'kysely';
import type { HandoffRequest, Locale, OutgoingMessage, Reply, Services } from '../blocks/contract.js';
import type { FlowDocument } from '../blocks/flow.js';
import { Bus, noticeScope, type InboxMessage } from './bus.js';
import type { Db } from './db/connect.js';
import type { Database, NewMessage } from './db/schema.js';
import { currentBlockId, step, type EngineEvent, type SessionState, type StepResult } from './engine/step.js';
import { FlowStore } from './flows.js';
import { KeyedQueue } from './keyed-queue.js';
import { WriteBatcher } from './db/write-batcher.js';
import { sqlRunner, type Prepared, type Sql } from './db/prepared.js';
import { MARK_CHUNK, TurnQueries } from './turn-queries.js';
import { notFound, OziaError } from './errors.js';
import type { LogEntry } from './context.js';
import { contactTexts, inboxMessage, outgoingRow, previewOf, readSurveyAnswer } from './inbox/messages.js';
import type { Stage } from './db/schema.js';
import { collectedContactName } from '../blocks/shared/contact-name.js';

export interface ChannelAdapter {
  readonly name: string;
  /** Sends one outbox item; throws to have it retried later. */
  deliver(item: OutboxItem): Promise<void>;
}

/** An outgoing message on its way to a channel; `id` is its transcript id. */
export interface OutboxItem {
  id: number;
  channel: string;
  contactId: string;
  conversationId: string;
  message: OutgoingMessage;
  blockId: string | null;
  createdAt: string;
  attempts: number;
}

export interface ContactRef {
  externalId: string;
  name?: string | null;
  phone?: string | null;
}

export interface InboundInput {
  channel: string;
  /** The channel's id for this message (WhatsApp key id); unique per channel. */
  externalId: string;
  /** Who sent it: the channel's contact reference, or a contact id already known. */
  from: ContactRef | { contactId: string };
  reply: Reply;
}

export interface RuntimeOptions {
  db: Db;
  flows?: FlowStore;
  clock?: () => Date;
  bus?: Bus;
  /** The published version a new session on this channel runs; null keeps the contact's last version. */
  flowForChannel?: (channel: string) => Promise<string | null>;
  services?: Services;
  logger?: (entry: LogEntry & { contactId: string }) => void;
  /** How often due timers and undelivered outbox rows are looked for. */
  pollIntervalMs?: number;
  /** Called after a turn that handed a conversation to humans has committed (the inbox assigns it). */
  onHandoff?: (h: { conversationId: string; contactId: string; handoff: HandoffRequest; locale: Locale }) => void;
}

/** A transaction opened by `Runtime.write`: prepared queries, plus transcript rows whose outgoing ones get sent after the commit. */
export interface WriteTx {
  sql: Sql;
  insertMessages(rows: NewMessage[]): Promise<number[]>;
}

/** The contact's live conversation as a turn sees it. */
export interface LiveConversation {
  id: string;
  stage: Stage;
  csatState: 'asked' | null;
  departmentId: string | null;
  agentId: string | null;
}

interface LoadedContact {
  contactId: string;
  channel: string;
  name: string | null;
  phone: string | null;
  session: { flowVersionId: string; flowId: string; state: SessionState; version: number } | null;
  conversationId: string | null;
  conversation: LiveConversation | null;
}

const SESSION_RETRIES = 5;

/** What started a turn: a stored inbound row, a message not stored yet, a timer, or a test-chat start. */
interface TurnOrigin {
  inboundId?: number;
  inbound?: { channel: string; externalId: string; payload: string; receivedAt: string };
  channel?: string;
  timerId?: string;
  forceVersionId?: string;
}

/** What a committed turn did: the engine's result and the transcript ids it was stored under. */
export interface TurnOutcome {
  result: StepResult;
  flowId: string;
  versionId: string;
  doc: FlowDocument;
  inboundMessageId: number | null;
  /** Transcript ids of `result.messages`, in order (also their outbox ids). */
  messageIds: number[];
  at: string;
}

interface PendingMessage {
  id: number;
  channel: string;
  contact_id: string;
  conversation_id: string;
  message: OutgoingMessage;
  block_id: string | null;
  attempts: number;
  available_at: string | null;
  created_at: string;
}

/** Another process got to this inbound message or session first. */
/** A message that still fails after this many tries is marked failed and left alone. */
const MAX_ATTEMPTS = 10;

class StaleTurn extends Error {
  constructor(readonly what: 'inbound' | 'session') {
    super(`stale ${what}`);
  }
}

export class Runtime {
  readonly db: Db;
  readonly flows: FlowStore;
  readonly bus: Bus;
  private readonly clock: () => Date;
  private readonly queue = new KeyedQueue();
  private readonly ingest = new KeyedQueue();
  private readonly writer: WriteBatcher;
  private readonly q: TurnQueries;
  private readonly sql: Sql;
  private readonly channels = new Map<string, ChannelAdapter>();
  private readonly contactIds = new Map<string, string>();
  private timerHandle: NodeJS.Timeout | null = null;
  private wakeups = new Map<string, NodeJS.Timeout>();
  private dispatching: Promise<void> | null = null;
  private dispatchAgain = false;
  private stopped = false;
  /** Highest outbox id known committed; ids only grow, so every row at or below it is final. */
  private outboxWatermark = 0;
  /**
   * Every outbox row at or below this id has been handed to its channel (SQLite, one process);
   * the dispatcher reads only above it. On PostgreSQL ids may commit out of order: stays 0.
   */
  private dispatchCursor = 0;
  /** Outgoing messages committed since the dispatcher last caught up (SQLite only). */
  private fresh: PendingMessage[] = [];
  /** True while `fresh` holds every committed message above the cursor, in order. */
  private freshComplete = false;
  /**
   * Delivered rows not to be delivered again, with the number of outbox reads started when
   * their "sent" mark committed (null until then). A read that started before that commit may
   * still return them as pending (PostgreSQL reads a snapshot), so a row is forgotten only
   * once a read that started after the commit has finished.
   */
  private readonly sentUnmarked = new Map<number, number | null>();
  private outboxReads = 0;

  constructor(private readonly opts: RuntimeOptions) {
    this.db = opts.db;
    this.clock = opts.clock ?? (() => new Date());
    this.flows = opts.flows ?? new FlowStore(opts.db, this.clock);
    this.bus = opts.bus ?? new Bus();
    this.writer = new WriteBatcher(opts.db);
    this.q = new TurnQueries(opts.db);
    this.sql = sqlRunner(opts.db);
  }

  private get k(): Kysely<Database> {
    return this.db.kysely;
  }

  registerChannel(adapter: ChannelAdapter) {
    this.channels.set(adapter.name, adapter);
    this.dispatchCursor = 0; // rows it skipped before may be this channel's
  }

  /** Picks up what a previous process left: unanswered inbound rows, due timers, undelivered outbox. */
  async start(): Promise<void> {
    this.stopped = false;
    if (this.db.dialect === 'sqlite') {
      const top = await this.k.selectFrom('messages').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
      this.outboxWatermark = Number(top?.m ?? 0);
    } else {
      // PostgreSQL reads never see uncommitted rows, and other processes add rows of their own.
      this.outboxWatermark = 2 ** 31 - 1; // the largest id a serial column holds
    }
    const pending = await this.k
      .selectFrom('inbound')
      .select('contact_id')
      .distinct()
      .where('status', '=', sql.lit('pending'))
      .execute();
    for (const p of pending) void this.queue.run(p.contact_id, () => this.drain(p.contact_id));
    const interval = this.opts.pollIntervalMs ?? 250;
    this.timerHandle = setInterval(() => {
      void this.fireDueTimers().catch((e) => this.report('timer poll failed', e));
      this.kickDispatch();
    }, interval);
    this.timerHandle.unref?.();
    this.kickDispatch();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timerHandle) clearInterval(this.timerHandle);
    this.timerHandle = null;
    for (const t of this.wakeups.values()) clearTimeout(t);
    this.wakeups.clear();
    await this.ingest.idle();
    await this.queue.idle();
    await this.dispatching;
    await this.writer.idle();
  }

  /** Waits until every queued turn and delivery has finished (tests, the terminal chat). */
  async idle(): Promise<void> {
    await this.ingest.idle();
    await this.queue.idle();
    await this.writer.idle();
    while (this.dispatching) await this.dispatching;
  }

  private report(message: string, e: unknown) {
    if (this.stopped) return;
    console.error(`[ozia] ${message}:`, e);
  }

  // --- contacts ---------------------------------------------------------------------------

  async ensureContact(channel: string, from: ContactRef): Promise<string> {
    const key = `${channel}\u0000${from.externalId}`;
    const cached = this.contactIds.get(key);
    if (cached) return cached;
    let [row] = await this.sql.rows(this.q.findContact, channel, from.externalId);
    if (!row) {
      // A new contact joins the next group commit rather than paying for a commit of its own.
      const createdAt = this.clock().toISOString();
      await this.writer.run((sql) =>
        sql.changes(this.q.insertContact, newId(), channel, from.externalId, from.name ?? null, from.phone ?? null, createdAt),
      );
      [row] = await this.sql.rows(this.q.findContact, channel, from.externalId);
    }
    if (this.contactIds.size > 100_000) this.contactIds.clear();
    this.contactIds.set(key, row.id);
    return row.id;
  }

  // --- inbound ----------------------------------------------------------------------------

  /**
   * Stores the message (once) and answers it in order. `done` resolves when this contact's
   * queue has processed it; `duplicate` is true when the same channel + external id came before.
   */
  async receive(input: InboundInput): Promise<{ duplicate: boolean; contactId: string; done: Promise<TurnOutcome | null> }> {
    // Storing is serialised per sender too, so concurrent arrivals keep their arrival order
    // even on PostgreSQL, where inserts from a pool could otherwise overtake each other.
    const key = 'contactId' in input.from ? input.from.contactId : `${input.channel}\u0000${input.from.externalId}`;
    return this.ingest.run(key, async () => {
      const contactId = 'contactId' in input.from ? input.from.contactId : await this.ensureContact(input.channel, input.from);
      const reply = input.reply;
      const payload = JSON.stringify(reply);
      const receivedAt = this.clock().toISOString();
      const event: EngineEvent = { type: 'reply', reply };
      if (!this.queue.busy(contactId)) {
        // Nothing queued for this contact: store the message with its answer in one commit.
        // The message is durable at the same moment it would be if stored alone first (the
        // engine step is pure and takes microseconds), and the turn costs one commit, not two.
        const [seen] = await this.sql.rows(this.q.findInbound, input.channel, input.externalId);
        if (seen) return { duplicate: true, contactId, done: Promise.resolve(null) };
        const inbound = { channel: input.channel, externalId: input.externalId, payload, receivedAt };
        const done = this.queue.run(contactId, () => this.turn(contactId, event, { inbound, channel: input.channel }));
        return { duplicate: false, contactId, done };
      }
      // Messages are waiting for this contact: store this one now so a crash cannot lose it.
      const [row] = await this.writer.run((sql) =>
        sql.rows(this.q.insertInbound, input.channel, input.externalId, contactId, payload, receivedAt),
      );
      if (!row) return { duplicate: true, contactId, done: Promise.resolve(null) };
      const inboundId = Number(row.id);
      const done = this.queue.run(contactId, () => this.turn(contactId, event, { inboundId, channel: input.channel }));
      return { duplicate: false, contactId, done };
    });
  }

  /** Answers every pending inbound row of one contact, oldest first. Runs inside the contact's queue. */
  private async drain(contactId: string): Promise<void> {
    for (;;) {
      const rows = await this.k
        .selectFrom('inbound')
        .select(['id', 'channel', 'payload'])
        .where('status', '=', sql.lit('pending'))
        .where('contact_id', '=', contactId)
        .orderBy('id')
        .limit(50)
        .execute();
      if (!rows.length) return;
      for (const row of rows) {
        const reply = JSON.parse(row.payload) as Reply;
        await this.turn(contactId, { type: 'reply', reply }, { inboundId: row.id, channel: row.channel });
      }
    }
  }

  // --- turns ------------------------------------------------------------------------------

  private async load(contactId: string): Promise<LoadedContact> {
    const [row] = await this.sql.rows(this.q.load, contactId);
    if (!row) throw notFound(`contact "${contactId}"`);
    return this.loaded(row);
  }

  private loaded(row: TurnQueries['load'] extends Prepared<infer R> ? R : never): LoadedContact {
    return {
      contactId: row.contactId,
      channel: row.channel,
      name: row.name,
      phone: row.phone,
      session:
        row.flow_version_id && row.state && row.version !== null
          ? {
              flowVersionId: row.flow_version_id,
              flowId: row.flow_id!,
              state: JSON.parse(row.state) as SessionState,
              version: Number(row.version),
            }
          : null,
      conversationId: row.conversationId,
      conversation: row.conversationId
        ? {
            id: row.conversationId,
            stage: row.stage ?? 'bot',
            csatState: row.csat_state,
            departmentId: row.department_id,
            agentId: row.agent_id,
          }
        : null,
    };
  }

  private isExpired(doc: FlowDocument, s: SessionState, now: Date): boolean {
    const minutes = doc.settings.sessionTimeoutMinutes;
    return s.status === 'ended' || (minutes > 0 && now.getTime() - Date.parse(s.lastActivityAt) > minutes * 60_000);
  }

  /**
   * One engine step for a contact, committed atomically. Retries when another process
   * committed the same session in between (optimistic lock on `sessions.version`).
   */
  private async turn(
    contactId: string,
    event: EngineEvent,
    origin: TurnOrigin,
  ): Promise<TurnOutcome | null> {
    for (let attempt = 0; ; attempt++) {
      const now = this.clock();
      const c = await this.load(contactId);
      const live = c.conversation;
      if (event.type === 'reply' && !origin.forceVersionId && live) {
        if (live.stage === 'waiting' || live.stage === 'in_service') {
          await this.storeForAgents(origin, c, live, event.reply, now);
          return null;
        }
        if (live.csatState === 'asked') {
          const answered = await this.answerSurvey(origin, c, live, event.reply, now);
          if (answered) return null;
          continue; // not an answer: the survey is dropped and the bot takes the message afresh
        }
      }
      let versionId = origin.forceVersionId ?? c.session?.flowVersionId ?? null;
      let session = origin.forceVersionId ? null : c.session?.state ?? null;
      if (event.type === 'reply' && !origin.forceVersionId) {
        const currentDoc = versionId ? (await this.flows.versionDocument(versionId)).doc : null;
        if (!session || !currentDoc || this.isExpired(currentDoc, session, now)) {
          // A new session takes the channel's current published flow, if it has one.
          const bound = this.opts.flowForChannel ? await this.opts.flowForChannel(c.channel) : null;
          if (bound) {
            versionId = bound;
            session = null;
          }
        }
      }
      if (!versionId) {
        await this.markInboundWithoutFlow(origin, c, event, now);
        return null;
      }
      const { flowId, doc } = await this.flows.versionDocument(versionId);
      const result = await step(doc, session, event, {
        now,
        contact: { id: contactId, name: c.name, phone: c.phone },
        seed: Math.floor(Math.random() * 2 ** 31), // a seed, not a secret
        services: this.opts.services,
      });
      // An answer saved into the flow's `nome`/`name` variable becomes the contact's name.
      const contactName = collectedContactName(doc.variables, session?.variables ?? {}, result.session.variables);
      try {
        const committed = await this.commit(c, { flowId, versionId }, event, result, origin, now, contactName);
        const at = now.toISOString();
        this.afterCommit(contactId, c.channel, result, { ...committed, at });
        if (origin.forceVersionId && live && live.stage !== 'bot') this.emitClosed(live);
        for (const e of result.effects) {
          if (e.type !== 'handoff') continue;
          this.bus.emit('inbox', {
            type: 'conversation',
            conversationId: committed.conversationId,
            reason: 'handoff',
            stage: 'waiting',
            ...noticeScope(e.handoff),
          });
          this.opts.onHandoff?.({ conversationId: committed.conversationId, contactId, handoff: e.handoff, locale: doc.settings.locale });
        }
        return { result, flowId, versionId, doc, ...committed, at };
      } catch (e) {
        if (!(e instanceof StaleTurn)) throw e;
        if (e.what === 'inbound') return null; // another process answered it
        if (attempt >= SESSION_RETRIES) throw new OziaError('CONFLICT', `session of contact ${contactId} keeps changing`);
      }
    }
  }

  private async markInboundWithoutFlow(origin: TurnOrigin, c: LoadedContact, event: EngineEvent, now: Date) {
    // No flow bound: keep the message in the transcript (an agent may read it later) and mark it done.
    const nowIso = now.toISOString();
    await this.writer.run(async (sql) => {
      const conversationId = await this.openConversation(sql, c, nowIso);
      if (event.type === 'reply') {
        const [q, args] = this.q.insertMessages([this.inboundMessageRow(c, conversationId, event.reply, nowIso)]);
        await sql.rows(q, ...args);
      }
      await this.claim(sql, origin, c.contactId, nowIso);
    }).catch((e) => {
      if (!(e instanceof StaleTurn)) throw e;
    });
    this.opts.logger?.({ level: 'warn', message: `no flow is bound to channel "${c.channel}"`, contactId: c.contactId });
  }

  /** Claims the inbound row this turn answers, or stores it as done (see `receive`). */
  private async claim(sql: Sql, origin: TurnOrigin, contactId: string, nowIso: string): Promise<void> {
    if (origin.inboundId !== undefined && (await sql.changes(this.q.claimInbound, nowIso, origin.inboundId)) !== 1) {
      throw new StaleTurn('inbound');
    }
    const i = origin.inbound;
    if (i && (await sql.changes(this.q.insertInboundDone, i.channel, i.externalId, contactId, i.payload, i.receivedAt, nowIso)) !== 1) {
      throw new StaleTurn('inbound');
    }
  }

  /** While humans serve, the contact's messages go to the transcript and the inbox, not to the bot. */
  private async storeForAgents(origin: TurnOrigin, c: LoadedContact, live: LiveConversation, reply: Reply, now: Date) {
    const nowIso = now.toISOString();
    const row = this.inboundMessageRow(c, live.id, reply, nowIso);
    let id: number;
    try {
      id = await this.writer.run(async (sql) => {
        await this.claim(sql, origin, c.contactId, nowIso);
        const [q, args] = this.q.insertMessages([row]);
        const [inserted] = await sql.rows(q, ...args);
        await sql.changes(this.q.touchConversation, nowIso, previewOf({ type: 'text', text: reply.text }), 1, live.id);
        return Number(inserted.id);
      });
    } catch (e) {
      if (e instanceof StaleTurn) return;
      throw e;
    }
    this.committed(id, []);
    this.emitMessage(live, inboxMessage(row, id));
  }

  private emitMessage(live: LiveConversation, message: InboxMessage) {
    this.bus.emit('inbox', { type: 'message', conversationId: live.id, message, ...noticeScope(live) });
  }

  /**
   * The contact answers the satisfaction survey an agent asked for when finishing. True when
   * it was an answer (recorded, thanked, closed); false when the survey was dropped because
   * the message was about something else, which the bot then answers in a new conversation.
   */
  private async answerSurvey(origin: TurnOrigin, c: LoadedContact, live: LiveConversation, reply: Reply, now: Date): Promise<boolean> {
    const nowIso = now.toISOString();
    const answer = readSurveyAnswer(reply.text);
    const locale = await this.localeOf(c);
    if (!answer) {
      await this.writer.run(async (sql) => {
        await sql.changes(this.q.closeConversationAs, nowIso, 'system', 'survey unanswered', live.id);
      });
      this.emitClosed(live);
      return false;
    }
    let ids: number[] = [];
    const thanks: OutgoingMessage = { type: 'text', text: contactTexts[locale].surveyThanks };
    const rows = [this.inboundMessageRow(c, live.id, reply, nowIso), outgoingRow({ id: live.id, contact_id: c.contactId, channel: c.channel }, thanks, 'system', nowIso)];
    try {
      ids = await this.write(async (tx) => {
        await this.claim(tx.sql, origin, c.contactId, nowIso);
        const ids = await tx.insertMessages(rows);
        await tx.sql.changes(this.q.recordSurvey, answer.score, answer.comment, nowIso, live.id);
        return ids;
      });
    } catch (e) {
      if (e instanceof StaleTurn) return true;
      throw e;
    }
    // Agents watching see the score arrive and the thanks go out, then the conversation close.
    rows.forEach((r, i) => this.emitMessage(live, inboxMessage(r, ids[i])));
    this.emitClosed(live);
    return ids.length > 0;
  }

  private emitClosed(live: LiveConversation) {
    this.bus.emit('inbox', {
      type: 'conversation',
      conversationId: live.id,
      reason: 'closed',
      stage: 'closed',
      ...noticeScope(live),
    });
  }

  /** The language of the contact's flow, for what the system itself tells them. */
  async localeOf(c: { session: LoadedContact['session'] } | null): Promise<Locale> {
    if (!c?.session) return 'pt-BR';
    try {
      return (await this.flows.versionDocument(c.session.flowVersionId)).doc.settings.locale;
    } catch {
      return 'pt-BR';
    }
  }

  /** Marks the contact's session ended inside a transaction, so their next message starts the bot afresh. */
  async endSessionIn(sql: Sql, contactId: string, nowIso: string): Promise<void> {
    const [row] = await sql.rows(this.q.sessionRow, contactId);
    if (!row) return;
    const state = JSON.parse(row.state) as SessionState;
    const ended = JSON.stringify({ ...state, status: 'ended', waiting: null, lastActivityAt: nowIso });
    const version = Number(row.version);
    if ((await sql.changes(this.q.updateSession, ended, row.flow_id, row.flow_version_id, version + 1, nowIso, contactId, version)) !== 1) {
      throw new StaleTurn('session');
    }
  }


  /**
   * A transaction of the inbox's own (agent replies, assignments, transfers): it joins the
   * group commit, and the outgoing rows it inserted are handed to their channels once committed.
   */
  async write<T>(work: (tx: WriteTx) => Promise<T>): Promise<T> {
    let outgoing: PendingMessage[] = [];
    let top = 0;
    const result = await this.writer.run(async (sql) => {
      // A failed batch re-runs each item alone: start clean each time.
      outgoing = [];
      top = 0;
      return work({
        sql,
        insertMessages: async (rows) => {
          if (!rows.length) return [];
          const [insert, args] = this.q.insertMessages(rows);
          const ids = (await sql.rows(insert, ...args)).map((r) => Number(r.id));
          rows.forEach((r, i) => {
            top = Math.max(top, ids[i]);
            if (r.status !== 'pending') return;
            outgoing.push({
              id: ids[i],
              channel: r.channel,
              contact_id: r.contact_id,
              conversation_id: r.conversation_id,
              message: JSON.parse(r.body) as OutgoingMessage,
              block_id: r.block_id ?? null,
              attempts: 0,
              available_at: null,
              created_at: r.created_at,
            });
          });
          return ids;
        },
      });
    });
    this.committed(top, outgoing);
    return result;
  }

  /** After a commit: ids up to `top` are final, and its outgoing rows go to the dispatcher. */
  private committed(top: number, outgoing: PendingMessage[]) {
    if (top) this.outboxWatermark = Math.max(this.outboxWatermark, top);
    if (!outgoing.length) return;
    // Always kept (SQLite): a table read that races with this commit relies on finding it here.
    if (this.db.dialect === 'sqlite') {
      if (this.fresh.length > 10_000) {
        this.freshComplete = false; // far behind: let the table drive again
        this.fresh = [];
      } else {
        this.fresh.push(...outgoing);
      }
    }
    this.kickDispatch();
  }

  private async openConversation(sql: Sql, c: LoadedContact, nowIso: string): Promise<string> {
    if (c.conversationId) return c.conversationId;
    const id = newId();
    await sql.changes(this.q.insertConversation, id, c.contactId, c.channel, nowIso);
    return id;
  }

  private inboundMessageRow(c: LoadedContact, conversationId: string, reply: Reply, nowIso: string): NewMessage {
    return {
      conversation_id: conversationId,
      contact_id: c.contactId,
      channel: c.channel,
      direction: 'in',
      author: 'contact',
      kind: 'text',
      body: JSON.stringify({ type: 'text', text: reply.text, ...(reply.choiceIds ? { choiceIds: reply.choiceIds } : {}) }),
      block_id: null,
      created_at: nowIso,
      status: 'received',
      attempts: 0,
      available_at: null,
    };
  }

  private async commit(
    loaded: LoadedContact,
    flow: { flowId: string; versionId: string },
    event: EngineEvent,
    result: StepResult,
    origin: TurnOrigin,
    now: Date,
    contactName: string | null = null,
  ): Promise<{ inboundMessageId: number | null; messageIds: number[]; conversationId: string }> {
    const nowIso = now.toISOString();
    const q = this.q;
    const state = JSON.stringify(result.session);
    return this.writer.run(async (sql) => {
      let c = loaded;
      // Claims first: if another process answered this message or moved this session since we
      // loaded it, throwing rolls the batch back and the batcher retries the others alone.
      await this.claim(sql, origin, c.contactId, nowIso);
      if (c.session && !origin.forceVersionId) {
        const n = await sql.changes(q.updateSession, state, flow.flowId, flow.versionId, c.session.version + 1, nowIso, c.contactId, c.session.version);
        if (n !== 1) throw new StaleTurn('session');
      } else if (c.session) {
        // A restart from the test chat replaces the session whatever its state.
        await sql.changes(q.replaceSession, state, flow.flowId, flow.versionId, c.session.version + 1, nowIso, c.contactId);
      } else if ((await sql.changes(q.insertSession, c.contactId, flow.flowId, flow.versionId, state, nowIso)) !== 1) {
        throw new StaleTurn('session');
      }

      if (origin.forceVersionId && c.conversation && c.conversation.stage !== 'bot') {
        // The test chat restarted while humans served: that conversation ends, a new one begins.
        await sql.changes(q.closeConversationAs, nowIso, 'system', 'restarted', c.conversation.id);
        c = { ...c, conversationId: null };
      }
      const conversationId = await this.openConversation(sql, c, nowIso);
      if (contactName && contactName !== c.name) await sql.changes(q.renameContact, contactName, c.contactId);
      // The contact's message and the bot's answers go in as one insert: ids keep their order.
      // The answers are written 'pending': they are the outbox the dispatcher sends from.
      const rows: NewMessage[] = [];
      if (event.type === 'reply') rows.push(this.inboundMessageRow(c, conversationId, event.reply, nowIso));
      for (const m of result.messages) {
        rows.push({
          conversation_id: conversationId,
          contact_id: c.contactId,
          channel: c.channel,
          direction: 'out',
          author: 'bot',
          kind: m.message.type,
          body: JSON.stringify(m.message),
          block_id: m.blockId ?? null,
          created_at: nowIso,
          status: 'pending',
          attempts: 0,
          available_at: nowIso,
        });
      }
      let ids: number[] = [];
      if (rows.length) {
        const [insert, args] = q.insertMessages(rows);
        ids = (await sql.rows(insert, ...args)).map((r) => Number(r.id));
      }
      const inboundMessageId = event.type === 'reply' ? ids.shift()! : null;
      for (const e of result.effects) {
        if (e.type === 'schedule_timer') await sql.changes(q.insertTimer, e.timerId, c.contactId, e.dueAt, nowIso);
        else if (e.type === 'cancel_timer') await sql.changes(q.cancelTimer, e.timerId);
      }
      if (origin.timerId) await sql.changes(q.fireTimer, origin.timerId);
      // The conversation's last activity is its session's updated_at; only its end and its
      // handoff are written here (agents' lists sort by activity from then on).
      if (result.session.status === 'ended') await sql.changes(q.closeConversation, nowIso, conversationId);
      for (const e of result.effects) {
        if (e.type !== 'handoff') continue;
        const last = result.messages[result.messages.length - 1]?.message ?? (event.type === 'reply' ? { type: 'text' as const, text: event.reply.text } : null);
        await sql.changes(q.enterQueue, e.handoff.departmentId, e.handoff.mode, e.handoff.agentId ?? null, nowIso, last ? previewOf(last) : null, conversationId);
      }
      return { inboundMessageId, messageIds: ids, conversationId };
    });
  }

  private afterCommit(
    contactId: string,
    channel: string,
    result: StepResult,
    committed: { messageIds: number[]; inboundMessageId: number | null; conversationId: string; at: string },
  ): void {
    for (const e of result.effects) if (e.type === 'schedule_timer') this.wakeAt(e.dueAt);
    for (const log of result.logs) this.opts.logger?.({ ...log, contactId });
    this.bus.emit('turn', {
      contactId,
      inboundMessageId: committed.inboundMessageId,
      currentBlockId: currentBlockId(result.session),
      status: result.session.status,
      variables: result.session.variables,
      logs: result.logs,
      trail: result.trail,
    });
    const ids = committed.messageIds;
    this.committed(
      ids.length ? ids[ids.length - 1] : 0,
      result.messages.map((m, i) => ({
        id: ids[i],
        channel,
        contact_id: contactId,
        conversation_id: committed.conversationId,
        message: m.message,
        block_id: m.blockId ?? null,
        attempts: 0,
        available_at: null,
        created_at: committed.at,
      })),
    );
  }

  // --- sessions driven by the test chat ---------------------------------------------------

  /** Starts (or restarts) a contact's session on a version, at the start event or a chosen group. */
  async startSession(input: { contactId: string; versionId: string; groupId?: string; blockId?: string }): Promise<TurnOutcome | null> {
    return this.queue.run(input.contactId, () =>
      this.turn(
        input.contactId,
        { type: 'start', groupId: input.groupId, blockId: input.blockId },
        { forceVersionId: input.versionId },
      ),
    );
  }

  /** Runs `task` in the contact's queue: no turn of theirs runs meanwhile (agents finishing, starting a conversation). */
  forContact<T>(contactId: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(contactId, task);
  }

  /** The contact's channel and session, or null for an unknown contact. */
  async contactState(contactId: string): Promise<{ channel: string; name: string | null; phone: string | null; session: LoadedContact['session'] } | null> {
    const [row] = await this.sql.rows(this.q.load, contactId);
    if (!row) return null;
    const c = this.loaded(row);
    return { channel: c.channel, name: c.name, phone: c.phone, session: c.session };
  }

  // --- timers -----------------------------------------------------------------------------

  private wakeAt(dueAt: string) {
    const delay = Date.parse(dueAt) - this.clock().getTime();
    if (delay > 60_000 || this.wakeups.has(dueAt)) return; // the poll covers far timers
    const t = setTimeout(() => {
      this.wakeups.delete(dueAt);
      void this.fireDueTimers().catch((e) => this.report('timer failed', e));
    }, Math.max(0, delay) + 5);
    t.unref?.();
    this.wakeups.set(dueAt, t);
  }

  /** Fires every timer that is due; each runs in its contact's queue like a message would. */
  async fireDueTimers(): Promise<number> {
    if (this.stopped) return 0;
    const due = await this.k
      .selectFrom('timers')
      .select(['id', 'contact_id'])
      .where('status', '=', 'pending')
      .where('due_at', '<=', this.clock().toISOString())
      .orderBy('due_at')
      .limit(200)
      .execute();
    await Promise.all(
      due.map((t) =>
        this.queue.run(t.contact_id, async () => {
          const still = await this.k.selectFrom('timers').select('status').where('id', '=', t.id).executeTakeFirst();
          if (still?.status !== 'pending') return;
          const result = await this.turn(t.contact_id, { type: 'timer', timerId: t.id }, { timerId: t.id });
          if (!result) await this.k.updateTable('timers').set({ status: 'fired' }).where('id', '=', t.id).execute();
        }),
      ),
    );
    return due.length;
  }

  // --- outbox -----------------------------------------------------------------------------

  private kickDispatch() {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = (async () => {
      try {
        do {
          this.dispatchAgain = false;
          await this.dispatchOnce();
        } while (this.dispatchAgain && !this.stopped);
      } catch (e) {
        this.report('outbox dispatch failed', e);
      } finally {
        this.dispatching = null;
      }
    })();
  }

  /**
   * Hands pending outgoing messages to their channels, oldest first, in order per contact.
   * On SQLite, while the dispatcher is caught up, messages come straight from the commits that
   * wrote them (`fresh`); otherwise, and always on PostgreSQL, they are read from the table.
   */
  private async dispatchOnce(): Promise<void> {
    for (;;) {
      const sqlite = this.db.dialect === 'sqlite';
      let rows: PendingMessage[];
      let fromTable = true;
      if (sqlite && this.freshComplete && this.fresh.length) {
        rows = this.fresh.splice(0, 500);
        fromTable = false;
      } else {
        // Only rows at or below the committed watermark: a batch still in flight is never read.
        const readNo = ++this.outboxReads;
        const read = await this.sql.rows(this.q.pendingOutbox, this.dispatchCursor, this.outboxWatermark, 500);
        rows = read.filter((r) => !this.sentUnmarked.has(r.id)).map((r) => ({ ...r, message: JSON.parse(r.body) as OutgoingMessage }));
        for (const [id, markedAfter] of this.sentUnmarked) if (markedAfter !== null && markedAfter < readNo) this.sentUnmarked.delete(id);
        if (read.length) {
          const last = read[read.length - 1].id;
          this.fresh = this.fresh.filter((f) => f.id > last);
        }
        if (!read.length && sqlite) {
          this.fresh = this.fresh.filter((f) => f.id > this.outboxWatermark);
        }
      }
      const nowIso = this.clock().toISOString();
      // Rows this process has no channel for are another's to send; they do not hold the cursor.
      let cursor = rows.length ? rows[rows.length - 1].id : this.dispatchCursor;
      let held = false;
      const holdCursor = (id: number) => {
        held = true;
        if (sqlite) cursor = Math.min(cursor, id - 1);
      };
      // A row waiting out its backoff holds back every later row of its contact: order over speed.
      const blocked = new Set<string>();
      const delivered: { id: number; conversationId: string }[] = [];
      let sent = 0;
      for (const r of rows) {
        const adapter = this.channels.get(r.channel);
        if (!adapter) continue;
        if (blocked.has(r.contact_id)) {
          holdCursor(r.id);
          continue;
        }
        if (r.available_at && r.available_at > nowIso) {
          blocked.add(r.contact_id);
          holdCursor(r.id);
          continue;
        }
        sent++;
        const item: OutboxItem = {
          id: r.id,
          channel: r.channel,
          contactId: r.contact_id,
          conversationId: r.conversation_id,
          message: r.message,
          blockId: r.block_id,
          createdAt: r.created_at,
          attempts: r.attempts,
        };
        try {
          await adapter.deliver(item);
          delivered.push({ id: r.id, conversationId: r.conversation_id });
        } catch (e) {
          // Keep later messages of this contact behind the failed one, so order holds.
          blocked.add(r.contact_id);
          holdCursor(r.id);
          const attempts = r.attempts + 1;
          const backoffMs = Math.min(60_000, 500 * 2 ** attempts);
          const failed = attempts >= MAX_ATTEMPTS;
          await this.k
            .updateTable('messages')
            .set({
              attempts,
              status: failed ? 'failed' : 'pending',
              error: String((e as Error).message ?? e).slice(0, 500),
              available_at: new Date(this.clock().getTime() + backoffMs).toISOString(),
            })
            .where('id', '=', r.id)
            .execute();
          if (failed) this.bus.emit('status', { status: 'failed', messages: [{ id: r.id, conversationId: r.conversation_id }] });
        }
      }
      if (delivered.length) this.markSent(delivered);
      if (sqlite) {
        this.dispatchCursor = Math.max(this.dispatchCursor, cursor);
        // Caught up (everything read was handled and nothing is left behind): later commits
        // can be sent from memory. Anything held back sends the dispatcher to the table.
        if (held) {
          this.freshComplete = false;
          this.fresh = [];
        } else if (fromTable && rows.length < 500) {
          this.freshComplete = true;
        }
      }
      if (fromTable ? rows.length < 500 || sent === 0 : !this.fresh.length) return;
    }
  }

  /** Nobody waits for this: it rides with the next commit. A crash before then re-sends these
   * messages after the restart (delivery is at least once; inbound is exactly once). */
  private markSent(delivered: { id: number; conversationId: string }[]) {
    const sentAt = this.clock().toISOString();
    const ids = delivered.map((d) => d.id);
    for (const id of ids) this.sentUnmarked.set(id, null);
    void this.writer
      .defer(async (sql) => {
        for (let i = 0; i < ids.length; i += MARK_CHUNK) {
          const chunk = ids.slice(i, i + MARK_CHUNK);
          await sql.changes(this.q.markSent.get(chunk.length), sentAt, ...chunk);
        }
      })
      .then(
        () => {
          // SQLite reads never overlap a commit (one connection): forget at once.
          ids.forEach((id) => (this.db.sqlite ? this.sentUnmarked.delete(id) : this.sentUnmarked.set(id, this.outboxReads)));
          this.bus.emit('status', { status: 'sent', messages: delivered });
        },
        (e) => this.report('could not mark messages as sent', e),
      );
  }
}
