import { describe, expect, it } from 'vitest';
import {
  addRange,
  canAddRange,
  copyDay,
  defaultWeek,
  draftFromHours,
  emptyWeek,
  hoursFromDraft,
  hoursIssues,
  isRealDate,
  MAX_RANGES,
  normalizeTime,
  removeRange,
  timeZones,
  timeZoneGroups,
  filterZoneGroups,
  crossesMidnight,
  updateRange,
  weekFromWeekly,
  weeklyFromWeek,
  type HoursDraft,
  type Week,
} from './hours.js';

const draft = (week: Week, holidays: HoursDraft['holidays'] = [], enabled = true): HoursDraft => ({ enabled, timeZone: 'America/Sao_Paulo', week, holidays });

describe('normalizeTime', () => {
  it.each([
    ['8', '08:00'],
    ['08', '08:00'],
    ['830', '08:30'],
    ['0830', '08:30'],
    ['8:30', '08:30'],
    ['8.30', '08:30'],
    ['18h', '18:00'],
    ['18h30', '18:30'],
    [' 12:00 ', '12:00'],
    ['24', '24:00'],
    ['24:00', '24:00'],
  ])('reads %j as %s', (typed, expected) => {
    expect(normalizeTime(typed)).toBe(expected);
  });

  it.each(['25', '24:30', '12:60', 'noon', '', '1:2:3'])('leaves %j alone for validation to flag', (typed) => {
    expect(normalizeTime(typed)).toBe(typed.trim().toLowerCase());
  });
});

describe('week <-> weekly', () => {
  it('groups by weekday in time order and flattens back the same way', () => {
    const weekly = [
      { day: 1, from: '13:00', to: '18:00' },
      { day: 1, from: '08:00', to: '12:00' },
      { day: 5, from: '09:00', to: '17:00' },
      { day: 0, from: '10:00', to: '14:00' },
    ];
    const week = weekFromWeekly(weekly);
    expect(week[1]).toEqual([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '18:00' },
    ]);
    expect(week[2]).toEqual([]);
    expect(weeklyFromWeek(week)).toEqual([
      { day: 0, from: '10:00', to: '14:00' },
      { day: 1, from: '08:00', to: '12:00' },
      { day: 1, from: '13:00', to: '18:00' },
      { day: 5, from: '09:00', to: '17:00' },
    ]);
  });

  it('starts a department without hours in São Paulo, switched off', () => {
    expect(draftFromHours(null)).toEqual({ enabled: false, timeZone: 'America/Sao_Paulo', week: emptyWeek(), holidays: [] });
  });
});

describe('editing intervals', () => {
  it('adds 08:00–18:00 to an empty day, then an hour-long interval an hour after the last one', () => {
    let week = addRange(emptyWeek(), 1);
    expect(week[1]).toEqual([{ from: '08:00', to: '18:00' }]);
    week = updateRange(week, 1, 0, { to: '12:00' });
    week = addRange(week, 1);
    expect(week[1]).toEqual([
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '14:00' },
    ]);
  });

  it('never adds past midnight', () => {
    let week = updateRange(addRange(emptyWeek(), 2), 2, 0, { to: '23:30' });
    week = addRange(week, 2);
    expect(week[2][1]).toEqual({ from: '23:30', to: '24:00' });
    expect(canAddRange(week, 2)).toBe(false);
    expect(addRange(week, 2)).toBe(week);
  });

  it('stops at the server limit of intervals', () => {
    const week = emptyWeek();
    for (let i = 0; i < MAX_RANGES; i++) week[i % 7].push({ from: '01:00', to: '02:00' });
    expect(canAddRange(week, 3)).toBe(false);
  });

  it('removes one interval and leaves other days untouched', () => {
    const week = copyDay(addRange(updateRange(addRange(emptyWeek(), 1), 1, 0, { to: '12:00' }), 1));
    const after = removeRange(week, 1, 0);
    expect(after[1]).toEqual([{ from: '13:00', to: '14:00' }]);
    expect(after[2]).toEqual(week[2]);
  });

  it('copies Monday onto Tuesday to Friday, not the weekend, as independent copies', () => {
    let week = emptyWeek();
    week[1] = [
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '18:00' },
    ];
    week[6] = [{ from: '09:00', to: '12:00' }];
    week = copyDay(week);
    for (const d of [2, 3, 4, 5]) expect(week[d]).toEqual(week[1]);
    expect(week[0]).toEqual([]);
    expect(week[6]).toEqual([{ from: '09:00', to: '12:00' }]);
    week = updateRange(week, 2, 0, { from: '07:00' });
    expect(week[1][0].from).toBe('08:00');
  });
});

