import { describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN,
  type BusinessHours,
  businessHoursSchema,
  describeOpening,
  isOpen,
  nextOpening,
} from './business-hours.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

type Interval = { day: number; from: string; to: string };
const everyDay = (from: string, to: string): Interval[] => [0, 1, 2, 3, 4, 5, 6].map((day) => ({ day, from, to }));
const weekdays = (...ranges: Array<[string, string]>): Interval[] =>
  [1, 2, 3, 4, 5].flatMap((day) => ranges.map(([from, to]) => ({ day, from, to })));

const hoursOf = (input: Partial<Record<keyof BusinessHours, unknown>>): BusinessHours =>
  businessHoursSchema.parse({ enabled: true, ...input });

// São Paulo has had no DST since 2019: local = UTC-3 all year, which keeps the plain cases readable.
const office = hoursOf({
  timeZone: 'America/Sao_Paulo',
  weekly: weekdays(['08:00', '12:00'], ['13:00', '18:00']),
});

describe('isOpen', () => {
  it('opens at the start of an interval and closes at its end', () => {
    // Monday 2026-03-16, local = UTC-3.
    expect(isOpen(office, at('2026-03-16T10:59:59.999Z'))).toBe(false); // 07:59:59.999
    expect(isOpen(office, at('2026-03-16T11:00:00Z'))).toBe(true); // 08:00
    expect(isOpen(office, at('2026-03-16T20:59:59.999Z'))).toBe(true); // 17:59:59.999
    expect(isOpen(office, at('2026-03-16T21:00:00Z'))).toBe(false); // 18:00
  });

  it('is closed during a lunch break between two intervals of the same day', () => {
    expect(isOpen(office, at('2026-03-16T14:59:00Z'))).toBe(true); // 11:59
    expect(isOpen(office, at('2026-03-16T15:00:00Z'))).toBe(false); // 12:00
    expect(isOpen(office, at('2026-03-16T15:30:00Z'))).toBe(false); // 12:30
    expect(isOpen(office, at('2026-03-16T16:00:00Z'))).toBe(true); // 13:00
  });

  it('only opens on the weekdays that have intervals', () => {
    expect(isOpen(office, at('2026-03-14T14:00:00Z'))).toBe(false); // Saturday 11:00
    expect(isOpen(office, at('2026-03-15T14:00:00Z'))).toBe(false); // Sunday 11:00
    expect(isOpen(office, at('2026-03-13T14:00:00Z'))).toBe(true); // Friday 11:00
  });

  it('treats overlapping intervals as their union', () => {
    const h = hoursOf({ weekly: [{ day: 1, from: '08:00', to: '12:00' }, { day: 1, from: '10:00', to: '14:00' }] });
    expect(isOpen(h, at('2026-03-16T16:30:00Z'))).toBe(true); // 13:30
    expect(isOpen(h, at('2026-03-16T17:00:00Z'))).toBe(false); // 14:00
  });

  it('is always open when disabled, whatever the schedule says', () => {
    const disabled = { ...office, enabled: false };
    expect(isOpen(disabled, at('2026-03-15T06:00:00Z'))).toBe(true); // Sunday 03:00
    expect(isOpen(ALWAYS_OPEN, at('2026-03-15T06:00:00Z'))).toBe(true);
    expect(ALWAYS_OPEN.enabled).toBe(false);
    expect(nextOpening(disabled, at('2026-03-15T06:00:00Z'))?.toISOString()).toBe('2026-03-15T06:00:00.000Z');
  });

  it('reads 24:00 as the end of the day', () => {
    const h = hoursOf({ weekly: [{ day: 1, from: '20:00', to: '24:00' }, { day: 0, from: '00:00', to: '24:00' }] });
    expect(isOpen(h, at('2026-03-17T02:59:59.999Z'))).toBe(true); // Monday 23:59:59.999
    expect(isOpen(h, at('2026-03-17T03:00:00Z'))).toBe(false); // Tuesday 00:00
    expect(isOpen(h, at('2026-03-15T03:00:00Z'))).toBe(true); // Sunday 00:00
    expect(isOpen(h, at('2026-03-16T02:59:00Z'))).toBe(true); // Sunday 23:59
    expect(isOpen(h, at('2026-03-16T03:00:00Z'))).toBe(false); // Monday 00:00
  });

  it('is never open when enabled with no intervals', () => {
    const h = hoursOf({ weekly: [] });
    expect(isOpen(h, at('2026-03-16T15:00:00Z'))).toBe(false);
    expect(nextOpening(h, at('2026-03-16T15:00:00Z'))).toBeNull();
  });

  it('reads the schedule in the department time zone', () => {
    const weekly = weekdays(['08:00', '18:00']);
    const instant = at('2026-03-16T12:00:00Z'); // 09:00 Monday in São Paulo, 21:00 Monday in Tokyo
    expect(isOpen(hoursOf({ timeZone: 'America/Sao_Paulo', weekly }), instant)).toBe(true);
    expect(isOpen(hoursOf({ timeZone: 'Asia/Tokyo', weekly }), instant)).toBe(false);
  });
});

