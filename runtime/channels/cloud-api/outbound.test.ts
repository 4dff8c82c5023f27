// Block output as Cloud API bodies: what goes as buttons, as a list, as numbered text, and how
// media and long texts are shaped to Meta's limits.
import { describe, expect, it } from 'vitest';
import { renderForCloudApi, type CloudRenderOptions } from './outbound.js';

const uploads: string[] = [];
const opts: CloudRenderOptions = {
  splitLong: true,
  upload: async (fileId) => {
    uploads.push(fileId);
    return fileId === 'missing' ? null : { id: `media-${fileId}`, mime: fileId === 'pdf' ? 'application/pdf' : 'image/png', name: `${fileId}.bin` };
  },
};
const items = (n: number, label = (i: number) => `Opção ${i + 1}`) => Array.from({ length: n }, (_, i) => ({ id: `i${i + 1}`, label: label(i) }));

describe('Cloud API rendering', () => {
  it('up to 3 options are reply buttons with the option ids; a label past 20 characters makes it a list instead of being cut', async () => {
    const [b] = await renderForCloudApi({ type: 'choice', text: 'Escolha', multiple: false, items: items(3) }, opts);
    expect(b).toEqual({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Escolha' },
        action: { buttons: [1, 2, 3].map((n) => ({ type: 'reply', reply: { id: `i${n}`, title: `Opção ${n}` } })) },
      },
    });
    const [l] = await renderForCloudApi({ type: 'choice', multiple: false, items: items(2, (i) => (i === 0 ? 'Segunda via do boleto' : 'Outro')) }, opts);
    expect((l as any).interactive.type).toBe('list');
    expect((l as any).interactive.action.sections[0].rows[0]).toEqual({ id: 'i1', title: 'Segunda via do boleto' });
  });

  it('4 to 10 options (or options with descriptions) are a list; a cut label keeps its words in the description', async () => {
    const [l] = await renderForCloudApi({ type: 'choice', multiple: false, items: items(10, (i) => (i === 9 ? 'Uma opção com um nome muito comprido' : `Opção ${i + 1}`)) }, { ...opts, locale: 'en' });
    const i = (l as any).interactive;
    expect(i.type).toBe('list');
    expect(i.body.text).toBe('Choose an option');
    expect(i.action.button).toBe('See options');
    const rows = i.action.sections[0].rows;
    expect(rows).toHaveLength(10);
    expect(rows[9].title.length).toBeLessThanOrEqual(24);
    expect(rows[9].description).toBe('Uma opção com um nome muito comprido');
    const [described] = await renderForCloudApi({ type: 'choice', multiple: false, items: [{ id: 'a', label: 'A', description: 'explica' }] }, opts);
    expect((described as any).interactive.type).toBe('list');
  });

  it('11 options, or several at once, go as the numbered text of blocks/plain-text', async () => {
    const [t] = await renderForCloudApi({ type: 'choice', text: 'Qual?', multiple: false, items: items(11) }, opts);
    expect((t as any).text.body).toMatch(/^Qual\?\n1\. Opção 1\n[\s\S]*\n11\. Opção 11\n_Responda com o número da opção._$/);
    const [m] = await renderForCloudApi({ type: 'choice', multiple: true, items: items(2) }, opts);
    expect((m as any).text.body).toContain('separados por vírgula');
  });

  it('a question longer than an interactive body goes first as text', async () => {
    const long = 'x'.repeat(1500);
    const out = await renderForCloudApi({ type: 'choice', text: long, multiple: false, items: items(2) }, opts);
    expect(out.map((b) => b.type)).toEqual(['text', 'interactive']);
    expect((out[1] as any).interactive.body.text).toBe('Escolha uma opção');
  });

  it('Ozia files are uploaded and sent by media id, links by link; audio has no caption; a wrong type goes as a document', async () => {
    const [img] = await renderForCloudApi({ type: 'image', url: '/api/files/png', caption: 'foto' }, opts);
    expect(img).toEqual({ type: 'image', image: { id: 'media-png', caption: 'foto' } });
    const [doc] = await renderForCloudApi({ type: 'image', url: '/api/files/pdf' }, opts);
    expect(doc).toMatchObject({ type: 'document', document: { id: 'media-pdf', filename: 'pdf.bin' } });
    const audio = await renderForCloudApi({ type: 'audio', url: 'https://cdn.example/a.ogg', caption: 'ouça' }, opts);
    expect(audio).toEqual([{ type: 'audio', audio: { link: 'https://cdn.example/a.ogg' } }, { type: 'text', text: { body: 'ouça', preview_url: false } }]);
    await expect(renderForCloudApi({ type: 'image', url: '/api/files/missing' }, opts)).rejects.toThrow(/file missing not found/);
    await expect(renderForCloudApi({ type: 'video', url: 'ftp://x' }, opts)).rejects.toThrow(/not an Ozia file/);
  });

  it('long texts are split at 4096 characters, with WhatsApp formatting', async () => {
    const parts = await renderForCloudApi({ type: 'text', text: `**negrito** ${'palavra '.repeat(1000)}` }, opts);
    expect(parts.length).toBe(2);
    expect((parts[0] as any).text.body.startsWith('*negrito*')).toBe(true);
    expect(parts.every((p) => (p as any).text.body.length <= 4096)).toBe(true);
  });
});
