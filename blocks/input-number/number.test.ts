import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const answer = async (options: Record<string, unknown>, text: string, ctx = testContext()) =>
  executor.reply!(schema.options.parse({ variableId: 'qty', ...options }), { text }, ctx, undefined);

describe('Number input', () => {
  it('waits for a reply without a prompt', async () => {
    expect(schema.isInput).toBe(true);
    expect(await executor.run(schema.options.parse(schema.defaults(() => 'id')), testContext())).toEqual({
      wait: { for: 'reply' },
    });
  });

  it.each([
    ['42', 42],
    [' 42 ', 42],
    ['1,5', 1.5],
    ['1.234,56', 1234.56],
    ['1.000.000', 1_000_000],
    ['-3', -3],
    ['0,75', 0.75],
    ['2.5', 2.5],
    ['-0', 0],
  ])('reads %j as %d and saves a number', async (text, value) => {
    const r = await answer({}, text);
    expect(r).toEqual({ ok: true, set: { qty: value } });
    expect(r.ok && Object.is(r.set?.qty, value)).toBe(true);
  });

  it.each(['', 'dez', '12abc', '1,2,3', 'R$', '--1'])('refuses %j', async (text) => {
    expect((await answer({}, text)).ok).toBe(false);
  });

  it('keeps min and max inclusive', async () => {
    const range = { min: 1, max: 10 };
    expect((await answer(range, '0,99')).ok).toBe(false);
    expect(await answer(range, '1')).toEqual({ ok: true, set: { qty: 1 } });
    expect(await answer(range, '10,0')).toEqual({ ok: true, set: { qty: 10 } });
    expect((await answer(range, '10,01')).ok).toBe(false);
  });

  it('explains an out-of-range answer in the flow locale', async () => {
    expect(await answer({ max: 5 }, '6', testContext({ locale: 'en' }))).toEqual({
      ok: false,
      reason: 'the answer must be at most 5',
    });
    expect(await answer({ min: 2.5 }, '1', testContext({ locale: 'pt-BR' }))).toEqual({
      ok: false,
      reason: 'a resposta precisa ser no mínimo 2,5',
    });
  });

  it('refuses decimals when they are not allowed, but accepts thousands separators', async () => {
    const whole = { allowDecimals: false };
    expect((await answer(whole, '1,5')).ok).toBe(false);
    expect(await answer(whole, '1.500')).toEqual({ ok: true, set: { qty: 1500 } });
    expect(await answer(whole, '3,0')).toEqual({ ok: true, set: { qty: 3 } });
  });

  it('does not set a variable when none is chosen', async () => {
    const r = await executor.reply!(schema.options.parse({}), { text: '7' }, testContext(), undefined);
    expect(r).toEqual({ ok: true });
  });

  it('refuses a maximum below the minimum on max, and accepts equal bounds', () => {
    const r = schema.options.safeParse({ min: 10, max: 1 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['max']);
    expect(schema.options.safeParse({ min: 3, max: 3 }).success).toBe(true);
  });

  it('refuses a non-number bound on its field', () => {
    const r = schema.options.safeParse({ min: '5' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['min']);
  });

  it('defaults to allowing decimals', () => {
    expect(schema.options.parse({}).allowDecimals).toBe(true);
  });
});