describe('daylight saving time', () => {
  const newYork = hoursOf({ timeZone: 'America/New_York', weekly: everyDay('09:00', '17:00') });

  it('keeps 09:00–17:00 local on both sides of the spring-forward change', () => {
    expect(isOpen(newYork, at('2026-03-06T13:00:00Z'))).toBe(false); // Fri 08:00 EST
    expect(isOpen(newYork, at('2026-03-06T14:00:00Z'))).toBe(true); // Fri 09:00 EST
    expect(isOpen(newYork, at('2026-03-06T21:59:00Z'))).toBe(true); // Fri 16:59 EST
    expect(isOpen(newYork, at('2026-03-08T12:59:00Z'))).toBe(false); // Sun 08:59 EDT, the day of the change
    expect(isOpen(newYork, at('2026-03-08T13:00:00Z'))).toBe(true); // Sun 09:00 EDT
    expect(isOpen(newYork, at('2026-03-08T21:00:00Z'))).toBe(false); // Sun 17:00 EDT
    expect(isOpen(newYork, at('2026-03-09T13:00:00Z'))).toBe(true); // Mon 09:00 EDT
  });

  it('keeps 09:00–17:00 local on both sides of the fall-back change', () => {
    expect(isOpen(newYork, at('2026-10-31T13:00:00Z'))).toBe(true); // Sat 09:00 EDT
    expect(isOpen(newYork, at('2026-11-01T13:30:00Z'))).toBe(false); // Sun 08:30 EST
    expect(isOpen(newYork, at('2026-11-01T14:00:00Z'))).toBe(true); // Sun 09:00 EST
    expect(isOpen(newYork, at('2026-11-01T21:59:00Z'))).toBe(true); // Sun 16:59 EST
    expect(isOpen(newYork, at('2026-11-01T22:00:00Z'))).toBe(false); // Sun 17:00 EST
  });

  it('finds the next opening across a change of offset', () => {
    // Saturday 17:00 EST -> Sunday 09:00 EDT, 15 h later rather than 16.
    expect(iso(nextOpening(newYork, at('2026-03-07T22:00:00Z')))).toBe('2026-03-08T13:00:00.000Z');
    // Saturday 17:00 EDT -> Sunday 09:00 EST, 17 h later.
    expect(iso(nextOpening(newYork, at('2026-10-31T21:00:00Z')))).toBe('2026-11-01T14:00:00.000Z');
  });

  it('opens at the first instant after a spring-forward gap that swallowed the interval start', () => {
    // 02:30 does not exist on 2026-03-08 in New York: 02:00 EST is followed by 03:00 EDT (07:00Z).
    const h = hoursOf({ timeZone: 'America/New_York', weekly: [{ day: 0, from: '02:30', to: '04:00' }] });
    expect(isOpen(h, at('2026-03-08T06:59:59Z'))).toBe(false); // 01:59:59 EST
    expect(isOpen(h, at('2026-03-08T07:00:00Z'))).toBe(true); // 03:00 EDT
    expect(iso(nextOpening(h, at('2026-03-08T05:00:00Z')))).toBe('2026-03-08T07:00:00.000Z');
  });

  it('skips an interval that lies entirely inside a spring-forward gap', () => {
    const h = hoursOf({ timeZone: 'America/New_York', weekly: [{ day: 0, from: '02:00', to: '02:30' }] });
    // Next Sunday 02:00 EDT.
    expect(iso(nextOpening(h, at('2026-03-08T05:00:00Z')))).toBe('2026-03-15T06:00:00.000Z');
  });

  it('opens again when the fall-back change repeats an hour of the interval', () => {
    // 01:00–01:30 happens twice on 2026-11-01: 05:00Z (EDT) and 06:00Z (EST).
    const h = hoursOf({ timeZone: 'America/New_York', weekly: [{ day: 0, from: '01:00', to: '01:30' }] });
    expect(iso(nextOpening(h, at('2026-11-01T04:00:00Z')))).toBe('2026-11-01T05:00:00.000Z');
    expect(isOpen(h, at('2026-11-01T05:45:00Z'))).toBe(false); // 01:45 EDT
    expect(iso(nextOpening(h, at('2026-11-01T05:45:00Z')))).toBe('2026-11-01T06:00:00.000Z');
    // An interval that started before the repeated hour opens again as the clock goes back into it.
    const wide = hoursOf({ timeZone: 'America/New_York', weekly: [{ day: 0, from: '00:30', to: '01:30' }] });
    expect(iso(nextOpening(wide, at('2026-11-01T05:45:00Z')))).toBe('2026-11-01T06:00:00.000Z');
  });

  it('follows the European change in Lisbon', () => {
    // 2026-10-25: 02:00 WEST (UTC+1) becomes 01:00 WET (UTC+0).
    const lisbon = hoursOf({ timeZone: 'Europe/Lisbon', weekly: everyDay('09:00', '17:00') });
    expect(isOpen(lisbon, at('2026-10-24T07:59:00Z'))).toBe(false); // Sat 08:59 WEST
    expect(isOpen(lisbon, at('2026-10-24T08:00:00Z'))).toBe(true); // Sat 09:00 WEST
    expect(isOpen(lisbon, at('2026-10-25T08:00:00Z'))).toBe(false); // Sun 08:00 WET
    expect(isOpen(lisbon, at('2026-10-25T09:00:00Z'))).toBe(true); // Sun 09:00 WET
    expect(isOpen(lisbon, at('2026-10-25T17:00:00Z'))).toBe(false); // Sun 17:00 WET
    expect(iso(nextOpening(lisbon, at('2026-10-24T16:00:00Z')))).toBe('2026-10-25T09:00:00.000Z');
  });
});

