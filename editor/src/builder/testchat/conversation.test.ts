// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  answerText,
  changedIds,
  choiceStatuses,
  contactMedia,
  mergeEntries,
  nextHeld,
  pacedTimeline,
  pickedItems,
  rowsFromValues,
  timeline,
  type ChatEntry,
  type ChoiceMessage,
} from './conversation.js';

const at = '2025-01-01T12:00:00.000Z';
const out = (id: number, text: string, blockId = 'b1'): ChatEntry => ({ id, direction: 'out', message: { type: 'text', text }, blockId, createdAt: at });
const inn = (id: number, text: string, choiceIds?: string[]): ChatEntry => ({
  id,
  direction: 'in',
  message: { type: 'text', text, ...(choiceIds ? { choiceIds } : {}) },
  blockId: null,
  createdAt: at,
});
const menu: ChoiceMessage = {
  type: 'choice',
  text: 'Escolha',
  multiple: false,
  items: [
    { id: 'a', label: 'Vendas' },
    { id: 'b', label: 'Suporte' },
  ],
};
const choice = (id: number, blockId: string, message: ChoiceMessage = menu): ChatEntry => ({ id, direction: 'out', message, blockId, createdAt: at });

describe('mergeEntries', () => {
  it('dedupes by id and keeps id order, whatever arrives first', () => {
    const a = mergeEntries([], [out(3, 'c')]);
    const b = mergeEntries(a, [inn(1, 'oi'), out(2, 'b'), out(3, 'c')]);
    expect(b.map((e) => e.id)).toEqual([1, 2, 3]);
  });

  it('returns the same array when nothing is new', () => {
    const a = [out(1, 'a')];
    expect(mergeEntries(a, [out(1, 'a')])).toBe(a);
  });
});

describe('timeline', () => {
  it('puts a turn’s logs after its last bot message, before the contact speaks again', () => {
    const entries = [out(1, 'olá', 'b1'), inn(2, 'x'), out(3, 'erro', 'b2'), out(4, 'fim', 'b3'), inn(5, 'y')];
    const items = timeline(entries, [{ key: 1, base: 2, trail: ['b2', 'b3'], logs: [{ level: 'error', message: 'step limit reached' }] }], []);
    expect(items.map((i) => (i.kind === 'entry' ? i.entry.id : i.kind))).toEqual([1, 2, 3, 4, 'log', 5]);
  });

  it('keeps a timer turn’s logs after the messages that turn sent even when they arrive later', () => {
    const group = { key: 1, base: 2, trail: ['w', 'after'], logs: [{ level: 'warn' as const, message: 'late' }] };
    const before = timeline([out(1, 'a', 'x'), out(2, 'b', 'x')], [group], []);
    expect(before.map((i) => i.kind)).toEqual(['entry', 'entry', 'log']);
    const after = timeline([out(1, 'a', 'x'), out(2, 'b', 'x'), out(3, 'depois', 'after')], [group], []);
    expect(after.map((i) => (i.kind === 'entry' ? i.entry.id : i.kind))).toEqual([1, 2, 3, 'log']);
  });

  it('does not let an earlier turn’s logs slide past the next turn', () => {
    const g1 = { key: 1, base: 1, trail: ['loop'], logs: [{ level: 'info' as const, message: 'one' }] };
    const g2 = { key: 2, base: 2, trail: ['loop'], logs: [{ level: 'info' as const, message: 'two' }] };
    const items = timeline([out(1, 'a', 'x'), out(2, 'tick', 'loop'), out(3, 'tick', 'loop')], [g1, g2], []);
    expect(items.map((i) => (i.kind === 'entry' ? i.entry.id : i.kind === 'log' ? i.line.message : i.kind))).toEqual([1, 2, 'one', 3, 'two']);
  });

  it('shows a pending send after what was known when it was sent', () => {
    const items = timeline([out(1, 'a'), out(3, 'b')], [], [{ key: 1, text: 'oi', afterId: 1 }]);
    expect(items.map((i) => (i.kind === 'entry' ? i.entry.id : i.kind))).toEqual([1, 'pending', 3]);
  });
});

describe('pickedItems', () => {
  it('reads clicked ids, or a typed number or label', () => {
    expect(pickedItems(menu, { type: 'text', text: 'Suporte', choiceIds: ['b'] })).toEqual(['b']);
    expect(pickedItems(menu, { type: 'text', text: '2' })).toEqual(['b']);
    expect(pickedItems(menu, { type: 'text', text: ' vendas ' })).toEqual(['a']);
    expect(pickedItems(menu, { type: 'text', text: 'talvez' })).toEqual([]);
    expect(pickedItems(menu, { type: 'text', text: 'x', choiceIds: ['zzz'] })).toEqual([]);
  });

  it('reads several typed answers for a multiple choice', () => {
    expect(pickedItems({ ...menu, multiple: true }, { type: 'text', text: '1, 2' })).toEqual(['a', 'b']);
  });
});

