// Importing contacts from a CSV file: the bytes decoded (UTF-8 with or without BOM, else
// Windows-1252, what Excel pt-BR saves), `;` or `,` found from the header, each column mapped to
// a contact value or a custom field (guessed from pt-BR and en headers), and each row checked by
// the same code as adding a contact by hand (ContactDirectoryStore.check). A row is written
// whole or not at all; rows that cannot be are reported with their line and the column at fault.
// Re-importing a file updates the contacts it made: a row finds its contact by phone, then
// e-mail, then CPF/CNPJ, and a row that finds two different contacts is refused.
import Papa from 'papaparse';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { FlowIssue } from '../../blocks/flow.js';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import { OziaError } from '../errors.js';
import { newId } from '../ids.js';
import type { Viewer } from '../inbox/access.js';
import { contactReachable } from '../inbox/contacts.js';
import { contactCreate, manualContactRow, type ContactDirectoryStore } from './directory.js';
import type { ContactFields } from './field-store.js';
import { applyValues, documentsOf, readValues, type FieldDefinition, type FieldValues } from './fields.js';
import { phoneSpellings } from './phone.js';

export const MAX_IMPORT_ROWS = 100_000;
const MAX_COLUMNS = 200;
/** Rows per transaction: the writer is free for the turns between two batches. */
const BATCH_ROWS = 200;
const PREVIEW_ROWS = 10;

export type ImportTarget = 'name' | 'phone' | 'email' | 'notes' | 'tags' | 'ignore' | `field:${string}`;

export const importMapping = z
  .array(z.string().regex(/^(name|phone|email|notes|tags|ignore|field:[a-z][a-z0-9_]{0,39})$/, 'choose what the column holds'))
  .max(MAX_COLUMNS, `at most ${MAX_COLUMNS} columns`);

export interface ParsedCsv {
  encoding: 'utf-8' | 'windows-1252';
  delimiter: string;
  headers: string[];
  /** Data rows (the header is line 1, so row i is line i + 2). */
  rows: string[][];
}

export interface RowIssue {
  /** The column's header; null when the row as a whole is at fault. */
  column: string | null;
  message: string;
}

export interface RejectedRow {
  line: number;
  issues: RowIssue[];
  cells: string[];
}

export interface ImportPreview {
  encoding: ParsedCsv['encoding'];
  delimiter: string;
  columns: { header: string; target: ImportTarget }[];
  total: number;
  rows: { line: number; cells: string[]; status: 'new' | 'update' | 'invalid'; issues: RowIssue[] }[];
}

export interface ImportResult {
  created: number;
  updated: number;
  rejected: RejectedRow[];
}

const refused = (message: string) => new OziaError('BAD_REQUEST', `file: ${message}`, [{ path: 'file', message }]);

/** The file's text: UTF-8 when every byte says so (a BOM is dropped), else Windows-1252 (a superset of Latin-1). */
export function decodeCsv(data: Buffer): { text: string; encoding: ParsedCsv['encoding'] } {
  const body = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf ? data.subarray(3) : data;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(body), encoding: 'windows-1252' };
  }
}

/** The separator the header line uses most, outside quotes: `;` (Excel pt-BR), `,` or a tab. */
function delimiterOf(text: string): string {
  const counts = new Map([[';', 0], [',', 0], ['\t', 0]]);
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0][1] > 0 ? [...counts].sort((a, b) => b[1] - a[1])[0][0] : ',';
}

export function parseCsv(data: Buffer): ParsedCsv {
  const { text, encoding } = decodeCsv(data);
  if (!text.trim()) throw refused('the file is empty');
  const delimiter = delimiterOf(text);
  const parsed = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: 'greedy' });
  const [headers, ...rows] = parsed.data;
  if (!headers?.length) throw refused('the file has no header line');
  if (headers.length > MAX_COLUMNS) throw refused(`at most ${MAX_COLUMNS} columns`);
  if (rows.length > MAX_IMPORT_ROWS) throw refused(`at most ${MAX_IMPORT_ROWS} rows per file`);
  return { encoding, delimiter, headers: headers.map((h) => h.trim()), rows };
}

const norm = (s: string) =>
  s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const HEADERS: [ImportTarget, string[]][] = [
  ['name', ['nome', 'name', 'nomecompleto', 'fullname', 'cliente', 'contato', 'contact']],
  ['phone', ['telefone', 'phone', 'celular', 'whatsapp', 'fone', 'tel', 'mobile', 'telefonecelular', 'numero', 'phonenumber']],
  ['email', ['email', 'mail', 'correioeletronico']],
  ['notes', ['observacoes', 'observacao', 'obs', 'notas', 'notes', 'anotacoes', 'note']],
  ['tags', ['tags', 'tag', 'etiquetas', 'marcadores']],
];
const DOCUMENT_HEADERS = new Set(['cpf', 'cnpj', 'cpfcnpj', 'documento', 'document']);