describe('nextOpening', () => {
  it('returns the instant itself when already open', () => {
    const now = at('2026-03-16T12:34:56.789Z');
    expect(nextOpening(office, now)).toEqual(now);
  });

  it('finds the end of the lunch break, the next morning and the next week', () => {
    expect(iso(nextOpening(office, at('2026-03-16T15:10:00Z')))).toBe('2026-03-16T16:00:00.000Z'); // Mon 12:10 -> 13:00
    expect(iso(nextOpening(office, at('2026-03-16T21:00:00Z')))).toBe('2026-03-17T11:00:00.000Z'); // Mon 18:00 -> Tue 08:00
    expect(iso(nextOpening(office, at('2026-03-17T09:00:00Z')))).toBe('2026-03-17T11:00:00.000Z'); // Tue 06:00 -> 08:00
    expect(iso(nextOpening(office, at('2026-03-13T22:00:00Z')))).toBe('2026-03-16T11:00:00.000Z'); // Fri 19:00 -> Mon 08:00
  });

  it('opens at the earliest of overlapping or unsorted intervals', () => {
    const h = hoursOf({ weekly: [{ day: 2, from: '10:00', to: '12:00' }, { day: 2, from: '09:00', to: '11:00' }] });
    expect(iso(nextOpening(h, at('2026-03-16T21:00:00Z')))).toBe('2026-03-17T12:00:00.000Z'); // Tue 09:00
  });

  it('returns null when every opening day within the horizon is a holiday', () => {
    // Only Mondays open, and every Monday of the next 370 days is a holiday: 53 of them, 2026-03-16 to
    // 2027-03-15. The Monday after (2027-03-22) would open but lies beyond the horizon.
    const mondays: Array<{ date: string }> = [];
    for (let d = Date.UTC(2026, 2, 16); mondays.length < 53; d += 7 * 86_400_000) {
      mondays.push({ date: new Date(d).toISOString().slice(0, 10) });
    }
    const h = hoursOf({ weekly: [{ day: 1, from: '08:00', to: '18:00' }], holidays: mondays });
    expect(nextOpening(h, at('2026-03-15T12:00:00Z'))).toBeNull();
    // Dropping the last holiday brings that Monday back within reach.
    const lastFree = hoursOf({ weekly: h.weekly, holidays: mondays.slice(0, -1) });
    expect(iso(nextOpening(lastFree, at('2026-03-15T12:00:00Z')))).toBe('2027-03-15T11:00:00.000Z');
  });
});

