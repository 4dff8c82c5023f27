import { describe, expect, it } from 'vitest';
import { filterPeople, filterQuickReplies, insertAt, insertMention, mentionQuery, slashQuery, stepIndex } from './pickers.js';

const qr = (shortcut: string, title: string, body = '', departmentId: string | null = null) => ({ id: shortcut + (departmentId ?? ''), shortcut, title, body, departmentId });

describe('slashQuery', () => {
  it('opens only for a slash at the very start, on one line', () => {
    expect(slashQuery('/')).toBe('');
    expect(slashQuery('/boa')).toBe('boa');
    expect(slashQuery('/bom dia')).toBe('bom dia');
    expect(slashQuery('oi /boa')).toBeNull();
    expect(slashQuery('/a\nb')).toBeNull();
    expect(slashQuery('')).toBeNull();
  });
});

describe('filterQuickReplies', () => {
  const all = [qr('pix', 'Chave Pix', 'Nossa chave é…'), qr('boasvindas', 'Boas-vindas', 'Olá {{contact.name}}'), qr('horario', 'Horário', 'Abrimos às 8h'), qr('pix', 'Pix do suporte', '', 'd2'), qr('prazo', 'Prazos de entrega')];
  it('ranks exact and prefix shortcuts before titles and texts, accents ignored', () => {
    expect(filterQuickReplies(all, 'p').map((r) => r.id)).toEqual(['pix', 'pixd2', 'prazo']);
    expect(filterQuickReplies(all, 'entrega').map((r) => r.id)).toEqual(['prazo']);
    expect(filterQuickReplies(all, 'vindas').map((r) => r.id)).toEqual(['boasvindas']);
    expect(filterQuickReplies(all, 'i').map((r) => r.id).slice(0, 3)).toEqual(['boasvindas', 'horario', 'pix']);
    expect(filterQuickReplies(all, 'horário').map((r) => r.id)).toEqual(['horario']);
    expect(filterQuickReplies(all, 'abrimos').map((r) => r.id)).toEqual(['horario']);
    expect(filterQuickReplies(all, 'zzz')).toEqual([]);
    expect(filterQuickReplies(all, '')).toHaveLength(5);
  });
  it("puts the conversation's department first among equals", () => {
    expect(filterQuickReplies(all, 'pix', 'd2').map((r) => r.id)).toEqual(['pixd2', 'pix']);
    expect(filterQuickReplies(all, 'pix', 'd9').map((r) => r.id)).toEqual(['pix', 'pixd2']);
  });
});

describe('mentions', () => {
  it('finds the @name being typed before the caret', () => {
    expect(mentionQuery('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionQuery('fala com @Ana Ma', 16)).toEqual({ start: 9, query: 'Ana Ma' });
    expect(mentionQuery('mail a@b.com', 12)).toBeNull();
    expect(mentionQuery('@Ana, olha', 10)).toBeNull();
    expect(mentionQuery('sem arroba', 5)).toBeNull();
    expect(mentionQuery('@a b c d e', 10)).toBeNull();
  });
  it('filters colleagues by any word of the name, without the author', () => {
    const people = [
      { id: '1', name: 'Ana Souza' },
      { id: '2', name: 'Bruno Ananias' },
      { id: '3', name: 'Carla Dias' },
      { id: 'me', name: 'Ana Eu' },
    ];
    expect(filterPeople(people, 'an', 'me').map((p) => p.id)).toEqual(['1', '2']);
    expect(filterPeople(people, 'dias', 'me').map((p) => p.id)).toEqual(['3']);
    expect(filterPeople(people, 'ána').map((p) => p.id)).toEqual(['me', '1', '2']);
  });
  it('inserts the full name with one space after it', () => {
    expect(insertMention('oi @an', 3, 6, 'Ana Souza')).toEqual({ text: 'oi @Ana Souza ', caret: 14 });
    expect(insertMention('@an veja isso', 0, 3, 'Ana Souza')).toEqual({ text: '@Ana Souza veja isso', caret: 11 });
  });
  it('inserts at the selection', () => {
    expect(insertAt('ola mundo', 3, 3, ' 👋')).toEqual({ text: 'ola 👋 mundo', caret: 3 + ' 👋'.length });
    expect(insertAt('abc', 0, 3, 'x')).toEqual({ text: 'x', caret: 1 });
  });
});

describe('stepIndex', () => {
  it('moves and wraps', () => {
    expect(stepIndex(-1, 1, 3)).toBe(0);
    expect(stepIndex(-1, -1, 3)).toBe(2);
    expect(stepIndex(2, 1, 3)).toBe(0);
    expect(stepIndex(0, -1, 3)).toBe(2);
    expect(stepIndex(0, 1, 0)).toBe(-1);
  });
});