/** What each column most likely holds, each target once: a custom field by its label or key, then the contact's own values. */
export function guessMapping(headers: string[], defs: FieldDefinition[]): ImportTarget[] {
  const taken = new Set<ImportTarget>();
  const take = (t: ImportTarget | undefined): ImportTarget => {
    if (!t || taken.has(t)) return 'ignore';
    taken.add(t);
    return t;
  };
  return headers.map((h) => {
    const n = norm(h);
    if (!n) return 'ignore';
    const field = defs.find((d) => norm(d.label) === n || norm(d.key) === n) ?? (DOCUMENT_HEADERS.has(n) ? defs.find((d) => d.type === 'cpf_cnpj') : undefined);
    if (field && !taken.has(`field:${field.key}`)) return take(`field:${field.key}`);
    return take(HEADERS.find(([, names]) => names.includes(n))?.[0]);
  });
}

const YES = new Set(['sim', 's', 'yes', 'y', 'true', '1', 'x', 'verdadeiro']);
const NO = new Set(['nao', 'n', 'no', 'false', '0', 'falso']);

/** A cell as the field's check takes it: yes/no words as booleans, `dd/mm/aaaa` as ISO; anything else as typed (the check refuses it). */
function cellValue(def: FieldDefinition, cell: string): unknown {
  if (def.type === 'yes_no') {
    const n = norm(cell);
    return YES.has(n) ? true : NO.has(n) ? false : cell;
  }
  if (def.type === 'date') {
    const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(cell.trim());
    if (m) return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  }
  return cell;
}

interface CheckedRow {
  line: number;
  cells: string[];
  name?: string;
  phone?: string;
  mail?: string;
  notes?: string;
  /** The row's field values, checked. */
  changes: Record<string, unknown>;
  values: FieldValues;
  tagIds: string[];
}

type Checked = { ok: CheckedRow } | { rejected: RejectedRow };
type Written = { created: true } | { updated: true } | { rejected: RejectedRow };
type Tx = Transaction<Database>;

export class ContactImporter {
  /** Tests only: runs between a row's contact and its tags, so a test can make a row fail halfway. */
  afterRowWrite?: (line: number) => void;

  constructor(
    private readonly db: Db,
    private readonly directory: ContactDirectoryStore,
    private readonly fields: ContactFields,
    private readonly clock: () => Date,
  ) {}

  /** The file's columns with the mapping (the one given, else a guess) and its first rows checked under it. */
  async preview(v: Viewer, data: Buffer, rawMapping?: unknown): Promise<ImportPreview> {
    const csv = parseCsv(data);
    const defs = await this.fields.list();
    const mapping = rawMapping === undefined || rawMapping === null ? guessMapping(csv.headers, defs) : this.checkMapping(csv, rawMapping, defs);
    const ctx = await this.context(csv, mapping, defs);
    const rows: ImportPreview['rows'] = [];
    for (const [i, cells] of csv.rows.slice(0, PREVIEW_ROWS).entries()) {
      const c = await this.checkRow(ctx, i + 2, cells);
      if ('rejected' in c) {
        rows.push({ line: i + 2, cells, status: 'invalid', issues: c.rejected.issues });
        continue;
      }
      const found = await this.match(this.db.kysely, v, ctx, c.ok);
      if ('rejected' in found) rows.push({ line: i + 2, cells, status: 'invalid', issues: found.rejected.issues });
      else rows.push({ line: i + 2, cells, status: found.id ? 'update' : 'new', issues: [] });
    }
    return { encoding: csv.encoding, delimiter: csv.delimiter, columns: csv.headers.map((header, i) => ({ header, target: mapping[i] })), total: csv.rows.length, rows };
  }

  async run(v: Viewer, data: Buffer, rawMapping: unknown): Promise<ImportResult> {
    const csv = parseCsv(data);
    const defs = await this.fields.list();
    const mapping = this.checkMapping(csv, rawMapping, defs);
    const ctx = await this.context(csv, mapping, defs);

    const result: ImportResult = { created: 0, updated: 0, rejected: [] };
    const count = (w: Written) => {
      if ('created' in w) result.created++;
      else if ('updated' in w) result.updated++;
      else result.rejected.push(w.rejected);
    };
    const checked: CheckedRow[] = [];
    for (const [i, cells] of csv.rows.entries()) {
      const c = await this.checkRow(ctx, i + 2, cells);
      if ('rejected' in c) result.rejected.push(c.rejected);
      else checked.push(c.ok);
    }
    for (let i = 0; i < checked.length; i += BATCH_ROWS) {
      const batch = checked.slice(i, i + BATCH_ROWS);
      try {
        const written = await this.db.kysely.transaction().execute(async (tx) => {
          const out: Written[] = [];
          for (const row of batch) out.push(await this.write(tx, v, ctx, row));
          return out;
        });
        written.forEach(count);
      } catch {
        // A row failed in the database: the batch is undone and its rows written one by one, so
        // only the failing row is left out (and reported).
        for (const row of batch) {
          try {
            count(await this.db.kysely.transaction().execute((tx) => this.write(tx, v, ctx, row)));
          } catch (e) {
            result.rejected.push({ line: row.line, cells: row.cells, issues: [{ column: null, message: `could not be saved (${e instanceof Error ? e.message : String(e)})` }] });
          }
        }
      }
      // The turns get the writer between two batches.
      await new Promise((r) => setImmediate(r));
    }
    result.rejected.sort((a, b) => a.line - b.line);
    return result;
  }

