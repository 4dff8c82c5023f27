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

/** ISO dates ("2026-03-01", with optional time) and dd/mm/yyyy -> epoch ms; anything else -> null. */
export function parseDateLike(v: VariableValue | undefined | string): number | null {
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?/.exec(s);
  if (m) {
    const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0));
    return Number.isNaN(t) ? null : t;
  }
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) {
    const t = Date.UTC(+m[3], +m[2] - 1, +m[1]);
    return Number.isNaN(t) ? null : t;
  }
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
