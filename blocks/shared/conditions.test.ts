import { describe, expect, it } from 'vitest';
import type { Variables } from '../contract.js';
import { testContext } from '../../runtime/context.js';
import { type Operator, conditionGroupSchema, evaluateComparison, evaluateConditionGroup, operators } from './conditions.js';
import { parseDateLike, parseNumberLike } from './values.js';

function check(left: Variables[string] | undefined, operator: Operator, value = '', extra: Variables = {}): boolean {
  const variables: Variables = { ...extra };
  if (left !== undefined) variables.x = left;
  const ctx = testContext({ variables });
  return evaluateComparison({ id: 'c1', variableId: 'x', operator, value }, ctx);
}

describe('evaluateComparison', () => {
  it('equal / not_equal: numbers as numbers, text case-insensitive, dates as dates', () => {
    expect(check('10', 'equal', '10.0')).toBe(true);
    expect(check(10, 'equal', '10')).toBe(true);
    expect(check('1.234,5', 'equal', '1234.5')).toBe(true);
    expect(check('Ana', 'equal', 'ana')).toBe(true);
    expect(check('Ana', 'equal', 'Ane')).toBe(false);
    expect(check('São Paulo', 'equal', 'Sao Paulo')).toBe(true); // contacts often type without accents
    expect(check('2026-04-01', 'equal', '01/04/2026')).toBe(true);
    expect(check(true, 'equal', 'true')).toBe(true);
    expect(check('10', 'not_equal', '9')).toBe(true);
    expect(check('ana', 'not_equal', 'ANA')).toBe(false);
  });

  it('equal: an unset or blank variable equals an empty value and nothing else', () => {
    expect(check(undefined, 'equal', '')).toBe(true);
    expect(check(null, 'equal', '')).toBe(true);
    expect(check('  ', 'equal', '')).toBe(true);
    expect(check([], 'equal', '')).toBe(true);
    expect(check(null, 'equal', '0')).toBe(false);
    expect(check(null, 'not_equal', 'x')).toBe(true);
    expect(check(0, 'equal', '')).toBe(false);
  });

  it('equal on a list holds only for a one-element list with that value', () => {
    expect(check(['Pix'], 'equal', 'pix')).toBe(true);
    expect(check(['Pix', 'Boleto'], 'equal', 'Pix')).toBe(false);
    expect(check(['Pix', 'Boleto'], 'not_equal', 'Pix')).toBe(true);
  });

  it('contains / not_contains: substrings of text, elements of lists', () => {
    expect(check('Quero falar com um ATENDENTE', 'contains', 'atendente')).toBe(true);
    expect(check('Quero um boleto', 'contains', 'pix')).toBe(false);
    expect(check('Quero um boleto', 'not_contains', 'pix')).toBe(true);
    expect(check(['Pix', 'Boleto'], 'contains', 'boleto')).toBe(true);
    expect(check(['Pix', 'Boleto'], 'contains', 'bol')).toBe(false);
    expect(check(['Pix', 'Boleto'], 'not_contains', 'Cartão')).toBe(true);
    expect(check(12345, 'contains', '234')).toBe(true);
  });

  it('greater / less: "10" > "9" as numbers, not as text', () => {
    expect(check('10', 'greater', '9')).toBe(true);
    expect(check('10', 'less', '9')).toBe(false);
    expect(check('9', 'less', '10')).toBe(true);
    expect(check(18, 'greater_or_equal', '18')).toBe(true);
    expect(check(17, 'greater_or_equal', '18')).toBe(false);
    expect(check('18', 'less_or_equal', '18')).toBe(true);
    expect(check('19', 'less_or_equal', '18')).toBe(false);
    expect(check('-5', 'less', '0')).toBe(true);
  });

  it('greater / less: pt-BR decimals and thousands', () => {
    expect(check('1,5', 'greater', '1,25')).toBe(true);
    expect(check('1.234,56', 'greater', '999,99')).toBe(true);
    expect(check('1.234,56', 'less', '1234.57')).toBe(true);
    expect(check('2,5', 'equal', '2.5')).toBe(true);
  });

  it('greater / less: ISO and dd/mm/yyyy dates as dates', () => {
    // As text "2026-03-01" > "01/04/2026"; as dates 1 March is before 1 April.
    expect(check('2026-03-01', 'less', '01/04/2026')).toBe(true);
    expect(check('2026-03-01', 'greater', '01/04/2026')).toBe(false);
    expect(check('15/03/2026', 'greater', '2026-03-01')).toBe(true);
    expect(check('2026-03-01T10:00', 'greater', '2026-03-01T09:59')).toBe(true);
    expect(check('2026-03-01T10:00:00-03:00', 'equal', '2026-03-01T13:00:00Z')).toBe(true);
    expect(check('01/03/2026', 'greater_or_equal', '2026-03-01')).toBe(true);
  });

  it('greater / less: a template on the right reads other variables', () => {
    expect(check('150', 'greater', '{{limit}}', { limit: '100' })).toBe(true);
    expect(check('50', 'greater', '{{limit}}', { limit: '100' })).toBe(false);
    expect(check('2026-03-11', 'greater', '{{formatDate "2026-03-10" "yyyy-MM-dd"}}')).toBe(true);
  });

  it('greater / less: an empty or non-numeric answer takes no branch against a number', () => {
    for (const op of ['greater', 'greater_or_equal', 'less', 'less_or_equal'] as const) {
      expect(check('', op, '18')).toBe(false);
      expect(check(undefined, op, '18')).toBe(false);
      expect(check('dezoito', op, '18')).toBe(false);
      expect(check('amanhã', op, '2026-03-01')).toBe(false);
    }
  });

  it('greater / less: two texts order alphabetically', () => {
    expect(check('banana', 'greater', 'abacaxi')).toBe(true);
    expect(check('Banana', 'less', 'cereja')).toBe(true);
  });

  it('starts_with / ends_with, case-insensitive', () => {
    expect(check('Pedido #123', 'starts_with', 'pedido')).toBe(true);
    expect(check('Pedido #123', 'starts_with', '#123')).toBe(false);
    expect(check('ana@EXEMPLO.com', 'ends_with', '@exemplo.com')).toBe(true);
    expect(check('ana@exemplo.com.br', 'ends_with', '@exemplo.com')).toBe(false);
  });

  it('matches_regex: bare patterns and /…/flags', () => {
    expect(check('CPF 123.456.789-09', 'matches_regex', '\\d{3}\\.\\d{3}\\.\\d{3}-\\d{2}')).toBe(true);
    expect(check('SIM', 'matches_regex', '/^sim$/i')).toBe(true);
    expect(check('SIM', 'matches_regex', '^sim$')).toBe(false);
    expect(check('sim, claro', 'matches_regex', '/^sim$/i')).toBe(false);
    expect(check('SIM', 'not_matches_regex', '/^sim$/i')).toBe(false);
    expect(check('não', 'not_matches_regex', '/^sim$/i')).toBe(true);
    expect(check('código 42', 'matches_regex', '{{pattern}}', { pattern: '/\\d+/' })).toBe(true);
  });

  it('an invalid regex is false for both regex operators', () => {
    expect(check('abc', 'matches_regex', '([a-')).toBe(false);
    expect(check('abc', 'not_matches_regex', '([a-')).toBe(false);
    expect(check('abc', 'matches_regex', '/abc/zz')).toBe(false);
  });

  it('a pattern from a variable cannot stall the turn, whatever the contact typed', () => {
    // Exponential for a backtracking engine; RE2 answers in time linear in the text.
    expect(check(`${'a'.repeat(60)}!`, 'matches_regex', '{{pattern}}', { pattern: '/^(a+)+$/' })).toBe(false);
  });

  it('the editor and publishing refuse a written pattern that cannot run, naming the field', () => {
    const comparison = (value: string) => ({ logicalOperator: 'and', comparisons: [{ id: 'c1', variableId: 'x', operator: 'matches_regex', value }] });
    const bad = conditionGroupSchema.safeParse(comparison('(?<=R\\$)\\d+'));
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['comparisons.0.value']);
    expect(conditionGroupSchema.safeParse(comparison('{{pattern}}')).success).toBe(true);
    expect(conditionGroupSchema.safeParse(comparison('/^sim$/i')).success).toBe(true);
  });

  it('is_set / is_empty over "", whitespace, null, unset, [], 0 and false', () => {
    const empties: (Variables[string] | undefined)[] = ['', '   ', null, undefined, []];
    for (const v of empties) {
      expect(check(v, 'is_set')).toBe(false);
      expect(check(v, 'is_empty')).toBe(true);
    }
    for (const v of [0, false, 'x', ['a']] as Variables[string][]) {
      expect(check(v, 'is_set')).toBe(true);
      expect(check(v, 'is_empty')).toBe(false);
    }
  });

  it('is_set and is_empty ignore the value field', () => {
    expect(check('x', 'is_set', '{{broken')).toBe(true);
  });

  it('has a test above for every operator', () => {
    // Guards this file: a new operator must get its own cases here.
    expect([...operators].sort()).toEqual(
      [
        'contains',
        'ends_with',
        'equal',
        'greater',
        'greater_or_equal',
        'is_empty',
        'is_set',
        'less',
        'less_or_equal',
        'matches_regex',
        'not_contains',
        'not_equal',
        'not_matches_regex',
        'starts_with',
      ].sort(),
    );
  });
});

