// The outbox: outgoing transcript rows written 'pending' by the commit that produced them, handed
// to the lane of their channel account, and marked sent / delivered / read / failed as the
// provider reports. Delivery is at least once (a crash before the "sent" mark re-sends);
// the per-contact order always holds.
//
// Reading: on SQLite (one process) rows come straight from the commits that wrote them while
// the dispatcher is caught up, else from the table above a cursor. On PostgreSQL every read
// claims its rows (`claimed_by`/`claimed_until`, FOR UPDATE SKIP LOCKED), and a row is claimed
// only when no earlier pending row of its contact is someone else's, so two processes never
// send the same row nor one contact's rows out of order.
import { sql as raw, type Kysely } from 'kysely';
import type { OutgoingMessage } from '../../blocks/contract.js';
import type { Bus } from '../bus.js';
import type { ChannelAdapter, DeliverySettings, DeliveryState, Identity, StatusEvent } from '../channels/contract.js';
import type { Db } from '../db/connect.js';
import { sqlRunner, type Sql } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import type { WriteBatcher } from '../db/write-batcher.js';
import { newId } from '../ids.js';
import { MARK_CHUNK, TurnQueries, type OutboxRowColumns } from '../turn-queries.js';
import { Lane, type LaneHost, type PendingRow } from './lane.js';

export type { PendingRow } from './lane.js';