describe('choiceStatuses', () => {
  it('opens only the last choice, while the session waits on its block', () => {
    const entries = [choice(1, 'menu'), inn(2, 'Suporte', ['b']), choice(3, 'menu2')];
    const s = choiceStatuses(entries, { active: true, currentBlockId: 'menu2' });
    expect(s.get(1)).toEqual({ open: false, picked: ['b'] });
    expect(s.get(3)).toEqual({ open: true, picked: [] });
    expect(choiceStatuses(entries, { active: false, currentBlockId: null }).get(3)?.open).toBe(false);
    expect(choiceStatuses(entries, { active: true, currentBlockId: 'other' }).get(3)?.open).toBe(false);
  });

  it('stays open after an invalid typed answer', () => {
    const entries = [choice(1, 'menu'), inn(2, 'talvez'), out(3, 'Não entendi', 'menu')];
    expect(choiceStatuses(entries, { active: true, currentBlockId: 'menu' }).get(1)).toEqual({ open: true, picked: [] });
  });
});

describe('answerText', () => {
  it('uses the typed text, else the labels of the clicked items', () => {
    const entries = [choice(1, 'menu'), inn(2, '', ['b'])];
    expect(answerText(entries, entries[1])).toBe('Suporte');
    expect(answerText(entries, inn(3, 'oi'))).toBe('oi');
  });
});

describe('variables', () => {
  it('tells which values changed', () => {
    const before = [
      { id: 'a', name: 'nome', value: undefined },
      { id: 'b', name: 'lista', value: ['x'] },
      { id: 'c', name: 'n', value: 1 },
    ];
    const after = [
      { id: 'a', name: 'nome', value: 'Ana' },
      { id: 'b', name: 'lista', value: ['x'] },
      { id: 'c', name: 'n', value: 2 },
    ];
    expect([...changedIds(before, after)]).toEqual(['a', 'c']);
  });

  it('applies a notice’s values by id, unsetting absent ones', () => {
    const rows = [
      { id: 'a', name: 'nome', value: 'Ana' as const },
      { id: 'b', name: 'email', value: 'x@y.z' as const },
    ];
    expect(rowsFromValues(rows, { a: 'Bia' })).toEqual([
      { id: 'a', name: 'nome', value: 'Bia' },
      { id: 'b', name: 'email', value: undefined },
    ]);
  });
});

describe('paced bot messages', () => {
  it('hold back bot messages after the one being typed, with their logs, but never the contact', () => {
    const entries = [out(1, 'Oi'), inn(2, 'olá'), out(3, 'Qual seu nome?', 'b2'), out(4, 'Pode ser o primeiro nome', 'b3')];
    const items = timeline(entries, [{ key: 1, base: 2, trail: ['b2', 'b3'], logs: [{ level: 'info', message: 'resposta inválida: x' }] }], [{ key: 9, text: 'Ana', afterId: 4 }]);
    expect(nextHeld(entries, 0)?.id).toBe(1);
    expect(nextHeld(entries, 1)?.id).toBe(3);
    expect(nextHeld(entries, 4)).toBeNull();
    const shown = (revealed: number) =>
      pacedTimeline(items, nextHeld(entries, revealed)).map((it) => (it.kind === 'entry' ? it.entry.id : it.kind === 'pending' ? 'sending' : 'log'));
    expect(shown(0)).toEqual([2, 'sending']);
    expect(shown(1)).toEqual([1, 2, 'sending']);
    expect(shown(3)).toEqual([1, 2, 3, 'sending']);
    expect(shown(4)).toEqual([1, 2, 3, 4, 'log', 'sending']);
  });
});


describe('contactMedia', () => {
  it('tells a contact’s files from text and clicks', () => {
    const photo = { type: 'image' as const, fileId: 'f1', url: '/api/files/f1', mime: 'image/png', size: 3, fileName: 'a.png', caption: 'oi' };
    expect(contactMedia(photo)).toBe(photo);
    expect(contactMedia({ type: 'document', url: '/api/files/f2', fileName: 'b.pdf' })).toMatchObject({ fileName: 'b.pdf' });
    expect(contactMedia({ type: 'text', text: 'oi' })).toBeNull();
    expect(contactMedia({ type: 'text', text: '', choiceIds: ['a'] })).toBeNull();
    // A file's caption is not read as a typed answer to a choice.
    expect(answerText([], { id: 1, direction: 'in', message: photo, blockId: null, createdAt: at })).toBe('');
  });
});
