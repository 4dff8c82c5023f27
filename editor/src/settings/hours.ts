// Editing a department's business hours. The server stores a flat list of weekly intervals
// ({day, from, to}); the editor works on one list per weekday, which is what people look at.
// Validation mirrors runtime/inbox/business-hours.ts so a bad schedule is caught before saving.
import { countryOfZone } from './zone-countries.js';

export interface TimeRange {
  from: string;
  to: string;
}
/** Seven lists, index 0 = Sunday, like the server's `day`. */
export type Week = TimeRange[][];
export interface WeeklyEntry {
  day: number;
  from: string;
  to: string;
}
export interface Holiday {
  date: string;
  name: string;
  /** The same day and month every year (25/12), whatever year `date` was typed with. */
  yearly: boolean;
}
export interface HoursDraft {
  enabled: boolean;
  timeZone: string;
  week: Week;
  holidays: Holiday[];
}
export interface HoursValue {
  enabled: boolean;
  timeZone: string;
  weekly: WeeklyEntry[];
  holidays: Array<Omit<Holiday, 'yearly'> & { yearly?: boolean }>;
}

export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';
/** The server's caps. */
export const MAX_RANGES = 50;
export const MAX_HOLIDAYS = 366;
export const MAX_HOLIDAY_NAME = 80;
export const WEEKDAYS = [1, 2, 3, 4, 5] as const;
const DAY_MINUTES = 24 * 60;


const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isTime(text: string): boolean {
  return TIME_OF_DAY.test(text);
}

/** Minutes since midnight of a valid HH:MM; NaN otherwise. */
export function minutesOf(text: string): number {
  if (!isTime(text)) return NaN;
  return Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));
}