describe('holidays', () => {
  const withHoliday = hoursOf({
    timeZone: 'America/Sao_Paulo',
    weekly: weekdays(['08:00', '18:00']),
    holidays: [{ date: '2026-03-16', name: 'Company day' }],
  });

  it('closes the whole local day of a Monday holiday', () => {
    expect(isOpen(withHoliday, at('2026-03-16T11:00:00Z'))).toBe(false); // 08:00
    expect(isOpen(withHoliday, at('2026-03-16T15:00:00Z'))).toBe(false); // 12:00
    expect(isOpen(withHoliday, at('2026-03-16T20:59:00Z'))).toBe(false); // 17:59
    expect(isOpen(withHoliday, at('2026-03-17T11:00:00Z'))).toBe(true); // Tuesday 08:00
  });

  it('opens on Tuesday after a Friday evening before a Monday holiday', () => {
    expect(iso(nextOpening(withHoliday, at('2026-03-13T22:00:00Z')))).toBe('2026-03-17T11:00:00.000Z');
  });

  it('compares the holiday with the local date, not the UTC one', () => {
    const tokyo = hoursOf({
      timeZone: 'Asia/Tokyo',
      weekly: everyDay('00:00', '24:00'),
      holidays: [{ date: '2026-03-17' }],
    });
    expect(isOpen(tokyo, at('2026-03-16T14:59:00Z'))).toBe(true); // 16th 23:59 JST
    // Still the 16th in UTC, already the 17th in Tokyo.
    expect(isOpen(tokyo, at('2026-03-16T20:00:00Z'))).toBe(false); // 17th 05:00 JST
    expect(isOpen(tokyo, at('2026-03-17T14:59:00Z'))).toBe(false); // 17th 23:59 JST
    expect(iso(nextOpening(tokyo, at('2026-03-16T20:00:00Z')))).toBe('2026-03-17T15:00:00.000Z'); // 18th 00:00 JST
  });
});

