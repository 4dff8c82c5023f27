import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { inputBaseShape } from '../shared/input.js';
import { compileSafePattern, INVALID_PATTERN } from '../shared/safe-regex.js';


export const schema = defineBlock({
  kind: 'input-text',
  category: 'inputs',
  label: { en: 'Text question', 'pt-BR': 'Pergunta de texto' },
  icon: '✏️',
  isInput: true,
  options: z
    .object({
      ...inputBaseShape,
      minLength: z
        .number()
        .int()
        .min(0)
        .max(4096)
        .optional()
        .meta({
          label: { en: 'Minimum length', 'pt-BR': 'Tamanho mínimo' },
          input: 'number',
          help: { en: 'In characters, after trimming spaces', 'pt-BR': 'Em caracteres, sem os espaços das pontas' },
        }),
      maxLength: z
        .number()
        .int()
        .min(1)
        .max(4096)
        .optional()
        .meta({
          label: { en: 'Maximum length', 'pt-BR': 'Tamanho máximo' },
          input: 'number',
          help: { en: 'In characters, after trimming spaces', 'pt-BR': 'Em caracteres, sem os espaços das pontas' },
        }),
      pattern: z
        .string()
        .max(1000)
        .optional()
        .refine((p) => p === undefined || p === '' || compileSafePattern(p) !== null, INVALID_PATTERN)
        .meta({
          label: { en: 'Required format (regex)', 'pt-BR': 'Formato exigido (regex)' },
          input: 'text',
          placeholder: { en: '\\d{5}-?\\d{3}', 'pt-BR': '\\d{5}-?\\d{3}' },
          help: {
            en: 'A regular expression the whole answer must match. Leave empty to accept any text.',
            'pt-BR': 'Uma expressão regular que a resposta inteira deve seguir. Deixe vazio para aceitar qualquer texto.',
          },
        }),
      patternMessage: z
        .string()
        .max(4096)
        .default('')
        .meta({
          label: { en: 'Why a format is refused', 'pt-BR': 'Motivo quando o formato é recusado' },
          input: 'template',
          placeholder: { en: 'Type the ZIP code as 12345-678', 'pt-BR': 'Digite o CEP no formato 12345-678' },
          help: {
            en: 'Recorded as the reason when the answer does not match the format',
            'pt-BR': 'Registrado como motivo quando a resposta não segue o formato',
          },
        }),
    })
    .refine((o) => o.minLength === undefined || o.maxLength === undefined || o.minLength <= o.maxLength, {
      message: 'the maximum length must not be below the minimum length',
      path: ['maxLength'],
    }),
  defaults: () => ({ retryMessage: '' }),
});
