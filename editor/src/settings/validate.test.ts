import { describe, expect, it } from 'vitest';
import {
  changePasswordIssues,
  departmentIssues,
  describeMinutes,
  inboxSettingsIssues,
  normalizeColor,
  normalizeShortcut,
  quickReplyIssues,
  tagIssues,
  userIssues,
} from './validate.js';

describe('userIssues', () => {
  const ok = { name: 'Ana', email: 'ana@example.com', capacity: 5, password: '12345678' };
  it('accepts a complete user', () => {
    expect(userIssues(ok, true)).toEqual({});
  });
  it('names each bad field', () => {
    expect(userIssues({ name: ' ', email: 'ana@', capacity: 0, password: 'short' }, true)).toEqual({
      name: 'name',
      email: 'email',
      capacity: 'capacity',
      password: 'password',
    });
    expect(userIssues({ ...ok, capacity: 101 }, true)).toEqual({ capacity: 'capacity' });
    expect(userIssues({ ...ok, capacity: undefined }, true)).toEqual({ capacity: 'capacity' });
    expect(userIssues({ ...ok, name: 'x'.repeat(81) }, true)).toEqual({ name: 'tooLong:80' });
  });
  it('asks for no password when editing', () => {
    expect(userIssues({ ...ok, password: undefined }, false)).toEqual({});
  });
});

describe('changePasswordIssues', () => {
  it('wants the current password, 8 characters and a matching confirmation', () => {
    expect(changePasswordIssues('', 'abc', 'abc')).toEqual({ current: 'current', next: 'password' });
    expect(changePasswordIssues('old', 'abcdefgh', 'abcdefgX')).toEqual({ confirm: 'mismatch' });
    expect(changePasswordIssues('old', 'abcdefgh', 'abcdefgh')).toEqual({});
  });
});

describe('departmentIssues', () => {
  const ok = { name: 'Vendas', code: '', color: '#2f80ed', greeting: '', outOfHoursMessage: '' };
  it('accepts an empty code and a code in any case', () => {
    expect(departmentIssues(ok)).toEqual({});
    expect(departmentIssues({ ...ok, code: ' Sales_2 ' })).toEqual({});
  });
  it('refuses codes with spaces or accents, bad colors and long messages', () => {
    expect(departmentIssues({ ...ok, code: 'pós venda', color: 'blue', greeting: 'x'.repeat(1001) })).toEqual({
      code: 'code',
      color: 'color',
      greeting: 'tooLong:1000',
    });
  });
});

describe('tags and quick replies', () => {
  it('checks the tag name and color', () => {
    expect(tagIssues({ name: '', color: '#12345' })).toEqual({ name: 'name', color: 'color' });
    expect(tagIssues({ name: 'VIP', color: '#e0a100' })).toEqual({});
  });
  it('takes a shortcut with or without the slash, in any letters, but no spaces', () => {
    expect(normalizeShortcut(' /Horário ')).toBe('horário');
    expect(quickReplyIssues({ shortcut: '/horário', title: 'Horário', body: 'Abrimos às 8h', fileId: null })).toEqual({});
    expect(quickReplyIssues({ shortcut: 'bom dia', title: '', body: ' ', fileId: null })).toEqual({ shortcut: 'shortcut', title: 'title', body: 'bodyOrFile' });
    expect(quickReplyIssues({ shortcut: 'cardapio', title: 'Cardápio', body: '', fileId: 'f1' })).toEqual({});
  });
});

describe('inbox settings', () => {
  it('takes 0 (never) up to 30 days', () => {
    expect(inboxSettingsIssues({ autoCloseMinutes: 0, autoCloseMessage: '' })).toEqual({});
    expect(inboxSettingsIssues({ autoCloseMinutes: 43201, autoCloseMessage: '' })).toEqual({ autoCloseMinutes: 'minutes' });
    expect(inboxSettingsIssues({ autoCloseMinutes: 1.5, autoCloseMessage: '' })).toEqual({ autoCloseMinutes: 'minutes' });
    expect(inboxSettingsIssues({ autoCloseMinutes: undefined, autoCloseMessage: '' })).toEqual({ autoCloseMinutes: 'minutes' });
  });
  it('describes durations', () => {
    expect(describeMinutes(150, 'pt-BR')).toBe('2 h 30 min');
    expect(describeMinutes(1440, 'pt-BR')).toBe('1 dia');
    expect(describeMinutes(2 * 1440 + 60, 'en')).toBe('2 days 1 h');
    expect(describeMinutes(45, 'en')).toBe('45 min');
  });
});

describe('normalizeColor', () => {
  it('adds the hash and lowercases a valid hex', () => {
    expect(normalizeColor('2F80ED')).toBe('#2f80ed');
    expect(normalizeColor(' #E0A100 ')).toBe('#e0a100');
    expect(normalizeColor('#abc')).toBe('#abc');
  });
});
