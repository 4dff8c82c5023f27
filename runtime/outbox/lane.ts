// One channel account's way out: its rows wait here, each contact's in order, several contacts
// at once, paced by the account's rate limit. A slow or disconnected number fills only its own
// lane; the test chat and other numbers go on.
import type { OutgoingMessage } from '../../blocks/contract.js';
import { PermanentSendError, type ChannelAdapter, type DeliverySettings, type Identity, type OutboxAuthor, type OutboxItem } from '../channels/contract.js';
import { backoffMs, failureReason, MAX_ATTEMPTS, RateLimiter } from './policy.js';

/** A pending outgoing row, as the dispatcher read or was handed it. */
export interface PendingRow {
  id: number;
  channel: string;
  contact_id: string;
  conversation_id: string;
  message: OutgoingMessage;
  block_id: string | null;
  author: OutboxAuthor;
  attempts: number;
  available_at: string | null;
  created_at: string;
  quoted_id: number | null;
  /** Handed over by the commit that wrote it, not read back from the table. */
  fromCommit?: boolean;
}

/** What a lane needs from the dispatcher: where a row goes, and how its outcome is stored. */
export interface LaneHost {
  clock(): Date;
  /** Longest real sleep between looks at the clock (the clock may be a test's). */
  pollMs: number;
  to(channel: string, contactId: string): Promise<Identity | null>;
  quoted(quotedId: number | null): Promise<string | null>;
  sent(row: PendingRow, externalId: string | null, provider: string | null): void;
  retry(row: PendingRow, attempts: number, error: string, availableAt: string): Promise<void>;
  failed(row: PendingRow, attempts: number, error: string): Promise<void>;
  report(message: string, e: unknown): void;
}

const DEFAULT_DELIVERY: DeliverySettings = {
  botOffDepartmentId: null,
  typingMsPerChar: 0,
  typingMaxMs: 0,
  splitLong: false,
  perMinute: 0,
  pauseAfterPhoneMinutes: 0,
};

export class Lane {
  private readonly queues = new Map<string, PendingRow[]>();
  /** Contacts whose queue a worker is going through. */
  private readonly running = new Set<string>();
  /** Rows handed to the adapter right now (at most one per contact). */
  private readonly sending = new Set<PendingRow>();
  /** Workers actually sending (not waiting out a backoff or a disconnection). */
  private busy = 0;
  private idleWaiters: (() => void)[] = [];
  private readonly limiter: RateLimiter;
  private delivery: DeliverySettings;
  private stopped = false;
  private readyWaiters: (() => void)[] = [];
  private readonly sleeps = new Set<{ timer: NodeJS.Timeout; done: () => void }>();

  constructor(
    readonly adapter: ChannelAdapter,
    private readonly host: LaneHost,
    delivery: DeliverySettings | null,
    /**
     * Contacts served at once. Each waits on its provider and on a commit per part it records, so
     * too few and those waits become the limit (whatsapp_inbound: 32 held it to ~0.45 of the engine's
     * pace, 128 reached ~0.55); an account's rate limit, not this, paces a real number.
     */
    private readonly concurrency = 128,
  ) {
    this.delivery = delivery ?? DEFAULT_DELIVERY;
    this.limiter = new RateLimiter(this.delivery.perMinute);
    adapter.onReady?.(() => this.wakeReady());
  }

  setDelivery(d: DeliverySettings) {
    this.delivery = d;
    this.limiter.setRate(d.perMinute);
  }

  /** Rows held here, sending or waiting. */
  get size(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }

  push(row: PendingRow) {
    if (this.stopped) return;
    const q = this.queues.get(row.contact_id);
    if (q) q.push(row);
    else this.queues.set(row.contact_id, [row]);
    this.pump();
  }

  /**
   * Drops a contact's queued rows (their transcript was erased). A row already being sent
   * finishes; the rest never go. Returns the rows dropped.
   */
  drop(contactId: string): PendingRow[] {
    const q = this.queues.get(contactId);
    if (!q) return [];
    // A worker may hold the head waiting for the account or its pace: only a send under way stays.
    const keep = q.length && this.sending.has(q[0]) ? 1 : 0;
    return q.splice(keep);
  }

  /** Forgets every row (they stay pending in the database for whoever sends them next). */
  stop(): PendingRow[] {
    this.stopped = true;
    const left = [...this.queues.values()].flat();
    this.queues.clear();
    for (const s of this.sleeps) {
      clearTimeout(s.timer);
      s.done();
    }
    this.sleeps.clear();
    this.wakeReady();
    return left;
  }

