import { isSupportedCountry } from 'libphonenumber-js';
import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { inputBaseShape } from '../shared/input.js';

export const schema = defineBlock({
  kind: 'input-phone',
  category: 'inputs',
  label: { en: 'Phone number', 'pt-BR': 'Telefone' },
  icon: '📞',
  isInput: true,
  options: z.object({
    ...inputBaseShape,
    defaultCountry: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => /^[A-Z]{2}$/.test(c) && isSupportedCountry(c), 'use a two-letter country code such as BR, PT or US')
      .default('BR')
      .meta({
        label: { en: 'Country of numbers without +', 'pt-BR': 'País dos números sem +' },
        input: 'text',
        placeholder: { en: 'BR', 'pt-BR': 'BR' },
        help: {
          en: 'Two-letter code (ISO 3166). Numbers typed with + and a country code work from anywhere.',
          'pt-BR': 'Código de duas letras (ISO 3166). Números com + e código do país funcionam de qualquer lugar.',
        },
      }),
  }),
  defaults: () => ({ retryMessage: '', defaultCountry: 'BR' }),
});
