// Business hours: on/off, time zone, a week of HH:MM intervals (several per day for a lunch
// break) and holidays. The logic is in hours.ts; this file only draws it.
import { useId, useMemo, useState } from 'react';
import { Button, ChevronDownIcon, CopyIcon, Field, IconButton, PlusIcon, Switch, TextInput, TrashIcon } from '../../ui/index.js';
import { fmt, useLocale, useTexts } from '../i18n.js';
import {
  addRange,
  canAddRange,
  copyDay,
  defaultWeek,
  countRanges,
  crossesMidnight,
  filterZoneGroups,
  hoursIssues,
  MAX_HOLIDAYS,
  normalizeTime,
  removeRange,
  timeZoneGroups,
  updateRange,
  type HoursDraft,
  type HoursIssue,
} from './hours.js';
import { issueText } from './parts.js';
import { settingsTexts } from './texts.js';

/** Monday first, as people read a working week. */
const DISPLAY_ORDER = [1, 2, 3, 4, 5, 6, 0];

export function HoursEditor({
  value,
  onChange,
  showIssues,
  error,
}: {
  value: HoursDraft;
  onChange: (next: HoursDraft) => void;
  /** After a first attempt to save: until then half-typed times are not errors yet. */
  showIssues: boolean;
  /** A server message about the hours. */
  error?: string;
}) {
  const t = useTexts(settingsTexts);
  const holidayId = useId();
  const issues: Record<string, HoursIssue> = showIssues && value.enabled ? hoursIssues(value) : {};
  const setWeek = (week: HoursDraft['week']) => onChange({ ...value, week });
  const setHolidays = (holidays: HoursDraft['holidays']) => onChange({ ...value, holidays });

  return (
    <div className="st-hours">
      <Field label={t.hours.enabled} help={value.enabled ? undefined : t.hours.offHelp} layout="inline" error={error}>
        <Switch
          checked={value.enabled}
          onChange={(enabled) =>
            // Switching on an empty schedule starts from a usual working week rather than "closed all week".
            onChange({ ...value, enabled, week: enabled && countRanges(value.week) === 0 ? defaultWeek() : value.week })
          }
        />
      </Field>
      {value.enabled ? (
        <>
          <TimeZonePicker value={value.timeZone} onChange={(timeZone) => onChange({ ...value, timeZone })} />
          <Field
            label={t.hours.week}
            group
            aside={
              <Button
                size="sm"
                variant="ghost"
                icon={<CopyIcon size={14} />}
                disabled={value.week[1].length === 0}
                onClick={() => setWeek(copyDay(value.week))}
              >
                {t.hours.copyMonday}
              </Button>
            }
            help={countRanges(value.week) === 0 ? t.hours.noRanges : t.hours.weekHelp}
          >
            <div className="st-week">
              {DISPLAY_ORDER.map((day) => (
                <DayRow key={day} day={day} value={value} issues={issues} onWeek={setWeek} />
              ))}
            </div>
          </Field>
          <Field label={t.hours.holidays} help={t.hours.holidaysHelp} group>
            <div className="st-holidays">
              {value.holidays.length === 0 ? <p className="muted st-holidays__none">{t.hours.noHolidays}</p> : null}
              {value.holidays.map((h, i) => {
                const n = i + 1;
                const dateIssue = issueText(t, issues[`holiday.${i}.date`]);
                const nameIssue = issueText(t, issues[`holiday.${i}.name`]);
                return (
                  <div key={i} className="st-holiday">
                    <div className="st-holiday__inputs">
                      <input
                        type="date"
                        className="ui-input ui-input--sm st-holiday__date"
                        aria-label={fmt(t.hours.holidayDate, { n })}
                        aria-invalid={dateIssue ? true : undefined}
                        value={h.date}
                        onChange={(e) => setHolidays(value.holidays.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)))}
                      />
                      <TextInput
                        size="sm"
                        id={`${holidayId}-name${i}`}
                        aria-label={fmt(t.hours.holidayName, { n })}
                        aria-invalid={nameIssue ? true : undefined}
                        placeholder={t.hours.holidayNamePlaceholder}
                        value={h.name}
                        onChange={(name) => setHolidays(value.holidays.map((x, j) => (j === i ? { ...x, name } : x)))}
                      />
                      <label className="st-holiday__yearly">
                        <input
                          type="checkbox"
                          aria-label={fmt(t.hours.yearlyLabel, { n })}
                          checked={h.yearly}
                          onChange={(e) => setHolidays(value.holidays.map((x, j) => (j === i ? { ...x, yearly: e.target.checked } : x)))}
                        />
                        <span aria-hidden>{t.hours.yearly}</span>
                      </label>
                      <IconButton size="sm" variant="danger" label={fmt(t.hours.removeHoliday, { n })} onClick={() => setHolidays(value.holidays.filter((_, j) => j !== i))}>
                        <TrashIcon size={14} />
                      </IconButton>
                    </div>
                    {dateIssue || nameIssue ? <p className="ui-field__error">{dateIssue ?? nameIssue}</p> : null}
                  </div>
                );
              })}
              <div>
                <Button
                  size="sm"
                  variant="secondary"
                  icon={<PlusIcon size={14} />}
                  disabled={value.holidays.length >= MAX_HOLIDAYS}
                  onClick={() => setHolidays([...value.holidays, { date: '', name: '', yearly: false }])}
                >
                  {t.hours.addHoliday}
                </Button>
              </div>
            </div>
          </Field>
        </>
      ) : null}
    </div>
  );
}