describe('shifts that cross midnight and yearly holidays', () => {
  // A bar's team: Friday and Saturday 18:00–02:00, São Paulo (UTC-3).
  const night = hoursOf({ weekly: [{ day: 5, from: '18:00', to: '02:00' }, { day: 6, from: '18:00', to: '02:00' }] });

  it('is open from the evening through the small hours of the next day', () => {
    // Friday 2026-03-20.
    expect(isOpen(night, at('2026-03-20T20:59:00Z'))).toBe(false); // Fri 17:59
    expect(isOpen(night, at('2026-03-20T21:00:00Z'))).toBe(true); // Fri 18:00
    expect(isOpen(night, at('2026-03-21T02:59:00Z'))).toBe(true); // Fri 23:59
    expect(isOpen(night, at('2026-03-21T03:00:00Z'))).toBe(true); // Sat 00:00
    expect(isOpen(night, at('2026-03-21T04:59:59.999Z'))).toBe(true); // Sat 01:59:59.999
    expect(isOpen(night, at('2026-03-21T05:00:00Z'))).toBe(false); // Sat 02:00
    expect(isOpen(night, at('2026-03-22T04:00:00Z'))).toBe(true); // Sun 01:00, Saturday's tail
    expect(isOpen(night, at('2026-03-23T04:00:00Z'))).toBe(false); // Mon 01:00: Sunday has no shift
  });

  it('finds the next opening of a night shift, and says it in words', () => {
    const sundayNoon = at('2026-03-22T15:00:00Z');
    const next = nextOpening(night, sundayNoon);
    expect(iso(next)).toBe('2026-03-27T21:00:00.000Z'); // Friday 18:00
    expect(describeOpening(next!, night, sundayNoon, 'pt-BR')).toBe('sexta-feira, 18:00');
    // During the tail it is open now.
    expect(iso(nextOpening(night, at('2026-03-21T04:00:00Z')))).toBe('2026-03-21T04:00:00.000Z');
  });

  it('a holiday cancels the shift that starts on it, tail included, not the one that ends on it', () => {
    const h = hoursOf({ weekly: everyDay('18:00', '02:00'), holidays: [{ date: '2026-12-25' }] });
    expect(isOpen(h, at('2026-12-25T04:00:00Z'))).toBe(true); // 25th 01:00: the 24th's shift
    expect(isOpen(h, at('2026-12-25T22:00:00Z'))).toBe(false); // 25th 19:00
    expect(isOpen(h, at('2026-12-26T04:00:00Z'))).toBe(false); // 26th 01:00: the 25th's tail
    expect(iso(nextOpening(h, at('2026-12-25T22:00:00Z')))).toBe('2026-12-26T21:00:00.000Z'); // 26th 18:00
  });

  it('a yearly holiday closes the same day every year, a dated one only its year', () => {
    const h = hoursOf({
      weekly: everyDay('08:00', '18:00'),
      holidays: [
        { date: '2026-12-25', name: 'Natal', yearly: true },
        { date: '2026-11-20', name: 'Consciência Negra' },
      ],
    });
    for (const year of [2026, 2027, 2031]) expect(isOpen(h, at(`${year}-12-25T14:00:00Z`))).toBe(false);
    expect(isOpen(h, at('2027-12-24T14:00:00Z'))).toBe(true);
    expect(isOpen(h, at('2026-11-20T14:00:00Z'))).toBe(false);
    expect(isOpen(h, at('2027-11-20T14:00:00Z'))).toBe(true);
    expect(iso(nextOpening(h, at('2030-12-25T12:00:00Z')))).toBe('2030-12-26T11:00:00.000Z');
  });
});

describe('businessHoursSchema', () => {
  const issuesOf = (input: unknown) => {
    const result = businessHoursSchema.safeParse(input);
    expect(result.success).toBe(false);
    return (result.error?.issues ?? []).map((i) => ({ path: i.path, message: i.message }));
  };

  it('fills defaults', () => {
    expect(businessHoursSchema.parse({})).toEqual({
      enabled: false,
      timeZone: 'America/Sao_Paulo',
      weekly: [],
      holidays: [],
    });
    expect(businessHoursSchema.parse({ holidays: [{ date: '2026-12-25' }] }).holidays).toEqual([
      { date: '2026-12-25', name: '', yearly: false },
    ]);
  });

  it('refuses an unknown time zone', () => {
    expect(issuesOf({ timeZone: 'Mars/Olympus_Mons' })).toEqual([
      { path: ['timeZone'], message: 'unknown time zone "Mars/Olympus_Mons"' },
    ]);
  });

  it('takes an end before the start as a shift crossing midnight, and refuses one that holds no time', () => {
    expect(
      issuesOf({
        weekly: [
          { day: 1, from: '08:00', to: '24:00' },
          { day: 1, from: '18:00', to: '09:00' },
          { day: 2, from: '10:00', to: '10:00' },
          { day: 3, from: '24:00', to: '02:00' },
        ],
      }),
    ).toEqual([
      { path: ['weekly', 2, 'to'], message: 'must differ from the start' },
      { path: ['weekly', 3, 'from'], message: 'a shift cannot start at 24:00: use 00:00' },
    ]);
  });

  it('refuses the same yearly holiday twice, whatever year it was typed with', () => {
    expect(
      issuesOf({
        holidays: [
          { date: '2026-12-25', yearly: true },
          { date: '2027-12-25', yearly: true },
          { date: '2026-12-25' },
        ],
      }),
    ).toEqual([{ path: ['holidays', 1, 'date'], message: 'duplicate holiday' }]);
  });

  it('reports a malformed time once, on the field', () => {
    expect(issuesOf({ weekly: [{ day: 1, from: '24:30', to: '18:00' }] })).toEqual([
      { path: ['weekly', 0, 'from'], message: 'use HH:MM (00:00–24:00)' },
    ]);
    expect(issuesOf({ weekly: [{ day: 7, from: '08:00', to: '18:00' }] }).map((i) => i.path)).toEqual([
      ['weekly', 0, 'day'],
    ]);
  });

  it('refuses a date that does not exist', () => {
    expect(issuesOf({ holidays: [{ date: '2026-01-01' }, { date: '2026-02-30' }] })).toEqual([
      { path: ['holidays', 1, 'date'], message: 'not a real date' },
    ]);
    expect(issuesOf({ holidays: [{ date: '2026-2-3' }] }).map((i) => i.path)).toEqual([['holidays', 0, 'date']]);
  });

  it('refuses the same holiday date twice', () => {
    expect(
      issuesOf({ holidays: [{ date: '2026-12-25', name: 'Natal' }, { date: '2026-01-01' }, { date: '2026-12-25' }] }),
    ).toEqual([{ path: ['holidays', 2, 'date'], message: 'duplicate holiday' }]);
  });
});

