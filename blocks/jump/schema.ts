import { z } from 'zod';
import { defineBlock } from '../contract.js';

export const schema = defineBlock({
  kind: 'jump',
  category: 'logic',
  label: { en: 'Jump', 'pt-BR': 'Pular para' },
  icon: '↪️',
  options: z.object({
    target: z
      .object({
        // Empty only on a freshly dropped block, which must parse before a target is picked.
        groupId: z
          .string()
          .default('')
          .meta({ label: { en: 'Group', 'pt-BR': 'Grupo' }, input: 'hidden' }),
        blockId: z
          .string()
          .min(1)
          .optional()
          .meta({ label: { en: 'Block', 'pt-BR': 'Bloco' }, input: 'hidden' }),
      })
      .meta({
        label: { en: 'Go to', 'pt-BR': 'Ir para' },
        input: 'target',
        help: {
          en: 'A group, or a block inside it to start from there.',
          'pt-BR': 'Um grupo, ou um bloco dentro dele para começar dali.',
        },
      }),
  }),
  defaults: () => ({ target: { groupId: '' } }),
  hasDefaultPath: false,
});
