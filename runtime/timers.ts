// Timers the flows scheduled (Wait blocks, input timeouts): found by a poll, or woken exactly
// when they are near. Each fires in its contact's queue, like a message would.
import type { RuntimeCore } from './core.js';
import type { TurnOutcome } from './turns/turn.js';

export class Timers {
  private wakeups = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly core: RuntimeCore,
    private readonly fire: (contactId: string, timerId: string) => Promise<TurnOutcome | null>,
  ) {}

  start() {
    this.stopped = false;
  }

  stop() {
    this.stopped = true;
    for (const t of this.wakeups.values()) clearTimeout(t);
    this.wakeups.clear();
  }

  wakeAt(dueAt: string) {
    const delay = Date.parse(dueAt) - this.core.clock().getTime();
    if (this.stopped || delay > 60_000 || this.wakeups.has(dueAt)) return; // the poll covers far timers
    const t = setTimeout(() => {
      this.wakeups.delete(dueAt);
      void this.fireDue().catch((e) => this.core.report('timer failed', e));
    }, Math.max(0, delay) + 5);
    t.unref?.();
    this.wakeups.set(dueAt, t);
  }

  /** Fires every timer that is due. */
  async fireDue(): Promise<number> {
    if (this.stopped) return 0;
    const k = this.core.k;
    const due = await k
      .selectFrom('timers')
      .select(['id', 'contact_id'])
      .where('status', '=', 'pending')
      .where('due_at', '<=', this.core.clock().toISOString())
      .orderBy('due_at')
      .limit(200)
      .execute();
    await Promise.all(
      due.map((t) =>
        this.core.queue.run(t.contact_id, async () => {
          const still = await k.selectFrom('timers').select('status').where('id', '=', t.id).executeTakeFirst();
          if (still?.status !== 'pending') return;
          const result = await this.fire(t.contact_id, t.id);
          if (!result) await k.updateTable('timers').set({ status: 'fired' }).where('id', '=', t.id).execute();
        }),
      ),
    );
    return due.length;
  }
}
