// How the channel benches replay the script: each contact writes its next line once every answer
// to the last one has gone out (as a person would), `inFlight` contacts at once, with a watchdog
// that fails the round when no answer comes for a while instead of hanging.

/** Answers that went out, per contact, and who is waiting for how many. */
export class AnswerCount {
  private readonly sends: number[];
  private readonly waiting = new Map<number, { n: number; resolve: () => void }>();
  lastProgress = Date.now();

  constructor(contacts: number) {
    this.sends = new Array<number>(contacts).fill(0);
  }

  /** One answer reached contact `c`. */
  sent(c: number) {
    this.sends[c] = (this.sends[c] ?? 0) + 1;
    this.lastProgress = Date.now();
    const w = this.waiting.get(c);
    if (w && this.sends[c] >= w.n) {
      this.waiting.delete(c);
      w.resolve();
    }
  }

  of(c: number): number {
    return this.sends[c] ?? 0;
  }

  total(contacts: number): number {
    return this.sends.slice(0, contacts).reduce((a, b) => a + b, 0);
  }

  /** Resolves once contact `c` has had `n` answers in all. */
  answered(c: number, n: number): Promise<void> {
    return this.of(c) >= n ? Promise.resolve() : new Promise<void>((resolve) => this.waiting.set(c, { n, resolve }));
  }

  get waitingCount(): number {
    return this.waiting.size;
  }
}

/** Seconds the replay took: contacts 0..contacts-1 each write every line of the script. */
export async function replayScript(o: {
  what: string;
  contacts: number;
  inFlight: number;
  lines: number;
  /** Answers to each line (learned by a warm-up contact). */
  perStep: number[];
  count: AnswerCount;
  write(contact: number, line: number): Promise<void> | void;
  stallMs: number;
}): Promise<number> {
  let stalled: (e: Error) => void = () => {};
  const stall = new Promise<never>((_, reject) => (stalled = reject));
  o.count.lastProgress = Date.now();
  const watchdog = setInterval(() => {
    if (Date.now() - o.count.lastProgress > o.stallMs) stalled(new Error(`${o.what} bench: no answer for ${o.stallMs} ms (${o.count.waitingCount} contacts waiting)`));
  }, 1000);
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < o.contacts) {
      const c = next++;
      let expected = 0;
      for (let i = 0; i < o.lines; i++) {
        expected += o.perStep[i];
        await o.write(c, i);
        await o.count.answered(c, expected);
      }
    }
  };
  try {
    await Promise.race([Promise.all(Array.from({ length: o.inFlight }, worker)), stall]);
  } finally {
    clearInterval(watchdog);
  }
  return (performance.now() - start) / 1000;
}
