// Conditions are shared by the Condition block and by per-item display conditions of Buttons,
// so they live here once.
import { z } from 'zod';
import type { BlockContext, VariableValue } from '../contract.js';
import { withFilesAsText } from './file-value.js';
import { foldText, parseDateLike, parseNumberLike } from './values.js';
import { compileSlashPattern, INVALID_PATTERN } from './safe-regex.js';

export const operators = [
  'equal',
  'not_equal',
  'contains',
  'not_contains',
  'greater',
  'greater_or_equal',
  'less',
  'less_or_equal',
  'is_set',
  'is_empty',
  'starts_with',
  'ends_with',
  'matches_regex',
  'not_matches_regex',
] as const;
export type Operator = (typeof operators)[number];

export const operatorLabels: Record<Operator, { en: string; 'pt-BR': string }> = {
  equal: { en: 'is equal to', 'pt-BR': 'é igual a' },
  not_equal: { en: 'is not equal to', 'pt-BR': 'é diferente de' },
  contains: { en: 'contains', 'pt-BR': 'contém' },
  not_contains: { en: 'does not contain', 'pt-BR': 'não contém' },
  greater: { en: 'is greater than', 'pt-BR': 'é maior que' },
  greater_or_equal: { en: 'is greater than or equal to', 'pt-BR': 'é maior ou igual a' },
  less: { en: 'is less than', 'pt-BR': 'é menor que' },
  less_or_equal: { en: 'is less than or equal to', 'pt-BR': 'é menor ou igual a' },
  is_set: { en: 'is set', 'pt-BR': 'está preenchida' },
  is_empty: { en: 'is empty', 'pt-BR': 'está vazia' },
  starts_with: { en: 'starts with', 'pt-BR': 'começa com' },
  ends_with: { en: 'ends with', 'pt-BR': 'termina com' },
  matches_regex: { en: 'matches regex', 'pt-BR': 'corresponde à regex' },
  not_matches_regex: { en: 'does not match regex', 'pt-BR': 'não corresponde à regex' },
};

// Field metadata lets a generic form edit a group; the 'conditions' widget may use its own.
export const comparisonSchema = z.object({
  id: z
    .string()
    .min(1)
    .meta({ label: { en: 'Id', 'pt-BR': 'Id' }, input: 'hidden' }),
  variableId: z
    .string()
    .min(1, 'choose a variable')
    .meta({ label: { en: 'Variable', 'pt-BR': 'Variável' }, input: 'variable' }),
  operator: z.enum(operators).meta({
    label: { en: 'Operator', 'pt-BR': 'Operador' },
    input: 'select',
    options: operatorLabels,
  }),
  /** A template: may reference other variables, e.g. `{{limit}}`. Unused by is_set / is_empty. */
  value: z
    .string()
    .default('')
    .meta({
      label: { en: 'Value', 'pt-BR': 'Valor' },
      input: 'template',
      placeholder: { en: 'A value or {{variable}}', 'pt-BR': 'Um valor ou {{variavel}}' },
      help: {
        en: 'Numbers and dates (2026-03-01 or 01/03/2026) compare as such; /pattern/i for regex.',
        'pt-BR': 'Números e datas (2026-03-01 ou 01/03/2026) são comparados como tal; /padrão/i para regex.',
      },
    }),
}).superRefine((c, ctx) => {
  // A pattern built from variables is only known at run time (and then fails closed).
  if (!c.operator.endsWith('matches_regex') || c.value.includes('{{')) return;
  if (!compileSlashPattern(c.value)) {
    ctx.addIssue({ code: 'custom', path: ['value'], message: INVALID_PATTERN });
  }
});
export type Comparison = z.output<typeof comparisonSchema>;

export const conditionGroupSchema = z.object({
  logicalOperator: z
    .enum(['and', 'or'])
    .default('and')
    .meta({
      label: { en: 'Combine with', 'pt-BR': 'Combinar com' },
      input: 'select',
      options: { and: { en: 'all (AND)', 'pt-BR': 'todas (E)' }, or: { en: 'any (OR)', 'pt-BR': 'qualquer uma (OU)' } },
    }),
  comparisons: z
    .array(comparisonSchema)
    .min(1, 'add at least one comparison')
    .meta({ label: { en: 'Comparisons', 'pt-BR': 'Comparações' }, input: 'items' }),
});
export type ConditionGroup = z.output<typeof conditionGroupSchema>;

