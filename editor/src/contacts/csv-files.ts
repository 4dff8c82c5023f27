// The Contacts tab's CSV files: sending a file to be previewed or imported (its own HTTP route,
// the body is the file), reading an export as it streams in (counting rows for the progress
// bar) and saving what was read, and the file of the rows an import refused.
import Papa from 'papaparse';
import { readableServerError } from '../server-errors.js';
import type { Locale } from '../i18n.js';

// The server's own shapes (type-only: nothing of the server reaches the bundle).
export type { ImportPreview, ImportResult, ImportTarget, RowIssue } from '../../../runtime/contacts/csv-import.js';
import type { ImportPreview, ImportResult, ImportTarget, RowIssue } from '../../../runtime/contacts/csv-import.js';

async function postFile<T>(path: string, file: Blob, locale: Locale, mapping?: ImportTarget[]): Promise<T> {
  const q = mapping ? `?mapping=${encodeURIComponent(JSON.stringify(mapping))}` : '';
  const res = await fetch(`${path}${q}`, { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'text/csv' }, body: file });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new Error(readableServerError(body.error ?? `HTTP ${res.status}`, locale));
  return body as T;
}

export const previewImport = (file: Blob, locale: Locale, mapping?: ImportTarget[]) => postFile<ImportPreview>('/api/contacts/import/preview', file, locale, mapping);
export const runImport = (file: Blob, locale: Locale, mapping: ImportTarget[]) => postFile<ImportResult>('/api/contacts/import', file, locale, mapping);

/** A reason as a person reads it: "Telefone: telefone inválido (inclua o DDD)". */
export const issueText = (i: RowIssue, locale: Locale) => `${i.column ? `${i.column}: ` : ''}${readableServerError(i.message, locale)}`;

/** The refused rows as a CSV to fix and import again: the file's own columns, then the reason. */
export function rejectedCsv(headers: string[], rejected: ImportResult['rejected'], locale: Locale, texts: { line: string; reason: string }): Blob {
  const rows = rejected.map((r) => [String(r.line), ...headers.map((_, i) => r.cells[i] ?? ''), r.issues.map((i) => issueText(i, locale)).join('; ')]);
  const text = Papa.unparse([[texts.line, ...headers, texts.reason], ...rows], { delimiter: ';', newline: '\r\n', escapeFormulae: true });
  return new Blob(['\uFEFF', text, '\r\n'], { type: 'text/csv;charset=utf-8' });
}

export function saveFile(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file name the server gave (`contatos-AAAA-MM-DD.csv`), else one for today. */
function fileNameOf(res: Response): string {
  const m = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '');
  if (m) return m[1];
  const d = new Date();
  return `contatos-${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}.csv`;
}

/**
 * Reads the export to its end, telling how many rows came (the server sends the total first),
 * then saves it. Rows end in CRLF; a note's own line breaks are LF, so counting CRLF counts rows.
 */
export async function exportContacts(
  filters: Record<string, unknown>,
  locale: Locale,
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<{ rows: number; name: string }> {
  const q = new URLSearchParams({ filters: JSON.stringify(filters), locale, tz: Intl.DateTimeFormat().resolvedOptions().timeZone });
  const res = await fetch(`/api/contacts/export?${q}`, { credentials: 'same-origin', signal });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { error?: string };
    throw new Error(readableServerError(body.error ?? `HTTP ${res.status}`, locale));
  }
  const total = Number(res.headers.get('x-total-rows') ?? 0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let lines = 0;
  let lastCR = false;
  onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    for (const b of value) {
      if (b === 0x0a && lastCR) lines++;
      lastCR = b === 0x0d;
    }
    // The first line is the header.
    onProgress(Math.min(total, Math.max(0, lines - 1)), total);
  }
  const name = fileNameOf(res);
  saveFile(new Blob(chunks as BlobPart[], { type: 'text/csv;charset=utf-8' }), name);
  return { rows: Math.max(0, lines - 1), name };
}
