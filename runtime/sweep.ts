// Work done in batches behind the turns (indexing transcripts for search, dating contacts' last
// messages): a run every second or so, never two at once, and a way to wait until caught up.
export class Sweep {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    /** Named in the log line when a run fails. */
    private readonly what: string,
    private readonly run: () => Promise<void>,
    private readonly everyMs = 1_000,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.catchUp().catch((e) => console.error(`[ozia] ${this.what} failed:`, e)), this.everyMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs now, or joins the run under way; resolves when caught up. */
  catchUp(): Promise<void> {
    if (this.running) return this.running;
    this.running = this.run().finally(() => (this.running = null));
    return this.running;
  }
}
