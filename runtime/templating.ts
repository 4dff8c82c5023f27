// Handlebars over session variables. Each distinct template text is compiled once and cached,
// because the same block texts render on every turn of every contact.
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import type { ContactInfo, VariableDef, Variables } from '../blocks/contract.js';
import type { TemplateHelper } from '../blocks/shared/template-names.js';

const hb = Handlebars.create();

function toDateTime(v: unknown, zone: string): DateTime | null {
  if (v instanceof Date) return DateTime.fromJSDate(v, { zone });
  if (typeof v === 'number') return DateTime.fromMillis(v, { zone });
  if (typeof v === 'string' && v.trim()) {
    const iso = DateTime.fromISO(v.trim(), { zone });
    if (iso.isValid) return iso;
    const br = DateTime.fromFormat(v.trim(), 'dd/MM/yyyy', { zone });
    if (br.isValid) return br;
  }
  return null;
}

const isOptions = (x: unknown): x is Handlebars.HelperOptions =>
  !!x && typeof x === 'object' && 'hash' in (x as object) && 'data' in (x as object);

/**
 * Helpers: dates, defaults, comparisons. The root context carries `@tz` and `@now`. Only names of
 * TEMPLATE_HELPERS, which the editor and the linter read as helpers, never as variables (a test
 * checks that every one of them is registered).
 */
function register(name: TemplateHelper, fn: (...args: any[]) => unknown) {
  hb.registerHelper(name, fn);
}

/** Every helper name the templating knows, Handlebars' built-ins included. */
export function registeredHelperNames(): string[] {
  return Object.keys(hb.helpers);
}

register('default', (value: unknown, fallback: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0) ? fallback : value,
);
register('eq', (a: unknown, b: unknown) => String(a ?? '') === String(b ?? ''));
register('ne', (a: unknown, b: unknown) => String(a ?? '') !== String(b ?? ''));
register('gt', (a: unknown, b: unknown) => Number(a) > Number(b));
register('gte', (a: unknown, b: unknown) => Number(a) >= Number(b));
register('lt', (a: unknown, b: unknown) => Number(a) < Number(b));
register('lte', (a: unknown, b: unknown) => Number(a) <= Number(b));
register('and', (...args: unknown[]) => args.slice(0, -1).every(Boolean));
register('or', (...args: unknown[]) => args.slice(0, -1).some(Boolean));
register('not', (a: unknown) => !a);
register('upper', (s: unknown) => String(s ?? '').toUpperCase());
register('lower', (s: unknown) => String(s ?? '').toLowerCase());
register('join', (list: unknown, sep: unknown) =>
  Array.isArray(list) ? list.join(typeof sep === 'string' ? sep : ', ') : String(list ?? ''),
);
register('length', (v: unknown) => (Array.isArray(v) || typeof v === 'string' ? v.length : 0));
/** {{formatDate date "dd/MM/yyyy"}}; with no date, formats now. */
register('formatDate', function (this: unknown, ...args: unknown[]) {
  const options = args[args.length - 1] as Handlebars.HelperOptions;
  const real = args.slice(0, -1);
  const zone = (options.data?.root?.['@tz'] as string) ?? 'UTC';
  const now = options.data?.root?.['@now'] as Date | undefined;
  const value = real.length >= 1 ? real[0] : now;
  const format = typeof real[1] === 'string' ? real[1] : 'dd/MM/yyyy';
  const dt = toDateTime(value, zone);
  const locale = (options.data?.root?.['@locale'] as string) ?? 'pt-BR';
  return dt ? dt.setLocale(locale).toFormat(format) : '';
});
register('now', function (...args: unknown[]) {
  const options = args[args.length - 1];
  if (!isOptions(options)) return '';
  const zone = (options.data?.root?.['@tz'] as string) ?? 'UTC';
  const now = (options.data?.root?.['@now'] as Date | undefined) ?? new Date(0);
  const format = typeof args[0] === 'string' ? args[0] : "yyyy-MM-dd'T'HH:mm";
  const locale = (options.data?.root?.['@locale'] as string) ?? 'pt-BR';
  return DateTime.fromJSDate(now, { zone }).setLocale(locale).toFormat(format);
});

const cache = new Map<string, Handlebars.TemplateDelegate>();
const CACHE_LIMIT = 5_000;

/** Compiles (once) and returns the template; a syntax error becomes a template that renders the raw text. */
export function compileTemplate(source: string): Handlebars.TemplateDelegate {
  let fn = cache.get(source);
  if (fn) return fn;
  try {
    const compiled = hb.compile(source, { noEscape: true, strict: false });
    compiled({}); // surface syntax errors now, not on a contact's turn
    fn = compiled;
  } catch {
    fn = () => source;
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(source, fn);
  return fn;
}

export function templateCacheSize(): number {
  return cache.size;
}

/** Variables by name, plus `contact`, for templates. */
export function templateScope(
  variables: Variables,
  defs: readonly VariableDef[],
  contact: ContactInfo,
  now: Date,
  timeZone: string,
  locale = 'pt-BR',
): Record<string, unknown> {
  const scope: Record<string, unknown> = {
    contact: { name: contact.name ?? '', phone: contact.phone ?? '', id: contact.id },
    '@tz': timeZone,
    '@now': now,
    '@locale': locale,
  };
  for (const d of defs) {
    const v = variables[d.id];
    scope[d.name] = Array.isArray(v) ? [...v] : v ?? '';
  }
  return scope;
}

export function renderTemplate(source: string, scope: Record<string, unknown>): string {
  if (!source.includes('{{')) return source;
  const out = compileTemplate(source)(scope);
  return out;
}
