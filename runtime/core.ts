// What the runtime's rooms (ingest, turns, timers, inbox arrival, outbox) share: one database,
// one group-commit writer, one per-contact queue, one clock. Built once by `Runtime`.
import type { Kysely } from 'kysely';
import type { HandoffRequest, Locale, Services } from '../blocks/contract.js';
import type { Bus } from './bus.js';
import type { DeliverySettings } from './channels/contract.js';
import type { LogEntry } from './context.js';
import type { Db } from './db/connect.js';
import type { Sql } from './db/prepared.js';
import type { Database, NewMessage } from './db/schema.js';
import type { WriteBatcher } from './db/write-batcher.js';
import type { FlowStore } from './flows.js';
import type { KeyedQueue } from './keyed-queue.js';
import type { Outbox, PendingRow } from './outbox/dispatcher.js';
import type { TurnQueries } from './turn-queries.js';

export interface RuntimeOptions {
  db: Db;
  flows?: FlowStore;
  clock?: () => Date;
  bus?: Bus;
  /** The published version a new session on this channel account runs; null keeps the contact's last version. */
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

export interface RuntimeCore {
  readonly db: Db;
  readonly k: Kysely<Database>;
  readonly sql: Sql;
  readonly q: TurnQueries;
  readonly writer: WriteBatcher;
  readonly flows: FlowStore;
  readonly bus: Bus;
  readonly clock: () => Date;
  readonly opts: RuntimeOptions;
  /** One task at a time per contact: turns, agents finishing, merges. */
  readonly queue: KeyedQueue;
  readonly outbox: Outbox;
  /** The account's pacing and bot-off settings (null: defaults; the test chat, tests). */
  delivery(channel: string): DeliverySettings | null;
  /** After a commit: ids up to `top` are final, and its outgoing rows go to the outbox. */
  committed(top: number, outgoing: PendingRow[]): void;
  /** A timer was scheduled: wake up for it (far ones are left to the poll). */
  wakeAt(dueAt: string): void;
  write<T>(work: (tx: WriteTx) => Promise<T>): Promise<T>;
  report(message: string, e: unknown): void;
}

/** Another process got to this inbound message or session first. */
export class StaleTurn extends Error {
  constructor(readonly what: 'inbound' | 'session') {
    super(`stale ${what}`);
  }
}
