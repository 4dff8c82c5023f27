import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const timeOfDay = z.string().regex(TIME_OF_DAY, 'use HH:MM (00:00–24:00)');

export const businessHoursSchema = z
  .object({
    // Disabled means "no schedule configured", which must never make the team look unreachable.
    enabled: z.boolean().default(false),
    timeZone: z
      .string()
      .refine((v) => IANAZone.isValidZone(v), { error: (iss) => `unknown time zone "${String(iss.input)}"` })
      .default('America/Sao_Paulo'),
    weekly: z
      .array(z.object({ day: z.number().int().min(0).max(6), from: timeOfDay, to: timeOfDay }))
      .max(50)
      .default([]),
    holidays: z
      .array(
        z.object({
          date: z.string().regex(ISO_DATE),
          name: z.string().max(80).default(''),
          // Christmas, New Year, a city's anniversary: the same day and month every year.
          yearly: z.boolean().default(false),
        }),
      )
      .max(366)
      .default([]),
  })
  .superRefine((value, ctx) => {
    // zod keeps running this after field errors, so each rule only judges fields that are well formed,
    // otherwise one typo would be reported twice.
    value.weekly.forEach((w, i) => {
      if (!TIME_OF_DAY.test(w.from) || !TIME_OF_DAY.test(w.to)) return;
      // An end before the start is a shift that crosses midnight (18:00–02:00); an equal one holds no time.
      if (minutesOf(w.from) === DAY_MINUTES) {
        ctx.addIssue({ code: 'custom', path: ['weekly', i, 'from'], message: 'a shift cannot start at 24:00: use 00:00' });
      } else if (minutesOf(w.from) === minutesOf(w.to)) {
        ctx.addIssue({ code: 'custom', path: ['weekly', i, 'to'], message: 'must differ from the start' });
      }
    });
    const seen = new Set<string>();
    value.holidays.forEach((h, i) => {
      if (!ISO_DATE.test(h.date)) return;
      if (!DateTime.fromISO(h.date, { zone: 'UTC' }).isValid) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: 'not a real date' });
      } else if (seen.has(holidayKey(h))) {
        ctx.addIssue({ code: 'custom', path: ['holidays', i, 'date'], message: 'duplicate holiday' });
      }
      seen.add(holidayKey(h));
    });
  });

export type BusinessHours = z.output<typeof businessHoursSchema>;

export const ALWAYS_OPEN: BusinessHours = Object.freeze(businessHoursSchema.parse({}));

const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;
const DAY = DAY_MINUTES * MINUTE;
const HORIZON_DAYS = 370;

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

/** A yearly holiday is the same whatever year it was typed with: "12-25". */
function holidayKey(h: { date: string; yearly?: boolean }): string {
  return h.yearly ? h.date.slice(5) : h.date;
}

interface Schedule {
  zone: IANAZone;
  /**
   * Index = weekday with 0 = Sunday; [from, to) in minutes from that day's local midnight, sorted by start.
   * A shift crossing midnight ends past 1440 (18:00–02:00 is [1080, 1560]): it belongs to the day it starts,
   * so a holiday cancels the shift that starts on it, tail included, and not the one that ends on it.
   */
  byDay: Array<Array<[number, number]>>;
  holidays: Set<string>;
  yearly: Set<string>;
}

function scheduleOf(hours: BusinessHours): Schedule {
  const zone = IANAZone.create(hours.timeZone);
  // Data that skipped the schema would otherwise read as "closed forever" with no hint why.
  if (!zone.isValid) throw new Error(`unknown time zone "${hours.timeZone}"`);
  const byDay: Array<Array<[number, number]>> = [[], [], [], [], [], [], []];
  for (const w of hours.weekly) {
    const from = minutesOf(w.from);
    const to = minutesOf(w.to);
    byDay[w.day].push([from, to > from ? to : to + DAY_MINUTES]);
  }
  for (const day of byDay) day.sort((a, b) => a[0] - b[0]);
  return {
    zone,
    byDay,
    holidays: new Set(hours.holidays.filter((h) => !h.yearly).map((h) => h.date)),
    yearly: new Set(hours.holidays.filter((h) => h.yearly).map((h) => h.date.slice(5))),
  };
}

function isHoliday(s: Schedule, day: DateTime): boolean {
  const date = day.toISODate() ?? '';
  return s.holidays.has(date) || s.yearly.has(date.slice(5));
}

