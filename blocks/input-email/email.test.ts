import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const answer = async (text: string, options: Record<string, unknown> = { variableId: 'email' }, ctx = testContext()) =>
  executor.reply!(schema.options.parse(options), { text }, ctx, undefined);

describe('Email input', () => {
  it('waits for a reply without a prompt', async () => {
    expect(schema.isInput).toBe(true);
    expect(await executor.run(schema.options.parse(schema.defaults(() => 'id')), testContext())).toEqual({
      wait: { for: 'reply' },
    });
  });

  it.each([
    ['ana@example.com', 'ana@example.com'],
    ['  Ana.Souza@Example.COM.br \n', 'ana.souza@example.com.br'],
    ['joao+pedidos@empresa.com', 'joao+pedidos@empresa.com'],
    ['mailto:Suporte@Loja.com', 'suporte@loja.com'],
  ])('saves %j as %j', async (text, saved) => {
    expect(await answer(text)).toEqual({ ok: true, set: { email: saved } });
  });

  it.each(['', 'ana', 'ana@', '@example.com', 'ana@example', 'ana souza@example.com', 'ana@@example.com', 'meu email é ana@example.com'])(
    'refuses %j',
    async (text) => {
      expect((await answer(text)).ok).toBe(false);
    },
  );

  it('gives the reason in the flow locale', async () => {
    expect(await answer('x', { variableId: 'email' }, testContext({ locale: 'en' }))).toEqual({
      ok: false,
      reason: 'the answer is not an email address',
    });
  });

  it('does not set a variable when none is chosen', async () => {
    expect(await answer('ana@example.com', {})).toEqual({ ok: true });
  });

  it('refuses a retry limit out of range on maxRetries', () => {
    const r = schema.options.safeParse({ maxRetries: 50 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['maxRetries']);
  });
});
