// The retention policy at work: once a while after the start and then every hour, messages older
// than the chosen period are deleted (runtime/purge.ts) from conversations nobody is
// in: closed ones, and bot conversations silent since before the cutoff. A conversation waiting
// for an agent or being served keeps its whole transcript until it closes: the agent is reading
// it, quoting it, and the contact may be answering it. Pending outgoing messages are never
// touched (the outbox still owes them to the contact).
//
// Work goes in small batches, each one write of the runtime's writer, with a pause between
// them, so a turn waits for at most one batch. A batch picks conversations from a partial index
// that holds only those with something left to look at; each swept conversation records the
// cutoff it was swept to, so a restart goes on where the last run stopped. On PostgreSQL, two
// processes running at once skip each other's locked conversations, and every delete is by id
// (deleting twice is deleting once).
import { sql as q } from 'kysely';
import { sqlRunner } from '../db/prepared.js';
import type { FileStore } from '../files.js';
import type { Runtime } from '../runtime.js';
import { Sweep } from '../sweep.js';
import { fileIdsInBody, filesNoLongerUsed, purgeMessages } from '../purge.js';
import { RetentionSettingsStore, type RetentionRun } from './settings.js';

const DAY_MS = 24 * 60 * 60_000;
/** Conversations looked at per batch. */
const CONVERSATIONS_PER_BATCH = 100;

export interface RetentionJobOptions {
  runtime: Runtime;
  files: FileStore;
  clock?: () => Date;
  /** How often it runs (an hour). */
  everyMs?: number;
  /** The first run after the start (a minute: the start has other work to do). */
  firstAfterMs?: number;
  /** Messages deleted per batch (500). */
  batchSize?: number;
  /** Where the one JSON line per run goes (stdout). */
  log?: (line: string) => void;
  /** Tests: called after each batch's commit. */
  onBatch?: (deleted: number) => void | Promise<void>;
}

export interface RetentionPreview {
  cutoff: string;
  messages: number;
  files: number;
}

export class RetentionJob {
  readonly settings: RetentionSettingsStore;
  private readonly sweep: Sweep;
  private readonly clock: () => Date;
  private first: NodeJS.Timeout | null = null;
  private stopping = false;
  private last: RetentionRun | null = null;

  constructor(private readonly opts: RetentionJobOptions) {
    this.clock = opts.clock ?? (() => new Date());
    this.settings = new RetentionSettingsStore(opts.runtime.db);
    this.sweep = new Sweep('retention', () => this.run(), opts.everyMs ?? 60 * 60_000);
  }

  start(): void {
    this.stopping = false;
    this.sweep.start();
    this.first = setTimeout(() => void this.sweep.catchUp().catch((e) => console.error('[ozia] retention failed:', e)), this.opts.firstAfterMs ?? 60_000);
    this.first.unref?.();
  }

  /** Stops between two batches; the next start goes on from there. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.first) clearTimeout(this.first);
    this.first = null;
    await this.sweep.stop();
  }

  /** Runs now (or joins the run under way) and tells what it removed; null when retention is off. */
  async runNow(): Promise<RetentionRun | null> {
    this.last = null;
    await this.sweep.catchUp();
    return this.last;
  }

  /** The moment before which messages go, for a period of `days`. */
  cutoff(days: number): Date {
    return new Date(this.clock().getTime() - days * DAY_MS);
  }

  /** How many messages and files a run with `days` would delete now (counted, not estimated). */
  async preview(days: number): Promise<RetentionPreview> {
    const k = this.opts.runtime.db.kysely;
    const cutoff = this.cutoff(days).toISOString();
    const eligible = k
      .selectFrom('messages as m')
      .innerJoin('conversations as c', 'c.id', 'm.conversation_id')
      .where('m.created_at', '<', cutoff)
      .where('m.status', '<>', 'pending')
      .where((eb) => eb.or([eb('c.stage', '=', 'closed'), eb.and([eb('c.stage', '=', 'bot'), eb('c.last_message_at', '<', cutoff)])]));
    const count = await eligible.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // Files: those the eligible messages name that nothing else would keep.
    const byConversation = new Map<string, Set<string>>();
    let after = 0;
    for (;;) {
      const rows = await eligible
        .select(['m.id', 'm.conversation_id', 'm.body'])
        .where('m.id', '>', after)
        .where((eb) => eb.or([eb('m.body', 'like', '%"fileId"%'), eb('m.body', 'like', '%/api/files/%')]))
        .orderBy('m.id')
        .limit(1_000)
        .execute();
      if (!rows.length) break;
      for (const r of rows) {
        const ids = fileIdsInBody(r.body);
        if (ids.length) byConversation.set(r.conversation_id, new Set([...(byConversation.get(r.conversation_id) ?? []), ...ids]));
      }
      after = Number(rows[rows.length - 1].id);
    }
    const runner = sqlRunner(this.opts.runtime.db);
    const going = new Set<string>();
    for (const [conversationId, ids] of byConversation) {
      const gone = await filesNoLongerUsed(k, runner, [...ids], [conversationId], (qb) =>
        qb.where((eb) => eb.or([eb('created_at', '>=', cutoff), eb('status', '=', 'pending')])),
      );
      gone.forEach((id) => going.add(id));
    }
    return { cutoff, messages: Number(count.n), files: going.size };
  }