export function formatMinutes(m: number): string {
  const h = Math.floor(m / 60);
  return `${String(h).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/**
 * Reads what people type for a time ("8", "830", "8:30", "18h", "18h30", "8.30") as HH:MM. Text that
 * is not a time comes back trimmed but otherwise as typed, so validation can point at it.
 */
export function normalizeTime(text: string): string {
  const t = text.trim().toLowerCase();
  let h: number;
  let m: number;
  let match: RegExpExecArray | null;
  if ((match = /^(\d{1,2})(?:[:.h](\d{1,2})?)?$/.exec(t))) {
    h = Number(match[1]);
    m = match[2] === undefined ? 0 : Number(match[2].length === 1 ? `${match[2]}0` : match[2]);
  } else if ((match = /^(\d{1,2})(\d{2})$/.exec(t))) {
    h = Number(match[1]);
    m = Number(match[2]);
  } else {
    return t;
  }
  if (h > 24 || m > 59 || (h === 24 && m !== 0)) return t;
  return formatMinutes(h * 60 + m);
}

export function emptyWeek(): Week {
  return [[], [], [], [], [], [], []];
}

/** Monday to Friday, 08:00–18:00: what most teams start from. */
export function defaultWeek(): Week {
  const week = emptyWeek();
  for (const d of WEEKDAYS) week[d] = [{ from: '08:00', to: '18:00' }];
  return week;
}

export function weekFromWeekly(weekly: readonly WeeklyEntry[]): Week {
  const week = emptyWeek();
  for (const w of weekly) if (w.day >= 0 && w.day <= 6) week[w.day].push({ from: w.from, to: w.to });
  for (const day of week) day.sort((a, b) => (minutesOf(a.from) || 0) - (minutesOf(b.from) || 0));
  return week;
}

/** Flattens the week, each day's intervals in time order (the order people read them back in). */
export function weeklyFromWeek(week: Week): WeeklyEntry[] {
  return week.flatMap((ranges, day) =>
    [...ranges].sort((a, b) => (minutesOf(a.from) || 0) - (minutesOf(b.from) || 0)).map((r) => ({ day, from: r.from, to: r.to })),
  );
}

export function draftFromHours(h: HoursValue | null | undefined): HoursDraft {
  return {
    enabled: h?.enabled ?? false,
    timeZone: h?.timeZone || DEFAULT_TIME_ZONE,
    week: weekFromWeekly(h?.weekly ?? []),
    holidays: (h?.holidays ?? []).map((x) => ({ date: x.date, name: x.name, yearly: !!x.yearly })),
  };
}

/**
 * What is sent to the server. While the schedule is switched off its editor is hidden, so an
 * unfinished interval or holiday left behind there is dropped instead of blocking the save.
 */
export function hoursFromDraft(d: HoursDraft): HoursValue {
  const issues = hoursIssues(d);
  const keepRange = (day: number, i: number) => d.enabled || !(`${day}.${i}.from` in issues || `${day}.${i}.to` in issues);
  const keepHoliday = (i: number) => d.enabled || !(`holiday.${i}.date` in issues || `holiday.${i}.name` in issues);
  const week = d.week.map((ranges, day) => ranges.filter((_, i) => keepRange(day, i)));
  return {
    enabled: d.enabled,
    timeZone: d.timeZone,
    weekly: weeklyFromWeek(week),
    holidays: d.holidays
      .map((h, i) => ({ h, i }))
      .filter(({ i }) => keepHoliday(i))
      .map(({ h }) => ({ date: h.date, name: h.name.trim(), yearly: h.yearly }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  };
}

export function countRanges(week: Week): number {
  return week.reduce((n, d) => n + d.length, 0);
}

/** The interval "Add" puts after the day's last one: an hour later, an hour long, never past midnight. */
function nextRange(ranges: readonly TimeRange[]): TimeRange | null {
  if (!ranges.length) return { from: '08:00', to: '18:00' };
  const ends = ranges.map((r) => minutesOf(r.to)).filter((m) => !Number.isNaN(m));
  const end = ends.length ? Math.max(...ends) : 0;
  if (end >= DAY_MINUTES) return null;
  const from = end + 60 < DAY_MINUTES ? end + 60 : end;
  return { from: formatMinutes(from), to: formatMinutes(Math.min(from + 60, DAY_MINUTES)) };
}

export function canAddRange(week: Week, day: number): boolean {
  return countRanges(week) < MAX_RANGES && nextRange(week[day]) !== null;
}

export function addRange(week: Week, day: number): Week {
  const next = canAddRange(week, day) ? nextRange(week[day]) : null;
  if (!next) return week;
  return week.map((ranges, d) => (d === day ? [...ranges, next] : ranges));
}

export function removeRange(week: Week, day: number, index: number): Week {
  return week.map((ranges, d) => (d === day ? ranges.filter((_, i) => i !== index) : ranges));
}

export function updateRange(week: Week, day: number, index: number, patch: Partial<TimeRange>): Week {
  return week.map((ranges, d) => (d === day ? ranges.map((r, i) => (i === index ? { ...r, ...patch } : r)) : ranges));
}

/** Copies one day's intervals onto others (Monday onto Tuesday–Friday by default). */
export function copyDay(week: Week, from = 1, to: readonly number[] = WEEKDAYS.filter((d) => d !== 1)): Week {
  const source = week[from];
  const total = countRanges(week) - to.reduce((n, d) => n + week[d].length, 0) + source.length * to.length;
  if (total > MAX_RANGES) return week;
  return week.map((ranges, d) => (to.includes(d) && d !== from ? source.map((r) => ({ ...r })) : ranges));
}

export function isRealDate(text: string): boolean {
  const m = ISO_DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

export type HoursIssue = 'time' | 'order' | 'start24' | 'overlap' | 'date' | 'duplicate' | 'tooLong';

/** An end before the start is a shift that crosses midnight (18:00–02:00 ends the next day). */
export function crossesMidnight(r: TimeRange): boolean {
  const from = minutesOf(r.from);
  const to = minutesOf(r.to);
  return !Number.isNaN(from) && !Number.isNaN(to) && to < from && !(to === 0 && from === 0);
}

/** A yearly holiday is the same whatever year it was typed with. */
function holidayKey(h: Holiday): string {
  return h.yearly ? h.date.slice(5) : h.date;
}

/**
 * Problems keyed by where they show: `<day>.<index>.from|to` for intervals, `holiday.<index>.date|name`
 * for holidays. Empty when the schedule can be saved. Mirrors the server's rules.
 */
export function hoursIssues(d: HoursDraft): Record<string, HoursIssue> {
  const issues: Record<string, HoursIssue> = {};
  d.week.forEach((ranges, day) => {
    const ok: Array<{ i: number; from: number; to: number }> = [];
    ranges.forEach((r, i) => {
      const from = minutesOf(r.from);
      const to = minutesOf(r.to);
      if (Number.isNaN(from)) issues[`${day}.${i}.from`] = 'time';
      if (Number.isNaN(to)) issues[`${day}.${i}.to`] = 'time';
      if (Number.isNaN(from) || Number.isNaN(to)) return;
      if (from === DAY_MINUTES) issues[`${day}.${i}.from`] = 'start24';
      else if (from === to) issues[`${day}.${i}.to`] = 'order';
      else ok.push({ i, from, to: to > from ? to : to + DAY_MINUTES });
    });
    // The server accepts overlaps, but two intervals covering the same time are always a typo.
    ok.sort((a, b) => a.from - b.from);
    for (let k = 1; k < ok.length; k++) {
      const prevEnd = Math.max(...ok.slice(0, k).map((x) => x.to));
      if (ok[k].from < prevEnd) issues[`${day}.${ok[k].i}.from`] = 'overlap';
    }
  });
  const seen = new Set<string>();
  d.holidays.forEach((h, i) => {
    if (!isRealDate(h.date)) issues[`holiday.${i}.date`] = 'date';
    else if (seen.has(holidayKey(h))) issues[`holiday.${i}.date`] = 'duplicate';
    if (isRealDate(h.date)) seen.add(holidayKey(h));
    if (h.name.trim().length > MAX_HOLIDAY_NAME) issues[`holiday.${i}.name`] = 'tooLong';
  });
  return issues;
}

/** Every IANA zone the browser knows, with the current one kept even if the browser lacks it. */
export function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = [DEFAULT_TIME_ZONE, 'UTC'];
  }
  return zones.includes(current) ? zones : [current, ...zones];
}

export interface ZoneOption {
  value: string;
  /** "São Paulo (UTC−03:00)": the city as the zone names it, and its offset now. */
  label: string;
  /** What a search matches: country, city and the zone id, accents and case folded. */
  search: string;
}
export interface ZoneGroup {
  /** The country's name in the reader's language, or "other" for UTC and unknown zones. */
  label: string;
  zones: ZoneOption[];
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase();

/** Cities whose zone id lost its accents. */
const CITY_NAMES: Record<string, string> = { Sao_Paulo: 'São Paulo', Belem: 'Belém', Maceio: 'Maceió', Araguaina: 'Araguaína', Cuiaba: 'Cuiabá', Santarem: 'Santarém' };

function offsetOf(zone: string, now: Date): string {
  try {
    const part = new Intl.DateTimeFormat('en', { timeZone: zone, timeZoneName: 'longOffset' }).formatToParts(now).find((p) => p.type === 'timeZoneName');
    const v = part?.value.replace('GMT', 'UTC') ?? '';
    return v === 'UTC' ? 'UTC±00:00' : v.replace('-', '−');
  } catch {
    return '';
  }
}

/**
 * The zones by country and city, countries in alphabetical order of their name in `locale`, cities
 * likewise. For pt-BR readers Brazil comes first with São Paulo at its top: that is where almost
 * every team using Ozia in Portuguese is.
 */
export function timeZoneGroups(current: string, locale: string, otherLabel: string, now = new Date()): ZoneGroup[] {
  let countries: Intl.DisplayNames | null = null;
  try {
    countries = new Intl.DisplayNames([locale], { type: 'region' });
  } catch {
    countries = null;
  }
  const groups = new Map<string, ZoneGroup>();
  for (const zone of timeZones(current)) {
    const code = countryOfZone(zone);
    const country = code ? (countries?.of(code) ?? code) : otherLabel;
    const tail = zone.split('/').slice(1).join(' / ') || zone;
    const city = CITY_NAMES[tail] ?? tail.replace(/_/g, ' ');
    const offset = offsetOf(zone, now);
    const group = groups.get(country) ?? { label: country, zones: [] };
    group.zones.push({ value: zone, label: offset ? `${city} (${offset})` : city, search: fold(`${country} ${city} ${zone}`) });
    groups.set(country, group);
  }
  const collator = new Intl.Collator(locale);
  const first = locale === 'pt-BR' ? countryOfZone(DEFAULT_TIME_ZONE) : null;
  const firstName = first ? (countries?.of(first) ?? first) : null;
  const list = [...groups.values()].sort(
    (a, b) =>
      Number(b.label === firstName) - Number(a.label === firstName) ||
      Number(a.label === otherLabel) - Number(b.label === otherLabel) ||
      collator.compare(a.label, b.label),
  );
  for (const g of list) {
    g.zones.sort((a, b) => Number(b.value === DEFAULT_TIME_ZONE && g.label === firstName) - Number(a.value === DEFAULT_TIME_ZONE && g.label === firstName) || collator.compare(a.label, b.label));
  }
  return list;
}

/** The groups with only the zones matching `query` (every word, in country, city or id); the current zone always stays. */
export function filterZoneGroups(groups: ZoneGroup[], query: string, current: string): ZoneGroup[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (!words.length) return groups;
  return groups
    .map((g) => ({ ...g, zones: g.zones.filter((z) => z.value === current || words.every((w) => z.search.includes(w))) }))
    .filter((g) => g.zones.length);
}
