// The transcript's reading of channel messages: every inbound kind the server stores, delivery
// states that only move forward (except a resend heard live), and when "delete for everyone" is offered.
import { describe, expect, it } from 'vitest';
import { MEDIA_ICONS } from './live.js';
import { canRevoke, mapUrl, mergeMessages, previewText, readBody, rowKind, withStatuses } from './messages.js';

describe('inbound kinds', () => {
  it('reads what the server stores for each kind', () => {
    expect(readBody({ type: 'audio', url: '/api/files/a', mime: 'audio/ogg', size: 3000, voice: true })).toEqual({ type: 'audio', url: '/api/files/a', mime: 'audio/ogg', size: 3000, voice: true });
    expect(readBody({ type: 'document', unavailable: { reason: 'larger than 16 MB' } })).toEqual({ type: 'document', unavailable: { reason: 'larger than 16 MB' } });
    expect(readBody({ type: 'location', latitude: -23.5, longitude: -46.6, name: 'Loja' })).toEqual({ type: 'location', latitude: -23.5, longitude: -46.6, name: 'Loja' });
    expect(readBody({ type: 'contact', contacts: [{ name: 'João', phones: ['5511912345678', 7] }] })).toEqual({ type: 'contact', contacts: [{ name: 'João', phones: ['5511912345678'] }] });
    expect(readBody({ type: 'undecryptable', reason: 'no session' })).toEqual({ type: 'undecryptable', reason: 'no session' });
    expect(readBody({ type: 'unsupported', what: 'eventMessage' })).toEqual({ type: 'unsupported', what: 'eventMessage' });
    expect(readBody({ type: 'text', text: 'Quero 3', previous: [{ text: 'Quero 2', at: 't' }] })).toEqual({ type: 'text', text: 'Quero 3', previous: [{ text: 'Quero 2', at: 't' }] });
    // A media row with neither a file nor a reason is not drawn as media; a location needs coordinates.
    expect(readBody({ type: 'video' })).toEqual({ type: 'unknown' });
    expect(readBody({ type: 'location', latitude: 'x', longitude: 1 })).toEqual({ type: 'unknown' });
  });

  it('previews each kind in one line for the list', () => {
    expect(previewText(readBody({ type: 'location', latitude: 1, longitude: 2, name: 'Loja Paulista' }), MEDIA_ICONS)).toBe('📍 Loja Paulista');
    expect(previewText(readBody({ type: 'contact', contacts: [{ name: 'João', phones: [] }, { name: 'Ana', phones: [] }] }), MEDIA_ICONS)).toBe('👤 João, Ana');
    expect(previewText(readBody({ type: 'audio', url: '/f', voice: true }), MEDIA_ICONS)).toBe('🎤');
    expect(previewText(readBody({ type: 'undecryptable', reason: '' }), MEDIA_ICONS)).toBe('⚠️');
  });

  it('draws what the business sent from its phone apart from agents and the bot', () => {
    expect(rowKind({ direction: 'out', author: 'phone' })).toBe('phone');
    expect(rowKind({ direction: 'out', author: 'system' })).toBe('auto');
  });

  it('links a location to the map at its coordinates', () => {
    expect(mapUrl(-23.5505199, -46.6333094)).toBe('https://www.openstreetmap.org/?mlat=-23.55052&mlon=-46.633309#map=17/-23.55052/-46.633309');
  });
});

describe('delivery states', () => {
  const out = (id: number, status: string, extra: object = {}) => ({ id, status, userId: 'u1', ...extra });

  it('moves forward through sent, delivered and read, and keeps the failure reason heard live', () => {
    const list = [out(1, 'sent'), out(2, 'delivered'), out(3, 'pending')];
    const heard = new Map([
      [1, { status: 'read' }],
      [2, { status: 'sent' }],
      [3, { status: 'failed', error: 'not on WhatsApp' }],
    ]);
    expect(withStatuses(list, heard)).toEqual([out(1, 'read'), out(2, 'delivered'), out(3, 'failed', { error: 'not on WhatsApp' })]);
  });

  it('a reloaded older copy never takes a message back, but a resend heard live makes a failed one pending', () => {
    const list = [out(1, 'read'), out(2, 'failed', { error: 'x' })];
    expect(mergeMessages(list, [out(1, 'delivered'), out(2, 'pending')])).toBe(list);
    expect(mergeMessages(list, [out(2, 'pending')], { live: true }).map((m) => m.status)).toEqual(['read', 'pending']);
    // Live or not, read does not become delivered.
    expect(mergeMessages(list, [out(1, 'delivered')], { live: true })).toBe(list);
  });

  it("keeps the server's quote preview when a live copy (a reaction, a deletion) replaces the message", () => {
    const quoted = { id: 9, hidden: false, text: 'Oi' };
    const list: { id: number; status: string; userId: string; quoted?: unknown; reactions?: unknown[] }[] = [{ ...out(1, 'read'), quoted }];
    const [after] = mergeMessages(list, [{ ...out(1, 'read'), reactions: [{ by: 'contact', emoji: '👍', at: 't' }] }], { live: true });
    expect(after).toMatchObject({ quoted, reactions: [{ emoji: '👍' }] });
  });
});

describe('delete for everyone', () => {
  const now = Date.parse('2026-12-04T12:00:00.000Z');
  const base = { direction: 'out' as const, author: 'agent' as const, userId: 'me', status: 'delivered', createdAt: '2026-12-04T11:00:00.000Z', deletedAt: null };
  const agent = { id: 'me', role: 'operator' };

  it("is offered on the agent's own sent messages and the bot's, within 60 hours", () => {
    expect(canRevoke(base, agent, now)).toBe(true);
    expect(canRevoke({ ...base, author: 'bot', userId: null }, agent, now)).toBe(true);
    expect(canRevoke({ ...base, createdAt: '2026-12-01T23:00:00.000Z' }, agent, now)).toBe(false);
  });

  it("is not offered on a colleague's message (a supervisor may), nor on unsent, deleted or incoming ones", () => {
    expect(canRevoke({ ...base, userId: 'other' }, agent, now)).toBe(false);
    expect(canRevoke({ ...base, userId: 'other' }, { id: 'boss', role: 'supervisor' }, now)).toBe(true);
    expect(canRevoke({ ...base, status: 'pending' }, agent, now)).toBe(false);
    expect(canRevoke({ ...base, status: 'failed' }, agent, now)).toBe(false);
    expect(canRevoke({ ...base, deletedAt: '2026-12-04T11:30:00.000Z' }, agent, now)).toBe(false);
    expect(canRevoke({ ...base, direction: 'in', author: 'contact' } as never, agent, now)).toBe(false);
    expect(canRevoke({ ...base, author: 'phone' }, agent, now)).toBe(false);
  });
});
