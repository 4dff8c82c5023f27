// One live connection to the inbox for the whole page (the header badge and the Inbox tab
// share it): opened when the first listener comes, closed when the last one goes. Listeners
// also hear `ready` each time the stream (re)connects, so they can reload whatever they may
// have missed while it was down.
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { api } from '../api.js';
import type { Notice } from './live.js';

export type InboxEvent = Notice | { type: 'ready' };
type Listener = (e: InboxEvent) => void;
export type LiveState = 'connecting' | 'live' | 'lost';

const listeners = new Set<Listener>();
const stateListeners = new Set<() => void>();
let sub: { unsubscribe(): void } | null = null;
let retry: ReturnType<typeof setTimeout> | null = null;
let failures = 0;
let state: LiveState = 'connecting';

function setState(s: LiveState) {
  if (s === state) return;
  state = s;
  stateListeners.forEach((f) => f());
}

function emit(e: InboxEvent) {
  for (const l of [...listeners]) {
    try {
      l(e);
    } catch (err) {
      console.error('[inbox] listener failed', err);
    }
  }
}

function open() {
  if (sub || retry) return;
  setState('connecting');
  sub = api.inbox.events.subscribe(undefined, {
    onStarted() {
      failures = 0;
      setState('live');
      emit({ type: 'ready' });
    },
    onData(value) {
      const v = value as unknown as Notice | { data: Notice };
      emit('data' in v && v.data && typeof v.data === 'object' && 'type' in v.data ? v.data : (v as Notice));
    },
    onConnectionStateChange(s) {
      if (s.state === 'connecting' && s.error) setState('lost');
    },
    onError() {
      // Fatal for this subscription (logged out, server restarted with a new build…): try again later.
      sub?.unsubscribe();
      sub = null;
      setState('lost');
      failures++;
      const wait = Math.min(30_000, 1000 * 2 ** Math.min(failures, 5));
      retry = setTimeout(() => {
        retry = null;
        if (listeners.size) open();
      }, wait);
    },
  });
}

function close() {
  sub?.unsubscribe();
  sub = null;
  if (retry) clearTimeout(retry);
  retry = null;
  setState('connecting');
}

/** Listens to the inbox stream; returns the function that stops listening. */
export function listenInbox(fn: Listener): () => void {
  listeners.add(fn);
  open();
  return () => {
    listeners.delete(fn);
    if (!listeners.size) close();
  };
}

/** Calls `handler` (always the latest one) for every live inbox event while mounted. */
export function useInboxEvents(handler: Listener, enabled = true) {
  const ref = useRef(handler);
  ref.current = handler;
  useEffect(() => {
    if (!enabled) return;
    return listenInbox((e) => ref.current(e));
  }, [enabled]);
}

/** Whether the live stream is up: for the "Live" / "Reconnecting…" indicator. */
export function useLiveState(): LiveState {
  return useSyncExternalStore(
    (f) => {
      stateListeners.add(f);
      return () => stateListeners.delete(f);
    },
    () => state,
  );
}
