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

describe('Text bubble outside the 24-hour window', () => {
  it('carries the template fallback with its values rendered; switched off, nothing', async () => {
    const ctx = testContext({ variables: { name: 'Ana', order: '123' } });
    const options = schema.options.parse({
      text: 'Oi {{name}}, seu pedido {{order}} saiu',
      outsideWindow: { enabled: true, name: 'pedido_enviado', language: 'pt_BR', values: [{ id: 'v1', value: '{{name}}' }, { id: 'v2', name: '', value: '{{order}}' }] },
    });
    const out = await executor.run(options, ctx);
    expect(out.messages).toEqual([
      {
        type: 'text',
        text: 'Oi Ana, seu pedido 123 saiu',
        outsideWindow: { name: 'pedido_enviado', language: 'pt_BR', params: [{ component: 'body', value: 'Ana' }, { component: 'body', value: '123' }] },
      },
    ]);
    const off = await executor.run(schema.options.parse({ text: 'Oi', outsideWindow: { enabled: false, name: '' } }), ctx);
    expect(off.messages).toEqual([{ type: 'text', text: 'Oi' }]);
  });

  it('names the field: a fallback switched on needs the template name, values need text', () => {
    const r = schema.options.safeParse({ text: 'Oi', outsideWindow: { enabled: true, name: '', values: [{ id: 'v', value: ' ' }] } });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['outsideWindow.name', 'outsideWindow.values.0.value']));
  });
});
