import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const answer = async (text: string, options: Record<string, unknown> = { variableId: 'site' }, ctx = testContext()) =>
  executor.reply!(schema.options.parse(options), { text }, ctx, undefined);

describe('Website input', () => {
  it('waits for a reply without a prompt', async () => {
    expect(schema.isInput).toBe(true);
    expect(await executor.run(schema.options.parse(schema.defaults(() => 'id')), testContext())).toEqual({
      wait: { for: 'reply' },
    });
  });

  it.each([
    ['example.com', 'https://example.com/'],
    ['  www.Loja.com.br  ', 'https://www.loja.com.br/'],
    ['https://example.com/x', 'https://example.com/x'],
    ['HTTPS://Example.com/Produtos?id=1#top', 'https://example.com/Produtos?id=1#top'],
    ['http://legacy.example.org', 'http://legacy.example.org/'],
    ['example.com:8080/painel', 'https://example.com:8080/painel'],
    ['padaria-são-josé.com.br', 'https://xn--padaria-so-jos-yhb5h.com.br/'],
  ])('saves %j as %j', async (text, saved) => {
    expect(await answer(text)).toEqual({ ok: true, set: { site: saved } });
  });

  it.each([
    '',
    'example',
    'localhost',
    'exa mple.com',
    'https://example.com/a b',
    'ftp://example.com',
    'javascript:alert(1)',
    'ana@example.com',
    'https://user:pw@example.com',
    '1.5',
    '192.168.0.1',
    'example..com',
    '.com',
    'não tenho',
  ])('refuses %j', async (text) => {
    expect((await answer(text)).ok).toBe(false);
  });

  it('gives the reason in the flow locale', async () => {
    expect(await answer('nope', { variableId: 'site' }, testContext({ locale: 'pt-BR' }))).toEqual({
      ok: false,
      reason: 'a resposta não é um endereço de site',
    });
  });

  it('does not set a variable when none is chosen', async () => {
    expect(await answer('example.com', {})).toEqual({ ok: true });
  });

  it('refuses a non-string variable id on variableId', () => {
    const r = schema.options.safeParse({ variableId: 5 });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['variableId']);
  });
});