const READ_LIMIT = 500;
/** How long a PostgreSQL claim holds a row; renewed while this process still has it. */
const CLAIM_MS = 5 * 60_000;
/** Bounds `justMarked` when acks never come (a socket that drops them). */
const JUST_MARKED_MAX = 10_000;
const RANK: Record<string, number> = { pending: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

export interface OutboxOptions {
  db: Db;
  writer: WriteBatcher;
  q: TurnQueries;
  bus: Bus;
  clock: () => Date;
  pollMs: number;
  report(message: string, e: unknown): void;
}

export class Outbox {
  /** This process's name in claims. */
  readonly holder = `p${process.pid}-${newId().slice(0, 8)}`;
  private readonly lanes = new Map<string, Lane>();
  private readonly sql: Sql;
  private readonly k: Kysely<Database>;
  private dispatching: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private watermark = 0;
  private cursor = 0;
  /** Rereads asked for (`kick({ reread })`): a read that overlapped one must not move the cursor. */
  private rereads = 0;
  private fresh: PendingRow[] = [];
  private freshComplete = false;
  /**
   * Rows handed to a lane, with the number of reads started when their final mark committed
   * (null until then). A read that started before that commit may still return them as pending
   * (PostgreSQL reads a snapshot), so a row is forgotten only once a later read has finished.
   */
  private readonly owned = new Map<number, number | null>();
  private reads = 0;
  /** Provider ids of rows sent but whose mark has not committed: statuses wait for it. */
  private readonly unmarked = new Map<string, { id: number; early: StatusEvent[] }>();
  /**
   * Rows this process just marked "sent" whose provider "sent" (the server's ack) has not come yet:
   * that ack only moves pending rows, so it would read the row to change nothing. Any other status
   * for the id drops it from here (a failed row sent again goes through the full path).
   */
  private readonly justMarked = new Set<string>();
  private readonly identities = new Map<string, Identity | null>();
  private renewTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: OutboxOptions) {
    this.sql = sqlRunner(o.db);
    this.k = o.db.kysely;
  }

  private get sqlite(): boolean {
    return this.o.db.dialect === 'sqlite';
  }

  register(adapter: ChannelAdapter, delivery: DeliverySettings | null = null) {
    this.lanes.get(adapter.id)?.stop().forEach((r) => this.owned.delete(r.id));
    this.lanes.set(adapter.id, new Lane(adapter, this.host(), delivery));
    this.cursor = 0; // rows skipped before may be this channel's
    this.freshComplete = false;
    this.kick();
  }

  unregister(channelId: string) {
    const lane = this.lanes.get(channelId);
    if (!lane) return;
    this.lanes.delete(channelId);
    // Its rows stay pending for whoever holds the account next.
    for (const r of lane.stop()) this.owned.delete(r.id);
    if (!this.sqlite) void this.releaseClaims(channelId).catch((e) => this.o.report('could not release claims', e));
  }

  setDelivery(channelId: string, d: DeliverySettings) {
    this.lanes.get(channelId)?.setDelivery(d);
  }

  queueLength(channelId: string): number {
    return this.lanes.get(channelId)?.size ?? 0;
  }

  async start() {
    this.stopped = false;
    if (this.sqlite) {
      const top = await this.k.selectFrom('messages').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
      this.watermark = Number(top?.m ?? 0);
    } else {
      this.watermark = 2 ** 31 - 1; // PostgreSQL reads never see uncommitted rows
      this.renewTimer = setInterval(() => void this.renewClaims().catch((e) => this.o.report('claim renewal failed', e)), CLAIM_MS / 5);
      this.renewTimer.unref?.();
    }
    this.kick();
  }

  async stop() {
    this.stopped = true;
    if (this.renewTimer) clearInterval(this.renewTimer);
    this.renewTimer = null;
    await this.dispatching;
    for (const [id, lane] of this.lanes) {
      lane.stop();
      if (!this.sqlite) await this.releaseClaims(id).catch(() => undefined);
    }
  }

  async idle() {
    for (;;) {
      while (this.dispatching) await this.dispatching;
      await Promise.all([...this.lanes.values()].map((l) => l.idle()));
      if (!this.dispatching) return;
    }
  }

  /** After a commit: ids up to `top` are final, and its outgoing rows may go. */
  committed(top: number, outgoing: PendingRow[]) {
    if (top) this.watermark = Math.max(this.watermark, top);
    if (!outgoing.length) return;
    if (this.sqlite) {
      if (this.fresh.length > 10_000) {
        this.freshComplete = false; // far behind: let the table drive again
        this.fresh = [];
      } else {
        this.fresh.push(...outgoing);
      }
    }
    this.kick();
  }

  /**
   * Looks at the table now. `reread`: a row older than the cursor became pending again (an agent
   * resent a failed message), so SQLite reads from the start once; PostgreSQL claims by status anyway.
   */
  kick(opts: { reread?: boolean } = {}) {
    if (opts.reread) {
      this.rereads++;
      this.cursor = 0;
      this.freshComplete = false;
    }
    if (this.stopped) return;
    if (this.dispatching) {
      this.again = true;
      return;
    }
    this.dispatching = (async () => {
      try {
        do {
          this.again = false;
          await this.readOnce();
        } while (this.again && !this.stopped);
      } catch (e) {
        this.o.report('outbox dispatch failed', e);
      } finally {
        this.dispatching = null;
      }
    })();
  }

  private async readOnce(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      let rows: PendingRow[];
      let fromTable = true;
      if (this.sqlite && this.freshComplete && this.fresh.length) {
        rows = this.fresh.splice(0, READ_LIMIT);
        for (const r of rows) r.fromCommit = true;
        fromTable = false;
      } else {
        const readNo = ++this.reads;
        const rereads = this.rereads;
        const read = this.sqlite ? await this.readSqlite() : await this.claimPostgres();
        rows = read.filter((r) => !this.owned.has(r.id));
        for (const [id, markedAt] of this.owned) if (markedAt !== null && markedAt < readNo) this.owned.delete(id);
        // A reread asked for during this read: the cursor stays at the start for the next one.
        if (this.sqlite && rereads === this.rereads) {
          if (read.length) {
            const last = read[read.length - 1].id;
            this.fresh = this.fresh.filter((f) => f.id > last);
            this.cursor = Math.max(this.cursor, last);
          } else {
            this.fresh = this.fresh.filter((f) => f.id > this.watermark);
          }
          if (read.length < READ_LIMIT) this.freshComplete = true;
        }
        if (!read.length) return;
        if (!rows.length && read.length < READ_LIMIT) return;
      }
      for (const r of rows) {
        const lane = this.lanes.get(r.channel);
        if (!lane || this.owned.has(r.id)) continue; // another process's channel
        this.owned.set(r.id, null);
        lane.push(r);
      }
      if (!fromTable && !this.fresh.length) return;
      if (!this.sqlite && rows.length === 0) return;
    }
  }

  private async readSqlite(): Promise<PendingRow[]> {
    const read = await this.sql.rows(this.o.q.pendingOutbox, this.cursor, this.watermark, READ_LIMIT);
    return read.map((r) => ({ ...r, message: JSON.parse(r.body) as OutgoingMessage }));
  }

  private async claimPostgres(): Promise<PendingRow[]> {
    const channels = [...this.lanes.keys()];
    if (!channels.length) return [];
    const now = this.o.clock().getTime();
    const me = this.holder;
    const result = await raw<OutboxRowColumns>`
      update messages set claimed_by = ${me}, claimed_until = ${now + CLAIM_MS}
      where id in (
        select m.id from messages m
        where m.status = 'pending' and m.channel in (${raw.join(channels)})
          and (m.claimed_until is null or m.claimed_until < ${now} or m.claimed_by = ${me})
          and not exists (
            select 1 from messages e
            where e.contact_id = m.contact_id and e.status = 'pending' and e.id < m.id
              and (e.claimed_by is distinct from ${me})
          )
        order by m.id
        limit ${READ_LIMIT}
        for update skip locked
      )
      returning id, channel, contact_id, conversation_id, body, block_id, author, attempts, available_at, created_at, quoted_id`.execute(this.k);
    return result.rows
      .map((r) => ({ ...r, id: Number(r.id), quoted_id: r.quoted_id === null ? null : Number(r.quoted_id), message: JSON.parse(r.body) as OutgoingMessage }))
      .sort((a, b) => a.id - b.id);
  }

  // Renewing and releasing skip rows another transaction holds (the "sent" mark of the same
  // rows, locked in another order): waiting on them deadlocked; a skipped row is being marked
  // sent, or keeps its claim until it expires.
  private async renewClaims() {
    if (!this.owned.size) return;
    const until = this.o.clock().getTime() + CLAIM_MS;
    await raw`update messages set claimed_until = ${until} where id in (
        select id from messages where claimed_by = ${this.holder} and status = 'pending' order by id for update skip locked)`.execute(this.k);
  }

  private async releaseClaims(channelId: string) {
    await raw`update messages set claimed_by = null, claimed_until = null where id in (
        select id from messages where claimed_by = ${this.holder} and channel = ${channelId} and status = 'pending' order by id for update skip locked)`.execute(this.k);
  }

  // --- what lanes report -----------------------------------------------------------------

  private host(): LaneHost {
    return {
      clock: this.o.clock,
      pollMs: this.o.pollMs,
      to: (channel, contactId) => this.to(channel, contactId),
      quoted: async (quotedId) => {
        if (quotedId === null) return null;
        const row = await this.k.selectFrom('messages').select('external_id').where('id', '=', quotedId).executeTakeFirst();
        return row?.external_id ?? null;
      },
      sent: (row, externalId) => this.markSent(row, externalId),
      retry: async (row, attempts, error, availableAt) => {
        await this.k.updateTable('messages').set({ attempts, error, available_at: availableAt }).where('id', '=', row.id).execute();
      },
      failed: async (row, attempts, error) => {
        await this.k
          .updateTable('messages')
          .set({ attempts, error, status: 'failed', claimed_by: null, claimed_until: null })
          .where('id', '=', row.id)
          .execute();
        this.forget(row.id);
        this.o.bus.emit('status', { status: 'failed', messages: [{ id: row.id, conversationId: row.conversation_id, error }] });
      },
      report: this.o.report,
    };
  }

  /** The contact's identity on this account seen last (null for accounts that need none). */
  private async to(channel: string, contactId: string): Promise<Identity | null> {
    const key = `${channel}\u0000${contactId}`;
    if (this.identities.has(key)) return this.identities.get(key)!;
    const row = await this.k
      .selectFrom('contact_identities')
      .select(['kind', 'value'])
      .where('channel_id', '=', channel)
      .where('contact_id', '=', contactId)
      .orderBy('last_seen_at', 'desc')
      .executeTakeFirst();
    const identity = row ? { kind: row.kind, value: row.value } : null;
    if (this.identities.size > 50_000) this.identities.clear();
    this.identities.set(key, identity);
    return identity;
  }

  /** A contact wrote from another identity, or two contacts merged: look again. */
  forgetIdentity(channel: string, contactId: string) {
    this.identities.delete(`${channel}\u0000${contactId}`);
  }

  /** An erased contact: their queued rows are dropped and where they were reached is forgotten. */
  forgetContact(contactId: string) {
    for (const lane of this.lanes.values()) for (const r of lane.drop(contactId)) this.owned.delete(r.id);
    this.fresh = this.fresh.filter((r) => r.contact_id !== contactId);
    for (const key of [...this.identities.keys()]) if (key.endsWith(`\u0000${contactId}`)) this.identities.delete(key);
  }

  private forget(id: number) {
    if (this.owned.has(id)) this.owned.set(id, this.sqlite ? this.reads - 1 : this.reads);
    if (this.sqlite) this.owned.delete(id);
  }

  /** Nobody waits for this: it rides with the next commit. */
  private markSent(row: PendingRow, externalId: string | null) {
    const sentAt = this.o.clock().toISOString();
    if (externalId) this.unmarked.set(`${row.channel}\u0000${externalId}`, { id: row.id, early: [] });
    this.pendingMarks.push({ row, externalId, sentAt });
    if (this.pendingMarks.length === 1) queueMicrotask(() => this.flushMarks());
  }

  private pendingMarks: { row: PendingRow; externalId: string | null; sentAt: string }[] = [];

  private flushMarks() {
    const marks = this.pendingMarks;
    this.pendingMarks = [];
    if (!marks.length) return;
    const plain = marks.filter((m) => !m.externalId);
    const withId = marks.filter((m) => m.externalId);
    void this.o.writer
      .defer(async (sql) => {
        for (let i = 0; i < plain.length; i += MARK_CHUNK) {
          const chunk = plain.slice(i, i + MARK_CHUNK);
          await sql.changes(this.o.q.markSent.get(chunk.length), chunk[0].sentAt, ...chunk.map((m) => m.row.id));
        }
        for (const m of withId) await sql.changes(this.o.q.markSentAs, m.sentAt, m.externalId, m.row.id);
      })
      .then(
        () => {
          for (const m of marks) this.forget(m.row.id);
          this.o.bus.emit('status', { status: 'sent', messages: marks.map((m) => ({ id: m.row.id, conversationId: m.row.conversation_id })) });
          for (const m of withId) {
            const key = `${m.row.channel}\u0000${m.externalId}`;
            const early = this.unmarked.get(key)?.early ?? [];
            this.unmarked.delete(key);
            if (this.justMarked.size >= JUST_MARKED_MAX) this.justMarked.clear();
            this.justMarked.add(key);
            for (const e of early) void this.applyStatus(m.row.channel, e).catch((err) => this.o.report('status update failed', err));
          }
        },
        (e) => this.o.report('could not mark messages as sent', e),
      );
  }

  /**
   * The provider's word on a message it was given: sent, delivered, read or failed. States only
   * move forward. A status for a row whose "sent" mark has not committed waits for it.
   */
  async applyStatus(channel: string, e: StatusEvent): Promise<void> {
    const key = `${channel}\u0000${e.externalId}`;
    if (e.status === 'sent' && this.justMarked.delete(key)) return;
    this.justMarked.delete(key);
    const pending = this.unmarked.get(key);
    if (pending) {
      // The mark on its way sets the row "sent"; replayed after it, this "sent" would read the row only to change nothing.
      if (e.status !== 'sent') pending.early.push(e);
      return;
    }
    const [row] = await this.sql.rows(this.o.q.statusTarget, channel, e.externalId);
    // Forward only; and a message the contact received or read did not fail, whatever arrives late.
    const ranked = (
      e.status === 'failed' ? ['pending', 'sent'] : Object.keys(RANK).filter((s) => RANK[s] < RANK[e.status] && s !== 'failed')
    ) as DeliveryState[];
    if (!row || !ranked.includes(row.status as DeliveryState)) return;
    const set: { status: DeliveryState; delivered_at?: string; read_at?: string; error?: string } = { status: e.status };
    if (e.status === 'delivered') set.delivered_at = e.at;
    if (e.status === 'read') set.read_at = e.at;
    if (e.status === 'failed') set.error = e.error ?? 'failed';
    await this.o.writer.run((sql) =>
      sql.exec(
        this.k
          .updateTable('messages')
          .set(e.status === 'read' ? { ...set, delivered_at: raw`coalesce(delivered_at, ${e.at})` as never } : set)
          .where('id', '=', row.id)
          .where('status', 'in', ranked as never),
      ),
    );
    this.o.bus.emit('status', {
      status: e.status,
      messages: [{ id: row.id, conversationId: row.conversation_id, ...(e.error ? { error: e.error } : {}) }],
    });
  }
}
