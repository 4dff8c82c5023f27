import { describe, expect, it } from 'vitest';
import { dayLabel, groupByDay, mergeMessages, oldestId, previewText, readBody, rowKind, showsAuthor, withStatuses } from './messages.js';

const local = (y: number, mo: number, d: number, h = 10, mi = 0) => new Date(y, mo - 1, d, h, mi).toISOString();
const msg = (id: number, createdAt: string, extra: Partial<{ direction: 'in' | 'out' | 'note'; author: 'contact' | 'bot' | 'agent' | 'system'; userId: string | null; status: string }> = {}) => ({
  id,
  createdAt,
  direction: 'in' as const,
  author: 'contact' as const,
  userId: null,
  status: 'received',
  ...extra,
});

describe('readBody', () => {
  it('reads text, media and choices, and refuses the rest', () => {
    expect(readBody({ type: 'text', text: 'oi' })).toEqual({ type: 'text', text: 'oi' });
    expect(readBody({ type: 'image', url: '/api/files/x', caption: 'c' })).toEqual({ type: 'image', url: '/api/files/x', caption: 'c', fileName: undefined });
    expect(readBody({ type: 'choice', text: 'Pick', items: [{ id: 'a', label: 'A' }, { label: 'B' }] })).toEqual({
      type: 'choice',
      text: 'Pick',
      items: [
        { id: 'a', label: 'A' },
        { id: '1', label: 'B' },
      ],
    });
    expect(readBody({ type: 'image' })).toEqual({ type: 'unknown' });
    expect(readBody(null)).toEqual({ type: 'unknown' });
    expect(readBody('x')).toEqual({ type: 'unknown' });
  });
  it('previews in one line', () => {
    const icons = { image: '📷', video: '🎬', audio: '🎤', document: '📄' };
    expect(previewText({ type: 'text', text: 'a\n\nb' }, icons)).toBe('a b');
    expect(previewText({ type: 'document', url: 'u', fileName: 'nota.pdf' }, icons)).toBe('📄 nota.pdf');
    expect(previewText({ type: 'choice', items: [{ id: '1', label: 'Sim' }, { id: '2', label: 'Não' }] }, icons)).toBe('Sim / Não');
    expect(previewText({ type: 'text', text: 'x'.repeat(200) }, icons)).toHaveLength(140);
  });
});

describe('rowKind', () => {
  it('tells contact, bot, agent, automatic, notice and whisper apart', () => {
    expect(rowKind({ direction: 'in', author: 'contact' })).toBe('contact');
    expect(rowKind({ direction: 'out', author: 'bot' })).toBe('bot');
    expect(rowKind({ direction: 'out', author: 'agent' })).toBe('agent');
    expect(rowKind({ direction: 'out', author: 'system' })).toBe('auto');
    expect(rowKind({ direction: 'note', author: 'system' })).toBe('notice');
    expect(rowKind({ direction: 'note', author: 'agent' })).toBe('whisper');
  });
});

describe('mergeMessages', () => {
  it('adds live messages once, in id order, and lets a newer copy replace an older one', () => {
    const a = [msg(1, local(2026, 1, 1)), msg(3, local(2026, 1, 1))];
    const merged = mergeMessages(a, [msg(2, local(2026, 1, 1)), msg(3, local(2026, 1, 1))]);
    expect(merged.map((m) => m.id)).toEqual([1, 2, 3]);
    expect(mergeMessages(merged, [msg(2, local(2026, 1, 1))])).toBe(merged);
    const sent = mergeMessages(merged, [msg(3, local(2026, 1, 1), { status: 'sent' })]);
    expect(sent.find((m) => m.id === 3)?.status).toBe('sent');
    expect(mergeMessages(a, [])).toBe(a);
  });
  it('keeps the author a live copy named when a reloaded copy has none', () => {
    const live = [msg(5, local(2026, 1, 1), { direction: 'out', author: 'agent', userId: 'u1', status: 'pending' })];
    const merged = mergeMessages(live, [msg(5, local(2026, 1, 1), { direction: 'out', author: 'agent', userId: null, status: 'sent' })]);
    expect(merged[0]).toMatchObject({ userId: 'u1', status: 'sent' });
  });
});

