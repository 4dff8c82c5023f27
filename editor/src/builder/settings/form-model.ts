// The settings form as data: a block kind's zod 4 options schema walked into a tree of form
// nodes (labels, input kinds, defaults, constraints), plus the pure helpers the form needs:
// immutable get/set by path, default values for new list items, zod issues mapped to the
// field that shows them, template references and `{{` completion. No DOM, no React: the
// tests run in node.
import type { z } from 'zod';
import type { FieldMeta, Localized } from '../../../../blocks/contract.js';
import { blockSchemas } from '../../../../blocks/schemas.js';
import { defOf as defOfSchema, innerOf, metaOf } from '../../../../blocks/shared/schema-meta.js';
import { readTemplate, TEMPLATE_SCOPE_PATHS } from '../../../../blocks/shared/template-names.js';

export type Path = readonly (string | number)[];
export type InputKind = NonNullable<FieldMeta['input']>;
/** How a node is drawn: a metadata input kind, or a structural fallback. */
export type Widget = InputKind | 'object' | 'union' | 'unsupported';
export type ValueType = 'string' | 'number' | 'boolean' | 'enum' | 'literal' | 'object' | 'array' | 'union' | 'unknown';

export interface UnionVariant {
  /** The discriminator's value for this branch. */
  value: string;
  label?: Localized;
  /** The branch's fields, without the discriminator itself. */
  fields: FormNode[];
}

export interface FormNode {
  /** Property name in the parent object; null for the root and for array items. */
  key: string | null;
  widget: Widget;
  type: ValueType;
  meta: FieldMeta;
  /** `undefined` is accepted (an optional field, or one with a default). */
  optional: boolean;
  hasDefault: boolean;
  defaultValue?: unknown;
  /** Object: its fields in schema order. */
  fields?: FormNode[];
  /** Array: the node of one element. */
  item?: FormNode;
  minItems?: number;
  maxItems?: number;
  /** Enum: the allowed values. */
  values?: string[];
  /** Literal: its value. */
  literal?: unknown;
  /** Discriminated union. */
  discriminator?: string;
  variants?: UnionVariant[];
  /** Number constraints. */
  min?: number;
  max?: number;
  int?: boolean;
  /** String constraints. */
  minLength?: number;
  maxLength?: number;
  /** The schema under the optional / default wrappers, to check one subtree. */
  schema?: z.ZodType;
}

// ---- walking the schema --------------------------------------------------------------------

const defOf = (s: unknown) => defOfSchema(s)!;

const finite = (n: unknown): number | undefined => (typeof n === 'number' && Number.isFinite(n) ? n : undefined);

function isConditionGroupShape(fields: FormNode[]): boolean {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  return byKey.get('logicalOperator')?.type === 'enum' && byKey.get('comparisons')?.type === 'array';
}

/** Walks one zod schema into a form node. `key` is its property name in the parent object. */
export function walkSchema(schema: z.ZodType, key: string | null = null): FormNode {
  let s: unknown = schema;
  let meta: FieldMeta = {};
  let optional = false;
  let hasDefault = false;
  let defaultValue: unknown;
  // Outer metadata wins over inner: `.optional().meta(...)` describes the field as a whole.
  for (let guard = 0; guard < 20; guard++) {
    meta = { ...metaOf(s), ...meta };
    const inner = innerOf(s);
    if (!inner) break;
    const def = defOf(s);
    if (def.type === 'optional' || def.type === 'nullable') optional = true;
    if ((def.type === 'default' || def.type === 'prefault') && !hasDefault) {
      hasDefault = true;
      optional = true;
      defaultValue = def.defaultValue;
    }
    if (def.type === 'nonoptional') optional = false;
    s = inner;
  }
  const def = defOf(s);
  const base = { key, meta, optional, hasDefault, ...(hasDefault ? { defaultValue } : {}), schema: s as z.ZodType };
  const input = meta.input;
  const pick = (fallback: Widget): Widget => input ?? fallback;

  switch (def.type) {
    case 'string': {
      const str = s as { minLength?: number | null; maxLength?: number | null };
      return { ...base, type: 'string', widget: pick('text'), minLength: finite(str.minLength), maxLength: finite(str.maxLength) };
    }
    case 'number': {
      const num = s as { minValue?: number | null; maxValue?: number | null; isInt?: boolean };
      return { ...base, type: 'number', widget: pick('number'), min: finite(num.minValue), max: finite(num.maxValue), int: !!num.isInt };
    }
    case 'boolean':
      return { ...base, type: 'boolean', widget: pick('switch') };
    case 'enum':
      return { ...base, type: 'enum', widget: pick('select'), values: Object.values(def.entries as Record<string, string>).map(String) };
    case 'literal':
      return { ...base, type: 'literal', widget: pick('hidden'), literal: (def.values as unknown[])[0] };
    case 'object': {
      const fields = Object.entries(def.shape as Record<string, z.ZodType>).map(([k, v]) => walkSchema(v, k));
      const widget: Widget = input ?? (isConditionGroupShape(fields) ? 'conditions' : 'object');
      return { ...base, type: 'object', widget, fields };
    }
    case 'array': {
      const arr = s as { _zod: { bag?: { minimum?: number; maximum?: number } } };
      const checks = (def.checks ?? []) as { _zod: { def: { check: string; minimum?: number; maximum?: number } } }[];
      let minItems = finite(arr._zod.bag?.minimum);
      let maxItems = finite(arr._zod.bag?.maximum);
      for (const c of checks) {
        if (c._zod.def.check === 'min_length') minItems = c._zod.def.minimum;
        if (c._zod.def.check === 'max_length') maxItems = c._zod.def.maximum;
      }
      return { ...base, type: 'array', widget: pick('items'), item: walkSchema(def.element as z.ZodType, null), minItems, maxItems };
    }
    case 'union': {
      const disc = def.discriminator as string | undefined;
      if (!disc) return { ...base, type: 'union', widget: 'unsupported' };
      const variants: UnionVariant[] = (def.options as z.ZodType[]).map((opt) => {
        const obj = walkSchema(opt, null);
        const discNode = obj.fields?.find((f) => f.key === disc);
        const value = String(discNode?.literal ?? '');
        return {
          value,
          label: meta.options?.[value] ?? discNode?.meta.label,
          fields: (obj.fields ?? []).filter((f) => f.key !== disc),
        };
      });
      const widget: Widget = input && input !== 'select' ? input : 'union';
      return { ...base, type: 'union', widget, discriminator: disc, variants };
    }
    default:
      return { ...base, type: 'unknown', widget: input === 'hidden' ? 'hidden' : 'unsupported' };
  }
}

