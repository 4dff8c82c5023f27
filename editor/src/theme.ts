// Light / dark theme, remembered in the browser; defaults to the system's.
import { useSyncExternalStore } from 'react';

export type Theme = 'light' | 'dark';
const listeners = new Set<() => void>();

function initial(): Theme {
  const saved = localStorage.getItem('ozia.theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

let theme: Theme = initial();
document.documentElement.dataset.theme = theme;

export function setTheme(t: Theme) {
  theme = t;
  localStorage.setItem('ozia.theme', t);
  document.documentElement.dataset.theme = t;
  listeners.forEach((f) => f());
}

export function useTheme(): Theme {
  return useSyncExternalStore(
    (f) => {
      listeners.add(f);
      return () => listeners.delete(f);
    },
    () => theme,
  );
}
