// The live channel statuses (and QR codes) from the server, for the list and an account page.
// Reopens with a growing delay when the stream drops, and says so while it is down.
import { useEffect, useRef, useState } from 'react';
import { api } from '../../api.js';
import type { StatusView } from './status.js';

export interface ChannelNotice {
  channelId: string;
  status: StatusView;
}

/** Calls `onNotice` for each status change (of `id` only, when given); `onReady` after each (re)connect. */
export function useChannelEvents(onNotice: (n: ChannelNotice) => void, opts: { id?: string; onReady?: () => void } = {}): 'connecting' | 'live' | 'lost' {
  const [state, setState] = useState<'connecting' | 'live' | 'lost'>('connecting');
  const handlers = useRef({ onNotice, onReady: opts.onReady });
  handlers.current = { onNotice, onReady: opts.onReady };
  const id = opts.id;
  useEffect(() => {
    let sub: { unsubscribe(): void } | null = null;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let stopped = false;
    const open = () => {
      sub = api.channels.events.subscribe(id ? { id } : undefined, {
        onStarted() {
          failures = 0;
          setState('live');
          handlers.current.onReady?.();
        },
        onData(value) {
          const v = value as unknown as ChannelNotice | { data: ChannelNotice };
          handlers.current.onNotice('data' in v && v.data ? v.data : (v as ChannelNotice));
        },
        onConnectionStateChange(s) {
          if (s.state === 'connecting' && s.error) setState('lost');
        },
        onError() {
          sub?.unsubscribe();
          sub = null;
          setState('lost');
          if (stopped) return;
          failures++;
          retry = setTimeout(open, Math.min(30_000, 1000 * 2 ** Math.min(failures, 5)));
        },
      });
    };
    open();
    return () => {
      stopped = true;
      sub?.unsubscribe();
      if (retry) clearTimeout(retry);
    };
  }, [id]);
  return state;
}

/** Now, ticking every second while `on` (the reconnect countdown). */
export function useNow(on: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!on) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [on]);
  return now;
}
