// A fake clock for code that takes a clock and setTimeout-like timers. Each `timers()` group is
// one simulated process: freezing a group stops its timers firing, as if the process were killed,
// while the clock keeps moving for the others.
import type { Timers } from '../leases.js';

interface Pending {
  due: number;
  seq: number;
  fn: () => void;
  group: Group;
}

interface Group {
  frozen: boolean;
}

export class FakeClock {
  private pending = new Map<number, Pending>();
  private seq = 0;

  constructor(public now = 1_700_000_000_000) {}

  readonly clock = (): number => this.now;

  timers(): Timers & { freeze(): void } {
    const group: Group = { frozen: false };
    return {
      setTimeout: (fn, ms) => {
        const id = ++this.seq;
        this.pending.set(id, { due: this.now + Math.max(0, ms), seq: id, fn, group });
        return id;
      },
      clearTimeout: (handle) => {
        this.pending.delete(handle as number);
      },
      freeze: () => {
        group.frozen = true;
      },
    };
  }

  /** Timers not yet fired, of groups still alive. */
  get scheduled(): number {
    return [...this.pending.values()].filter((p) => !p.group.frozen).length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in order; after each, `settle` lets the work it
   * started finish (and schedule its next timer) before time moves on.
   */
  async advance(ms: number, settle: () => Promise<void> = async () => {}): Promise<void> {
    const target = this.now + ms;
    for (;;) {
      const next = [...this.pending.values()]
        .filter((p) => !p.group.frozen && p.due <= target)
        .sort((a, b) => a.due - b.due || a.seq - b.seq)[0];
      if (!next) break;
      this.pending.delete(next.seq);
      this.now = Math.max(this.now, next.due);
      next.fn();
      await settle();
    }
    this.now = target;
  }
}
