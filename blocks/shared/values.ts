// Reading numbers, dates and free text the way contacts type them.
import type { VariableValue } from '../contract.js';

/** "1.234,56", "1,5", "42", 42 -> number; anything else -> null. */
export function parseNumberLike(v: VariableValue | undefined | string): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (s === '') return null;
  let normalised = s.replace(/\s/g, '');
  if (/^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$/.test(normalised)) {
    // pt-BR thousands with dots and comma decimals
    normalised = normalised.replace(/\./g, '').replace(',', '.');
  } else if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(normalised)) {
    normalised = normalised.replace(/,/g, '');
  } else if (/^[-+]?\d*,\d+$/.test(normalised)) {
    normalised = normalised.replace(',', '.');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(normalised)) return null;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : null;
}

/** Epoch ms for a real calendar date and time; null for 31/02, 25:00 and the like, which Date.UTC would roll over. */
function utcParts(y: number, mo: number, d: number, h = 0, mi = 0, s = 0): number | null {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const t = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : null;
}

/**
 * ISO dates ("2026-03-01", with optional time and offset) and dd/mm/yyyy (with optional HH:mm) -> epoch ms;
 * anything else -> null. Times without an offset are read as UTC, so two local times still order correctly.
 */
export function parseDateLike(v: VariableValue | undefined | string): number | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(s);
  if (m) {
    const t = utcParts(+m[1], +m[2], +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    if (t === null) return null;
    const zone = m[7];
    if (!zone || zone.toUpperCase() === 'Z') return t;
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const offsetMs = (+z[2] * 60 + +z[3]) * 60_000;
    return z[1] === '+' ? t - offsetMs : t + offsetMs;
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:,?\s+(\d{1,2}):(\d{2}))?$/.exec(s);
  if (m) return utcParts(+m[3], +m[2], +m[1], +(m[4] ?? 0), +(m[5] ?? 0));
  return null;
}

/** Lower case, no accents, single spaces: "  Opção  Um " -> "opcao um". */
export function foldText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