describe('hoursIssues', () => {
  it('accepts Monday to Friday with a lunch break and a holiday', () => {
    const week = defaultWeek();
    week[1] = [
      { from: '08:00', to: '12:00' },
      { from: '13:00', to: '18:00' },
    ];
    expect(hoursIssues(draft(week, [{ date: '2025-12-25', name: 'Natal', yearly: false }]))).toEqual({});
  });

  it('flags malformed times, an empty interval, a start at 24:00 and overlaps, where they are', () => {
    const week = emptyWeek();
    week[1] = [
      { from: '8h', to: '12:00' },
      { from: '13:00', to: '13:00' },
    ];
    week[3] = [
      { from: '09:00', to: '24:00' },
      { from: '11:00', to: '12:00' },
    ];
    week[4] = [{ from: '24:00', to: '24:00' }];
    // A night shift runs past midnight, so a later one the same evening overlaps it.
    week[5] = [
      { from: '18:00', to: '02:00' },
      { from: '23:00', to: '23:30' },
    ];
    expect(hoursIssues(draft(week))).toEqual({
      '1.0.from': 'time',
      '1.1.to': 'order',
      '3.1.from': 'overlap',
      '4.0.from': 'start24',
      '5.1.from': 'overlap',
    });
  });

  it('takes an end before the start as a shift that ends the next day', () => {
    const week = emptyWeek();
    week[5] = [{ from: '18:00', to: '02:00' }];
    week[6] = [{ from: '20:00', to: '00:00' }];
    expect(hoursIssues(draft(week))).toEqual({});
    expect(crossesMidnight(week[5][0])).toBe(true);
    expect(crossesMidnight(week[6][0])).toBe(true);
    expect(crossesMidnight({ from: '08:00', to: '18:00' })).toBe(false);
  });

  it('treats a yearly holiday as the same day whatever the year typed', () => {
    const issues = hoursIssues(
      draft(emptyWeek(), [
        { date: '2026-12-25', name: 'Natal', yearly: true },
        { date: '2027-12-25', name: '', yearly: true },
        { date: '2027-12-25', name: '', yearly: false },
      ]),
    );
    expect(issues).toEqual({ 'holiday.1.date': 'duplicate' });
  });

  it('lets one interval end where the next begins', () => {
    const week = emptyWeek();
    week[2] = [
      { from: '12:00', to: '18:00' },
      { from: '08:00', to: '12:00' },
    ];
    expect(hoursIssues(draft(week))).toEqual({});
  });

  it('flags missing, impossible and repeated holiday dates', () => {
    const issues = hoursIssues(
      draft(emptyWeek(), [
        { date: '', name: 'x', yearly: false },
        { date: '2025-02-30', name: '', yearly: false },
        { date: '2025-01-01', name: '', yearly: false },
        { date: '2025-01-01', name: 'y'.repeat(81), yearly: false },
      ]),
    );
    expect(issues).toEqual({ 'holiday.0.date': 'date', 'holiday.1.date': 'date', 'holiday.3.date': 'duplicate', 'holiday.3.name': 'tooLong' });
  });

  it('knows real dates', () => {
    expect(isRealDate('2024-02-29')).toBe(true);
    expect(isRealDate('2025-02-29')).toBe(false);
    expect(isRealDate('2025-1-01')).toBe(false);
  });
});