  private async run(): Promise<void> {
    const s = await this.settings.get();
    if (!s.enabled) return;
    const started = this.clock();
    const cutoff = this.cutoff(s.days).toISOString();
    const total = { messages: 0, files: 0, inbound: 0, conversations: new Set<string>(), batches: 0 };
    let cursor: { openedAt: string; id: string } = { openedAt: '', id: '' };
    let complete = true;
    for (;;) {
      if (this.stopping) {
        complete = false;
        break;
      }
      const batch = await this.batch(cutoff, cursor);
      if (!batch) break;
      cursor = batch.cursor;
      total.batches++;
      total.messages += batch.messages;
      total.files += batch.fileIds.length;
      batch.conversationIds.forEach((id) => total.conversations.add(id));
      // The rows are committed: now the bytes (a crash before this leaves bytes nobody can name, never a row without bytes).
      this.opts.files.discardBytes(batch.fileIds);
      await this.opts.onBatch?.(batch.messages);
      // Let turns queued meanwhile have the writer before the next batch.
      await new Promise((r) => setTimeout(r, 0));
    }
    // The channels' own copies of what contacts sent (the dedupe rows) age out too, whatever the
    // conversation's stage: the transcript holds the message, and a copy is no reason to keep text
    // past the period. Never younger than a week, the longest a provider retries a delivery.
    if (!this.stopping) {
      const inboundCutoff = new Date(Math.min(Date.parse(cutoff), this.clock().getTime() - 7 * DAY_MS)).toISOString();
      let after = 0;
      for (;;) {
        if (this.stopping) {
          complete = false;
          break;
        }
        const batch = await this.inboundBatch(inboundCutoff, after);
        if (!batch) break;
        after = batch.after;
        total.inbound += batch.deleted;
        await new Promise((r) => setTimeout(r, 0));
      }
    }
    const run: RetentionRun = {
      at: started.toISOString(),
      cutoff,
      days: s.days,
      messages: total.messages,
      files: total.files,
      conversations: total.conversations.size,
      complete,
    };
    await this.settings.recordRun(run);
    this.last = run;
    const line = JSON.stringify({ ...run, job: 'retention', batches: total.batches, inbound: total.inbound, ms: this.clock().getTime() - started.getTime() });
    (this.opts.log ?? console.log)(line);
  }

  /**
   * Answered inbound rows received before `cutoff`, oldest first by id (ids grow with arrival, so
   * the first row past the cutoff ends the run without reading the rest). Rows still pending stay:
   * their turn has not run. Null when nothing is left.
   */
  private async inboundBatch(cutoff: string, after: number): Promise<{ after: number; deleted: number } | null> {
    const { runtime } = this.opts;
    const k = runtime.db.kysely;
    const size = this.opts.batchSize ?? 500;
    return runtime.write(async (tx) => {
      const { rows } = await tx.sql.exec(k.selectFrom('inbound').select(['id', 'status', 'received_at']).where('id', '>', after).orderBy('id').limit(size));
      const old = rows.filter((r) => r.received_at < cutoff);
      const ids = old.filter((r) => r.status === 'done').map((r) => Number(r.id));
      const deleted = ids.length ? (await tx.sql.exec(k.deleteFrom('inbound').where('id', 'in', ids))).changes : 0;
      if (!old.length) return null;
      return { after: Number(old[old.length - 1].id), deleted: Number(deleted) };
    });
  }

  /** One batch in one transaction; null when nothing is left before `cutoff`. */
  private async batch(cutoff: string, after: { openedAt: string; id: string }) {
    const { runtime } = this.opts;
    const k = runtime.db.kysely;
    const size = this.opts.batchSize ?? 500;
    const pg = runtime.db.dialect === 'postgres';
    return runtime.write(async (tx) => {
      // The terms of the partial index `conversations_retention`, repeated so the planner uses it.
      const { rows: page } = await tx.sql.exec(
        q<{ id: string; opened_at: string }>`select id, opened_at from conversations
          where stage in ('closed', 'bot') and (retention_through is null or retention_through <= last_message_at)
            and opened_at < ${cutoff} and (stage = 'closed' or last_message_at < ${cutoff})
            and opened_at >= ${after.openedAt} and (opened_at > ${after.openedAt} or id > ${after.id})
          order by opened_at, id limit ${CONVERSATIONS_PER_BATCH}${pg ? q` for update skip locked` : q``}`.compile(k),
      );
      if (!page.length) return null;
      const conversationIds = page.map((c) => c.id);
      const { rows: messages } = await tx.sql.exec(
        k
          .selectFrom('messages')
          .select('id')
          .where('conversation_id', 'in', conversationIds)
          .where('created_at', '<', cutoff)
          .where('status', '<>', 'pending')
          // No order: the index's own (conversation, id) order, with no sort of a long transcript per batch.
          .limit(size),
      );
      const purged = await purgeMessages(runtime.db, tx.sql, messages.map((m) => Number(m.id)));
      if (purged.conversationIds.length) {
        await tx.sql.exec(
          k
            .updateTable('conversations')
            .set({ purged_before: cutoff })
            .where('id', 'in', purged.conversationIds)
            .where((eb) => eb.or([eb('purged_before', 'is', null), eb('purged_before', '<', cutoff)])),
        );
        // A transcript wholly gone leaves no preview in the lists (the row stays for reports).
        await tx.sql.exec(
          k
            .updateTable('conversations')
            .set({ last_preview: null })
            .where('id', 'in', purged.conversationIds)
            .where('last_message_at', '<', cutoff)
            .where((eb) => eb.not(eb.exists(eb.selectFrom('messages as m').select('m.id').whereRef('m.conversation_id', '=', 'conversations.id')))),
        );
      }
      // Fewer than a batch: these conversations hold nothing more before the cutoff.
      const done = messages.length < size;
      if (done) await tx.sql.exec(k.updateTable('conversations').set({ retention_through: cutoff }).where('id', 'in', conversationIds));
      const last = page[page.length - 1];
      return { ...purged, cursor: done ? { openedAt: last.opened_at, id: last.id } : after };
    });
  }
}