/** Every node below `root` with its path pattern (`items[].label`), depth first. */
export function flattenNodes(root: FormNode, prefix = ''): { path: string; node: FormNode }[] {
  const out: { path: string; node: FormNode }[] = [];
  const join = (p: string, k: string) => (p ? `${p}.${k}` : k);
  for (const f of root.fields ?? []) {
    const p = join(prefix, f.key ?? '');
    out.push({ path: p, node: f }, ...flattenNodes(f, p));
  }
  if (root.item) {
    const p = `${prefix}[]`;
    out.push(...flattenNodes(root.item, p));
  }
  for (const v of root.variants ?? []) {
    for (const f of v.fields) {
      const p = join(prefix, `${v.value}:${f.key}`);
      out.push({ path: p, node: f }, ...flattenNodes(f, p));
    }
  }
  return out;
}

export const labelOf = (node: FormNode, locale: keyof Localized): string =>
  node.meta.label?.[locale] ?? humanize(node.key ?? '');

/** `listVariableId` -> "List variable": only for fields a schema forgot to label. */
export function humanize(key: string): string {
  const words = key
    .replace(/Id$/, '')
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words ? words[0].toUpperCase() + words.slice(1) : key;
}

// ---- paths --------------------------------------------------------------------------------

/** "Options 4 › Option" for `items.3.label`: a path in the author's words, for issues shown out of place. */
export function describePath(root: FormNode, path: Path, locale: keyof Localized): string {
  const parts: string[] = [];
  let node: FormNode | undefined = root;
  for (const seg of path) {
    if (!node) {
      parts.push(String(seg));
      continue;
    }
    if (typeof seg === 'number') {
      if (parts.length) parts[parts.length - 1] += ` ${seg + 1}`;
      else parts.push(String(seg + 1));
      node = node.item;
      continue;
    }
    const child: FormNode | undefined =
      node.fields?.find((f) => f.key === seg) ?? node.variants?.flatMap((v) => v.fields).find((f) => f.key === seg);
    parts.push(child ? labelOf(child, locale) : seg);
    node = child;
  }
  return parts.join(' › ');
}

export const pathKey = (path: Path): string => path.join('.');

export function getIn(value: unknown, path: Path): unknown {
  let cur: unknown = value;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/**
 * A copy of `value` with `path` set to `next`; only the objects along the path are copied.
 * Setting an object key to `undefined` removes it, so drafts stay clean JSON.
 */
export function setIn(value: unknown, path: Path, next: unknown): unknown {
  if (path.length === 0) return next;
  const [head, ...rest] = path;
  const child = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[head] : undefined;
  const nextChild = setIn(child, rest, next);
  if (typeof head === 'number') {
    const arr = Array.isArray(value) ? [...value] : [];
    arr[head] = nextChild;
    return arr;
  }
  const obj: Record<string, unknown> = value !== null && typeof value === 'object' && !Array.isArray(value) ? { ...(value as object) } : {};
  if (nextChild === undefined) delete obj[head];
  else obj[head] = nextChild;
  return obj;
}

export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length || from === to) return [...list];
  const out = [...list];
  const [it] = out.splice(from, 1);
  out.splice(to, 0, it);
  return out;
}

