// The conversation list of one view with filters, page by page, and its counts. A refresh
// reloads as many rows as are shown, in place, so the scroll position stays where it was.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, errorMessage } from '../api.js';
import type { Counts, Filters, ListView, Summary } from './types.js';

const PAGE = 50;
const MAX_PAGE = 200;

export interface ListState {
  items: readonly Summary[];
  nextCursor: string | null;
  status: 'loading' | 'ready' | 'error';
  error: string;
  loadingMore: boolean;
}

export function useConversationList(view: ListView, filters: Filters) {
  const [state, setState] = useState<ListState>({ items: [], nextCursor: null, status: 'loading', error: '', loadingMore: false });
  const gen = useRef(0);
  const key = JSON.stringify([view, filters]);
  const args = useRef({ view, filters });
  args.current = { view, filters };
  const shown = useRef(0);
  shown.current = state.items.length;

  const load = useCallback(async () => {
    const g = ++gen.current;
    setState((s) => ({ ...s, status: 'loading', error: '' }));
    try {
      const r = await api.inbox.list.query({ view: args.current.view, ...args.current.filters, limit: PAGE });
      if (g !== gen.current) return;
      setState({ items: r.items, nextCursor: r.nextCursor, status: 'ready', error: '', loadingMore: false });
    } catch (e) {
      if (g !== gen.current) return;
      setState((s) => ({ ...s, status: 'error', error: errorMessage(e), loadingMore: false }));
    }
  }, []);

  useEffect(() => {
    setState({ items: [], nextCursor: null, status: 'loading', error: '', loadingMore: false });
    void load();
  }, [key, load]);

  /** Reloads what is shown (at least one page), keeping the rows in place. */
  const refresh = useCallback(async () => {
    const g = ++gen.current;
    const want = Math.max(PAGE, shown.current);
    try {
      let items: Summary[] = [];
      let cursor: string | null = null;
      do {
        const r: { items: Summary[]; nextCursor: string | null } = await api.inbox.list.query({
          view: args.current.view,
          ...args.current.filters,
          limit: Math.min(MAX_PAGE, want - items.length),
          cursor,
        });
        items = items.concat(r.items);
        cursor = r.nextCursor;
      } while (cursor && items.length < want);
      if (g !== gen.current) return;
      setState({ items, nextCursor: cursor, status: 'ready', error: '', loadingMore: false });
    } catch (e) {
      if (g !== gen.current) return;
      // Keep what is shown: a failed background refresh must not blank the list.
      setState((s) => (s.status === 'ready' ? s : { ...s, status: 'error', error: errorMessage(e) }));
    }
  }, []);

  const loadMore = useCallback(async () => {
    const cursor = state.nextCursor;
    if (!cursor || state.loadingMore) return;
    const g = gen.current;
    setState((s) => ({ ...s, loadingMore: true }));
    try {
      const r = await api.inbox.list.query({ view: args.current.view, ...args.current.filters, limit: PAGE, cursor });
      if (g !== gen.current) return;
      setState((s) => {
        const seen = new Set(s.items.map((i) => i.id));
        return { ...s, items: [...s.items, ...r.items.filter((i) => !seen.has(i.id))], nextCursor: r.nextCursor, loadingMore: false };
      });
    } catch (e) {
      if (g !== gen.current) return;
      setState((s) => ({ ...s, loadingMore: false, error: errorMessage(e) }));
    }
  }, [state.nextCursor, state.loadingMore]);

  /** Changes the rows at once (a live notice), before the server's answer. */
  const patch = useCallback((fn: (items: readonly Summary[]) => readonly Summary[]) => {
    setState((s) => {
      const items = fn(s.items);
      return items === s.items ? s : { ...s, items };
    });
  }, []);

  return { ...state, reload: load, refresh, loadMore, patch };
}

const ZERO: Counts = { waiting: 0, mine: 0, department: 0, closed: 0 };

export function useCounts(filters: Filters) {
  const [counts, setCounts] = useState<Counts | null>(null);
  const gen = useRef(0);
  const key = JSON.stringify(filters);
  const current = useRef(filters);
  current.current = filters;
  const refresh = useCallback(async () => {
    const g = ++gen.current;
    try {
      const c = await api.inbox.counts.query(current.current);
      if (g === gen.current) setCounts(c);
    } catch {
      // the badges keep their last numbers
    }
  }, []);
  useEffect(() => {
    void refresh();
  }, [key, refresh]);
  return { counts: counts ?? ZERO, known: counts !== null, refresh };
}

/** The value, once it stopped changing for `ms`. */
export function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

/** The current time, updated every `ms` (relative times and waiting durations tick). */
export function useNow(ms = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}
