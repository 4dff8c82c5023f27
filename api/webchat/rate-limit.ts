// Messages per minute per visitor: a sliding window of the accepted ones' times. Refused messages
// are not counted (a visitor who waits gets through), and each accepted one is stored and answered.
export class PerMinuteLimit {
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Takes one slot for `key` under `perMinute`; the seconds to wait when there is none. */
  take(key: string, perMinute: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    const now = this.clock();
    const since = now - 60_000;
    const times = (this.seen.get(key) ?? []).filter((t) => t > since);
    if (times.length >= perMinute) {
      this.seen.set(key, times);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((times[0] + 60_000 - now) / 1000)) };
    }
    times.push(now);
    this.seen.set(key, times);
    if (this.seen.size > 50_000) this.sweep(since);
    return { ok: true };
  }

  private sweep(since: number) {
    for (const [key, times] of this.seen) if (!times.some((t) => t > since)) this.seen.delete(key);
  }
}
