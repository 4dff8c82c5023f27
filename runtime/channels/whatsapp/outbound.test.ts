import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../../../blocks/contract.js';
import { PermanentSendError } from '../contract.js';
import { toWhatsAppFormatting } from './format.js';
import { oziaFileId, renderForWhatsApp, whatsappCapabilities, type OziaFile, type RenderOptions, type RenderedMessage } from './outbound.js';
import { pollOptionHash } from './poll-vote.js';
import { content, mediaServer } from './testing/messages.js';
import { cutText, splitText } from './text-split.js';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b40000000049454e44ae426082', 'hex');
const files: Record<string, OziaFile> = {
  img1: { data: png, mime: 'image/png', name: 'foto.png' },
  pic2: { data: png, mime: 'image/png', name: 'b.png' },
  doc1: { data: Buffer.from('%PDF-1.4 x'), mime: 'application/pdf', name: 'contrato.pdf' },
  voz: { data: Buffer.from('OggS....'), mime: 'audio/ogg', name: 'voz.ogg' },
};

function options(over: Partial<RenderOptions> = {}): RenderOptions & { reads: string[] } {
  const reads: string[] = [];
  return {
    polls: false,
    splitLong: true,
    readFile: async (id) => {
      reads.push(id);
      return files[id] ?? null;
    },
    randomBytes: (n) => Buffer.alloc(n, 7),
    reads,
    ...over,
  };
}

let server: Awaited<ReturnType<typeof mediaServer>>;
beforeAll(async () => {
  server = await mediaServer();
});
afterAll(() => server.close());

/** Every rendered part must be content Baileys really builds a message from. */
async function built(parts: RenderedMessage[]) {
  return Promise.all(parts.map((p) => content(p.content, server.upload)));
}

describe('WhatsApp formatting', () => {
  it('rewrites Markdown bold, strike, code, headings and links; leaves WhatsApp style alone', () => {
    expect(toWhatsAppFormatting('**Atenção**: pedido ~~cancelado~~ _confirmado_')).toBe('*Atenção*: pedido ~cancelado~ _confirmado_');
    expect(toWhatsAppFormatting('já *negrito* no estilo WhatsApp')).toBe('já *negrito* no estilo WhatsApp');
    expect(toWhatsAppFormatting('use o código `PROMO10`')).toBe('use o código ```PROMO10```');
    expect(toWhatsAppFormatting('```\nconst **x** = 1\n```')).toBe('```const **x** = 1```');
    expect(toWhatsAppFormatting('## Horários\nSeg a Sex')).toBe('*Horários*\nSeg a Sex');
    expect(toWhatsAppFormatting('veja [o site](https://ozia.example/ajuda)')).toBe('veja o site (https://ozia.example/ajuda)');
    expect(toWhatsAppFormatting('2 ** 3 e a__b')).toBe('2 ** 3 e a__b');
  });
});

describe('text split', () => {
  it('splits on paragraphs first, then sentences, each part within the limit, nothing lost', () => {
    const p1 = 'Primeiro parágrafo. '.repeat(10).trim();
    const p2 = 'Segundo parágrafo com frases. Outra frase aqui! E mais uma? '.repeat(5).trim();
    const parts = splitText(`${p1}\n\n${p2}`, 250);
    expect(parts[0]).toBe(p1);
    expect(parts.every((p) => p.length <= 250)).toBe(true);
    expect(parts.slice(1).every((p) => /[.!?]$/.test(p))).toBe(true);
    expect(parts.join(' ').replace(/\s+/g, ' ')).toBe(`${p1} ${p2}`.replace(/\s+/g, ' '));
  });

  it('cuts a word longer than the limit; cutText ends on a word with an ellipsis', () => {
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
    const cut = cutText('uma frase bem comprida para cortar', 20);
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(cut).toBe('uma frase bem…');
  });
});

