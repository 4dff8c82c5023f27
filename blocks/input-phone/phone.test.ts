import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const answer = async (text: string, options: Record<string, unknown> = {}, ctx = testContext()) =>
  executor.reply!(schema.options.parse({ variableId: 'phone', ...options }), { text }, ctx, undefined);

describe('Phone input', () => {
  it('waits for a reply without a prompt', async () => {
    expect(schema.isInput).toBe(true);
    expect(await executor.run(schema.options.parse(schema.defaults(() => 'id')), testContext())).toEqual({
      wait: { for: 'reply' },
    });
  });

  it.each([
    ['11 98765-4321', '+5511987654321'],
    ['(11) 98765-4321', '+5511987654321'],
    ['11987654321', '+5511987654321'],
    ['+55 11 98765-4321', '+5511987654321'],
    ['011 98765-4321', '+5511987654321'],
    ['(21) 3456-7890', '+552134567890'],
    ['+1 415 555 2671', '+14155552671'],
    ['+351 912 345 678', '+351912345678'],
    ['meu celular é (11) 98765-4321', '+5511987654321'],
  ])('saves %j in E.164 as %s with BR as the default country', async (text, saved) => {
    expect(await answer(text)).toEqual({ ok: true, set: { phone: saved } });
  });

  it.each(['123', '', 'não sei', '11 8765-4321', '(11) 98765-432', '+55 11 98765-43210'])('refuses %j', async (text) => {
    expect((await answer(text)).ok).toBe(false);
  });

  it('reads numbers without + in the configured country', async () => {
    expect(await answer('912 345 678', { defaultCountry: 'PT' })).toEqual({ ok: true, set: { phone: '+351912345678' } });
    expect(await answer('(415) 555-2671', { defaultCountry: 'us' })).toEqual({ ok: true, set: { phone: '+14155552671' } });
    expect((await answer('912 345 678')).ok).toBe(false);
  });

  it('gives the reason in the flow locale', async () => {
    expect(await answer('123', {}, testContext({ locale: 'en' }))).toEqual({
      ok: false,
      reason: 'the answer is not a valid phone number',
    });
  });

  it('does not set a variable when none is chosen', async () => {
    const r = await executor.reply!(schema.options.parse({}), { text: '11 98765-4321' }, testContext(), undefined);
    expect(r).toEqual({ ok: true });
  });

  it('defaults to Brazil and upper-cases the country', () => {
    expect(schema.options.parse({}).defaultCountry).toBe('BR');
    expect(schema.options.parse({ defaultCountry: ' pt ' }).defaultCountry).toBe('PT');
  });

  it.each(['BRA', 'XX', '', 'Brasil'])('refuses the country %j on defaultCountry', (defaultCountry) => {
    const r = schema.options.safeParse({ defaultCountry });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['defaultCountry']);
  });
});