export const removeAt = <T>(list: readonly T[], index: number): T[] => list.filter((_, i) => i !== index);

// ---- defaults -----------------------------------------------------------------------------

/** A fresh id for a new list item (choice options, branches, comparisons). */
export function newItemId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/**
 * The value a new element of `node` starts with: its schema default, else the empty value of
 * its type, with fresh ids for fields named `id`. `required` skips "optional means absent",
 * for list items and union branches that must exist.
 */
export function defaultValueFor(node: FormNode, newId: () => string = newItemId, required = false): unknown {
  if (node.hasDefault) return clone(node.defaultValue);
  if (node.optional && !required) return undefined;
  switch (node.type) {
    case 'string':
      return node.key === 'id' ? newId() : '';
    case 'number':
      return node.min !== undefined && node.min > 0 ? node.min : 0;
    case 'boolean':
      return false;
    case 'enum':
      return node.values?.[0];
    case 'literal':
      return node.literal;
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const f of node.fields ?? []) {
        const v = defaultValueFor(f, newId);
        if (v !== undefined) out[f.key!] = v;
      }
      return out;
    }
    case 'array':
      return Array.from({ length: node.minItems ?? 0 }, () => defaultValueFor(node.item!, newId, true));
    case 'union': {
      const v = node.variants?.[0];
      return v ? variantValue(node, v.value, undefined, newId) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The value of a union switched to `branch`: the new branch's defaults, keeping the fields it
 * shares with the old value when they have the same type (a template's text survives a switch
 * to "add to a list").
 */
export function variantValue(node: FormNode, branch: string, previous: unknown, newId: () => string = newItemId): Record<string, unknown> {
  const disc = node.discriminator!;
  const variant = node.variants?.find((v) => v.value === branch);
  const out: Record<string, unknown> = { [disc]: branch };
  const prev = previous !== null && typeof previous === 'object' ? (previous as Record<string, unknown>) : {};
  for (const f of variant?.fields ?? []) {
    const old = prev[f.key!];
    const keep = old !== undefined && (f.type === 'string' ? typeof old === 'string' : f.type === 'number' ? typeof old === 'number' : false);
    const v = keep ? old : defaultValueFor(f, newId);
    if (v !== undefined) out[f.key!] = v;
  }
  return out;
}

/** Replaces every `id` of an object tree with a fresh one: a duplicated item must not share ids. */
export function withFreshIds(value: unknown, newId: () => string = newItemId): unknown {
  if (Array.isArray(value)) return value.map((v) => withFreshIds(v, newId));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = k === 'id' && typeof v === 'string' ? newId() : withFreshIds(v, newId);
    return out;
  }
  return value;
}

// ---- visibility and issues ----------------------------------------------------------------

/** Whether a field at `path` (from the options root) is shown for these options. */
export type Visibility = (path: Path, options: unknown) => boolean;
export const alwaysVisible: Visibility = () => true;

/** Terminal widgets draw their whole subtree themselves. */
const TERMINAL = new Set<Widget>(['conditions', 'target', 'media', 'variable', 'template', 'text', 'textarea', 'number', 'switch', 'select', 'checkboxes', 'unsupported']);

/**
 * The paths that show issues for these options: every visible field, list, list item, object
 * and union. Hidden fields are not anchors, so their issues go to the closest visible parent.
 */
export function collectAnchors(root: FormNode, value: unknown, visible: Visibility = alwaysVisible): Set<string> {
  const anchors = new Set<string>(['']);
  const visit = (node: FormNode, path: Path) => {
    if (node.widget === 'hidden') return;
    if (path.length && node.key !== null && !visible(path, value)) return;
    anchors.add(pathKey(path));
    if (TERMINAL.has(node.widget)) return;
    const v = getIn(value, path);
    if (node.type === 'object') for (const f of node.fields ?? []) visit(f, [...path, f.key!]);
    if (node.type === 'array' && node.item && Array.isArray(v)) v.forEach((_, i) => visit(node.item!, [...path, i]));
    if (node.type === 'union' && v && typeof v === 'object') {
      const branch = (v as Record<string, unknown>)[node.discriminator!];
      const variant = node.variants?.find((x) => x.value === branch);
      for (const f of variant?.fields ?? []) visit(f, [...path, f.key!]);
    }
  };
  visit(root, []);
  return anchors;
}

export interface FieldIssue {
  /** The issue's own path, from the options root. */
  path: (string | number)[];
  message: string;
}