describe('evaluateConditionGroup', () => {
  const ctx = testContext({ variables: { age: '20', city: 'Recife' } });
  const group = (logicalOperator: 'and' | 'or', cityIs: string) =>
    conditionGroupSchema.parse({
      logicalOperator,
      comparisons: [
        { id: 'c1', variableId: 'age', operator: 'greater_or_equal', value: '18' },
        { id: 'c2', variableId: 'city', operator: 'equal', value: cityIs },
      ],
    });

  it('AND needs every comparison', () => {
    expect(evaluateConditionGroup(group('and', 'Recife'), ctx)).toBe(true);
    expect(evaluateConditionGroup(group('and', 'Olinda'), ctx)).toBe(false);
  });

  it('OR needs any comparison', () => {
    expect(evaluateConditionGroup(group('or', 'Olinda'), ctx)).toBe(true);
    const none = conditionGroupSchema.parse({
      logicalOperator: 'or',
      comparisons: [
        { id: 'c1', variableId: 'age', operator: 'less', value: '18' },
        { id: 'c2', variableId: 'city', operator: 'equal', value: 'Olinda' },
      ],
    });
    expect(evaluateConditionGroup(none, ctx)).toBe(false);
  });

  it('defaults to AND and refuses an empty group', () => {
    expect(conditionGroupSchema.parse({ comparisons: [{ id: 'c', variableId: 'age', operator: 'is_set' }] }).logicalOperator).toBe('and');
    expect(conditionGroupSchema.safeParse({ comparisons: [] }).success).toBe(false);
  });
});

