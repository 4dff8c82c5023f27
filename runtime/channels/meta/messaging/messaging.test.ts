// The Messenger Platform pieces both Meta social kinds share, without a server: Meta's windows,
// block output as Send API messages, and webhook events the end-to-end tests do not reach.
import { describe, expect, it } from 'vitest';
import { messagingCapabilities, renderForMessaging, withoutFormatting, type MessagingRenderOptions } from './outbound.js';
import { messagingFreeTextStart, messagingTypeFor } from './window.js';
import { eventsOfEntry, type MessagingInboundDeps } from './inbound.js';
import { GraphError } from '../graph.js';

const HOUR = 3_600_000;
const now = new Date('2026-12-07T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();

describe('Meta messaging windows', () => {
  it('inside 24 hours anything goes as RESPONSE; to 7 days only an agent, tagged HUMAN_AGENT; then nothing', () => {
    expect(messagingTypeFor(ago(23 * HOUR), now, 'bot')).toEqual({ messaging_type: 'RESPONSE' });
    expect(messagingTypeFor(ago(23 * HOUR), now, 'agent')).toEqual({ messaging_type: 'RESPONSE' });
    expect(messagingTypeFor(ago(30 * HOUR), now, 'agent')).toEqual({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' });
    const bot = messagingTypeFor(ago(30 * HOUR), now, 'bot');
    expect(bot).toMatchObject({ refused: { en: expect.stringMatching(/more than 24 hours/), 'pt-BR': expect.stringMatching(/mais de 24 horas/) } });
    expect(messagingTypeFor(ago(30 * HOUR), now, 'system')).toHaveProperty('refused');
    expect(messagingTypeFor(ago(8 * 24 * HOUR), now, 'agent')).toMatchObject({ refused: { en: expect.stringMatching(/more than 7 days/) } });
    expect(messagingTypeFor(null, now, 'agent')).toMatchObject({ refused: { en: expect.stringMatching(/never wrote/) } });
  });

  it('an agent may open a conversation until 7 days after the last message', () => {
    expect(messagingFreeTextStart({ lastInboundAt: ago(6 * 24 * HOUR), now })).toBeNull();
    expect(messagingFreeTextStart({ lastInboundAt: ago(8 * 24 * HOUR), now })?.reason['pt-BR']).toMatch(/mais de 7 dias/);
    expect(messagingFreeTextStart({ lastInboundAt: null, now })?.reason.en).toMatch(/never wrote/);
  });
});

const opts = (maxText = 2000): MessagingRenderOptions => ({
  splitLong: true,
  formatting: 'whatsapp',
  capabilities: messagingCapabilities(maxText),
  mimeOf: async (id) => (id === 'missing' ? null : id === 'pdf' ? 'application/pdf' : 'image/png'),
  upload: async (id, as) => ({ attachmentId: `att-${id}-${as}` }),
});
const items = (n: number, label = (i: number) => `Opção ${i + 1}`) => Array.from({ length: n }, (_, i) => ({ id: `i${i + 1}`, label: label(i) }));

describe('Send API rendering', () => {
  it('up to 13 options are quick replies with the option ids as payloads', async () => {
    const [m] = await renderForMessaging({ type: 'choice', text: '**Escolha**', multiple: false, items: items(13) }, opts());
    expect(m.text).toBe('*Escolha*');
    expect((m.quick_replies as unknown[]).length).toBe(13);
    expect((m.quick_replies as unknown[])[1]).toEqual({ content_type: 'text', title: 'Opção 2', payload: 'i2' });
    const [plain] = await renderForMessaging({ type: 'choice', multiple: false, items: items(2) }, { ...opts(), locale: 'en' });
    expect(plain.text).toBe('Choose an option');
  });

  it('options with descriptions are quick replies, the descriptions under the question', async () => {
    const [m] = await renderForMessaging({ type: 'choice', text: 'Setor?', multiple: false, items: [{ id: 'a', label: 'Financeiro', description: 'Boletos' }, { id: 'b', label: 'Outro' }] }, opts());
    expect(m).toEqual({ text: 'Setor?\n\n• Financeiro — Boletos', quick_replies: [{ content_type: 'text', title: 'Financeiro', payload: 'a' }, { content_type: 'text', title: 'Outro', payload: 'b' }] });
  });

  it('14 options, a label past 20 characters or several answers go as numbered text', async () => {
    for (const m of [
      { type: 'choice' as const, multiple: false, items: items(14) },
      { type: 'choice' as const, multiple: false, items: items(2, (i) => (i ? 'Segunda via do boleto bancário' : 'A')) },
      { type: 'choice' as const, multiple: true, items: items(2) },
    ]) {
      const out = await renderForMessaging(m, opts());
      expect(out).toHaveLength(1);
      expect(out[0].quick_replies).toBeUndefined();
      expect(String(out[0].text)).toMatch(/^1\. /m);
    }
  });

  it('long texts split at the kind\'s limit (2000 Messenger, 1000 Instagram); a long question keeps its quick replies on the last part', async () => {
    const long = 'palavra '.repeat(400);
    expect((await renderForMessaging({ type: 'text', text: long }, opts(2000))).length).toBe(2);
    const ig = await renderForMessaging({ type: 'text', text: long }, opts(1000));
    expect(ig.length).toBe(4);
    expect(ig.every((p) => String(p.text).length <= 1000)).toBe(true);
    const cut = await renderForMessaging({ type: 'text', text: long }, { ...opts(1000), splitLong: false });
    expect(cut).toHaveLength(1);
    const q = await renderForMessaging({ type: 'choice', text: long, multiple: false, items: items(2) }, opts(1000));
    expect(q.map((p) => !!p.quick_replies)).toEqual([false, false, false, true]);
  });

  it('Instagram shows formatting marks as typed: they go, the words stay; arithmetic and snake_case are left alone', async () => {
    const [m] = await renderForMessaging({ type: 'text', text: 'Sobre o **financeiro**, _já_ ~não~ `x`; 2 * 3 * 4 = 24, arquivo_final_v2' }, { ...opts(1000), formatting: 'plain' });
    expect(m.text).toBe('Sobre o financeiro, já não x; 2 * 3 * 4 = 24, arquivo_final_v2');
    expect(withoutFormatting('(*ok*) "_sim_"')).toBe('(ok) "sim"');
    const [messenger] = await renderForMessaging({ type: 'text', text: 'Sobre o **financeiro**' }, opts());
    expect(messenger.text).toBe('Sobre o *financeiro*');
  });

  it('Ozia files go by uploaded attachment id (a PDF in an image block as a file), links by URL, a caption after', async () => {
    expect(await renderForMessaging({ type: 'image', url: '/api/files/png', caption: 'foto' }, opts())).toEqual([
      { attachment: { type: 'image', payload: { attachment_id: 'att-png-image' } } },
      { text: 'foto' },
    ]);
    expect(await renderForMessaging({ type: 'image', url: '/api/files/pdf' }, opts())).toEqual([{ attachment: { type: 'file', payload: { attachment_id: 'att-pdf-file' } } }]);
    expect(await renderForMessaging({ type: 'video', url: 'https://cdn.example/v.mp4' }, opts())).toEqual([{ attachment: { type: 'video', payload: { url: 'https://cdn.example/v.mp4', is_reusable: true } } }]);
    await expect(renderForMessaging({ type: 'image', url: '/api/files/missing' }, opts())).rejects.toThrow(/file missing not found/);
    await expect(renderForMessaging({ type: 'audio', url: 'ftp://x' }, opts())).rejects.toThrow(/not an Ozia file/);
  });
});

describe('Messenger Platform events', () => {
  const deps = (o: Partial<MessagingInboundDeps> = {}): MessagingInboundDeps => ({
    identity: 'igsid',
    download: async () => ({ data: Buffer.from('x'), mime: 'image/jpeg' }),
    saveFile: async () => ({ id: 'f1', url: '/api/files/f1' }),
    mediaMaxBytes: 1024,
    nameOf: () => null,
    ownEcho: async () => false,
    log: () => {},
    ...o,
  });
  const base = { sender: { id: '111' }, recipient: { id: '999' }, timestamp: 1_765_000_000_000 };

  it('reads deletions, shares it cannot show, postbacks without a mid, and which person an echo is about', async () => {
    const out = await eventsOfEntry(
      [
        { ...base, message: { mid: 'm1', is_deleted: true } },
        { ...base, message: { mid: 'm2', attachments: [{ type: 'ig_reel', payload: { url: 'https://cdn/x' } }] } },
        { ...base, postback: { title: 'Financeiro', payload: 'i2' } },
        { sender: { id: '999' }, recipient: { id: '111' }, timestamp: base.timestamp, message: { mid: 'm3', text: 'oi', is_echo: true } },
      ],
      deps(),
    );
    expect(out).toEqual([
      { type: 'delete', externalId: 'm1', from: { identities: [{ kind: 'igsid', value: '111' }], name: null }, at: new Date(base.timestamp).toISOString() },
      expect.objectContaining({ type: 'message', externalId: 'm2', kind: 'unsupported', what: 'ig_reel' }),
      expect.objectContaining({ type: 'message', externalId: `postback.111.${base.timestamp}`, reply: { text: 'Financeiro', choiceIds: ['i2'] } }),
      expect.objectContaining({ type: 'message', externalId: 'm3', fromMe: true, from: { identities: [{ kind: 'igsid', value: '111' }], name: null } }),
    ]);
  });

  it('an echo of what Ozia sent is left out; a network failure downloading media is thrown so Meta delivers again', async () => {
    expect(await eventsOfEntry([{ sender: { id: '999' }, recipient: { id: '111' }, timestamp: 1, message: { mid: 'mine', text: 'oi', is_echo: true } }], deps({ ownEcho: async () => true }))).toEqual([]);
    const failing = deps({ download: async () => Promise.reject(new GraphError(0, 'retryable', 'Meta could not be reached')) });
    await expect(eventsOfEntry([{ ...base, message: { mid: 'm', attachments: [{ type: 'image', payload: { url: 'https://cdn/i.jpg' } }] } }], failing)).rejects.toThrow(/could not be reached/);
    const gone = deps({ download: async () => Promise.reject(new GraphError(404, 'permanent', 'gone')) });
    const [e] = await eventsOfEntry([{ ...base, message: { mid: 'm', attachments: [{ type: 'image', payload: { url: 'https://cdn/i.jpg' } }] } }], gone);
    expect(e).toMatchObject({ kind: 'image', unavailable: { reason: 'download_failed' } });
  });
});