/** Issues by the anchor that shows them: the longest shown prefix of each issue's path. */
export function mapIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  anchors: ReadonlySet<string>,
): Map<string, FieldIssue[]> {
  const out = new Map<string, FieldIssue[]>();
  for (const issue of issues) {
    const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    let n = path.length;
    while (n > 0 && !anchors.has(pathKey(path.slice(0, n)))) n--;
    const key = pathKey(path.slice(0, n));
    const list = out.get(key) ?? [];
    if (!list.some((x) => x.message === issue.message && pathKey(x.path) === pathKey(path))) list.push({ path, message: issue.message });
    out.set(key, list);
  }
  return out;
}

/** Issues shown at `path` or anywhere below it (for a widget that draws its own subtree). */
export function issuesUnder(map: ReadonlyMap<string, FieldIssue[]>, path: Path): FieldIssue[] {
  const key = pathKey(path);
  const out: FieldIssue[] = [];
  for (const [k, list] of map) if (k === key || key === '' || k.startsWith(`${key}.`)) out.push(...list);
  return out;
}

// ---- variables and templates --------------------------------------------------------------

/** The flow document's rule for variable names. */
export const VARIABLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

export type NameProblem = 'empty' | 'invalid' | 'too_long' | 'taken';
export function variableNameProblem(name: string, existing: readonly { name: string }[]): NameProblem | null {
  const n = name.trim();
  if (!n) return 'empty';
  if (n.length > 60) return 'too_long';
  if (!VARIABLE_NAME.test(n)) return 'invalid';
  if (existing.some((v) => v.name === n)) return 'taken';
  return null;
}

/** The scope's own names offered in completion besides the flow's variables. */
export const BUILTIN_REFERENCES = ['contact.name', 'contact.phone'] as const;

export type TemplateSegment =
  | { kind: 'text'; text: string }
  /** A `{{…}}`: known when every name it reads exists, unknown when one does not, expr for helpers only. */
  | { kind: 'ref'; text: string; status: 'known' | 'unknown' | 'expr'; names: string[]; unknown: string[] };

/**
 * The root names a block's templates may read without a variable: the flow's variables and the
 * names the block fills itself (the Agent block's {{position}}); a dotted `{{agent.name}}` is
 * known when its root is.
 */
export function knownTemplateNames(variableNames: Iterable<string>, kind: string): Set<string> {
  return new Set([...variableNames, ...(blockSchemas[kind]?.templateNames ?? [])]);
}

/** Splits a template into plain text and `{{…}}` references, each checked against the known root names. */
export function tokenizeTemplate(text: string, knownNames: ReadonlySet<string>): TemplateSegment[] {
  const out: TemplateSegment[] = [];
  let last = 0;
  for (const tag of readTemplate(text)) {
    if (tag.start > last) out.push({ kind: 'text', text: text.slice(last, tag.start) });
    const names = [...new Set(tag.refs.map((r) => r.path))];
    const unknown = [...new Set(tag.refs.filter((r) => !knownNames.has(r.root) && !TEMPLATE_SCOPE_PATHS.includes(r.path)).map((r) => r.path))];
    const status = unknown.length ? 'unknown' : names.length ? 'known' : 'expr';
    out.push({ kind: 'ref', text: tag.text, status, names, unknown });
    last = tag.end;
  }
  if (last < text.length) out.push({ kind: 'text', text: text.slice(last) });
  return out;
}

/** An open `{{` before the caret with what was typed after it, or null. */
export function completionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const start = before.lastIndexOf('{{');
  if (start < 0) return null;
  const typed = before.slice(start + 2);
  if (typed.includes('}') || typed.includes('{')) return null;
  const query = typed.trimStart();
  if (!/^[\p{L}\p{N}_.]*$/u.test(query)) return null;
  return { start, query };
}

/** Inserts `{{name}}` over the open `{{query`, swallowing a `}}` already after the caret. */
export function applyCompletion(text: string, caret: number, start: number, name: string): { text: string; caret: number } {
  let end = caret;
  const after = text.slice(caret);
  const closing = /^[\p{L}\p{N}_.]*\s*\}\}/u.exec(after);
  if (closing) end = caret + closing[0].length;
  const inserted = `{{${name}}}`;
  return { text: text.slice(0, start) + inserted + text.slice(end), caret: start + inserted.length };
}

/** Completion candidates: variable names then the contact's fields, best matches first. */
export function completionItems(query: string, variableNames: readonly string[]): string[] {
  const all = [...variableNames, ...BUILTIN_REFERENCES];
  const q = query.toLowerCase();
  if (!q) return all;
  const starts = all.filter((n) => n.toLowerCase().startsWith(q));
  const contains = all.filter((n) => !n.toLowerCase().startsWith(q) && n.toLowerCase().includes(q));
  return [...starts, ...contains];
}
