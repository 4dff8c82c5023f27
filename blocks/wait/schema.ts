import { z } from 'zod';
import { defineBlock } from '../contract.js';

export const MAX_WAIT_SECONDS = 30 * 24 * 60 * 60;

export const schema = defineBlock({
  kind: 'wait',
  category: 'logic',
  label: { en: 'Wait', 'pt-BR': 'Aguardar' },
  icon: '⏳',
  options: z.object({
    seconds: z
      .number()
      .int('use whole seconds')
      .min(1, 'wait at least 1 second')
      .max(MAX_WAIT_SECONDS, 'wait at most 30 days')
      .meta({
        label: { en: 'Seconds', 'pt-BR': 'Segundos' },
        input: 'number',
        placeholder: { en: '60', 'pt-BR': '60' },
        help: {
          en: 'The flow resumes after this time even if the contact writes nothing. Up to 30 days (2592000 s).',
          'pt-BR': 'O fluxo continua depois desse tempo, mesmo sem resposta do contato. Até 30 dias (2592000 s).',
        },
      }),
  }),
  defaults: () => ({ seconds: 5 }),
  pauses: true,
});