  /** Resolves when no worker is sending; rows waiting out a backoff or a reconnection do not count. */
  idle(): Promise<void> {
    if (this.busy === 0 && this.pendingNow() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pendingNow(): number {
    // Queued contacts not yet picked up by a worker would start sending at once.
    let n = 0;
    for (const [c, q] of this.queues) if (q.length && !this.running.has(c)) n++;
    return n;
  }

  private pump() {
    for (const [contact, q] of this.queues) {
      if (this.running.size >= this.concurrency) return;
      if (!q.length || this.running.has(contact)) continue;
      this.running.add(contact);
      this.busy++;
      void this.work(contact).finally(() => {
        this.running.delete(contact);
        this.busy--;
        if (!this.queues.get(contact)?.length) this.queues.delete(contact);
        this.pump();
        this.settle();
      });
    }
  }

  private settle() {
    if (this.busy !== 0 || this.pendingNow() !== 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const w of waiters) w();
  }

  private async work(contact: string): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const q = this.queues.get(contact);
      const row = q?.[0];
      if (!row) return;
      if (!this.adapter.ready()) {
        await this.waiting(() => this.untilReady());
        continue;
      }
      if (row.available_at && Date.parse(row.available_at) > this.host.clock().getTime()) {
        await this.waiting(() => this.until(Date.parse(row.available_at!)));
        continue;
      }
      const pace = this.limiter.wait(this.host.clock().getTime());
      if (pace > 0) {
        // Looked at again each poll: the pace is measured on the host's clock, not on this sleep.
        await this.sleep(Math.min(pace, this.host.pollMs));
        continue;
      }
      this.limiter.take(this.host.clock().getTime());
      this.sending.add(row);
      const done = await this.sendOne(row).finally(() => this.sending.delete(row));
      if (done && q![0] === row) q!.shift();
    }
  }

  /** True when the row is finished with (sent or failed for good). */
  private async sendOne(row: PendingRow): Promise<boolean> {
    try {
      const to = await this.host.to(row.channel, row.contact_id);
      const item: OutboxItem = {
        id: row.id,
        channel: row.channel,
        contactId: row.contact_id,
        conversationId: row.conversation_id,
        to,
        message: row.message,
        blockId: row.block_id,
        author: row.author,
        quotedExternalId: await this.host.quoted(row.quoted_id),
        createdAt: row.created_at,
        attempts: row.attempts,
        firstTry: row.fromCommit === true && row.attempts === 0,
      };
      const typingMs = this.typingMs(row.message);
      if (typingMs > 0 && to && this.adapter.typing) {
        await this.adapter.typing(to, typingMs).catch((e) => this.host.report('typing failed', e));
        await this.sleep(typingMs);
      }
      const out = await this.adapter.send(item);
      this.host.sent(row, out.externalId ?? null, out.provider ?? null);
      return true;
    } catch (e) {
      const attempts = row.attempts + 1;
      const reason = e instanceof PermanentSendError ? e.reason : failureReason(e);
      if (e instanceof PermanentSendError || attempts >= MAX_ATTEMPTS) {
        await this.host.failed(row, attempts, reason).catch((err) => this.host.report('could not mark a message failed', err));
        return true;
      }
      const availableAt = new Date(this.host.clock().getTime() + backoffMs(attempts)).toISOString();
      row.attempts = attempts;
      row.available_at = availableAt;
      await this.host.retry(row, attempts, reason, availableAt).catch((err) => this.host.report('could not store a retry', err));
      return false;
    }
  }

  /** "Typing…" in proportion to the text, capped; none for media and where the account has it off. */
  private typingMs(m: OutgoingMessage): number {
    const d = this.delivery;
    if (!d.typingMsPerChar || !this.adapter.capabilities.typing) return 0;
    const text = m.type === 'text' ? m.text : m.type === 'choice' ? (m.text ?? '') : '';
    return Math.min(d.typingMaxMs, text.length * d.typingMsPerChar);
  }

  /** Waits without counting as busy, so `idle()` does not wait out a backoff. */
  private async waiting(wait: () => Promise<void>) {
    this.busy--;
    this.settle();
    try {
      await wait();
    } finally {
      this.busy++;
    }
  }

  private async until(atMs: number) {
    for (;;) {
      if (this.stopped) return;
      const left = atMs - this.host.clock().getTime();
      if (left <= 0) return;
      await this.sleep(Math.min(left, this.host.pollMs));
    }
  }

  private untilReady(): Promise<void> {
    if (this.adapter.ready() || this.stopped) return Promise.resolve();
    // Adapters without onReady are looked at on each poll.
    if (!this.adapter.onReady) return this.sleep(this.host.pollMs);
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private wakeReady() {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.sleeps.delete(entry);
          resolve();
        }, ms),
        done: resolve,
      };
      entry.timer.unref?.();
      this.sleeps.add(entry);
    });
  }
}
