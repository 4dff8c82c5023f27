import { DateTime } from 'luxon';
import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { inputBaseShape } from '../shared/input.js';

export const DATE_FORMAT = 'dd/MM/yyyy';
export const DATE_TIME_FORMAT = 'dd/MM/yyyy HH:mm';

/** An empty format follows `withTime`, so switching the time on does not leave a date-only format behind. */
export function effectiveFormat(options: { format: string; withTime: boolean }): string {
  return options.format || (options.withTime ? DATE_TIME_FORMAT : DATE_FORMAT);
}

/**
 * A format is usable when a date written with it reads back as the same date (and time, when
 * asked for). Day 31 of month 12 at 13:45 tells day from month and 24 h from 12 h clocks.
 */
export function formatReadsBack(format: string, withTime: boolean): boolean {
  const sample = DateTime.fromObject({ year: 1999, month: 12, day: 31, hour: 13, minute: 45 }, { zone: 'UTC' });
  return (['en', 'pt-BR'] as const).every((locale) => {
    const back = DateTime.fromFormat(sample.setLocale(locale).toFormat(format), format, { zone: 'UTC', locale });
    if (!back.isValid || back.toISODate() !== sample.toISODate()) return false;
    return !withTime || (back.hour === sample.hour && back.minute === sample.minute);
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const dateBound = (label: { en: string; 'pt-BR': string }) =>
  z
    .string()
    .trim()
    .toLowerCase()
    // pt-BR authors type the word in their language; one stored spelling keeps documents comparable.
    .overwrite((v) => (v === 'hoje' ? 'today' : v))
    .refine((v) => v === 'today' || (ISO_DATE.test(v) && DateTime.fromISO(v).isValid), 'use a date like 2026-12-31, or today')
    .optional()
    .meta({
      label,
      input: 'text',
      placeholder: { en: '2026-12-31 or today', 'pt-BR': '2026-12-31 ou today' },
      help: {
        en: 'Inclusive. "today" is the day the contact answers, in the flow time zone.',
        'pt-BR': 'Inclusivo. "today" (hoje) é o dia da resposta, no fuso horário do fluxo.',
      },
    });

export const schema = defineBlock({
  kind: 'input-date',
  category: 'inputs',
  label: { en: 'Date', 'pt-BR': 'Data' },
  icon: '📅',
  isInput: true,
  options: z
    .object({
      ...inputBaseShape,
      withTime: z
        .boolean()
        .default(false)
        .meta({
          label: { en: 'Ask for the time too', 'pt-BR': 'Pedir também o horário' },
          input: 'switch',
          help: {
            en: 'Saves 2026-12-31T13:45 instead of 2026-12-31',
            'pt-BR': 'Salva 2026-12-31T13:45 em vez de 2026-12-31',
          },
        }),
      format: z
        .string()
        .trim()
        .max(100)
        .default('')
        .meta({
          label: { en: 'Answer format', 'pt-BR': 'Formato da resposta' },
          input: 'text',
          placeholder: { en: `${DATE_FORMAT} (${DATE_TIME_FORMAT} with time)`, 'pt-BR': `${DATE_FORMAT} (${DATE_TIME_FORMAT} com horário)` },
          help: {
            en: 'Luxon tokens: dd day, MM month, yyyy year, HH:mm time. ISO dates and "today"/"tomorrow" are always understood.',
            'pt-BR': 'Tokens do Luxon: dd dia, MM mês, yyyy ano, HH:mm hora. Datas ISO e "hoje"/"amanhã" são sempre entendidas.',
          },
        }),
      min: dateBound({ en: 'Earliest date', 'pt-BR': 'Data mínima' }),
      max: dateBound({ en: 'Latest date', 'pt-BR': 'Data máxima' }),
    })
    .superRefine((o, ctx) => {
      if (o.format && !formatReadsBack(o.format, o.withTime)) {
        ctx.addIssue({
          code: 'custom',
          path: ['format'],
          message: o.withTime
            ? 'the format must hold day, month, year, hour (HH) and minutes (mm)'
            : 'the format must hold day (dd), month (MM) and year (yyyy)',
        });
      }
      if (o.min && o.max && o.min !== 'today' && o.max !== 'today' && o.min > o.max) {
        ctx.addIssue({ code: 'custom', path: ['max'], message: 'the latest date must not be before the earliest date' });
      }
    }),
  defaults: () => ({ retryMessage: '', withTime: false, format: '' }),
});
