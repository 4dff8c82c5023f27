// Turns bus events into async iterables for tRPC subscriptions (SSE). Listening starts at the
// call, not at the first read, so a caller can replay history from the database first
// without missing what happens meanwhile.
import type { Bus, DeliveredMessage, TurnNotice } from '../runtime/bus.js';

export type LiveEvent = { kind: 'message'; data: DeliveredMessage } | { kind: 'turn'; data: TurnNotice };

/** What `subscribe` pushes, in order, until `signal` aborts; `subscribe` returns its unsubscribe. */
export function listen<T>(subscribe: (push: (e: T) => void) => () => void, signal: AbortSignal | undefined): AsyncGenerator<T> {
  const queue: T[] = [];
  let wake: (() => void) | null = null;
  const stop = subscribe((e) => {
    queue.push(e);
    wake?.();
  });
  const aborted = new Promise<void>((resolve) => {
    if (signal?.aborted) resolve();
    signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  return (async function* () {
    try {
      while (!signal?.aborted) {
        if (!queue.length) {
          await Promise.race([new Promise<void>((r) => (wake = r)), aborted]);
          wake = null;
          continue;
        }
        yield queue.shift()!;
      }
    } finally {
      stop();
    }
  })();
}

export function listenToContact(bus: Bus, contactId: string, signal: AbortSignal | undefined): AsyncGenerator<LiveEvent> {
  return listen<LiveEvent>((push) => {
    const offs = [
      bus.on('delivered', (d) => d.contactId === contactId && push({ kind: 'message', data: d })),
      bus.on('turn', (t) => t.contactId === contactId && push({ kind: 'turn', data: t })),
    ];
    return () => offs.forEach((off) => off());
  }, signal);
}
