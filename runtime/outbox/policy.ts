// How the outbox retries and paces: shared by every lane.

/** A message that still fails after this many tries is marked failed and left alone. */
export const MAX_ATTEMPTS = 10;

/** Wait before try `attempts + 1`: 0.5 s doubling, at most a minute. */
export function backoffMs(attempts: number): number {
  return Math.min(60_000, 500 * 2 ** attempts);
}

/** The reason stored on a failed row: the error's message, bounded. */
export function failureReason(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return (text || 'unknown error').slice(0, 500);
}

/**
 * At most `perMinute` sends a minute: each send waits at least 60/perMinute s after the one
 * before, plus up to 30% jitter, so a burst never leaves at machine pace (WhatsApp flags
 * numbers that do). 0: no limit.
 */
export class RateLimiter {
  private nextAt = 0;
  constructor(
    private perMinute: number,
    private readonly random: () => number = Math.random,
  ) {}

  setRate(perMinute: number) {
    this.perMinute = perMinute;
  }

  /** Milliseconds until the next send may leave (0: now). */
  wait(now: number): number {
    if (this.perMinute <= 0) return 0;
    return Math.max(0, this.nextAt - now);
  }

  /** Records a send at `now` and schedules when the next may go. */
  take(now: number) {
    if (this.perMinute <= 0) return;
    const spacing = 60_000 / this.perMinute;
    this.nextAt = Math.max(now, this.nextAt) + spacing * (1 + 0.3 * this.random());
  }
}