describe('describeOpening', () => {
  const hours = office;
  const fridayEvening = at('2026-03-13T22:00:00Z'); // Fri 19:00 in São Paulo

  it('names the weekday within the coming week', () => {
    const tuesday = at('2026-03-17T11:00:00Z');
    expect(describeOpening(tuesday, hours, fridayEvening, 'pt-BR')).toBe('terça-feira, 08:00');
    expect(describeOpening(tuesday, hours, fridayEvening, 'en')).toBe('Tuesday, 08:00');
    const monday = at('2026-03-16T11:00:00Z');
    expect(describeOpening(monday, hours, fridayEvening, 'pt-BR')).toBe('segunda-feira, 08:00');
    expect(describeOpening(monday, hours, fridayEvening, 'en')).toBe('Monday, 08:00');
  });

  it('says today and tomorrow by the local calendar of the department', () => {
    const mondayMorning = at('2026-03-16T10:00:00Z'); // 07:00
    const afterLunch = at('2026-03-16T16:00:00Z'); // 13:00
    expect(describeOpening(afterLunch, hours, mondayMorning, 'pt-BR')).toBe('hoje, 13:00');
    expect(describeOpening(afterLunch, hours, mondayMorning, 'en')).toBe('today, 13:00');
    // Sunday 23:30 in São Paulo is already Monday in UTC: Monday 08:00 is still "tomorrow" there.
    const sundayNight = at('2026-03-16T02:30:00Z');
    const mondayOpening = at('2026-03-16T11:00:00Z');
    expect(describeOpening(mondayOpening, hours, sundayNight, 'pt-BR')).toBe('amanhã, 08:00');
    expect(describeOpening(mondayOpening, hours, sundayNight, 'en')).toBe('tomorrow, 08:00');
  });

  it('adds the date when the opening is a week or more away', () => {
    const far = at('2026-03-26T11:00:00Z'); // Thursday 13 days later
    expect(describeOpening(far, hours, fridayEvening, 'pt-BR')).toBe('quinta-feira, 26/03, 08:00');
    expect(describeOpening(far, hours, fridayEvening, 'en')).toBe('Thursday, Mar 26, 08:00');
  });

  it('uses the department zone for the time shown', () => {
    const tokyo = hoursOf({ timeZone: 'Asia/Tokyo', weekly: weekdays(['09:00', '18:00']) });
    // 2026-03-17 00:00Z is Tuesday 09:00 in Tokyo; now is Monday 20:00 there.
    expect(describeOpening(at('2026-03-17T00:00:00Z'), tokyo, at('2026-03-16T11:00:00Z'), 'en')).toBe('tomorrow, 09:00');
  });
});
