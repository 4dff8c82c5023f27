import { z } from 'zod';
import { defineBlock } from '../contract.js';

export const schema = defineBlock({
  kind: 'end',
  category: 'logic',
  label: { en: 'End', 'pt-BR': 'Encerrar' },
  icon: '⏹️',
  options: z.object({}),
  defaults: () => ({}),
  hasDefaultPath: false,
});
