import { DateTime } from 'luxon';
import { defineExecutor, type BlockContext } from '../contract.js';
import { foldText } from '../shared/values.js';
import { effectiveFormat, schema } from './schema.js';
import { textAnswer } from '../shared/reply-content.js';
import { accepted } from '../shared/input.js';

const DAY_WORDS: Record<string, number> = { hoje: 0, today: 0, amanha: 1, tomorrow: 1, ontem: -1, yesterday: -1 };

/** "amanhã às 14h30", "hoje 9:00", "today at 14:30": a day word and an optional time. */
const WORD_ANSWER = /^([a-z]+)(?:\s+(?:as|a|at)?\s*(\d{1,2})(?::(\d{2})|h(\d{2})?)?)?$/;

/** Contacts drop leading zeros and two-digit years, so "5/3/26" is tried against "dd/MM/yyyy" too. */
function lenientFormats(format: string): string[] {
  const relaxed = format
    .replace(/(?<!d)dd(?!d)/g, 'd')
    .replace(/(?<!M)MM(?!M)/g, 'M')
    .replace(/(?<!H)HH(?!H)/g, 'H')
    .replace(/(?<!h)hh(?!h)/g, 'h');
  const shortYear = relaxed.replace(/(?<!y)yyyy(?!y)/g, 'yy');
  return [...new Set([format, relaxed, shortYear])];
}

type Parsed = { ok: true; value: DateTime } | { ok: false; missingTime: boolean };

function parseAnswer(text: string, format: string, withTime: boolean, ctx: BlockContext): Parsed {
  const zone = ctx.timeZone;
  const s = text.trim();
  if (!s) return { ok: false, missingTime: false };

  const word = WORD_ANSWER.exec(foldText(s));
  if (word && word[1] in DAY_WORDS) {
    const day = DateTime.fromJSDate(ctx.now, { zone }).startOf('day').plus({ days: DAY_WORDS[word[1]] });
    if (word[2] === undefined) return withTime ? { ok: false, missingTime: true } : { ok: true, value: day };
    const hour = Number(word[2]);
    const minute = Number(word[3] ?? word[4] ?? 0);
    if (hour > 23 || minute > 59) return { ok: false, missingTime: false };
    return { ok: true, value: day.set({ hour, minute }) };
  }

  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (iso) {
    const value = DateTime.fromISO(s.replace(' ', 'T'), { zone });
    if (!value.isValid) return { ok: false, missingTime: false };
    if (withTime && s.length === 10) return { ok: false, missingTime: true };
    return { ok: true, value };
  }

  const answers = [s];
  // "15-03-2026" and "15.03.2026" are as common as slashes.
  if (format.includes('/')) answers.push(s.replace(/[-.]/g, '/'));
  const read = (f: string) => {
    for (const answer of answers) {
      for (const lenient of lenientFormats(f)) {
        const value = DateTime.fromFormat(answer, lenient, { zone, locale: ctx.locale });
        if (value.isValid) return value;
      }
    }
    return null;
  };
  const value = read(format);
  if (value) return { ok: true, value };
  // A bare date against "dd/MM/yyyy HH:mm" deserves "add the time", not "that is not a date".
  const dateOnly = withTime ? format.replace(/\s*[Hh].*$/, '') : '';
  return { ok: false, missingTime: dateOnly !== '' && dateOnly !== format && read(dateOnly) !== null };
}

function resolveBound(bound: string | undefined, ctx: BlockContext): string | undefined {
  if (bound === 'today') return DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }).toISODate()!;
  return bound;
}

const reasons = {
  notDate: (example: string) => ({
    en: `the answer is not a date like ${example}`,
    'pt-BR': `a resposta não é uma data como ${example}`,
  }),
  missingTime: { en: 'the answer needs a time too', 'pt-BR': 'a resposta precisa do horário também' },
  early: (d: string) => ({ en: `the date must be on or after ${d}`, 'pt-BR': `a data precisa ser a partir de ${d}` }),
  late: (d: string) => ({ en: `the date must be on or before ${d}`, 'pt-BR': `a data precisa ser até ${d}` }),
};

export const executor = defineExecutor(schema, {
  run: () => ({ wait: { for: 'reply' } }),
  reply(options, reply, ctx) {
    const format = effectiveFormat(options);
    const read = textAnswer(reply, ctx.locale);
    if (!read.ok) return read;
    const parsed = parseAnswer(read.text, format, options.withTime, ctx);
    if (!parsed.ok) {
      if (parsed.missingTime) return { ok: false, reason: reasons.missingTime[ctx.locale] };
      const example = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone }).setLocale(ctx.locale).toFormat(format);
      return { ok: false, reason: reasons.notDate(example)[ctx.locale] };
    }
    // Bounds are whole days: "until 2026-03-10" includes 2026-03-10 at 23:00.
    const day = parsed.value.toISODate()!;
    const shown = (iso: string) => DateTime.fromISO(iso).setLocale(ctx.locale).toLocaleString(DateTime.DATE_SHORT);
    const min = resolveBound(options.min, ctx);
    if (min && day < min) return { ok: false, reason: reasons.early(shown(min))[ctx.locale] };
    const max = resolveBound(options.max, ctx);
    if (max && day > max) return { ok: false, reason: reasons.late(shown(max))[ctx.locale] };
    // ISO strings sort like the dates they hold, so conditions can compare them as text.
    const value = options.withTime ? parsed.value.toFormat("yyyy-MM-dd'T'HH:mm") : day;
    return accepted(options, value);
  },
});
