import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { inputBaseShape } from '../shared/input.js';

export const schema = defineBlock({
  kind: 'input-website',
  category: 'inputs',
  label: { en: 'Website', 'pt-BR': 'Site' },
  icon: '🌐',
  isInput: true,
  options: z.object({ ...inputBaseShape }),
  defaults: () => ({ retryMessage: '' }),
});