  private checkMapping(csv: ParsedCsv, rawMapping: unknown, defs: FieldDefinition[]): ImportTarget[] {
    const mapping = importMapping.parse(rawMapping) as ImportTarget[];
    if (mapping.length !== csv.headers.length) throw new OziaError('BAD_REQUEST', 'mapping: map every column of the file (reload it)', [{ path: 'mapping', message: 'map every column of the file (reload it)' }]);
    const used = mapping.filter((m) => m !== 'ignore');
    const twice = used.find((m, i) => used.indexOf(m) !== i);
    if (twice) throw new OziaError('BAD_REQUEST', `mapping: two columns go to "${twice}"`, [{ path: 'mapping', message: `two columns go to "${twice}"` }]);
    const unknown = used.find((m) => m.startsWith('field:') && !defs.some((d) => `field:${d.key}` === m));
    if (unknown) throw new OziaError('BAD_REQUEST', `mapping: no field "${unknown.slice(6)}"; reload the page`, [{ path: 'mapping', message: `no field "${unknown.slice(6)}"; reload the page` }]);
    if (!used.some((m) => m === 'name' || m === 'phone' || m === 'email'))
      throw new OziaError('BAD_REQUEST', 'mapping: map a column to the name, the phone or the e-mail', [{ path: 'mapping', message: 'map a column to the name, the phone or the e-mail' }]);
    return mapping;
  }

  private async context(csv: ParsedCsv, mapping: ImportTarget[], defs: FieldDefinition[]) {
    const tags = await this.db.kysely.selectFrom('tags').select(['id', 'name']).execute();
    const columnOf = (t: ImportTarget) => mapping.indexOf(t);
    return { csv, mapping, defs, tagsByName: new Map(tags.map((t) => [t.name.trim().toLowerCase(), t.id])), columnOf };
  }

