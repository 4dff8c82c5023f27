import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const run = (options: unknown, ctx = testContext()) => executor.run(schema.options.parse(options), ctx);

describe('Document bubble', () => {
  it('sends a document with a rendered file name and caption', async () => {
    const ctx = testContext({ variables: { order: '1234' } });
    const out = await run(
      {
        source: { kind: 'url', url: 'https://api.example.com/boletos/{{order}}' },
        fileName: 'boleto-{{order}}.pdf',
        caption: 'Seu boleto do pedido {{order}}',
      },
      ctx,
    );
    expect(out.messages).toEqual([
      {
        type: 'document',
        url: 'https://api.example.com/boletos/1234',
        fileName: 'boleto-1234.pdf',
        caption: 'Seu boleto do pedido 1234',
      },
    ]);
  });

  it('names a linked document after the last part of its URL when no file name is given', async () => {
    const out = await run({ source: { kind: 'url', url: 'https://x.example.com/docs/Tabela%20de%20pre%C3%A7os.pdf?v=2' } });
    expect(out.messages).toEqual([
      {
        type: 'document',
        url: 'https://x.example.com/docs/Tabela%20de%20pre%C3%A7os.pdf?v=2',
        fileName: 'Tabela de preços.pdf',
      },
    ]);
  });

  it('sends no file name when the URL has no path', async () => {
    const out = await run({ source: { kind: 'url', url: 'https://x.example.com' } });
    expect(out.messages).toEqual([{ type: 'document', url: 'https://x.example.com/' }]);
  });

  it('uses the uploaded file name for an uploaded file, and the option over it', async () => {
    const uploaded = await run({ source: { kind: 'file', fileId: 'doc_7', fileName: 'contrato.pdf' } });
    expect(uploaded.messages).toEqual([{ type: 'document', url: '/api/files/doc_7', fileName: 'contrato.pdf' }]);
    const renamed = await run({
      source: { kind: 'file', fileId: 'doc_7', fileName: 'contrato.pdf' },
      fileName: 'Contrato Ana.pdf',
    });
    expect(renamed.messages).toEqual([{ type: 'document', url: '/api/files/doc_7', fileName: 'Contrato Ana.pdf' }]);
  });

  it('falls back when the file name template renders blank', async () => {
    const ctx = testContext({ variables: { nome: '' } });
    const out = await run({ source: { kind: 'file', fileId: 'doc_7', fileName: 'contrato.pdf' }, fileName: '{{nome}}' }, ctx);
    expect(out.messages).toEqual([{ type: 'document', url: '/api/files/doc_7', fileName: 'contrato.pdf' }]);
  });

  it('refuses a file name over 240 characters with an error on fileName', () => {
    const r = schema.options.safeParse({ source: { kind: 'file', fileId: 'd' }, fileName: 'a'.repeat(241) });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['fileName']);
  });

  it('starts empty, asking for its file', () => {
    expect(schema.defaults(() => 'id')).toEqual({ source: { kind: 'file', fileId: '' } });
    expect(schema.options.safeParse(schema.defaults(() => 'id')).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['source.fileId', 'upload a file']]);
  });
});