function DayRow({ day, value, issues, onWeek }: { day: number; value: HoursDraft; issues: Record<string, HoursIssue>; onWeek: (w: HoursDraft['week']) => void }) {
  const t = useTexts(settingsTexts);
  const id = useId();
  const name = t.hours.days[day];
  const ranges = value.week[day];
  return (
    <div className="st-day" role="group" aria-labelledby={`${id}-name`}>
      <span className="st-day__name" id={`${id}-name`}>
        {name}
      </span>
      <div className="st-day__ranges">
        {ranges.length === 0 ? <span className="st-day__closed">{t.hours.closedDay}</span> : null}
        {ranges.map((r, i) => {
          const n = i + 1;
          const fromIssue = issueText(t, issues[`${day}.${i}.from`]);
          const toIssue = issueText(t, issues[`${day}.${i}.to`]);
          const errorId = `${id}-e${i}`;
          return (
            <div key={i} className="st-range">
              <div className="st-range__inputs">
                <TextInput
                  size="sm"
                  className="st-time"
                  id={`${id}-from${i}`}
                  aria-label={fmt(t.hours.from, { day: name, n })}
                  aria-invalid={fromIssue ? true : undefined}
                  aria-describedby={fromIssue || toIssue ? errorId : undefined}
                  placeholder="HH:MM"
                  maxLength={5}
                  value={r.from}
                  onChange={(from) => onWeek(updateRange(value.week, day, i, { from }))}
                  onBlur={() => r.from !== normalizeTime(r.from) && onWeek(updateRange(value.week, day, i, { from: normalizeTime(r.from) }))}
                />
                <span className="muted st-range__sep">{t.hours.until}</span>
                <TextInput
                  size="sm"
                  className="st-time"
                  id={`${id}-to${i}`}
                  aria-label={fmt(t.hours.to, { day: name, n })}
                  aria-invalid={toIssue ? true : undefined}
                  aria-describedby={fromIssue || toIssue ? errorId : undefined}
                  placeholder="HH:MM"
                  maxLength={5}
                  value={r.to}
                  onChange={(to) => onWeek(updateRange(value.week, day, i, { to }))}
                  onBlur={() => r.to !== normalizeTime(r.to) && onWeek(updateRange(value.week, day, i, { to: normalizeTime(r.to) }))}
                />
                <IconButton size="sm" variant="danger" label={fmt(t.hours.removeRange, { n, day: name })} onClick={() => onWeek(removeRange(value.week, day, i))}>
                  <TrashIcon size={14} />
                </IconButton>
              </div>
              {fromIssue || toIssue ? (
                <p className="ui-field__error" id={errorId}>
                  {fromIssue ?? toIssue}
                </p>
              ) : crossesMidnight(r) ? (
                <p className="muted st-range__next">{fmt(t.hours.endsNextDay, { to: r.to })}</p>
              ) : null}
            </div>
          );
        })}
      </div>
      <IconButton size="sm" variant="secondary" label={fmt(t.hours.addRangeTo, { day: name })} disabled={!canAddRange(value.week, day)} onClick={() => onWeek(addRange(value.week, day))}>
        <PlusIcon size={14} />
      </IconButton>
    </div>
  );
}

/**
 * The zone picker: a search box over a list grouped by country ("Brasil" › "São Paulo (UTC−03:00)"),
 * so nobody scrolls through 400 raw ids. The chosen zone stays in the list whatever is searched.
 */
function TimeZonePicker({ value, onChange }: { value: string; onChange: (zone: string) => void }) {
  const t = useTexts(settingsTexts);
  const locale = useLocale();
  const id = useId();
  const [query, setQuery] = useState('');
  const groups = useMemo(() => timeZoneGroups(value, locale, t.hours.otherZones), [value, locale, t.hours.otherZones]);
  const shown = useMemo(() => filterZoneGroups(groups, query, value), [groups, query, value]);
  const matches = shown.reduce((n, g) => n + g.zones.filter((z) => z.value !== value).length, 0);
  return (
    <Field label={t.hours.timeZone} group>
      <div className="st-zone">
        <TextInput size="sm" type="search" aria-label={t.hours.zoneSearch} placeholder={t.hours.zoneSearch} value={query} onChange={setQuery} aria-controls={`${id}-zones`} />
        <div className="ui-select">
          <select id={`${id}-zones`} aria-label={t.hours.timeZone} value={value} onChange={(e) => onChange(e.target.value)}>
            {shown.map((g) => (
              <optgroup key={g.label} label={g.label}>
                {g.zones.map((z) => (
                  <option key={z.value} value={z.value}>
                    {`${g.label} › ${z.label}`}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <ChevronDownIcon className="ui-select__chevron" size={16} />
        </div>
        {query.trim() && !matches ? (
          <p className="muted st-zone__none" role="status">
            {t.hours.zoneNone}
          </p>
        ) : null}
      </div>
    </Field>
  );
}
