import { describe, expect, it } from 'vitest';
import type { Variables } from '../contract.js';
import { type LogEntry, testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

async function setWith(operation: Record<string, unknown>, variables: Variables = {}, extra: Parameters<typeof testContext>[0] = {}) {
  const logs: LogEntry[] = [];
  const ctx = testContext({ variables: { out: null, ...variables }, logs, ...extra });
  const result = await executor.run(schema.options.parse({ variableId: 'out', operation }), ctx);
  return { result, value: result.set?.out, logs };
}

const expr = (expression: string, variables: Variables = {}) => setWith({ kind: 'expression', expression }, variables);

describe('Set variable: simple values', () => {
  it('renders a template', async () => {
    expect((await setWith({ kind: 'template', value: '{{first}} {{last}}' }, { first: 'Ana', last: 'Souza' })).result).toEqual({
      set: { out: 'Ana Souza' },
    });
  });

  it('now and today use the flow time zone', async () => {
    // 02:30 UTC on the 10th is still the 9th, 23:30, in São Paulo.
    const now = new Date('2026-03-10T02:30:00Z');
    expect((await setWith({ kind: 'now' }, {}, { now })).value).toBe('2026-03-09T23:30');
    expect((await setWith({ kind: 'today' }, {}, { now })).value).toBe('2026-03-09');
    expect((await setWith({ kind: 'today' }, {}, { now, timeZone: 'Asia/Tokyo' })).value).toBe('2026-03-10');
    expect((await setWith({ kind: 'now' }, {}, { now, timeZone: 'Asia/Tokyo' })).value).toBe('2026-03-10T11:30');
  });

  it('falls back to UTC, with a warning, for an unknown time zone', async () => {
    const r = await setWith({ kind: 'now' }, {}, { now: new Date('2026-03-10T02:30:00Z'), timeZone: 'Mars/Olympus' });
    expect(r.value).toBe('2026-03-10T02:30');
    expect(r.logs).toMatchObject([{ level: 'warn' }]);
  });

  it('copies the contact name and phone, or null when the contact has none', async () => {
    const contact = { id: 'c', name: 'João', phone: '+5581999990000' };
    expect((await setWith({ kind: 'contact_name' }, {}, { contact })).value).toBe('João');
    expect((await setWith({ kind: 'contact_phone' }, {}, { contact })).value).toBe('+5581999990000');
    expect((await setWith({ kind: 'contact_name' }, {}, { contact: { id: 'c' } })).result).toEqual({ set: { out: null } });
  });

  it('random ids come from the seeded context', async () => {
    const a = (await setWith({ kind: 'random_id' }, {}, { seed: 1 })).value;
    const b = (await setWith({ kind: 'random_id' }, {}, { seed: 1 })).value;
    const c = (await setWith({ kind: 'random_id' }, {}, { seed: 2 })).value;
    expect(a).toMatch(/^[a-z0-9]{12}$/);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('does nothing, with a warning, when no variable is chosen', async () => {
    const logs: LogEntry[] = [];
    const out = await executor.run(schema.options.parse({ operation: { kind: 'now' } }), testContext({ logs }));
    expect(out).toEqual({});
    expect(logs).toMatchObject([{ level: 'warn' }]);
  });
});

describe('Set variable: append', () => {
  const append = (value: string, current: Variables[string] | undefined, vars: Variables = {}) =>
    setWith({ kind: 'append', value }, current === undefined ? vars : { out: current, ...vars });

  it('appends to a list', async () => {
    expect((await append('{{item}}', ['Pix'], { item: 'Boleto' })).value).toEqual(['Pix', 'Boleto']);
  });

  it('turns a scalar into a list first', async () => {
    expect((await append('b', 'a')).value).toEqual(['a', 'b']);
    expect((await append('b', 3)).value).toEqual([3, 'b']);
  });

  it('starts a list from an empty or unset variable', async () => {
    expect((await append('a', null)).value).toEqual(['a']);
    expect((await append('a', '')).value).toEqual(['a']);
    expect((await append('a', [])).value).toEqual(['a']);
  });
});

describe('Set variable: expression', () => {
  it('computes with variables by name, reading pt-BR numbers', async () => {
    expect((await expr('price * qty', { price: '10,50', qty: '3' })).value).toBe(31.5);
    expect((await expr('round(total * 0.9, 2)', { total: '1.234,56' })).value).toBe(1111.1);
    expect((await expr('sqrt(16) + 2^3')).value).toBe(12);
  });

  it('reads {{name}} as the variable name', async () => {
    expect((await expr('{{ total }} + 1', { total: 41 })).value).toBe(42);
  });

  it('stores 0.1 + 0.2 as 0.3', async () => {
    expect((await expr('0.1 + 0.2')).value).toBe(0.3);
  });

  it('keeps strings as strings and booleans as booleans', async () => {
    expect((await expr('concat(first, " ", last)', { first: 'Ana', last: 'Souza' })).value).toBe('Ana Souza');
    expect((await expr('age >= 18', { age: '20' })).value).toBe(true);
    expect((await expr('age >= 18 ? "adulto" : "menor"', { age: '12' })).value).toBe('menor');
  });

  it('formats matrices and other values as text', async () => {
    expect((await expr('[1, 2] * 2')).value).toBe('[2, 4]');
    expect((await expr('sqrt(-4)')).value).toBe('2i');
    expect((await expr('sum(items)', { items: ['1', '2,5', 3] })).value).toBe(6.5);
  });

  it('returns the last value of several statements', async () => {
    expect((await expr('a = 2; a * 3')).value).toBe(6);
  });

  it('reads an unset variable as empty, so a counter can start from nothing', async () => {
    expect((await expr('count + 1', { count: null })).value).toBe(1);
    expect((await expr('concat(note, "!")', { note: null })).value).toBe('!');
  });

  it('a variable named like a mathjs function or __proto__ is still a variable', async () => {
    expect((await expr('sum * 2', { sum: 4 })).value).toBe(8);
    // JSON.parse makes __proto__ an own key, as a flow variable loaded from the database would be.
    expect((await expr('__proto__ + 1', JSON.parse('{"__proto__": 1}') as Variables)).value).toBe(2);
  });

  it('random functions use the seeded context', async () => {
    const roll = async (seed: number) =>
      (await setWith({ kind: 'expression', expression: 'randomInt(1, 7)' }, {}, { seed })).value as number;
    const rolls = await Promise.all(Array.from({ length: 200 }, (_, i) => roll(i)));
    expect(await roll(5)).toBe(rolls[5]);
    expect(new Set(rolls)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
    const r = (await setWith({ kind: 'expression', expression: 'random(10, 20)' }, {}, { seed: 3 })).value as number;
    expect(r).toBeGreaterThanOrEqual(10);
    expect(r).toBeLessThan(20);
  });

  it.each([
    ['import({ x: 1 })'],
    ['createUnit("foo")'],
    ['evaluate("1 + 1")'],
    ['parse("1 + 1")'],
    ['compile("1 + 1")'],
    ['simplify("x + x")'],
    ['derivative("x^2", "x")'],
    ['resolve("x", {})'],
    ['config({ number: "BigNumber" })'],
    ['cos.constructor("return process")()'],
    ['f(x) = x'],
    ['1 / 0'],
    ['nothing + 1'],
    ['"abc" + 1'],
    ['1 +'],
  ])('%s: logs an error and leaves the variable unchanged', async (expression) => {
    const { result, logs } = await setWith({ kind: 'expression', expression }, { out: 'before' });
    expect(result).toEqual({});
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ level: 'error', data: { expression } });
  });

  it.each([
    ['f(n) = n > 0 ? f(n - 1) + f(n - 1) : 1; f(60)', 'defining functions is not supported'],
    ['zeros(100000, 100000)', 'zeros: the result would hold more than 10000 values'],
    ['ones([1000, 1000])', 'ones: the result would hold more than 10000 values'],
    ['identity(20000)', 'identity: the result would hold more than 10000 values'],
    ['range(0, 1e9)', 'range: the result would hold more than 10000 values'],
    ['range("1:1e9")', 'range: the result would hold more than 10000 values'],
    ['kron(ones(100, 100), ones(100, 100))', 'kron: the result would hold more than 10000 values'],
    ['diag(range(0, 9000))', 'diag: the result would hold more than 10000 values'],
    ['a = concat(big, big); b = concat(a, a); c = concat(b, b)', 'concat: the result would be longer than 100000 characters'],
  ])('%s: refused before it can exhaust time or memory', async (expression, message) => {
    const { result, logs } = await setWith({ kind: 'expression', expression }, { big: 'x'.repeat(30_000) }, { locale: 'en' });
    expect(result).toEqual({});
    expect(logs[0]?.message).toBe(`expression failed: ${message}`);
  });

  it("logs the failure in the flow's language", async () => {
    const { logs } = await setWith({ kind: 'expression', expression: '1 +' }, {}, { locale: 'pt-BR' });
    expect(logs[0]?.message).toMatch(/^a expressão falhou: /);
  });

  it('small matrices, ranges and texts still work', async () => {
    expect((await expr('sum(range(1, 101))')).value).toBe(5050);
    expect((await expr('sum(zeros(10, 10)) + det(identity(3))')).value).toBe(1);
    expect((await expr('concat("R$ ", "10")')).value).toBe('R$ 10');
    expect((await expr('size(kron(ones(2, 2), ones(3, 3)))')).value).toBe('[6, 6]');
  });

  it('a disabled config call leaves number handling alone for later evaluations', async () => {
    await expr('config({ number: "BigNumber" })');
    expect((await expr('1 / 3')).value).toBe(0.333333333333333);
  });

  it("a contact's text is data, never code", async () => {
    expect((await expr('concat(answer, "")', { answer: 'import({})' })).value).toBe('import({})');
  });
});

describe('Set variable: schema', () => {
  it('defaults parse', () => {
    expect(schema.options.parse(schema.defaults(() => 'x'))).toEqual({ operation: { kind: 'template', value: '' } });
  });

  it('refuses an unknown operation and an empty expression', () => {
    expect(schema.options.safeParse({ variableId: 'v', operation: { kind: 'eval' } }).success).toBe(false);
    const empty = schema.options.safeParse({ variableId: 'v', operation: { kind: 'expression', expression: ' ' } });
    expect(empty.error!.issues.map((i) => i.path)).toEqual([['operation', 'expression']]);
  });
});
