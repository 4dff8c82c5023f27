import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

describe('Text bubble', () => {
  it('renders variables and keeps WhatsApp formatting as text', async () => {
    const ctx = testContext({ variables: { name: 'Ana' } });
    const out = await executor.run(schema.options.parse({ text: 'Olá *{{name}}*, _tudo bem?_' }), ctx);
    expect(out.messages).toEqual([{ type: 'text', text: 'Olá *Ana*, _tudo bem?_' }]);
  });

  it('renders an unset variable as empty and uses helpers', async () => {
    const ctx = testContext({ variables: { name: null } });
    const out = await executor.run(schema.options.parse({ text: 'Oi {{default name "cliente"}}!' }), ctx);
    expect(out.messages).toEqual([{ type: 'text', text: 'Oi cliente!' }]);
  });

  it('sends nothing when the template renders to blank', async () => {
    const ctx = testContext({ variables: { note: '' } });
    const out = await executor.run(schema.options.parse({ text: '{{note}}' }), ctx);
    expect(out.messages ?? []).toEqual([]);
  });

  it('refuses empty text with a field error', () => {
    const r = schema.options.safeParse({ text: '   ' });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['text']);
  });
});
