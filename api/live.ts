// Turns bus events into an async iterable for tRPC subscriptions (SSE). Listening starts at
// the call, not at the first read, so a caller can replay history from the database first
// without missing what happens meanwhile.
import type { Bus, DeliveredMessage, TurnNotice } from '../runtime/bus.js';

export type LiveEvent = { kind: 'message'; data: DeliveredMessage } | { kind: 'turn'; data: TurnNotice };

export function listenToContact(bus: Bus, contactId: string, signal: AbortSignal | undefined): AsyncGenerator<LiveEvent> {
  const queue: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  const push = (e: LiveEvent) => {
    queue.push(e);
    wake?.();
  };
  const offs = [
    bus.on('delivered', (d) => d.contactId === contactId && push({ kind: 'message', data: d })),
    bus.on('turn', (t) => t.contactId === contactId && push({ kind: 'turn', data: t })),
  ];
  const stop = () => offs.forEach((off) => off());
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