  /** The row checked by the contact form's checks; issues name the column. */
  private async checkRow(ctx: Awaited<ReturnType<ContactImporter['context']>>, line: number, cells: string[]): Promise<Checked> {
    const { csv, mapping, defs } = ctx;
    const issues: RowIssue[] = [];
    const header = (t: ImportTarget) => csv.headers[ctx.columnOf(t)] ?? null;
    const cell = (t: ImportTarget) => {
      const i = ctx.columnOf(t);
      // A leading ' is how an export keeps a spreadsheet from running a cell (csv-export.ts).
      const s = i >= 0 ? (cells[i] ?? '').trim().replace(/^'(?=[=+\-@])/, '') : '';
      return s || undefined;
    };
    const changes: Record<string, unknown> = {};
    for (const d of defs) {
      const c = cell(`field:${d.key}`);
      if (c !== undefined) changes[d.key] = cellValue(d, c);
    }
    const tagIds: string[] = [];
    for (const name of (cell('tags') ?? '').split(/[,|]/).map((t) => t.trim()).filter(Boolean)) {
      const id = ctx.tagsByName.get(name.toLowerCase());
      if (id) tagIds.push(id);
      else issues.push({ column: header('tags'), message: `no tag called "${name}"` });
    }
    const raw = { name: cell('name'), phone: cell('phone'), email: cell('email'), notes: cell('notes'), fields: changes, tagIds };
    const p = await this.directory.check(raw, {}, defs);
    for (const i of p.issues) issues.push({ column: this.columnOfPath(ctx, i), message: i.message });
    if (!raw.name && !raw.phone && !raw.email && !Object.keys(changes).length) issues.push({ column: null, message: 'the row is empty' });
    const at = (i: RowIssue) => (i.column === null ? Infinity : csv.headers.indexOf(i.column));
    if (issues.length) return { rejected: { line, cells, issues: issues.sort((a, b) => at(a) - at(b)) } };
    const values = p.values ?? {};
    return {
      ok: {
        line,
        cells,
        name: p.input.name?.trim() || undefined,
        phone: p.phone ?? undefined,
        mail: p.mail ?? undefined,
        notes: p.input.notes?.trim() || undefined,
        changes,
        values,
        tagIds: p.tagIds ?? [],
      },
    };
  }

  private columnOfPath(ctx: Awaited<ReturnType<ContactImporter['context']>>, issue: FlowIssue): string | null {
    const [head, key] = issue.path.split('.');
    const target: ImportTarget | null =
      head === 'fields' ? `field:${key}` : head === 'tagIds' ? 'tags' : (['name', 'phone', 'email', 'notes'] as const).find((x) => x === head) ?? null;
    return target ? (ctx.csv.headers[ctx.columnOf(target)] ?? null) : null;
  }

  /**
   * The contact the row is about: by phone, then e-mail, then CPF/CNPJ. One the viewer cannot see
   * refuses the row as a duplicate without saying whose; two different ones refuse it too.
   */
  private async match(k: Db['kysely'] | Tx, v: Viewer, ctx: Awaited<ReturnType<ContactImporter['context']>>, row: CheckedRow): Promise<{ id: string | null } | { rejected: RejectedRow }> {
    const found: { id: string; by: ImportTarget; what: string }[] = [];
    const look = async (by: ImportTarget, what: string, where: ReturnType<typeof sql<boolean>>) => {
      const rows = await k.selectFrom('contacts').select('id').where(where).limit(3).execute();
      for (const r of rows) if (!found.some((f) => f.id === r.id)) found.push({ id: r.id, by, what });
    };
    if (row.phone) await look('phone', 'phone', sql<boolean>`contacts.phone in (${sql.join(phoneSpellings(row.phone.slice(1)))})`);
    if (row.mail) await look('email', 'e-mail', sql<boolean>`contacts.email = ${row.mail}`);
    for (const d of ctx.defs.filter((f) => f.type === 'cpf_cnpj')) {
      const doc = row.values[d.key];
      if (typeof doc !== 'string') continue;
      // An index hit, as the list's search by CPF/CNPJ: a contact holding two documents (two
      // CPF/CNPJ fields) is not found by one of them, like in the search.
      await look(`field:${d.key}`, 'CPF/CNPJ', sql<boolean>`contacts.document = ${doc}`);
    }
    const column = (t: ImportTarget) => ctx.csv.headers[ctx.columnOf(t)] ?? null;
    const reject = (issues: RowIssue[]) => ({ rejected: { line: row.line, cells: row.cells, issues } });
    if (found.length > 1) return reject([{ column: null, message: `matches ${found.length} different contacts (by ${[...new Set(found.map((f) => f.what))].join(', ')}); fix the row or merge them first` }]);
    if (!found.length) return { id: null };
    const [hit] = found;
    if (v.role !== 'supervisor') {
      const seen = await k.selectFrom('contacts').select('id').where('id', '=', hit.id).where(contactReachable(v)).executeTakeFirst();
      if (!seen) return reject([{ column: column(hit.by), message: `another contact already has this ${hit.what}` }]);
    }
    return { id: hit.id };
  }

  private async write(tx: Tx, v: Viewer, ctx: Awaited<ReturnType<ContactImporter['context']>>, row: CheckedRow): Promise<Written> {
    const found = await this.match(tx, v, ctx, row);
    if ('rejected' in found) return found;
    const at = this.clock().toISOString();
    let id = found.id;
    if (id) {
      const current = await tx.selectFrom('contacts').select(['fields']).where('id', '=', id).executeTakeFirstOrThrow();
      // Empty cells keep what the contact holds: an import adds and corrects, it never erases.
      const values = applyValues(ctx.defs, readValues(current.fields), row.changes);
      const set: Record<string, string | null> = { updated_at: at, fields: Object.keys(values).length ? JSON.stringify(values) : null, document: documentsOf(ctx.defs, values) };
      if (row.name) set.name = row.name;
      if (row.phone) set.phone = row.phone;
      if (row.mail) set.email = row.mail;
      if (row.notes) set.notes = row.notes;
      await tx.updateTable('contacts').set(set).where('id', '=', id).execute();
    } else {
      if (!contactCreate.safeParse({ name: row.name, phone: row.phone, email: row.mail }).success)
        return { rejected: { line: row.line, cells: row.cells, issues: [{ column: null, message: 'type a name, a phone or an e-mail' }] } };
      id = newId();
      await tx
        .insertInto('contacts')
        .values(manualContactRow({ id, name: row.name ?? null, phone: row.phone, email: row.mail, notes: row.notes ?? null, values: row.values, defs: ctx.defs, at, by: v.id }))
        .execute();
    }
    this.afterRowWrite?.(row.line);
    if (row.tagIds.length)
      await tx
        .insertInto('contact_tags')
        .values(row.tagIds.map((t) => ({ contact_id: id, tag_id: t, created_at: at })))
        .onConflict((oc) => oc.columns(['contact_id', 'tag_id']).doNothing())
        .execute();
    return found.id ? { updated: true } : { created: true };
  }
}
