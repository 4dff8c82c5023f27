// A small router over the History API: the app has a handful of routes and no nesting.
// A page holding unsaved work (the builder) sets a leave guard: every way out of the page that
// the app sees — a link, a tab, the browser's back and forward — asks it first.
import { useSyncExternalStore } from 'react';

/** Answers true (synchronously when nothing is at stake) to let the app leave the page. */
export type LeaveGuard = () => boolean | Promise<boolean>;

const listeners = new Set<() => void>();
let guard: LeaveGuard | null = null;
/** The address the app shows, to put back when a back/forward step is held for the guard. */
let current = location.pathname + location.search;
/** A guard's question still open: further steps wait for its answer instead of asking twice. */
let asking = false;

function ask(then: () => void): void {
  const answer = guard ? guard() : true;
  if (answer === true) return then();
  asking = true;
  void Promise.resolve(answer)
    .then((ok) => ok && then())
    .finally(() => {
      asking = false;
    });
}

function show(path: string) {
  current = path;
  listeners.forEach((f) => f());
}

window.addEventListener('popstate', () => {
  const target = location.pathname + location.search;
  if (target === current) return;
  if (!guard) return show(target);
  // The browser has already moved: the address goes back to the page being left, and the page
  // follows the step only once the guard lets it.
  const shown = current;
  history.pushState(null, '', shown);
  if (asking) return;
  ask(() => {
    if (location.pathname + location.search === shown) history.replaceState(null, '', target);
    show(target);
  });
});

/** Lets `g` hold every navigation until it answers; returns the way to lift it. */
export function setLeaveGuard(g: LeaveGuard): () => void {
  guard = g;
  return () => {
    if (guard === g) guard = null;
  };
}

/** Asks the page's guard, if any; for ways out that are not a navigation (logging out). */
export function confirmLeave(): Promise<boolean> {
  return Promise.resolve(guard ? guard() : true);
}

export function navigate(path: string, opts: { replace?: boolean } = {}) {
  if (path === location.pathname + location.search) return;
  const go = () => {
    if (opts.replace) history.replaceState(null, '', path);
    else history.pushState(null, '', path);
    show(path);
  };
  if (!asking) ask(go);
}

export function usePath(): string {
  return useSyncExternalStore(
    (f) => {
      listeners.add(f);
      return () => listeners.delete(f);
    },
    () => location.pathname,
  );
}

/** "/flows/abc" against "/flows/:id" → { id: 'abc' }; no match → null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const a = path.split('/').filter(Boolean);
  if (p.length !== a.length) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) out[p[i].slice(1)] = decodeURIComponent(a[i]);
    else if (p[i] !== a[i]) return null;
  }
  return out;
}
