// Timers and a clock that move only when a test says so: backoff delays, QR lifetimes and the
// watchdog are checked by advancing time, never by waiting.
//
//   const t = new ManualTimers();            // now = 2026-01-05T12:00:00Z
//   new WhatsAppConnection({ timers: t, clock: t.clock, ... });
//   await t.advance(30_000);                 // runs every timer due in the next 30 s, in order
//   t.delays                                 // every delay ever scheduled (what the code asked for)
//   t.pendingDelays()                        // time left on each pending timer
export interface TimerHandle {
  readonly id: number;
}

interface Entry {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/** Lets promise chains started by a timer callback (or a fake socket's setImmediate) settle. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export class ManualTimers {
  now: number;
  /** Every delay passed to setTimeout, in order. */
  readonly delays: number[] = [];
  private entries: Entry[] = [];
  private nextId = 1;
  private seq = 0;

  constructor(start: Date | number = Date.UTC(2026, 0, 5, 12, 0, 0)) {
    this.now = typeof start === 'number' ? start : start.getTime();
  }

  readonly setTimeout = (fn: () => void, ms: number): TimerHandle => {
    const delay = Math.max(0, Number.isFinite(ms) ? ms : 0);
    this.delays.push(delay);
    const entry = { id: this.nextId++, at: this.now + delay, seq: this.seq++, fn };
    this.entries.push(entry);
    return { id: entry.id };
  };

  readonly clearTimeout = (handle: unknown): void => {
    const id = (handle as TimerHandle | null | undefined)?.id;
    if (id === undefined) return;
    this.entries = this.entries.filter((e) => e.id !== id);
  };

  readonly clock = (): Date => new Date(this.now);

  /** Timers not yet run. */
  pending(): number {
    return this.entries.length;
  }

  /** Time left on each pending timer, soonest first. */
  pendingDelays(): number[] {
    return this.sorted().map((e) => e.at - this.now);
  }

  private sorted(): Entry[] {
    return [...this.entries].sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Moves the clock forward by `ms`, running each timer that falls due, in order, letting its work settle. */
  async advance(ms: number): Promise<void> {
    const until = this.now + ms;
    await settle();
    for (;;) {
      const next = this.sorted()[0];
      if (!next || next.at > until) break;
      this.entries = this.entries.filter((e) => e.id !== next.id);
      this.now = Math.max(this.now, next.at);
      next.fn();
      await settle();
    }
    this.now = until;
    await settle();
  }

  /** Runs the soonest pending timer (moving the clock to it); false when none is pending. */
  async runNext(): Promise<boolean> {
    const next = this.sorted()[0];
    if (!next) return false;
    await this.advance(next.at - this.now);
    return true;
  }
}
