// How the Contacts tab shows values: phones as +55 11 99999-0000, CPF/CNPJ punctuated while typed,
// dates in the reader's language. The CPF/CNPJ check is the server's own (blocks/shared), so a typo
// is caught while typing; the server checks again and has the last word.
import { documentKey, documentKind } from '../../../blocks/shared/documents.js';
import type { Locale } from '../i18n.js';

/** Punctuation as the digits are typed: 123.456.789-09, then 12.345.678/0001-95 past 11. */
export function maskDocument(text: string): string {
  const d = documentKey(text).slice(0, 14);
  if (d.length <= 11) {
    return d.replace(/^(\w{3})(\w)/, '$1.$2').replace(/^(\w{3})\.(\w{3})(\w)/, '$1.$2.$3').replace(/^(\w{3})\.(\w{3})\.(\w{3})(\w)/, '$1.$2.$3-$4');
  }
  return `${d.slice(0, 2)}.${d.slice(2, 5)}.${d.slice(5, 8)}/${d.slice(8, 12)}-${d.slice(12)}`;
}

export const validDocument = (text: string) => documentKind(text) !== null;
export { formatDocument } from '../../../blocks/shared/documents.js';

export { formatPhone } from '../inbox/format.js';

export function formatDate(iso: string | null, locale: Locale): string {
  if (!iso) return '';
  const d = iso.length === 10 ? new Date(`${iso}T12:00:00Z`) : new Date(iso);
  return d.toLocaleDateString(locale, iso.length === 10 ? { timeZone: 'UTC' } : undefined);
}

export function formatDateTime(iso: string | null, locale: Locale): string {
  if (!iso) return '';
  return new Date(iso).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });
}

export function formatNumber(n: number, locale: Locale): string {
  return locale === 'en' ? String(n) : String(n).replace('.', ',');
}
