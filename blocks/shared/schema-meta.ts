// Reading zod 4 schemas as the settings form and the linter see them: the `.meta(...)` a field
// carries and the value schema under its optional/default/pipe wrappers. One copy, so the form
// and the linter always agree on which field is a jump target, a department or a label.
import { z } from 'zod';
import type { FieldMeta, Localized } from '../contract.js';

export type AnyDef = { type: string; [k: string]: any };

/** The zod internals of a schema (`_zod.def`), or undefined for something that is not one. */
export const defOf = (schema: unknown): AnyDef | undefined => (schema as { _zod?: { def?: AnyDef } } | undefined)?._zod?.def;

/** The form metadata attached to this very schema object ({} when none). */
export const metaOf = (schema: unknown): FieldMeta => (z.globalRegistry.get(schema as z.ZodType) as FieldMeta | undefined) ?? {};

/** Wrappers that change what may be left out but not what a value looks like. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional', 'pipe', 'lazy']);

/** The schema one wrapper in (`.optional()`, `.default()`, a pipe's input…), or undefined for a value schema. */
export function innerOf(schema: unknown): z.ZodType | undefined {
  const def = defOf(schema);
  if (!def || !WRAPPERS.has(def.type)) return undefined;
  if (def.type === 'pipe') return def.in;
  if (def.type === 'lazy') return def.getter();
  return def.innerType;
}

/** The schema and each schema under its wrappers, from the outside in. */
export function* layersOf(schema: unknown): Generator<z.ZodType> {
  let s = schema as z.ZodType | undefined;
  for (let guard = 0; s && guard < 20; guard++) {
    yield s;
    s = innerOf(s);
  }
}

/** The value schema under every wrapper. */
export function unwrap(schema: unknown): z.ZodType | undefined {
  let last: z.ZodType | undefined;
  for (const s of layersOf(schema)) last = s;
  return last;
}

/** The first meta value `key` found from the outside in: `.optional().meta(...)` describes the field as a whole. */
export function fieldMeta<K extends keyof FieldMeta>(schema: unknown, key: K): FieldMeta[K] | undefined {
  for (const s of layersOf(schema)) {
    const v = metaOf(s)[key];
    if (v !== undefined) return v;
  }
  return undefined;
}

/** The field's label, from the outermost wrapper that has one. */
export const labelOfField = (schema: unknown): Localized | undefined => fieldMeta(schema, 'label');

/** The keys of an object schema (under its wrappers) whose form input is `input`, e.g. the jump's `target`. */
export function fieldsWithInput(schema: unknown, input: NonNullable<FieldMeta['input']>): string[] {
  const shape = defOf(unwrap(schema))?.shape as Record<string, unknown> | undefined;
  if (!shape) return [];
  return Object.entries(shape)
    .filter(([, field]) => [...layersOf(field)].some((f) => metaOf(f).input === input))
    .map(([k]) => k);
}