describe('days', () => {
  it('groups consecutive messages by local day', () => {
    const groups = groupByDay([msg(1, local(2026, 3, 1, 23, 50)), msg(2, local(2026, 3, 2, 0, 5)), msg(3, local(2026, 3, 2, 9)), msg(4, local(2026, 3, 5))]);
    expect(groups.map((g) => [g.key, g.messages.map((m) => m.id)])).toEqual([
      ['2026-03-01', [1]],
      ['2026-03-02', [2, 3]],
      ['2026-03-05', [4]],
    ]);
    expect(groupByDay([])).toEqual([]);
  });
  it('labels today, yesterday, this week and older dates', () => {
    const now = new Date(2026, 2, 10, 15);
    const words = { today: 'Hoje', yesterday: 'Ontem' };
    expect(dayLabel('2026-03-10', now, 'pt-BR', words)).toBe('Hoje');
    expect(dayLabel('2026-03-09', now, 'pt-BR', words)).toBe('Ontem');
    expect(dayLabel('2026-03-06', now, 'en', words)).toBe('Friday');
    expect(dayLabel('2026-01-02', now, 'en', words)).toBe('January 2');
    expect(dayLabel('2025-12-31', now, 'en', words)).toBe('December 31, 2025');
  });
});

describe('showsAuthor', () => {
  it('shows the name when the author changes or after a pause', () => {
    const t0 = local(2026, 1, 1, 10, 0);
    const a1 = msg(1, t0, { direction: 'out', author: 'agent', userId: 'u1' });
    expect(showsAuthor(undefined, a1)).toBe(true);
    expect(showsAuthor(a1, msg(2, local(2026, 1, 1, 10, 2), { direction: 'out', author: 'agent', userId: 'u1' }))).toBe(false);
    expect(showsAuthor(a1, msg(2, local(2026, 1, 1, 10, 2), { direction: 'out', author: 'agent', userId: 'u2' }))).toBe(true);
    expect(showsAuthor(a1, msg(2, local(2026, 1, 1, 10, 9), { direction: 'out', author: 'agent', userId: 'u1' }))).toBe(true);
    expect(showsAuthor(a1, msg(2, local(2026, 1, 1, 10, 1), { direction: 'note', author: 'agent', userId: 'u1' }))).toBe(true);
  });
});

describe('small helpers', () => {
  it('finds the oldest id', () => {
    expect(oldestId([])).toBeUndefined();
    expect(oldestId([{ id: 4 }, { id: 9 }])).toBe(4);
  });
});

describe('delivery statuses', () => {
  const out = (id: number, status: string) => msg(id, local(2026, 1, 1), { direction: 'out', author: 'agent', userId: 'u1', status });

  it('applies a status heard on the stream to the copy on screen, and to a copy loaded later', () => {
    const heard = new Map([[2, { status: 'sent' }]]);
    const shown = withStatuses([out(1, 'pending'), out(2, 'pending')], heard);
    expect(shown.map((m) => m.status)).toEqual(['pending', 'sent']);
    const reloaded = withStatuses(mergeMessages(shown, [out(2, 'pending'), out(3, 'pending')]), heard);
    expect(reloaded.map((m) => m.status)).toEqual(['pending', 'sent', 'pending']);
  });

  it('never moves a status back, and returns the same array when nothing changes', () => {
    const list = [out(1, 'failed'), out(2, 'sent')];
    expect(withStatuses(list, new Map([[1, { status: 'pending' }], [2, { status: 'pending' }]]))).toBe(list);
    expect(withStatuses(list, new Map())).toBe(list);
    // A copy read before the message went out does not make it pending again.
    expect(mergeMessages(list, [out(2, 'pending')])).toBe(list);
  });
});
