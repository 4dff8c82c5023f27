// Text that cannot be stored as it is: NUL (PostgreSQL refuses it in text) and lone UTF-16
// surrogates (not a character; UTF-8 cannot carry them, so they would be changed on the way
// in). Inputs carrying them are refused with the field named; a file name is cleaned instead.
import { formatPath } from '../../blocks/flow.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const BAD = new RegExp(`\\u0000|${LONE_SURROGATE.source}`);

export const BAD_TEXT_MESSAGE = 'contains a character that cannot be stored (NUL or a broken surrogate)';

export const hasBadText = (s: string) => BAD.test(s);

/** The path of the first string (or object key) in `value` that cannot be stored, or null. */
export function badTextPath(value: unknown, path: (string | number)[] = []): string | null {
  if (typeof value === 'string') return hasBadText(value) ? formatPath(path) : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = badTextPath(value[i], [...path, i]);
      if (p !== null) return p;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (hasBadText(k)) return formatPath(path);
      const p = badTextPath(v, [...path, k]);
      if (p !== null) return p;
    }
  }
  return null;
}

/** The text without NUL and with lone surrogates replaced by U+FFFD. */
export const cleanText = (s: string) => s.replace(/\u0000/g, '').replace(LONE_SURROGATE, '\uFFFD');