describe('values', () => {
  it('parseNumberLike reads pt-BR and en numbers and refuses text', () => {
    expect(parseNumberLike('1.234,56')).toBe(1234.56);
    expect(parseNumberLike('1,234.56')).toBe(1234.56);
    expect(parseNumberLike('0,5')).toBe(0.5);
    expect(parseNumberLike(' 42 ')).toBe(42);
    expect(parseNumberLike('R$ 10')).toBeNull();
    expect(parseNumberLike('')).toBeNull();
    expect(parseNumberLike(Number.NaN)).toBeNull();
  });

  it('parseDateLike refuses dates that do not exist instead of rolling them over', () => {
    expect(parseDateLike('31/02/2026')).toBeNull();
    expect(parseDateLike('2026-02-30')).toBeNull();
    expect(parseDateLike('2026-13-01')).toBeNull();
    expect(parseDateLike('2026-03-01T25:00')).toBeNull();
    expect(parseDateLike('2026-03-01 lixo')).toBeNull();
    expect(parseDateLike('29/02/2028')).toBe(Date.UTC(2028, 1, 29));
    expect(parseDateLike('01/04/2026 14:30')).toBe(Date.UTC(2026, 3, 1, 14, 30));
    expect(parseDateLike('2026-03-01T10:00:00.500Z')).toBe(Date.UTC(2026, 2, 1, 10));
  });
});

describe('accent- and case-insensitive text comparisons', () => {
  it('matches what contacts type without accents', async () => {
    const { evaluateComparison } = await import('./conditions.js');
    const { testContext } = await import('../../runtime/context.js');
    const ctx = testContext({ variables: { answer: 'Nao sei', city: 'SÃO PAULO' } });
    const c = (variableId: string, operator: any, value: string) => evaluateComparison({ id: 'x', variableId, operator, value }, ctx);
    expect(c('answer', 'equal', 'não sei')).toBe(true);
    expect(c('city', 'contains', 'sao')).toBe(true);
    expect(c('city', 'starts_with', 'são')).toBe(true);
    expect(c('city', 'ends_with', 'paulo')).toBe(true);
    expect(c('answer', 'equal', 'não')).toBe(false);
    expect(c('city', 'not_contains', 'rio')).toBe(true);
  });
});
