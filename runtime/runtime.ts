// The runtime: takes inbound messages from channels, runs the engine per contact, and commits
// each turn's state, transcript, outbox and timers in one transaction. This file wires the
// rooms together; each lives in its own module:
//   ingest.ts        identities → one contact, inbound stored first, receipts/edits/links
//   turns/           load, decide who answers, step, commit
//   inbox/arrival.ts messages the bot does not answer (team serving, survey, bot off, silence)
//   timers.ts        Wait blocks and timeouts
//   outbox/          a lane per channel account, claims, backoff, delivery status
//
// Order and idempotency: an inbound message is first stored (unique by channel + external id),
// then a per-contact queue processes that contact's pending rows oldest first. A turn marks its
// inbound row done in the same transaction as its answers, so a crash before the commit
// replays the message on restart and a crash after it never answers twice.
import type { Kysely } from 'kysely';
import type { OutgoingMessage } from '../blocks/contract.js';
import { Bus } from './bus.js';
import type { ChannelAdapter, DeliverySettings, InboundEvent } from './channels/contract.js';
import type { RuntimeCore, RuntimeOptions, WriteTx } from './core.js';
import { StaleTurn } from './core.js';
import type { Db } from './db/connect.js';
import { sqlRunner, type Sql } from './db/prepared.js';
import type { Database } from './db/schema.js';
import { WriteBatcher } from './db/write-batcher.js';
import { FlowStore } from './flows.js';
import { Ingest, type ContactRef, type InboundInput } from './ingest.js';
import type { MergedRows, MergeRows } from './contacts/merge.js';
import { KeyedQueue } from './keyed-queue.js';
import { Outbox, type PendingRow } from './outbox/dispatcher.js';
import { Timers } from './timers.js';
import { TurnQueries } from './turn-queries.js';
import { loaded, type LoadedContact } from './turns/load.js';
import { Turns, type TurnOutcome } from './turns/turn.js';

export type { RuntimeOptions, WriteTx } from './core.js';
export type { ContactRef, InboundInput } from './ingest.js';
export type { TurnOutcome } from './turns/turn.js';
export type { LiveConversation } from './turns/load.js';
export type { ChannelAdapter, OutboxItem } from './channels/contract.js';

