// Exporting contacts as CSV, for Excel pt-BR first: UTF-8 with a BOM, `;`, CRLF, quoted where
// needed, dates as dd/mm/aaaa hh:mm in the person's time zone (ISO in English), and cells that
// start with = + - @ prefixed with ' so a spreadsheet shows them instead of running them. The
// rows are the list's own (ContactDirectoryStore.filtered: same filters, same viewer scope),
// read a page at a time by key (created_at, id) and handed out as they are read.
import Papa from 'papaparse';
import { sql } from 'kysely';
import type { Viewer } from '../inbox/access.js';
import type { ContactDirectoryStore } from './directory.js';
import type { ContactFields } from './field-store.js';
import { readValues, type FieldDefinition, type FieldValue } from './fields.js';
import type { ContactFilters } from './query.js';
import { storedToE164 } from './phone.js';

export const EXPORT_PAGE_ROWS = 1000;
export const CSV_BOM = '\uFEFF';

export type ExportLocale = 'pt-BR' | 'en';

export interface ExportOptions {
  locale: ExportLocale;
  /** IANA time zone the dates are written in (the browser's). */
  timeZone: string;
}

const HEADERS: Record<ExportLocale, string[]> = {
  'pt-BR': ['Nome', 'Telefone', 'E-mail', 'Tags', 'Canais', 'Criado em', 'Último contato', 'Bloqueado', 'Observações'],
  en: ['Name', 'Phone', 'E-mail', 'Tags', 'Channels', 'Created', 'Last contact', 'Blocked', 'Notes'],
};

/** A time zone the runtime knows, else UTC. */
export function knownTimeZone(tz: string | null | undefined): string {
  if (!tz) return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return tz;
  } catch {
    return 'UTC';
  }
}

/** One CSV line's cells → text, as Excel pt-BR reads it. */
export function csvLines(rows: string[][]): string {
  return Papa.unparse(rows, { delimiter: ';', newline: '\r\n', escapeFormulae: true }) + '\r\n';
}

export class ContactExporter {
  constructor(
    private readonly directory: ContactDirectoryStore,
    private readonly fields: ContactFields,
  ) {}

  async count(v: Viewer, filters: ContactFilters): Promise<number> {
    const r = await (await this.directory.filtered(v, filters)).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** The file in pieces: the BOM and header line, then one piece per page of contacts, newest first. */
  async *pieces(v: Viewer, filters: ContactFilters, opts: ExportOptions): AsyncGenerator<string> {
    const defs = await this.fields.list();
    const cell = cellWriter(opts);
    yield CSV_BOM + csvLines([[...HEADERS[opts.locale], ...defs.map((d) => d.label)]]);
    let after: { created_at: string; id: string } | null = null;
    for (;;) {
      let q = (await this.directory.filtered(v, filters)).select([
        'contacts.id',
        'contacts.name',
        'contacts.phone',
        'contacts.email',
        'contacts.notes',
        'contacts.fields',
        'contacts.created_at',
        'contacts.last_contact_at',
        'contacts.blocked_at',
      ]);
      if (after) {
        const a: { created_at: string; id: string } = after;
        // A row-value comparison: both databases walk the (created_at, id) index from there.
        q = q.where(sql<boolean>`(contacts.created_at, contacts.id) < (${a.created_at}, ${a.id})`);
      }
      const rows = await q.orderBy('contacts.created_at', 'desc').orderBy('contacts.id', 'desc').limit(EXPORT_PAGE_ROWS).execute();
      if (!rows.length) return;
      const ids = rows.map((r) => r.id);
      const [tags, channels] = await Promise.all([this.directory.tagsOf(ids), this.directory.channelsOf(ids)]);
      yield csvLines(
        rows.map((r) => {
          const values = readValues(r.fields);
          return [
            r.name ?? '',
            storedToE164(r.phone) ?? '',
            r.email ?? '',
            (tags.get(r.id) ?? []).map((t) => t.name).join(', '),
            (channels.get(r.id) ?? []).map((c) => c.name ?? c.kind ?? c.channelId).join(', '),
            cell.dateTime(r.created_at),
            cell.dateTime(r.last_contact_at),
            cell.yesNo(!!r.blocked_at),
            r.notes ?? '',
            ...defs.map((d) => cell.field(d, values[d.key])),
          ];
        }),
      );
      if (rows.length < EXPORT_PAGE_ROWS) return;
      after = rows[rows.length - 1];
    }
  }
}

function cellWriter(opts: ExportOptions) {
  const pt = opts.locale === 'pt-BR';
  const stamp = new Intl.DateTimeFormat('pt-BR', { timeZone: opts.timeZone, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  // The zone's offset by UTC hour (offsets change on the hour): one Intl call per hour of
  // timestamps instead of one per cell, which is most of an export's time otherwise.
  const offsets = new Map<string, number>();
  const offsetAt = (ms: number) => {
    const hour = new Date(ms).toISOString().slice(0, 13);
    let off = offsets.get(hour);
    if (off === undefined) {
      const at = Date.parse(`${hour}:00:00Z`);
      const p = Object.fromEntries(stamp.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
      off = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute)) - at;
      offsets.set(hour, off);
    }
    return off;
  };
  const yesNo = (b: boolean) => (pt ? (b ? 'Sim' : 'Não') : b ? 'Yes' : 'No');
  return {
    yesNo,
    dateTime(iso: string | null): string {
      if (!iso) return '';
      if (!pt) return iso;
      const ms = Date.parse(iso);
      if (Number.isNaN(ms)) return iso;
      const l = new Date(ms + offsetAt(ms)).toISOString();
      return `${l.slice(8, 10)}/${l.slice(5, 7)}/${l.slice(0, 4)} ${l.slice(11, 16)}`;
    },
    field(d: FieldDefinition, v: FieldValue | undefined): string {
      if (v === undefined || v === null) return '';
      if (typeof v === 'boolean') return yesNo(v);
      if (d.type === 'date' && pt && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v.slice(8, 10)}/${v.slice(5, 7)}/${v.slice(0, 4)}`;
      // Excel pt-BR reads 10,5 as a number, 10.5 as text.
      if (typeof v === 'number' && pt) return String(v).replace('.', ',');
      return String(v);
    },
  };
}