describe('hoursFromDraft', () => {
  it('sends intervals sorted and holidays by date with trimmed names', () => {
    const week = emptyWeek();
    week[1] = [
      { from: '13:00', to: '18:00' },
      { from: '08:00', to: '12:00' },
    ];
    const value = hoursFromDraft(draft(week, [{ date: '2025-12-25', name: ' Natal ', yearly: false }, { date: '2025-01-01', name: 'Ano novo', yearly: false }]));
    expect(value).toEqual({
      enabled: true,
      timeZone: 'America/Sao_Paulo',
      weekly: [
        { day: 1, from: '08:00', to: '12:00' },
        { day: 1, from: '13:00', to: '18:00' },
      ],
      holidays: [
        { date: '2025-01-01', name: 'Ano novo', yearly: false },
        { date: '2025-12-25', name: 'Natal', yearly: false },
      ],
    });
  });

  it('drops unfinished rows only while the schedule is switched off', () => {
    const week = emptyWeek();
    week[1] = [
      { from: '08:00', to: '12:00' },
      { from: '', to: '' },
    ];
    const holidays = [{ date: '', name: 'later', yearly: false }];
    expect(hoursFromDraft(draft(week, holidays, false))).toMatchObject({ weekly: [{ day: 1, from: '08:00', to: '12:00' }], holidays: [] });
    expect(hoursFromDraft(draft(week, holidays, true)).weekly).toHaveLength(2);
  });
});

describe('timeZones', () => {
  it('lists IANA zones and keeps a saved zone the browser does not know', () => {
    expect(timeZones('America/Sao_Paulo')).toContain('America/Sao_Paulo');
    expect(timeZones('Mars/Olympus')[0]).toBe('Mars/Olympus');
  });

  const july = new Date('2026-07-01T12:00:00Z');

  it('groups zones by country, Brazil and São Paulo first for pt-BR readers', () => {
    const groups = timeZoneGroups('America/Sao_Paulo', 'pt-BR', 'Outros', july);
    expect(groups[0].label).toBe('Brasil');
    expect(groups[0].zones[0]).toMatchObject({ value: 'America/Sao_Paulo', label: 'São Paulo (UTC−03:00)' });
    expect(groups[0].zones.map((z) => z.value)).toContain('America/Manaus');
    const portugal = groups.find((g) => g.label === 'Portugal')!;
    expect(portugal.zones.map((z) => z.value).sort()).toEqual(['Atlantic/Azores', 'Atlantic/Madeira', 'Europe/Lisbon']);
    expect(portugal.zones.find((z) => z.value === 'Europe/Lisbon')!.label).toBe('Lisbon (UTC+01:00)');
    // Every zone the browser knows is somewhere, once.
    const listed = groups.flatMap((g) => g.zones.map((z) => z.value));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.sort()).toEqual([...timeZones('America/Sao_Paulo')].sort());
    // Countries otherwise in the reader's alphabetical order, "other" last.
    const rest = groups.slice(1).map((g) => g.label).filter((l) => l !== 'Outros');
    expect(rest).toEqual([...rest].sort(new Intl.Collator('pt-BR').compare));
  });

  it('names countries in English for English readers, alphabetically', () => {
    const groups = timeZoneGroups('America/Sao_Paulo', 'en', 'Other', july);
    expect(groups.find((g) => g.zones.some((z) => z.value === 'America/Sao_Paulo'))!.label).toBe('Brazil');
    expect(groups[0].label).not.toBe('Brazil');
  });

  it('finds zones by city or country, without accents, keeping the chosen one', () => {
    const groups = timeZoneGroups('America/Sao_Paulo', 'pt-BR', 'Outros', july);
    const found = filterZoneGroups(groups, 'manaus', 'America/Sao_Paulo');
    expect(found.flatMap((g) => g.zones.map((z) => z.value))).toEqual(['America/Sao_Paulo', 'America/Manaus']);
    expect(filterZoneGroups(groups, 'japao', 'America/Sao_Paulo').flatMap((g) => g.zones.map((z) => z.value))).toEqual(['America/Sao_Paulo', 'Asia/Tokyo']);
    expect(filterZoneGroups(groups, 'sao paulo', 'Europe/Lisbon').flatMap((g) => g.zones.map((z) => z.value)).sort()).toEqual(['America/Sao_Paulo', 'Europe/Lisbon']);
  });
});
