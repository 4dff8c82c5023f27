import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { inputBaseShape } from '../shared/input.js';

export const schema = defineBlock({
  kind: 'input-number',
  category: 'inputs',
  label: { en: 'Number', 'pt-BR': 'Número' },
  icon: '🔢',
  isInput: true,
  options: z
    .object({
      ...inputBaseShape,
      min: z
        .number()
        .finite()
        .optional()
        .meta({
          label: { en: 'Minimum', 'pt-BR': 'Mínimo' },
          input: 'number',
          help: { en: 'The minimum itself is accepted', 'pt-BR': 'O próprio mínimo é aceito' },
        }),
      max: z
        .number()
        .finite()
        .optional()
        .meta({
          label: { en: 'Maximum', 'pt-BR': 'Máximo' },
          input: 'number',
          help: { en: 'The maximum itself is accepted', 'pt-BR': 'O próprio máximo é aceito' },
        }),
      allowDecimals: z
        .boolean()
        .default(true)
        .meta({
          label: { en: 'Allow decimals', 'pt-BR': 'Permitir casas decimais' },
          input: 'switch',
          help: {
            en: 'Answers like 1,5 and 1.234,56 are read as pt-BR numbers',
            'pt-BR': 'Respostas como 1,5 e 1.234,56 são entendidas no formato brasileiro',
          },
        }),
    })
    .refine((o) => o.min === undefined || o.max === undefined || o.min <= o.max, {
      message: 'the maximum must not be below the minimum',
      path: ['max'],
    }),
  defaults: () => ({ retryMessage: '', allowDecimals: true }),
});