export class Runtime {
  readonly db: Db;
  readonly flows: FlowStore;
  readonly bus: Bus;
  private readonly clock: () => Date;
  private readonly queue = new KeyedQueue();
  /** Group commit for every write of this runtime; channels' state stores ride it too (one commit, not one each). */
  readonly writer: WriteBatcher;
  private readonly q: TurnQueries;
  private readonly sql: Sql;
  private readonly outbox: Outbox;
  private readonly turns: Turns;
  private readonly ingest: Ingest;
  private readonly timers: Timers;
  private readonly deliveries = new Map<string, DeliverySettings>();
  private timerHandle: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private readonly opts: RuntimeOptions) {
    this.db = opts.db;
    this.clock = opts.clock ?? (() => new Date());
    this.flows = opts.flows ?? new FlowStore(opts.db, this.clock);
    this.bus = opts.bus ?? new Bus();
    this.writer = new WriteBatcher(opts.db);
    this.q = new TurnQueries(opts.db);
    this.sql = sqlRunner(opts.db);
    const report = (message: string, e: unknown) => this.report(message, e);
    this.outbox = new Outbox({ db: opts.db, writer: this.writer, q: this.q, bus: this.bus, clock: this.clock, pollMs: opts.pollIntervalMs ?? 250, report });
    const core: RuntimeCore = {
      db: this.db,
      k: this.db.kysely,
      sql: this.sql,
      q: this.q,
      writer: this.writer,
      flows: this.flows,
      bus: this.bus,
      clock: this.clock,
      opts,
      queue: this.queue,
      outbox: this.outbox,
      delivery: (channel) => this.deliveries.get(channel) ?? null,
      committed: (top, outgoing) => this.outbox.committed(top, outgoing),
      wakeAt: (dueAt) => this.timers.wakeAt(dueAt),
      write: (work) => this.write(work),
      report,
    };
    this.turns = new Turns(core);
    this.ingest = new Ingest(core, this.turns);
    this.timers = new Timers(core, (contactId, timerId) => this.turns.turn(contactId, { type: 'timer', timerId }, { timerId }));
  }

  private get k(): Kysely<Database> {
    return this.db.kysely;
  }

  /** A channel account's way out; `delivery` paces it and may turn its bot off. */
  registerChannel(adapter: ChannelAdapter, delivery: DeliverySettings | null = null) {
    if (delivery) this.deliveries.set(adapter.id, delivery);
    this.outbox.register(adapter, delivery);
  }

  unregisterChannel(channelId: string) {
    this.outbox.unregister(channelId);
    this.deliveries.delete(channelId);
  }

  /** Applies an account's changed pacing / bot-off settings. */
  setDelivery(channelId: string, delivery: DeliverySettings) {
    this.deliveries.set(channelId, delivery);
    this.outbox.setDelivery(channelId, delivery);
  }

  /** Outgoing rows an account holds waiting (health panel). */
  queueLength(channelId: string): number {
    return this.outbox.queueLength(channelId);
  }

  /** Picks up what a previous process left: unanswered inbound rows, due timers, undelivered outbox. */
  async start(): Promise<void> {
    this.stopped = false;
    this.timers.start();
    await this.outbox.start();
    const pending = await this.k.selectFrom('inbound').select('contact_id').distinct().where('status', '=', 'pending').execute();
    for (const p of pending) void this.queue.run(p.contact_id, () => this.ingest.drain(p.contact_id)).catch((e) => this.report('replay failed', e));
    const interval = this.opts.pollIntervalMs ?? 250;
    this.timerHandle = setInterval(() => {
      void this.timers.fireDue().catch((e) => this.report('timer poll failed', e));
      this.outbox.kick();
    }, interval);
    this.timerHandle.unref?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timerHandle) clearInterval(this.timerHandle);
    this.timerHandle = null;
    this.timers.stop();
    await this.ingest.idle();
    await this.queue.idle();
    await this.outbox.stop();
    await this.writer.idle();
  }

  /** Waits until every queued turn and delivery has finished (tests, the terminal chat). */
  async idle(): Promise<void> {
    await this.ingest.idle();
    await this.queue.idle();
    await this.writer.idle();
    await this.outbox.idle();
    await this.writer.idle();
  }

  /** Looks at the outbox now; `reread` after an old row became pending again (an agent resent a failed message). */
  kick(opts: { reread?: boolean } = {}) {
    this.outbox.kick(opts);
  }

  private report(message: string, e: unknown) {
    if (this.stopped) return;
    console.error(`[ozia] ${message}:`, e);
  }

  // --- inbound ----------------------------------------------------------------------------

  ensureContact(channel: string, from: ContactRef): Promise<string> {
    return this.ingest.ensureContact(channel, from);
  }

  /** Stores the message (once) and answers it in order; see `Ingest.receive`. */
  receive(input: InboundInput): Promise<{ duplicate: boolean; contactId: string; done: Promise<TurnOutcome | null> }> {
    return this.ingest.receive(input);
  }

  /** Merges two contacts into `survivor` (a person's choice of values, or ingest's); see `Ingest.mergeInto`. */
  mergeContacts(input: Omit<MergeRows, 'at' | 'loserRun'>): Promise<MergedRows | null> {
    return this.ingest.mergeInto(input);
  }

  /** A channel account's event (message, receipt, reaction, edit, deletion, identity link). */
  receiveEvent(channel: string, e: InboundEvent): Promise<{ duplicate: boolean }> {
    return this.ingest.event(channel, e);
  }

  fireDueTimers(): Promise<number> {
    return this.timers.fireDue();
  }

  // --- what the inbox and the test chat ask -----------------------------------------------

  /** Starts (or restarts) a contact's session on a version, at the start event or a chosen group. */
  async startSession(input: { contactId: string; versionId: string; groupId?: string; blockId?: string }): Promise<TurnOutcome | null> {
    return this.queue.run(input.contactId, () =>
      this.turns.turn(input.contactId, { type: 'start', groupId: input.groupId, blockId: input.blockId }, { forceVersionId: input.versionId }),
    );
  }

  /** Runs `task` in the contact's queue: no turn of theirs runs meanwhile (agents finishing, starting a conversation). */
  forContact<T>(contactId: string, task: () => Promise<T>): Promise<T> {
    return this.queue.run(contactId, task);
  }

  /** Resolves once every inbound message already arriving is stored (not answered). */
  arrivalsStored(): Promise<void> {
    return this.ingest.idle();
  }

  /** After a contact's erasure: every cache that maps an identity or a queued message to them lets go. */
  forgetContact(contactId: string) {
    this.ingest.forget(contactId);
    this.outbox.forgetContact(contactId);
  }

  /** The contact's channel and session, or null for an unknown contact. */
  async contactState(contactId: string): Promise<{ channel: string; name: string | null; phone: string | null; session: LoadedContact['session'] } | null> {
    const [row] = await this.sql.rows(this.q.load, contactId);
    if (!row) return null;
    const c = loaded(row);
    return { channel: c.channel, name: c.name, phone: c.phone, session: c.session };
  }

  localeOf(c: { session: LoadedContact['session'] } | null) {
    return this.turns.localeOf(c);
  }

  /** Marks the contact's session ended inside a transaction, so their next message starts the bot afresh. */
  async endSessionIn(sql: Sql, contactId: string, nowIso: string): Promise<void> {
    const [row] = await sql.rows(this.q.sessionRow, contactId);
    if (!row) return;
    const state = JSON.parse(row.state);
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
    let outgoing: PendingRow[] = [];
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
              // Only outgoing authors reach here (a 'pending' row); a contact's or phone's is never sent.
              author: r.author === 'agent' ? 'agent' : r.author === 'bot' ? 'bot' : 'system',
              attempts: 0,
              available_at: null,
              created_at: r.created_at,
              quoted_id: r.quoted_id ?? null,
            });
          });
          return ids;
        },
      });
    });
    this.outbox.committed(top, outgoing);
    return result;
  }
}
