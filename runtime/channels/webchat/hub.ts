// Where a web chat account's running channel meets its visitors' live streams, in this process.
// The outbox hands the channel a row; the channel wakes the streams of that contact, which read
// the row from the database (the transcript is the record; a stream that misses a wake finds the
// row on its next poll). Typing and delivery receipts travel the same way.
import type { InboundEvent } from '../contract.js';

export type HubEvent =
  /** A transcript row is ready to show: `id` may still be pending its "sent" mark. */
  | { type: 'message'; id: number }
  | { type: 'typing'; on: boolean; ms?: number };

type Listener = (e: HubEvent) => boolean;

/** What the visitor API asks of an account's running channel (`channel.ts` is the one). */
export interface WebchatPort {
  /** What a visitor did, stored through the channel's host like any channel's event. */
  receive(e: InboundEvent): Promise<{ duplicate: boolean }>;
  /** The browser showed (delivered) or the visitor saw (read) these rows. */
  report(messageIds: number[], status: 'delivered' | 'read'): Promise<void>;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void;
}

interface Stream {
  contactId: string;
  visitor: string;
  take: Listener;
}

export class WebchatHub {
  private readonly channels = new Map<string, WebchatPort>();
  private readonly streams = new Map<string, Set<Stream>>();

  attach(accountId: string, channel: WebchatPort) {
    this.channels.set(accountId, channel);
  }

  detach(accountId: string, channel: WebchatPort) {
    if (this.channels.get(accountId) === channel) this.channels.delete(accountId);
  }

  /** The account's channel when it runs in this process. */
  channel(accountId: string): WebchatPort | null {
    return this.channels.get(accountId) ?? null;
  }

  /**
   * A visitor's stream. `contact()` is read at every event: a merge (the visitor gave an e-mail
   * another visitor gave before) moves them to another contact while the stream stays open.
   */
  listen(accountId: string, who: { contactId: () => string | null; visitor: string }, take: Listener): () => void {
    const set = this.streams.get(accountId) ?? new Set<Stream>();
    this.streams.set(accountId, set);
    const s: Stream = {
      get contactId() {
        return who.contactId() ?? '';
      },
      visitor: who.visitor,
      take,
    };
    set.add(s);
    return () => {
      set.delete(s);
      if (!set.size) this.streams.delete(accountId);
    };
  }

  /** Streams of the contact that took the event. */
  toContact(accountId: string, contactId: string, e: HubEvent): number {
    let n = 0;
    for (const s of this.streams.get(accountId) ?? []) if (s.contactId === contactId && s.take(e)) n++;
    return n;
  }

  toVisitor(accountId: string, visitor: string, e: HubEvent): number {
    let n = 0;
    for (const s of this.streams.get(accountId) ?? []) if (s.visitor === visitor && s.take(e)) n++;
    return n;
  }

  /** Open streams of one visitor (a page left open in many tabs; a script opening hundreds). */
  openFor(accountId: string, visitor: string): number {
    let n = 0;
    for (const s of this.streams.get(accountId) ?? []) if (s.visitor === visitor) n++;
    return n;
  }

  /** Open streams of an account (tests, the health panel). */
  open(accountId: string): number {
    return this.streams.get(accountId)?.size ?? 0;
  }
}
