import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../runtime/context.js';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const run = (options: unknown, ctx = testContext()) => executor.run(schema.options.parse(options), ctx);

describe('Image bubble', () => {
  it('sends an image by URL with a rendered caption', async () => {
    const ctx = testContext({ variables: { name: 'Ana' } });
    const out = await run(
      { source: { kind: 'url', url: 'https://cdn.example.com/promo.png' }, caption: 'Oferta para *{{name}}*' },
      ctx,
    );
    expect(out.messages).toEqual([
      { type: 'image', url: 'https://cdn.example.com/promo.png', caption: 'Oferta para *Ana*' },
    ]);
  });

  it('renders a templated URL and percent-encodes what the variable brings', async () => {
    const ctx = testContext({ variables: { sku: 'tênis azul' } });
    const out = await run({ source: { kind: 'url', url: 'https://cdn.example.com/p/{{sku}}.png' } }, ctx);
    expect(out.messages).toEqual([{ type: 'image', url: 'https://cdn.example.com/p/t%C3%AAnis%20azul.png' }]);
  });

  it('accepts a URL that is entirely a variable and checks it once rendered', async () => {
    const ctx = testContext({ variables: { photo: 'http://img.example.org/a.jpg' } });
    const out = await run({ source: { kind: 'url', url: '{{photo}}' } }, ctx);
    expect(out.messages).toEqual([{ type: 'image', url: 'http://img.example.org/a.jpg' }]);
  });

  it('logs an error and sends nothing when the rendered URL is not http(s)', async () => {
    const logs: LogEntry[] = [];
    const ctx = testContext({ variables: { photo: 'not a url' }, logs });
    const out = await run({ source: { kind: 'url', url: '{{photo}}' }, caption: 'Veja' }, ctx);
    expect(out.messages ?? []).toEqual([]);
    expect(logs).toHaveLength(1);
    expect(logs[0].level).toBe('error');
    expect(logs[0].data).toEqual({ template: '{{photo}}', rendered: 'not a url' });
  });

  it('logs an error when the variable holds another scheme', async () => {
    const logs: LogEntry[] = [];
    const ctx = testContext({ variables: { photo: 'javascript:alert(1)' }, logs });
    const out = await run({ source: { kind: 'url', url: '{{photo}}' } }, ctx);
    expect(out.messages ?? []).toEqual([]);
    expect(logs.map((l) => l.level)).toEqual(['error']);
  });

  it('logs an error when an unset variable leaves the URL empty', async () => {
    const logs: LogEntry[] = [];
    const ctx = testContext({ variables: { photo: null }, logs });
    const out = await run({ source: { kind: 'url', url: '{{photo}}' } }, ctx);
    expect(out).toEqual({});
    expect(logs).toHaveLength(1);
  });

  it('resolves an uploaded file through ctx.fileUrl and sends no file name for images', async () => {
    const out = await run({ source: { kind: 'file', fileId: 'f 1', fileName: 'foto.png' } });
    expect(out.messages).toEqual([{ type: 'image', url: '/api/files/f%201' }]);
  });

  it('leaves out a caption that renders blank', async () => {
    const ctx = testContext({ variables: { note: '' } });
    const out = await run({ source: { kind: 'url', url: 'https://x.example.com/a.png' }, caption: '  {{note}} ' }, ctx);
    expect(out.messages?.[0]).not.toHaveProperty('caption');
  });

  it('cuts a rendered caption to the WhatsApp limit and warns', async () => {
    const logs: LogEntry[] = [];
    const ctx = testContext({ variables: { long: 'a'.repeat(2000) }, logs });
    const out = await run({ source: { kind: 'url', url: 'https://x.example.com/a.png' }, caption: '{{long}}' }, ctx);
    const msg = out.messages?.[0] as { caption?: string };
    expect(msg.caption).toHaveLength(1024);
    expect(logs.map((l) => l.level)).toEqual(['warn']);
  });

  it('starts empty, asking for its file', () => {
    expect(schema.options.safeParse(schema.defaults(() => 'id')).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['source.fileId', 'upload a file']]);
  });

  it.each([
    ['ftp://example.com/a.png'],
    ['example.com/a.png'],
    ['   '],
    ['www.site.com/{{id}}.png'],
    ['https://'],
  ])('refuses the URL %j with an error on source.url', (url) => {
    const r = schema.options.safeParse({ source: { kind: 'url', url } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['source', 'url']);
  });

  it('accepts templated URLs with an http(s) prefix', () => {
    expect(schema.options.safeParse({ source: { kind: 'url', url: 'https://x/{{id}}.png' } }).success).toBe(true);
    expect(schema.options.safeParse({ source: { kind: 'url', url: 'HTTP://x.com/{{a}}/{{b}}' } }).success).toBe(true);
  });

  it('refuses a file source without a file id', () => {
    const r = schema.options.safeParse({ source: { kind: 'file', fileId: '' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['source', 'fileId']);
  });

  it('refuses an unknown source kind', () => {
    const r = schema.options.safeParse({ source: { kind: 'ftp', url: 'x' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['source', 'kind']);
  });

  it('refuses a caption over 1024 characters', () => {
    const r = schema.options.safeParse({ source: { kind: 'url', url: 'https://x.com/a.png' }, caption: 'a'.repeat(1025) });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['caption']);
  });
});