describe('renderForWhatsApp', () => {
  it('declares what WhatsApp by QR can show: no buttons or lists, polls up to 12', () => {
    expect(whatsappCapabilities).toMatchObject({ buttons: null, lists: null, polls: { maxOptions: 12, labelMax: 100 }, maxText: 4096, typing: true, receipts: true, revoke: true, quote: true });
  });

  it('a text goes formatted; a long text is split when allowed and cut otherwise', async () => {
    const [t] = await renderForWhatsApp({ type: 'text', text: '**Olá**, tudo bem?' }, options());
    expect(t.content).toEqual({ text: '*Olá*, tudo bem?' });
    const long = Array.from({ length: 30 }, (_, i) => `Parágrafo ${i} ${'palavra '.repeat(30).trim()}.`).join('\n\n');
    const split = await renderForWhatsApp({ type: 'text', text: long }, options());
    expect(split.length).toBeGreaterThan(1);
    expect(split.every((p) => (p.content as { text: string }).text.length <= 4096)).toBe(true);
    const cut = await renderForWhatsApp({ type: 'text', text: long }, options({ splitLong: false }));
    expect(cut).toHaveLength(1);
    expect((cut[0].content as { text: string }).text.endsWith('…')).toBe(true);
    const m = await built(split);
    expect(m[0].extendedTextMessage?.text?.startsWith('Parágrafo 0')).toBe(true);
  });

  it('media from Ozia files are sent as bytes with their caption and type', async () => {
    const o = options();
    const [img] = await renderForWhatsApp({ type: 'image', url: '/api/files/img1', caption: '**Cardápio**' }, o);
    expect(img.content).toMatchObject({ image: png, mimetype: 'image/png', caption: '*Cardápio*' });
    const [doc] = await renderForWhatsApp({ type: 'document', url: '/api/files/doc1?exp=99&sig=abc' }, o);
    expect(doc.content).toMatchObject({ document: files.doc1.data, mimetype: 'application/pdf', fileName: 'contrato.pdf' });
    expect(o.reads).toEqual(['img1', 'doc1']);
    const [mImg, mDoc] = await built([img, doc]);
    expect(mImg.imageMessage).toMatchObject({ caption: '*Cardápio*', mimetype: 'image/png' });
    expect(mDoc.documentMessage).toMatchObject({ fileName: 'contrato.pdf', mimetype: 'application/pdf' });
  });

  it('a file that is not of the bubble\'s type goes as a document', async () => {
    const [p] = await renderForWhatsApp({ type: 'image', url: '/api/files/doc1', caption: 'era pra ser foto' }, options());
    expect(p.content).toMatchObject({ document: files.doc1.data, mimetype: 'application/pdf', fileName: 'contrato.pdf', caption: 'era pra ser foto' });
  });

  it('an Ogg audio goes as a voice note and its caption as a text after it; an outside https file goes by url', async () => {
    const parts = await renderForWhatsApp({ type: 'audio', url: '/api/files/voz', caption: 'ouça' }, options());
    expect(parts.map((p) => p.content)).toEqual([{ audio: files.voz.data, mimetype: 'audio/ogg', ptt: true }, { text: 'ouça' }]);
    const [v] = await renderForWhatsApp({ type: 'video', url: 'https://cdn.example/v/intro.mp4' }, options());
    expect(v.content).toEqual({ video: { url: 'https://cdn.example/v/intro.mp4' }, mimetype: 'video/mp4' });
  });

  it('a missing Ozia file or an address WhatsApp cannot fetch fails permanently with the reason', async () => {
    await expect(renderForWhatsApp({ type: 'image', url: '/api/files/nope' }, options())).rejects.toThrow(PermanentSendError);
    await expect(renderForWhatsApp({ type: 'image', url: '/api/files/nope' }, options())).rejects.toThrow('file nope not found');
    await expect(renderForWhatsApp({ type: 'image', url: 'ftp://x/y.png' }, options())).rejects.toThrow(PermanentSendError);
  });

  it('reads Ozia file ids from relative, signed and absolute URLs', () => {
    expect(oziaFileId('/api/files/abc_1')).toBe('abc_1');
    expect(oziaFileId('https://ozia.example/api/files/abc%2D1?exp=1&sig=2')).toBe('abc-1');
    expect(oziaFileId('https://other.example/files/abc')).toBeNull();
  });

  const choice: OutgoingMessage = {
    type: 'choice',
    text: 'Como podemos ajudar?',
    multiple: false,
    items: [
      { id: 'a', label: 'Suporte', description: 'problemas técnicos' },
      { id: 'b', label: 'Financeiro' },
      { id: 'c', label: 'Vendas' },
    ],
  };

  it('a choice is always numbered text; without polls nothing else', async () => {
    const parts = await renderForWhatsApp(choice, options());
    expect(parts.map((p) => p.content)).toEqual([{ text: 'Como podemos ajudar?\n\n1. Suporte — problemas técnicos\n2. Financeiro\n3. Vendas' }]);
  });

  it('with polls the numbered text is followed by a single-choice poll whose record maps votes back to items', async () => {
    const parts = await renderForWhatsApp(choice, options({ polls: true }));
    expect(parts).toHaveLength(2);
    const p = parts[1];
    expect(p.content).toEqual({ poll: { name: 'Como podemos ajudar?', values: ['Suporte', 'Financeiro', 'Vendas'], selectableCount: 1, messageSecret: Buffer.alloc(32, 7) } });
    expect(p.poll).toEqual({ itemIds: ['a', 'b', 'c'], labels: ['Suporte', 'Financeiro', 'Vendas'], secret: Buffer.alloc(32, 7).toString('base64') });
    const [, m] = await built(parts);
    expect(m.pollCreationMessageV3?.options?.map((o) => o.optionName)).toEqual(['Suporte', 'Financeiro', 'Vendas']);
    expect(Buffer.from(m.messageContextInfo!.messageSecret!).toString('base64')).toBe(p.poll!.secret);
    expect(pollOptionHash('Financeiro')).toHaveLength(32);
  });

  it('no poll for several choices (WhatsApp votes on every tick), beyond 12 options, or for one option', async () => {
    const several = await renderForWhatsApp({ ...choice, multiple: true }, options({ polls: true }));
    expect(several).toHaveLength(1);
    expect((several[0].content as { text: string }).text).toContain('_Envie os números separados por vírgula, por exemplo: 1, 3_');
    const many = Array.from({ length: 13 }, (_, i) => ({ id: `i${i}`, label: `Opção ${i + 1}` }));
    expect(await renderForWhatsApp({ type: 'choice', multiple: false, items: many }, options({ polls: true }))).toHaveLength(1);
    expect(await renderForWhatsApp({ type: 'choice', multiple: false, items: [many[0]] }, options({ polls: true }))).toHaveLength(1);
  });

  it('poll options are cut to 100 characters, numbered when cutting makes two alike; the default question is localized', async () => {
    const long = 'x'.repeat(150);
    const parts = await renderForWhatsApp({ type: 'choice', multiple: false, items: [{ id: '1', label: `${long}a` }, { id: '2', label: `${long}b` }] }, options({ polls: true, locale: 'en' }));
    const poll = parts[1].content as { poll: { name: string; values: string[] } };
    expect(poll.poll.name).toBe('Choose an option');
    expect(poll.poll.values.every((v) => v.length <= 100)).toBe(true);
    expect(poll.poll.values[0].startsWith('1. ')).toBe(true);
    expect(new Set(poll.poll.values).size).toBe(2);
    expect(parts[1].poll!.labels).toEqual(poll.poll.values);
  });

  it('a picture choice sends each picture with its number, then the question with the list', async () => {
    const o = options({ polls: true });
    const parts = await renderForWhatsApp(
      {
        type: 'choice',
        text: 'Qual modelo?',
        multiple: false,
        items: [
          { id: 'm1', label: 'Clássico', imageUrl: '/api/files/img1' },
          { id: 'm2', label: 'Moderno', imageUrl: '/api/files/pic2', description: 'novo' },
          { id: 'm3', label: 'Sem foto', imageUrl: '/api/files/missing' },
        ],
      },
      o,
    );
    expect(parts.map((p) => Object.keys(p.content)[0])).toEqual(['image', 'image', 'text', 'poll']);
    expect(parts[0].content).toMatchObject({ image: png, caption: '1. Clássico' });
    expect(parts[1].content).toMatchObject({ caption: '2. Moderno\nnovo' });
    expect(parts[2].content).toEqual({ text: 'Qual modelo?\n\n1. Clássico\n2. Moderno — novo\n3. Sem foto' });
    expect(o.reads).toEqual(['img1', 'pic2', 'missing']);
    const m = await built(parts);
    expect(m[0].imageMessage?.caption).toBe('1. Clássico');
  });
});
