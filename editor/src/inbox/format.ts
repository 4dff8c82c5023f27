// Small pure helpers for what the Inbox shows: names, counts, durations, stars, the page title.
import type { Filters } from './types.js';

/** The Closed list only grows; the server stops counting there (CLOSED_COUNT_CAP). */
export const CLOSED_COUNT_CAP = 1000;

/** "1000+" once the server's cap is reached. */
export function countLabel(n: number, cap?: number): string {
  return cap !== undefined && n >= cap ? `${cap}+` : String(n);
}

/** Brazilian numbers read as +55 11 99999-0000; anything else stays as stored. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  const digits = phone.replace(/\D/g, '');
  const br = /^55(\d{2})(\d{4,5})(\d{4})$/.exec(digits);
  // "+55…" as typed, or E.164 digits as WhatsApp gives them ("5511988887777").
  if (br && (phone.trim().startsWith('+') || /^\d+$/.test(phone.trim()))) return `+55 ${br[1]} ${br[2]}-${br[3]}`;
  return phone;
}

/** The contact's name, else their phone, else the fallback. */
export function contactName(contact: { name: string | null; phone: string | null }, fallback: string): string {
  return contact.name?.trim() || formatPhone(contact.phone) || fallback;
}

/** Up to two letters for an avatar: "Ana Souza" → "AS", "+55 11…" → "#". */
export function initials(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}/u.test(w[0] ?? ''));
  if (!words.length) return '#';
  const first = words[0][0];
  const last = words.length > 1 ? words[words.length - 1][0] : '';
  return (first + last).toUpperCase();
}

/** ★★★★☆ for 4 of 5. */
export function stars(score: number): string {
  const n = Math.max(0, Math.min(5, Math.round(score)));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
}

/** How long since `iso`, compact: "45 s", "12 min", "3 h", "2 d". */
export function shortDuration(iso: string, now: number, locale: string): string {
  const secs = Math.max(0, Math.floor((now - new Date(iso).getTime()) / 1000));
  const unit = (value: number, u: 'second' | 'minute' | 'hour' | 'day') =>
    new Intl.NumberFormat(locale, { style: 'unit', unit: u, unitDisplay: 'narrow' }).format(value);
  if (secs < 60) return unit(secs, 'second');
  if (secs < 3600) return unit(Math.floor(secs / 60), 'minute');
  if (secs < 86400) return unit(Math.floor(secs / 3600), 'hour');
  return unit(Math.floor(secs / 86400), 'day');
}

/** How urgent a wait looks: fine under 5 minutes, late under 15, then overdue. */
export function waitLevel(iso: string, now: number): 'ok' | 'late' | 'overdue' {
  const mins = (now - new Date(iso).getTime()) / 60000;
  return mins < 5 ? 'ok' : mins < 15 ? 'late' : 'overdue';
}

/** "(3) Ozia" while conversations wait unseen; the base title otherwise. */
export function titleWithBadge(title: string, unseen: number): string {
  const base = title.replace(/^\(\d+\+?\)\s+/, '');
  if (unseen <= 0) return base;
  return `(${unseen > 99 ? '99+' : unseen}) ${base}`;
}

/** How many filters are set (the search box is not one: it shows by itself). */
export function activeFilterCount(f: Filters): number {
  return [f.departmentId, f.agentId, f.tagId, f.channelKind, f.channel, f.unread || undefined, f.from, f.to].filter(Boolean).length;
}

/** The filters as the server wants them: no empty strings, no false flags. */
export function cleanFilters(f: Filters): Filters {
  const out: Filters = {};
  for (const [k, v] of Object.entries(f) as [keyof Filters, Filters[keyof Filters]][]) {
    if (v === undefined || v === '' || v === false) continue;
    if (k === 'search') {
      const s = String(v).trim();
      if (s) out.search = s.slice(0, 200);
      continue;
    }
    (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** A readable text color on a background color (#rrggbb). */
export function textOn(hex: string): '#000' | '#fff' {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return '#fff';
  const [r, g, b] = [m[1], m[2], m[3]].map((x) => parseInt(x, 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const lum = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return lum > 0.45 ? '#000' : '#fff';
}

/** Colors offered for a new tag, picked by its name so the same name gets the same color. */
export const TAG_COLORS = ['#2f80ed', '#27ae60', '#e67e22', '#9b51e0', '#eb5757', '#00a3a3', '#d4a000', '#8a94a6'];
export function colorFor(name: string): string {
  let h = 0;
  for (const ch of name.toLowerCase()) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  return TAG_COLORS[h % TAG_COLORS.length];
}

/** Accents and case ignored, for matching what agents type. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const FILTER_KEYS = ['departmentId', 'agentId', 'tagId', 'channelKind', 'channel', 'unread', 'from', 'to'] as const;

/** The filters as a query string (`?channelKind=whatsapp&unread=1`), so a filtered list can be linked and survives a reload. */
export function filtersToQuery(f: Filters): string {
  const q = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = f[k];
    if (v === undefined || v === '' || v === false) continue;
    q.set(k, v === true ? '1' : String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The filters a query string holds; anything else in it is ignored. */
export function filtersFromQuery(search: string): Filters {
  const q = new URLSearchParams(search);
  const out: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = q.get(k)?.trim();
    if (!v) continue;
    if (k === 'unread') {
      if (v === '1' || v === 'true') out.unread = true;
    } else if ((k === 'from' || k === 'to') && !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      continue;
    } else {
      out[k] = v.slice(0, 200);
    }
  }
  return out;
}
