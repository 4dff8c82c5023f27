// Every open live stream (SSE subscription), by user and session. Ending a user's sessions
// closes their streams at once (`recheckUser`, called for every session Auth ends); every stream
// re-checks its session periodically anyway (a session that expired, a deactivation made by
// another process); and a user holds at most a few streams, the oldest closed when one more
// opens (hundreds of forgotten tabs would otherwise slow every event down).
import { TRPCError } from '@trpc/server';
import type { Auth } from './auth.js';

export const MAX_STREAMS_PER_USER = 10;
export const STREAM_RECHECK_MS = 30_000;

export interface LiveStream {
  /** Aborts when the client leaves or the server closes the stream. */
  signal: AbortSignal;
  /** Throws why the server closed the stream, if it did (the subscription ends with that error). */
  throwIfClosed(): void;
  /** Forget the stream (call in `finally`). */
  release(): void;
}

interface Entry {
  userId: string;
  token: string | undefined;
  controller: AbortController;
  reason?: TRPCError;
}

export class StreamRegistry {
  private readonly open = new Set<Entry>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly auth: Pick<Auth, 'userForToken'>,
    opts: { recheckMs?: number; maxPerUser?: number } = {},
  ) {
    this.maxPerUser = opts.maxPerUser ?? MAX_STREAMS_PER_USER;
    this.timer = setInterval(() => void this.recheckAll().catch((e) => console.error('[ozia] stream recheck failed:', e)), opts.recheckMs ?? STREAM_RECHECK_MS);
    this.timer.unref?.();
  }

  private readonly maxPerUser: number;

  /** Registers a stream of `userId` under the session `token`, ending with the client's `signal`. */
  register(userId: string, token: string | undefined, signal: AbortSignal | undefined): LiveStream {
    const entry: Entry = { userId, token, controller: new AbortController() };
    const mine = [...this.open].filter((e) => e.userId === userId);
    for (const old of mine.slice(0, Math.max(0, mine.length - this.maxPerUser + 1))) {
      this.close(old, new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `too many live connections: at most ${this.maxPerUser} at a time; this one was closed` }));
    }
    this.open.add(entry);
    const combined = signal ? AbortSignal.any([signal, entry.controller.signal]) : entry.controller.signal;
    return {
      signal: combined,
      throwIfClosed: () => {
        if (entry.reason) throw entry.reason;
      },
      release: () => void this.open.delete(entry),
    };
  }

  /**
   * Runs a subscription's events as a registered stream: `source` gets the signal to stop on,
   * and when the server closes the stream the subscription ends with the reason (the client
   * sees "log in first" after its session ended).
   */
  async *run<T>(userId: string, token: string | undefined, signal: AbortSignal | undefined, source: (signal: AbortSignal) => AsyncIterable<T>): AsyncGenerator<T> {
    const stream = this.register(userId, token, signal);
    try {
      for await (const e of source(stream.signal)) {
        stream.throwIfClosed();
        yield e;
      }
      stream.throwIfClosed();
    } finally {
      stream.release();
    }
  }

  /** How many streams are open (for a user, or in all). */
  count(userId?: string): number {
    return userId ? [...this.open].filter((e) => e.userId === userId).length : this.open.size;
  }

  /** Closes the user's streams whose session has ended (after sessions were deleted or the user deactivated). */
  async recheckUser(userId: string): Promise<void> {
    await this.recheck([...this.open].filter((e) => e.userId === userId));
  }

  async recheckAll(): Promise<void> {
    await this.recheck([...this.open]);
  }

  private async recheck(entries: Entry[]) {
    const byToken = new Map<string | undefined, Entry[]>();
    for (const e of entries) byToken.set(e.token, [...(byToken.get(e.token) ?? []), e]);
    for (const [token, list] of byToken) {
      const user = await this.auth.userForToken(token);
      for (const e of list) if (!user || user.id !== e.userId) this.close(e, new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first' }));
    }
  }

  private close(e: Entry, reason: TRPCError) {
    this.open.delete(e);
    e.reason = reason;
    e.controller.abort(reason);
  }

  stop() {
    clearInterval(this.timer);
    for (const e of [...this.open]) this.close(e, new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: 'the server is stopping' }));
  }
}
