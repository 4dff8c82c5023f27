// Handlebars over session variables. Each distinct template text is compiled once and cached,
// because the same block texts render on every turn of every contact.
import Handlebars from 'handlebars';
import { DateTime } from 'luxon';
import type { ContactInfo, VariableDef, Variables } from '../blocks/contract.js';
import type { TemplateHelper } from '../blocks/shared/template-names.js';
import { fileText, isFileValue } from '../blocks/shared/file-value.js';

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

/** Every helper name an author can spell, Handlebars' built-ins included (not the internal display helper). */
export function registeredHelperNames(): string[] {
  return Object.keys(hb.helpers).filter((name) => name !== DISPLAY_HELPER);
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
  Array.isArray(list)
    ? list.map((x) => (isFileValue(x) ? fileText(x, 'display') : x)).join(typeof sep === 'string' ? sep : ', ')
    : isFileValue(list)
      ? fileText(list, 'display')
      : String(list ?? ''),
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

/** {{raw price}}: the value exactly as stored, without the flow language's number or date style. */
register('raw', (value: unknown) => (value === undefined || value === null ? '' : isFileValue(value) ? fileText(value, 'stored') : String(value)));

// How a variable's value reads in the flow's language. Only values whose type says what they are
// change: JS numbers (from Number inputs and expressions) get the language's decimal mark, never
// digit grouping, so 123456 stays 123456; dates get the language's order only in the two forms
// Ozia itself stores (Date input, "today", "now"). Text is shown as typed: a CPF, a phone or an
// order number saved as text never changes, whatever digits it holds.
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const PLAIN_DECIMAL = /^-?\d+\.\d+$/;
const DISPLAY: Record<string, { decimal: string; date: string; dateTime: string }> = {
  'pt-BR': { decimal: ',', date: 'dd/MM/yyyy', dateTime: 'dd/MM/yyyy HH:mm' },
  en: { decimal: '.', date: 'MM/dd/yyyy', dateTime: 'MM/dd/yyyy h:mm a' },
};

export function displayValue(value: unknown, locale: string): unknown {
  const style = DISPLAY[locale] ?? DISPLAY['pt-BR'];
  const files = filesAsText(value, 'display');
  if (files !== null) return files;
  if (typeof value === 'number') {
    const s = String(value);
    return PLAIN_DECIMAL.test(s) ? s.replace('.', style.decimal) : s;
  }
  if (typeof value === 'string' && (DATE_ONLY.test(value) || DATE_TIME.test(value))) {
    const dt = DateTime.fromISO(value, { zone: 'UTC' });
    if (dt.isValid) return dt.setLocale(locale).toFormat(value.length > 10 ? style.dateTime : style.date);
  }
  return value;
}

/**
 * A file printed whole (`{{foto}}`) reads as its name for a person and as its address as a
 * value; a list of files as those joined by ", ". Null for anything that is not a file.
 * `{{foto.url}}`, `{{foto.name}}` and `{{#each fotos}}` still reach the fields.
 */
function filesAsText(value: unknown, as: 'display' | 'stored'): string | null {
  if (isFileValue(value)) return fileText(value, as);
  if (Array.isArray(value) && value.length > 0 && value.every(isFileValue)) return value.map((f) => fileText(f, as)).join(', ');
  return null;
}

/** Not a name a template can spell (variable names never hold "$"): added by `localized` below. */
const DISPLAY_HELPER = '$display';
/** Set on a scope whose renders become values (conditions, URLs, Set variable), not text for a person. */
export const AS_STORED = '@asStored';
hb.registerHelper(DISPLAY_HELPER, (value: unknown, options: Handlebars.HelperOptions) => {
  const root = options.data?.root as Record<string, unknown> | undefined;
  return root?.[AS_STORED] ? (filesAsText(value, 'stored') ?? value) : displayValue(value, (root?.['@locale'] as string) ?? 'pt-BR');
});

/** Helpers that hand a variable's value through unchanged, so their output reads like the variable. */
const PASS_THROUGH = new Set(['default']);

const isHelper = (name: string) => Object.hasOwn(hb.helpers, name);

/**
 * Rewrites each printed value (`{{total}}`, `{{this}}` in an each, `{{default total "0"}}`) to go
 * through the display helper. Values handed to helpers stay raw, so comparisons and formatDate
 * see what was stored.
 */
function localized(program: hbs.AST.Program): hbs.AST.Program {
  const visit = (node: hbs.AST.Statement): hbs.AST.Statement => {
    if (node.type === 'BlockStatement') {
      const b = node as hbs.AST.BlockStatement;
      return { ...b, program: b.program && localized(b.program), inverse: b.inverse && localized(b.inverse) } as hbs.AST.BlockStatement;
    }
    if (node.type !== 'MustacheStatement') return node;
    const m = node as hbs.AST.MustacheStatement;
    if (m.path.type !== 'PathExpression') return m;
    const target = m.path as hbs.AST.PathExpression;
    if (target.data) return m; // @index, @key: the engine's own numbers
    const name = target.original;
    const plainValue = m.params.length === 0 && !m.hash && !isHelper(name);
    const passed = PASS_THROUGH.has(name) && m.params.length > 0;
    if (!plainValue && !passed) return m;
    const value: hbs.AST.Expression = plainValue
      ? target
      : ({ type: 'SubExpression', path: target, params: m.params, hash: m.hash, loc: m.loc } as hbs.AST.SubExpression);
    const path: hbs.AST.PathExpression = { type: 'PathExpression', data: false, depth: 0, parts: [DISPLAY_HELPER], original: DISPLAY_HELPER, loc: m.loc };
    const shown: hbs.AST.MustacheStatement = { ...m, path, params: [value], hash: undefined as unknown as hbs.AST.Hash };
    return shown;
  };
  return { ...program, body: program.body.map(visit) };
}

const cache = new Map<string, Handlebars.TemplateDelegate>();
const CACHE_LIMIT = 5_000;

/** Compiles (once) and returns the template; a syntax error becomes a template that renders the raw text. */
export function compileTemplate(source: string): Handlebars.TemplateDelegate {
  let fn = cache.get(source);
  if (fn) return fn;
  try {
    const compiled = hb.compile(localized(hb.parse(source)), { noEscape: true, strict: false });
    compiled(Object.create(null)); // surface syntax errors now, not on a contact's turn
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

/**
 * `contact` as templates read it: name, phone, id, and each custom field by its key (yes/no in
 * words of the flow's language; numbers and ISO dates are shown by the template's own rules).
 * The contact's own names win over a field's key.
 */
export function contactScope(contact: ContactInfo, locale = 'pt-BR'): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, v] of Object.entries(contact.fields ?? {})) out[key] = typeof v === 'boolean' ? (v ? (locale === 'en' ? 'yes' : 'sim') : locale === 'en' ? 'no' : 'não') : v;
  return Object.assign(out, { name: contact.name ?? '', phone: contact.phone ?? '', id: contact.id });
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
  // No prototype: a variable named __proto__ is then a value like any other, and names such as
  // constructor or toString never fall through to Object's own members.
  const scope: Record<string, unknown> = Object.assign(Object.create(null) as Record<string, unknown>, {
    contact: contactScope(contact, locale),
    '@tz': timeZone,
    '@now': now,
    '@locale': locale,
  });
  for (const d of defs) {
    const v = Object.hasOwn(variables, d.id) ? variables[d.id] : undefined;
    scope[d.name] = Array.isArray(v) ? [...v] : v ?? '';
  }
  return scope;
}

export function renderTemplate(source: string, scope: Record<string, unknown>): string {
  if (!source.includes('{{')) return source;
  const out = compileTemplate(source)(scope);
  return out;
}
