import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { inputBaseShape } from '../shared/input.js';

export const schema = defineBlock({
  kind: 'input-email',
  category: 'inputs',
  label: { en: 'Email', 'pt-BR': 'E-mail' },
  icon: '📧',
  isInput: true,
  options: z.object({ ...inputBaseShape }),
  defaults: () => ({ retryMessage: '' }),
});
