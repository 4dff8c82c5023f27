import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const TZ = 'America/Sao_Paulo';
// Midday in São Paulo on Tuesday 2026-03-10.
const NOON = new Date('2026-03-10T15:00:00Z');
// 23:30 on 2026-03-09 in São Paulo, already 2026-03-10 in UTC.
const LATE_EVENING = new Date('2026-03-10T02:30:00Z');

const ctxAt = (now: Date, locale: 'pt-BR' | 'en' = 'pt-BR') => testContext({ now, timeZone: TZ, locale });

const answer = async (options: Record<string, unknown>, text: string, ctx = ctxAt(NOON)) =>
  executor.reply!(schema.options.parse({ variableId: 'when', ...options }), { text }, ctx, undefined);

const saved = (value: string) => ({ ok: true, set: { when: value } });

describe('Date input', () => {
  it('waits for a reply without a prompt', async () => {
    expect(schema.isInput).toBe(true);
    expect(await executor.run(schema.options.parse(schema.defaults(() => 'id')), ctxAt(NOON))).toEqual({
      wait: { for: 'reply' },
    });
  });

  it.each([
    ['15/03/2026', '2026-03-15'],
    [' 01/12/2025 ', '2025-12-01'],
    ['5/3/2026', '2026-03-05'],
    ['15-03-2026', '2026-03-15'],
    ['15.03.2026', '2026-03-15'],
    ['15/03/26', '2026-03-15'],
    ['29/02/2028', '2028-02-29'],
    ['2026-03-15', '2026-03-15'],
  ])('reads %j with the default dd/MM/yyyy format as %s', async (text, iso) => {
    expect(await answer({}, text)).toEqual(saved(iso));
  });

  it.each(['', '31/02/2026', '29/02/2026', '15/13/2026', '2026-02-30', 'semana que vem', '15/03', '03/15/2026 x'])(
    'refuses %j',
    async (text) => {
      expect((await answer({}, text)).ok).toBe(false);
    },
  );

  it('explains a wrong answer with an example in the block format', async () => {
    expect(await answer({}, 'sei lá')).toEqual({ ok: false, reason: 'a resposta não é uma data como 10/03/2026' });
    expect(await answer({ format: 'MM/dd/yyyy' }, 'nope', ctxAt(NOON, 'en'))).toEqual({
      ok: false,
      reason: 'the answer is not a date like 03/10/2026',
    });
  });

  it('uses a custom format, including month names in the flow locale', async () => {
    expect(await answer({ format: 'MM/dd/yyyy' }, '03/15/2026')).toEqual(saved('2026-03-15'));
    expect((await answer({ format: 'MM/dd/yyyy' }, '15/03/2026')).ok).toBe(false);
    expect(await answer({ format: "d 'de' MMMM 'de' yyyy" }, '15 de março de 2026')).toEqual(saved('2026-03-15'));
    expect(await answer({ format: 'd MMMM yyyy' }, '15 March 2026', ctxAt(NOON, 'en'))).toEqual(saved('2026-03-15'));
  });

  it.each([
    ['hoje', '2026-03-10'],
    ['Hoje', '2026-03-10'],
    ['today', '2026-03-10'],
    ['amanhã', '2026-03-11'],
    ['amanha', '2026-03-11'],
    ['AMANHÃ ', '2026-03-11'],
    ['tomorrow', '2026-03-11'],
    ['ontem', '2026-03-09'],
  ])('reads the word %j relative to now in São Paulo as %s', async (text, iso) => {
    expect(await answer({}, text)).toEqual(saved(iso));
  });

  it('takes "hoje" in the flow time zone, not UTC, late in the evening', async () => {
    const ctx = ctxAt(LATE_EVENING);
    expect(await answer({}, 'hoje', ctx)).toEqual(saved('2026-03-09'));
    expect(await answer({}, 'amanhã', ctx)).toEqual(saved('2026-03-10'));
    expect(await answer({}, 'hoje', testContext({ now: LATE_EVENING, timeZone: 'UTC' }))).toEqual(saved('2026-03-10'));
  });

  it('resolves a "today" bound in the flow time zone', async () => {
    const ctx = ctxAt(LATE_EVENING);
    expect(await answer({ min: 'today' }, '09/03/2026', ctx)).toEqual(saved('2026-03-09'));
    expect((await answer({ min: 'today' }, '08/03/2026', ctx)).ok).toBe(false);
    expect((await answer({ max: 'today' }, '10/03/2026', ctx)).ok).toBe(false);
    expect(await answer({ max: 'today' }, '09/03/2026', ctx)).toEqual(saved('2026-03-09'));
  });

  it('keeps min and max inclusive', async () => {
    const range = { min: '2026-03-01', max: '2026-03-31' };
    expect((await answer(range, '28/02/2026')).ok).toBe(false);
    expect(await answer(range, '01/03/2026')).toEqual(saved('2026-03-01'));
    expect(await answer(range, '31/03/2026')).toEqual(saved('2026-03-31'));
    expect((await answer(range, '01/04/2026')).ok).toBe(false);
  });

  it('names the bound in the flow locale when out of range', async () => {
    expect(await answer({ min: '2026-03-01' }, '28/02/2026')).toEqual({
      ok: false,
      reason: 'a data precisa ser a partir de 01/03/2026',
    });
    expect(await answer({ max: '2026-03-31' }, '01/04/2026', ctxAt(NOON, 'en'))).toEqual({
      ok: false,
      reason: 'the date must be on or before 3/31/2026',
    });
  });

  it('refuses a past date for appointments from today on', async () => {
    expect((await answer({ min: 'today' }, 'ontem')).ok).toBe(false);
    expect(await answer({ min: 'today' }, 'hoje')).toEqual(saved('2026-03-10'));
  });

  describe('with time', () => {
    const withTime = { withTime: true };

    it.each([
      ['15/03/2026 14:30', '2026-03-15T14:30'],
      ['15/03/2026 9:05', '2026-03-15T09:05'],
      ['2026-03-15T14:30', '2026-03-15T14:30'],
      ['2026-03-15 08:00', '2026-03-15T08:00'],
      ['amanhã às 14h30', '2026-03-11T14:30'],
      ['amanha as 9h', '2026-03-11T09:00'],
      ['hoje 18:00', '2026-03-10T18:00'],
      ['tomorrow at 14:30', '2026-03-11T14:30'],
    ])('reads %j as %s', async (text, value) => {
      expect(await answer(withTime, text)).toEqual(saved(value));
    });

    it.each(['15/03/2026', 'amanhã', '2026-03-15'])('asks for the time when %j has none', async (text) => {
      expect(await answer(withTime, text)).toEqual({ ok: false, reason: 'a resposta precisa do horário também' });
    });

    it.each(['15/03/2026 25:00', '15/03/2026 14:60', 'hoje 24h'])('refuses the impossible time in %j', async (text) => {
      expect((await answer(withTime, text)).ok).toBe(false);
    });

    it('compares bounds by whole day', async () => {
      const range = { ...withTime, min: '2026-03-15', max: '2026-03-15' };
      expect(await answer(range, '15/03/2026 00:00')).toEqual(saved('2026-03-15T00:00'));
      expect(await answer(range, '15/03/2026 23:59')).toEqual(saved('2026-03-15T23:59'));
      expect((await answer(range, '16/03/2026 00:00')).ok).toBe(false);
    });

    it('uses a custom format with time', async () => {
      expect(await answer({ ...withTime, format: 'yyyy/MM/dd HH:mm' }, '2026/03/15 07:45')).toEqual(
        saved('2026-03-15T07:45'),
      );
    });
  });

  it('saves only the day when a day word comes with a time but no time is asked', async () => {
    expect(await answer({}, 'amanhã às 10h')).toEqual(saved('2026-03-11'));
  });

  it('does not set a variable when none is chosen', async () => {
    const r = await executor.reply!(schema.options.parse({}), { text: 'hoje' }, ctxAt(NOON), undefined);
    expect(r).toEqual({ ok: true });
  });

  describe('options', () => {
    const issuePath = (options: unknown) => {
      const r = schema.options.safeParse(options);
      expect(r.success).toBe(false);
      return r.error!.issues[0].path;
    };

    it('defaults to a date without time and an automatic format', () => {
      expect(schema.options.parse({})).toMatchObject({ withTime: false, format: '' });
      expect(schema.options.safeParse(schema.defaults(() => 'id')).success).toBe(true);
    });

    it.each(['2026-13-01', '2026-02-30', '31/12/2026', 'tomorrow', '2026-1-1'])('refuses the bound %j on min', (min) => {
      expect(issuePath({ min })).toEqual(['min']);
    });

    it('accepts "today" in any case, and "hoje" as the same word', () => {
      expect(schema.options.parse({ min: ' Today ' }).min).toBe('today');
      expect(schema.options.parse({ max: 'hoje' }).max).toBe('today');
    });

    it('refuses a latest date before the earliest, on max', () => {
      expect(issuePath({ min: '2026-03-10', max: '2026-03-09' })).toEqual(['max']);
      expect(schema.options.safeParse({ min: '2026-03-10', max: '2026-03-10' }).success).toBe(true);
    });

    it.each([['dd/MM'], ['MM/yyyy'], ["'data'"], ['dd/dd/yyyy'], ['abc']])('refuses the format %j on format', (format) => {
      expect(issuePath({ format })).toEqual(['format']);
    });

    it('refuses a date-only or 12-hour format when the time is asked', () => {
      expect(issuePath({ withTime: true, format: 'dd/MM/yyyy' })).toEqual(['format']);
      expect(issuePath({ withTime: true, format: 'dd/MM/yyyy hh:mm' })).toEqual(['format']);
      expect(schema.options.safeParse({ withTime: true, format: 'dd/MM/yyyy hh:mm a' }).success).toBe(true);
    });
  });
});
