// The UI speaks pt-BR and en. Each feature keeps its own dictionary ({ en, 'pt-BR' }) next to
// its code and reads it with useTexts(); the choice is remembered in the browser.
import { useSyncExternalStore } from 'react';

export type Locale = 'pt-BR' | 'en';
export type Dictionary<T> = { en: T; 'pt-BR': T };

function initial(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('ozia.locale') : null;
  if (saved === 'pt-BR' || saved === 'en') return saved;
  return typeof navigator !== 'undefined' && navigator.language.startsWith('en') ? 'en' : 'pt-BR';
}

let locale: Locale = initial();
const listeners = new Set<() => void>();

export function setLocale(l: Locale) {
  locale = l;
  localStorage.setItem('ozia.locale', l);
  document.documentElement.lang = l;
  listeners.forEach((f) => f());
}

export function getLocale(): Locale {
  return locale;
}

export function useLocale(): Locale {
  return useSyncExternalStore(
    (f) => {
      listeners.add(f);
      return () => listeners.delete(f);
    },
    () => locale,
  );
}

/** The dictionary for the current language. */
export function useTexts<T>(dict: Dictionary<T>): T {
  return dict[useLocale()];
}

/** "Olá, {name}" + { name: 'Ana' } → "Olá, Ana". */
export function fmt(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/** Relative time like "3 min ago" / "há 3 min". */
export function timeAgo(iso: string, l: Locale, now = Date.now()): string {
  const secs = Math.round((new Date(iso).getTime() - now) / 1000);
  const rtf = new Intl.RelativeTimeFormat(l, { numeric: 'auto' });
  const abs = Math.abs(secs);
  if (abs < 60) return rtf.format(secs, 'second');
  if (abs < 3600) return rtf.format(Math.round(secs / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(secs / 3600), 'hour');
  return rtf.format(Math.round(secs / 86400), 'day');
}
