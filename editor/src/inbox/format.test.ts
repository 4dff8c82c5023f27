import { describe, expect, it } from 'vitest';
import { activeFilterCount, cleanFilters, colorFor, contactName, countLabel, formatPhone, initials, shortDuration, stars, textOn, titleWithBadge, waitLevel, filtersFromQuery, filtersToQuery } from './format.js';

describe('countLabel', () => {
  it('shows the number, and "1000+" once the cap is reached', () => {
    expect(countLabel(0)).toBe('0');
    expect(countLabel(999, 1000)).toBe('999');
    expect(countLabel(1000, 1000)).toBe('1000+');
    expect(countLabel(5000)).toBe('5000');
  });
});

describe('contact names', () => {
  it('prefers the name, then the phone formatted, then the fallback', () => {
    expect(contactName({ name: ' Ana ', phone: '+5511999990000' }, '?')).toBe('Ana');
    expect(contactName({ name: null, phone: '+5511999990000' }, '?')).toBe('+55 11 99999-0000');
    expect(contactName({ name: '', phone: null }, 'Contato')).toBe('Contato');
  });
  it('formats Brazilian numbers only', () => {
    expect(formatPhone('+551133334444')).toBe('+55 11 3333-4444');
    expect(formatPhone('+14155550100')).toBe('+14155550100');
    // WhatsApp numbers arrive as E.164 digits.
    expect(formatPhone('5511988887777')).toBe('+55 11 98888-7777');
    expect(formatPhone('11988887777')).toBe('11988887777');
    expect(formatPhone(null)).toBe('');
  });
  it('takes initials from words that start with a letter', () => {
    expect(initials('Ana Maria Souza')).toBe('AS');
    expect(initials('joão')).toBe('J');
    expect(initials('+55 11 9999')).toBe('#');
  });
});

describe('stars and durations', () => {
  it('draws five stars', () => {
    expect(stars(4)).toBe('★★★★☆');
    expect(stars(9)).toBe('★★★★★');
    expect(stars(0)).toBe('☆☆☆☆☆');
  });
  it('says how long a contact waits, compact', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(shortDuration('2026-01-10T11:59:30Z', now, 'en')).toMatch(/^30\s?s$/);
    expect(shortDuration('2026-01-10T11:48:00Z', now, 'en')).toMatch(/^12\s?m(in)?$/);
    expect(shortDuration('2026-01-10T09:00:00Z', now, 'en')).toMatch(/^3\s?h$/);
    expect(shortDuration('2026-01-08T12:00:00Z', now, 'en')).toMatch(/^2\s?d$/);
    expect(shortDuration('2026-01-10T12:00:05Z', now, 'en')).toMatch(/^0\s?s$/);
  });
  it('grades a wait', () => {
    const now = Date.parse('2026-01-10T12:00:00Z');
    expect(waitLevel('2026-01-10T11:58:00Z', now)).toBe('ok');
    expect(waitLevel('2026-01-10T11:50:00Z', now)).toBe('late');
    expect(waitLevel('2026-01-10T11:00:00Z', now)).toBe('overdue');
  });
});

describe('titleWithBadge', () => {
  it('puts the unseen count before the title and takes it away', () => {
    expect(titleWithBadge('Ozia', 2)).toBe('(2) Ozia');
    expect(titleWithBadge('(2) Ozia', 3)).toBe('(3) Ozia');
    expect(titleWithBadge('(3) Ozia', 0)).toBe('Ozia');
    expect(titleWithBadge('Ozia', 150)).toBe('(99+) Ozia');
    expect(titleWithBadge('(99+) Ozia', 0)).toBe('Ozia');
  });
});

describe('filters', () => {
  it('drops empty values and counts the set ones', () => {
    const f = { departmentId: 'd1', agentId: '', unread: false, search: '  pix ', from: '2026-01-01' };
    expect(cleanFilters(f)).toEqual({ departmentId: 'd1', search: 'pix', from: '2026-01-01' });
    expect(activeFilterCount(f)).toBe(2);
    expect(activeFilterCount({ unread: true, search: 'x' })).toBe(1);
    expect(cleanFilters({ search: '   ' })).toEqual({});
  });
});

describe('colors', () => {
  it('picks a readable text color and a stable tag color', () => {
    expect(textOn('#ffffff')).toBe('#000');
    expect(textOn('#1a237e')).toBe('#fff');
    expect(colorFor('VIP')).toBe(colorFor('vip'));
    expect(colorFor('VIP')).toMatch(/^#[0-9a-f]{6}$/);
  });
});

describe('filters in the address', () => {
  it('round-trips every filter, and drops what is empty or not a date', () => {
    const f = { channelKind: 'whatsapp', channel: 'acc-1', departmentId: 'd1', agentId: 'u1', tagId: 't1', unread: true, from: '2026-12-01', to: '2026-12-07' };
    const q = filtersToQuery(f);
    expect(q).toBe('?departmentId=d1&agentId=u1&tagId=t1&channelKind=whatsapp&channel=acc-1&unread=1&from=2026-12-01&to=2026-12-07');
    expect(filtersFromQuery(q)).toEqual(f);
    expect(filtersToQuery({ channelKind: '', unread: false })).toBe('');
    expect(filtersFromQuery('?from=yesterday&unread=0&other=x&channel=%20')).toEqual({});
  });
});