function isEmptyValue(v: VariableValue | undefined): boolean {
  if (v === undefined || v === null) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  return false;
}

function asText(v: VariableValue | undefined): string {
  // A file compares by its name: "contains .pdf", "ends with .jpg".
  const t = withFilesAsText(v, 'display');
  if (t === undefined || t === null) return '';
  if (Array.isArray(t)) return t.map((x) => (x === null ? '' : String(x))).join(', ');
  return String(t);
}

/**
 * Orders two values as numbers, then as dates, then as text (case-insensitive); null when they cannot be
 * ordered. A number or date on only one side is not ordered as text: otherwise an empty or typed-out
 * answer ("", "dezoito") would count as less than (or greater than) 18 and take a real branch.
 */
function compareValues(left: VariableValue | undefined, right: string): number | null {
  if (isEmptyValue(left)) return null;
  const ln = parseNumberLike(left);
  const rn = parseNumberLike(right);
  if (ln !== null && rn !== null) return ln === rn ? 0 : ln < rn ? -1 : 1;
  const ld = parseDateLike(left);
  const rd = parseDateLike(right);
  if (ld !== null && rd !== null) return ld === rd ? 0 : ld < rd ? -1 : 1;
  if (ln !== null || rn !== null || ld !== null || rd !== null) return null;
  return asText(left).trim().localeCompare(right.trim(), undefined, { sensitivity: 'base' });
}


function listOrText(v: VariableValue | undefined): string[] | null {
  return Array.isArray(v) ? v.map((x: VariableValue) => foldText(asText(x))) : null;
}

export function evaluateComparison(c: Comparison, ctx: Pick<BlockContext, 'variables' | 'renderValue'>): boolean {
  const left = ctx.variables[c.variableId];
  const right = c.operator === 'is_set' || c.operator === 'is_empty' ? '' : ctx.renderValue(c.value);
  switch (c.operator) {
    case 'is_set':
      return !isEmptyValue(left);
    case 'is_empty':
      return isEmptyValue(left);
    case 'equal':
    case 'not_equal': {
      const list = listOrText(left);
      // An unset variable equals an empty value, as it renders empty in templates.
      const eq = isEmptyValue(left)
        ? right.trim() === ''
        : list
          ? list.includes(foldText(right)) && list.length === 1
          : compareValues(left, right) === 0;
      return c.operator === 'equal' ? eq : !eq;
    }
    case 'contains':
    case 'not_contains': {
      const list = listOrText(left);
      const has = list
        ? list.includes(foldText(right))
        : foldText(asText(left)).includes(foldText(right));
      return c.operator === 'contains' ? has : !has;
    }
    case 'greater':
    case 'greater_or_equal':
    case 'less':
    case 'less_or_equal': {
      const cmp = compareValues(left, right);
      if (cmp === null) return false;
      if (c.operator === 'greater') return cmp > 0;
      if (c.operator === 'greater_or_equal') return cmp >= 0;
      if (c.operator === 'less') return cmp < 0;
      return cmp <= 0;
    }
    case 'starts_with':
      return foldText(asText(left)).startsWith(foldText(right));
    case 'ends_with':
      return foldText(asText(left)).endsWith(foldText(right));
    case 'matches_regex':
    case 'not_matches_regex': {
      const re = compileSlashPattern(right);
      if (!re) return false;
      const hit = re.test(asText(left));
      return c.operator === 'matches_regex' ? hit : !hit;
    }
  }
}

export function evaluateConditionGroup(
  group: ConditionGroup,
  ctx: Pick<BlockContext, 'variables' | 'renderValue'>,
): boolean {
  if (group.logicalOperator === 'or') return group.comparisons.some((c) => evaluateComparison(c, ctx));
  return group.comparisons.every((c) => evaluateComparison(c, ctx));
}
