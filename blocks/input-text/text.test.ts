import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const answer = (options: Record<string, unknown>, text: string, ctx = testContext()) =>
  executor.reply!(schema.options.parse({ variableId: 'answer', ...options }), { text }, ctx, undefined);

describe('Text input', () => {
  it('is an input that waits for a reply without sending a prompt', async () => {
    expect(schema.isInput).toBe(true);
    expect(schema.category).toBe('inputs');
    expect(await executor.run(schema.options.parse(schema.defaults(() => 'id')), testContext())).toEqual({
      wait: { for: 'reply' },
    });
  });

  it('saves the trimmed answer', async () => {
    expect(await answer({}, '  Ana Souza \n')).toEqual({ ok: true, set: { answer: 'Ana Souza' } });
  });

  it.each(['', '   ', '\n\t'])('refuses the empty answer %j', async (text) => {
    expect((await answer({}, text)).ok).toBe(false);
  });

  it('does not set a variable when none is chosen', async () => {
    const r = await executor.reply!(schema.options.parse({}), { text: 'oi' }, testContext(), undefined);
    expect(r).toEqual({ ok: true });
    expect(r).not.toHaveProperty('set');
  });

  it('applies minLength and maxLength inclusively, counting trimmed characters', async () => {
    const opts = { minLength: 3, maxLength: 5 };
    expect((await answer(opts, ' ab ')).ok).toBe(false);
    expect(await answer(opts, ' abc ')).toEqual({ ok: true, set: { answer: 'abc' } });
    expect(await answer(opts, 'abcde')).toEqual({ ok: true, set: { answer: 'abcde' } });
    expect((await answer(opts, 'abcdef')).ok).toBe(false);
  });

  it('counts an emoji as one character', async () => {
    expect((await answer({ maxLength: 1 }, '😀')).ok).toBe(true); // two UTF-16 units
    expect((await answer({ maxLength: 1 }, '👍🏽')).ok).toBe(true); // thumbs + skin tone: two code points
    expect((await answer({ maxLength: 1 }, 'a\u0303')).ok).toBe(true); // ã typed with a combining tilde
    expect((await answer({ maxLength: 1 }, '👍🏽👍🏽')).ok).toBe(false);
  });

  it('explains the length rule in the flow locale', async () => {
    const r = await answer({ minLength: 10 }, 'curto', testContext({ locale: 'pt-BR' }));
    expect(r).toEqual({ ok: false, reason: 'a resposta precisa de pelo menos 10 caracteres' });
    const en = await answer({ minLength: 10 }, 'short', testContext({ locale: 'en' }));
    expect(en).toEqual({ ok: false, reason: 'the answer needs at least 10 characters' });
  });

  it('requires the whole answer to match the pattern', async () => {
    const cep = { pattern: '\\d{5}-?\\d{3}' };
    expect(await answer(cep, ' 01310-100 ')).toEqual({ ok: true, set: { answer: '01310-100' } });
    expect(await answer(cep, '01310100')).toEqual({ ok: true, set: { answer: '01310100' } });
    expect((await answer(cep, 'meu cep é 01310-100')).ok).toBe(false);
    expect((await answer(cep, '01310-1000')).ok).toBe(false);
  });

  it('supports unicode classes in patterns', async () => {
    const letters = { pattern: '[\\p{L} ]+' };
    expect((await answer(letters, 'João Conceição')).ok).toBe(true);
    expect((await answer(letters, 'R2D2')).ok).toBe(false);
  });

  it('accepts legacy patterns that only compile without unicode mode', async () => {
    const opts = { pattern: '[a-z]+\\-[0-9]+' };
    expect(schema.options.safeParse(opts).success).toBe(true);
    expect((await answer(opts, 'abc-12')).ok).toBe(true);
    expect((await answer(opts, 'abc12')).ok).toBe(false);
  });

  it('gives the rendered pattern message as the reason', async () => {
    const ctx = testContext({ variables: { nome: 'Ana' } });
    const r = await answer({ pattern: '\\d+', patternMessage: '{{nome}}, use só números' }, 'abc', ctx);
    expect(r).toEqual({ ok: false, reason: 'Ana, use só números' });
  });

  it('refuses a pattern that does not compile, on the pattern field', () => {
    const r = schema.options.safeParse({ pattern: '([a-z' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['pattern']);
  });

  it('refuses a maximum below the minimum, on maxLength', () => {
    const r = schema.options.safeParse({ minLength: 5, maxLength: 4 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['maxLength']);
    expect(schema.options.safeParse({ minLength: 5, maxLength: 5 }).success).toBe(true);
  });

  it('refuses a fractional length on its field', () => {
    const r = schema.options.safeParse({ minLength: 2.5 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['minLength']);
  });
});
