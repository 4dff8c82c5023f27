// Custom contact fields: their definitions (Settings → Campos personalizados) and the checks a
// value passes before it is stored. Values live on the contact as JSON by key: text as typed,
// numbers as numbers, dates as ISO `YYYY-MM-DD`, a list value as one of its options, yes/no as a
// boolean, CPF/CNPJ without punctuation. Each refusal names the field by its key and label.
import { z } from 'zod';
import type { ContactFieldType } from '../db/schema.js';
import type { FlowIssue } from '../../blocks/flow.js';
import { OziaError } from '../errors.js';
import { documentKey, documentKind } from '../../blocks/shared/documents.js';

export const FIELD_TYPES = ['text', 'number', 'date', 'list', 'yes_no', 'cpf_cnpj'] as const satisfies readonly ContactFieldType[];

/** Names templates and the contact already use (`{{contact.name}}`): a custom field cannot take them. */
const RESERVED = new Set(['id', 'name', 'phone', 'email', 'notes', 'tags', 'channel', 'created_at', 'updated_at', 'fields']);

export interface FieldDefinition {
  id: string;
  key: string;
  label: string;
  type: ContactFieldType;
  options: string[];
  position: number;
}

export type FieldValue = string | number | boolean;
export type FieldValues = Record<string, FieldValue>;

/** A key from a label: "Data de nascimento" → "data_de_nascimento". */
export function keyFromLabel(label: string): string {
  const k = label
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40);
  return /^[a-z]/.test(k) ? k : `campo_${k}`.replace(/_+$/, '');
}

const options = z
  .array(z.string().trim().min(1, 'an option cannot be empty').max(80, 'at most 80 characters'))
  .max(100, 'at most 100 options')
  .refine((o) => new Set(o.map((x) => x.toLowerCase())).size === o.length, 'each option only once');

const label = z.string().trim().min(1, 'name the field').max(60, 'at most 60 characters');

export const fieldInput = z
  .object({
    label,
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9_]{0,39}$/, 'use lowercase letters, digits and _, starting with a letter (at most 40)')
      .refine((k) => !RESERVED.has(k), 'this name is the contact’s own; choose another')
      .optional(),
    type: z.enum(FIELD_TYPES, { error: 'choose a type' }),
    options: options.default([]),
  })
  .refine((f) => f.type !== 'list' || f.options.length > 0, { path: ['options'], message: 'a list needs at least one option' });
export type FieldInput = z.input<typeof fieldInput>;

/** What may change once a field exists: its label and (lists) its options. Key and type stay, so stored values keep their meaning. */
export const fieldUpdate = z.object({ label, options: options.optional() });

const refuse = (issues: FlowIssue[]) => new OziaError('BAD_REQUEST', issues.map((i) => `${i.path}: ${i.message}`).join('\n'), issues);

/** A number as a person types it: `10.5`, `10,5`, `-3`. */
function parseNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return null;
  const t = raw.trim().replace(/\s/g, '');
  if (!/^-?\d+([.,]\d+)?$/.test(t)) return null;
  return Number(t.replace(',', '.'));
}

function parseDate(raw: unknown): string | null {
  if (typeof raw !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(raw)) return null;
  const d = new Date(`${raw}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === raw ? raw : null;
}

/** One value checked against its field; an error message (naming the field) when refused. */
export function checkValue(f: FieldDefinition, raw: unknown): { value: FieldValue } | { error: string } {
  const name = `"${f.label}"`;
  switch (f.type) {
    case 'text': {
      if (typeof raw !== 'string' && typeof raw !== 'number') return { error: `${name} must be text` };
      const s = String(raw).trim();
      return s.length > 500 ? { error: `${name}: at most 500 characters` } : { value: s };
    }
    case 'number': {
      const n = parseNumber(raw);
      return n === null ? { error: `${name} must be a number` } : { value: n };
    }
    case 'date': {
      const d = parseDate(raw);
      return d === null ? { error: `${name} must be a date (YYYY-MM-DD)` } : { value: d };
    }
    case 'list': {
      const hit = typeof raw === 'string' ? f.options.find((o) => o.toLowerCase() === raw.trim().toLowerCase()) : undefined;
      return hit === undefined ? { error: `${name} must be one of: ${f.options.join(', ')}` } : { value: hit };
    }
    case 'yes_no':
      return typeof raw === 'boolean' ? { value: raw } : { error: `${name} must be yes or no` };
    case 'cpf_cnpj':
      return typeof raw === 'string' && documentKind(raw) ? { value: documentKey(raw) } : { error: `${name} is not a valid CPF or CNPJ` };
  }
}

/**
 * The contact's values after applying `changes` (null or '' clears a field). Every change is
 * checked; any refusal throws with all of them, so nothing is written half-checked.
 */
export function applyValues(defs: FieldDefinition[], current: FieldValues, changes: Record<string, unknown>): FieldValues {
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const next: FieldValues = { ...current };
  const issues: FlowIssue[] = [];
  for (const [key, raw] of Object.entries(changes)) {
    const def = byKey.get(key);
    if (!def) {
      issues.push({ path: `fields.${key}`, message: 'no such field; reload the page' });
      continue;
    }
    if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) {
      delete next[key];
      continue;
    }
    const r = checkValue(def, raw);
    if ('error' in r) issues.push({ path: `fields.${key}`, message: r.error });
    else next[key] = r.value;
  }
  if (issues.length) throw refuse(issues);
  return next;
}

/** Stored JSON → values (anything unreadable reads as none). */
export function readValues(json: string | null): FieldValues {
  if (!json) return {};
  try {
    const v: unknown = JSON.parse(json);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as FieldValues) : {};
  } catch {
    return {};
  }
}

/** The digits of every CPF/CNPJ value, for the `document` search column. */
export function documentsOf(defs: FieldDefinition[], values: FieldValues): string | null {
  const keys = defs.filter((d) => d.type === 'cpf_cnpj').map((d) => values[d.key]).filter((v): v is string => typeof v === 'string' && v.length > 0);
  return keys.length ? [...new Set(keys)].join(' ') : null;
}
