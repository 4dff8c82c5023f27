import { describe, expect, it } from 'vitest';
import { testChatCapabilities } from '../channels/test-chat.js';
import { channelCan, quoteText } from './transcript-view.js';

describe('quote previews', () => {
  it('take one short line from any kind of body', () => {
    expect(quoteText({ type: 'text', text: 'Oi,\n  tudo   bem?' })).toBe('Oi, tudo bem?');
    expect(quoteText({ type: 'image', url: '/f', caption: 'a foto' })).toBe('a foto');
    expect(quoteText({ type: 'document', url: '/f', fileName: 'boleto.pdf' })).toBe('boleto.pdf');
    expect(quoteText({ type: 'location', latitude: 1, longitude: 2, name: 'Loja Centro' })).toBe('Loja Centro');
    expect(quoteText({ type: 'contact', contacts: [{ name: 'João', phones: [] }, { name: 'Ana', phones: [] }] })).toBe('João, Ana');
    expect(quoteText({ type: 'choice', items: [{ id: 'a', label: 'Sim' }, { id: 'b', label: 'Não' }] })).toBe('Sim / Não');
    expect(quoteText({ type: 'audio', url: '/f' })).toBe('');
    expect(quoteText(null)).toBe('');
    const long = quoteText({ type: 'text', text: 'x'.repeat(300) });
    expect(long).toHaveLength(100);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('channelCan', () => {
  it("offers only what the channel's capabilities say, and nothing for an unknown channel", () => {
    expect(channelCan(null)).toEqual({ receipts: false, quote: false, revoke: false, templates: false });
    expect(channelCan(testChatCapabilities)).toEqual({ receipts: false, quote: false, revoke: false, templates: false });
    expect(channelCan({ ...testChatCapabilities, receipts: true, revoke: true })).toEqual({ receipts: true, quote: false, revoke: true, templates: false });
    expect(channelCan({ ...testChatCapabilities, templates: true }).templates).toBe(true);
  });
});