function openIn(s: Schedule, at: Date): boolean {
  const local = DateTime.fromJSDate(at, { zone: s.zone });
  const ms = ((local.hour * 60 + local.minute) * 60 + local.second) * 1000 + local.millisecond;
  const today = s.byDay[local.weekday % 7].some(([from, to]) => from * MINUTE <= ms && ms < to * MINUTE);
  if (today && !isHoliday(s, local)) return true;
  // The tail of yesterday's shift that crossed midnight.
  const yesterday = local.minus({ days: 1 });
  const tail = s.byDay[yesterday.weekday % 7].some(([, to]) => to > DAY_MINUTES && ms < (to - DAY_MINUTES) * MINUTE);
  return tail && !isHoliday(s, yesterday);
}

/**
 * True when `at` falls inside a weekly shift in the zone's local time (a shift crossing midnight
 * counts on both days) and the shift's day is not a holiday.
 */
export function isOpen(hours: BusinessHours, at: Date): boolean {
  if (!hours.enabled) return true;
  return openIn(scheduleOf(hours), at);
}

/**
 * The next instant (>= at) the department opens; `at` itself when open now; null when never within 370 days
 * (no intervals, or every day a holiday).
 */
export function nextOpening(hours: BusinessHours, at: Date): Date | null {
  if (!hours.enabled) return at;
  const s = scheduleOf(hours);
  if (openIn(s, at)) return at;
  if (s.byDay.every((d) => d.length === 0)) return null;

  // Walk real time in stretches where the UTC offset is constant. Inside one, local wall-clock time is
  // UTC plus a fixed amount, so each interval start maps to exactly one instant. An opening can also begin
  // at the start of a stretch: after a spring-forward gap that swallowed the interval start, or when a
  // fall-back repeats an hour that is inside an interval again.
  const end = at.getTime() + HORIZON_DAYS * DAY;
  let start = at.getTime();
  while (start < end) {
    const offset = s.zone.offset(start) * MINUTE;
    const stop = nextTransition(s.zone, start, offset);
    if (start !== at.getTime() && openIn(s, new Date(start))) return new Date(start);
    const found = firstIntervalStart(s, start, stop, offset);
    if (found !== null) return found.getTime() <= end ? found : null;
    start = stop;
  }
  return null;
}

/** End of the constant-offset stretch beginning at `from`, at most one day later. */
function nextTransition(zone: IANAZone, from: number, offset: number): number {
  let hi = from + DAY;
  // Assumes no zone changes its offset twice within a day and back again; tzdb has no such case.
  if (zone.offset(hi) * MINUTE === offset) return hi;
  let lo = from;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid) * MINUTE === offset) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Earliest interval start in [from, to) when local time there is UTC + `offset`. */
function firstIntervalStart(s: Schedule, from: number, to: number, offset: number): Date | null {
  const firstDay = Math.floor((from + offset) / DAY) * DAY;
  for (let day = firstDay; day < to + offset; day += DAY) {
    const weekday = new Date(day).getUTCDay();
    for (const [startMinute] of s.byDay[weekday]) {
      const instant = day + startMinute * MINUTE - offset;
      if (instant < from || instant >= to) continue;
      // The holiday rule lives in openIn; asking it keeps one definition of "open".
      if (openIn(s, new Date(instant))) return new Date(instant);
    }
  }
  return null;
}

const WORDS = {
  'pt-BR': { today: 'hoje', tomorrow: 'amanhã', far: 'cccc, dd/MM' },
  en: { today: 'today', tomorrow: 'tomorrow', far: 'cccc, MMM d' },
} as const;

/**
 * A human description for messages, e.g. pt-BR "segunda-feira, 08:00" / en "Monday, 08:00", in the department
 * zone, relative wording "hoje/today" and "amanhã/tomorrow" when applicable.
 */
export function describeOpening(opening: Date, hours: BusinessHours, now: Date, locale: 'pt-BR' | 'en'): string {
  const zone = hours.timeZone;
  const when = DateTime.fromJSDate(opening, { zone }).setLocale(locale);
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Math.round(when.startOf('day').diff(today, 'days').days);
  const words = WORDS[locale];
  const time = when.toFormat('HH:mm');
  if (days === 0) return `${words.today}, ${time}`;
  if (days === 1) return `${words.tomorrow}, ${time}`;
  // A bare weekday is only unambiguous within the coming week; past that (long holidays) the date is needed.
  if (days > 1 && days < 7) return `${when.toFormat('cccc')}, ${time}`;
  return `${when.toFormat(words.far)}, ${time}`;
}
