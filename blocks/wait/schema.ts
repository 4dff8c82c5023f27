import { z } from 'zod';
import { defineBlock } from '../contract.js';

export const MAX_WAIT_SECONDS = 30 * 24 * 60 * 60;

/** Seconds in one of each unit the author may wait in. */
export const WAIT_UNITS = { seconds: 1, minutes: 60, hours: 60 * 60, days: 24 * 60 * 60 } as const;
export type WaitUnit = keyof typeof WAIT_UNITS;
const UNITS = Object.keys(WAIT_UNITS) as [WaitUnit, ...WaitUnit[]];

export function waitSeconds(o: { amount: number; unit: WaitUnit }): number {
  return o.amount * WAIT_UNITS[o.unit];
}

/**
 * The first Wait stored `{ seconds }`: it reads as the largest unit that counts it whole
 * (3600 → 1 hour). A value that is not a whole positive number is kept, for the form to show.
 */
function upgrade(options: unknown): unknown {
  if (!options || typeof options !== 'object' || !('seconds' in options) || 'amount' in options) return options;
  const { seconds, ...rest } = options as { seconds: unknown };
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds <= 0) return { ...rest, amount: seconds, unit: 'seconds' };
  const unit = [...UNITS].reverse().find((u) => seconds % WAIT_UNITS[u] === 0)!;
  return { ...rest, amount: seconds / WAIT_UNITS[unit], unit };
}

export const schema = defineBlock({
  kind: 'wait',
  category: 'logic',
  label: { en: 'Wait', 'pt-BR': 'Aguardar' },
  icon: '⏳',
  options: z
    .object({
      amount: z
        .number()
        .int('use a whole number')
        .min(1, 'wait at least 1')
        .meta({
          label: { en: 'Wait for', 'pt-BR': 'Aguardar por' },
          input: 'number',
          placeholder: { en: '5', 'pt-BR': '5' },
          help: {
            en: 'The flow resumes after this time even if the contact writes nothing. Up to 30 days.',
            'pt-BR': 'O fluxo continua depois desse tempo, mesmo sem resposta do contato. Até 30 dias.',
          },
        }),
      unit: z
        .enum(UNITS)
        .default('seconds')
        .meta({
          label: { en: 'Unit', 'pt-BR': 'Unidade' },
          input: 'select',
          options: {
            seconds: { en: 'seconds', 'pt-BR': 'segundos' },
            minutes: { en: 'minutes', 'pt-BR': 'minutos' },
            hours: { en: 'hours', 'pt-BR': 'horas' },
            days: { en: 'days', 'pt-BR': 'dias' },
          },
        }),
    })
    .superRefine((o, ctx) => {
      if (waitSeconds(o) > MAX_WAIT_SECONDS) ctx.addIssue({ code: 'custom', path: ['amount'], message: 'wait at most 30 days' });
    }),
  defaults: () => ({ amount: 5, unit: 'seconds' as const }),
  upgrade,
  pauses: true,
});
