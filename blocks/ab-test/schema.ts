import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { refineUniqueIds } from '../shared/choice.js';

const branchSchema = z.object({
  id: z
    .string()
    .min(1)
    .meta({ label: { en: 'Id', 'pt-BR': 'Id' }, input: 'hidden' }),
  label: z
    .string()
    .trim()
    .min(1, 'name the branch')
    .max(40, 'the name holds at most 40 characters')
    .meta({ label: { en: 'Branch', 'pt-BR': 'Ramo' }, input: 'text', placeholder: { en: 'A', 'pt-BR': 'A' } }),
  percent: z
    .number()
    .min(0, 'use 0 to 100')
    .max(100, 'use 0 to 100')
    .meta({ label: { en: 'Percent of contacts', 'pt-BR': 'Porcentagem de contatos' }, input: 'number' }),
});

export const schema = defineBlock({
  kind: 'ab-test',
  category: 'logic',
  label: { en: 'A/B test', 'pt-BR': 'Teste A/B' },
  icon: '🧪',
  options: z
    .object({
      items: z
        .array(branchSchema)
        .min(2, 'an A/B test needs at least two branches')
        .max(10, 'use at most 10 branches')
        .meta({
          label: { en: 'Branches', 'pt-BR': 'Ramos' },
          input: 'items',
          help: {
            en: 'Each contact takes one branch at random, in these proportions.',
            'pt-BR': 'Cada contato segue um ramo ao acaso, nessas proporções.',
          },
        }),
    })
    .superRefine((o, ctx) => {
      const total = o.items.reduce((sum, b) => sum + b.percent, 0);
      // Tolerates float noise such as 33.3 + 33.3 + 33.4.
      if (Math.abs(total - 100) > 1e-6) {
        ctx.addIssue({ code: 'custom', path: ['items'], message: `the percentages must add up to 100 (now ${+total.toFixed(2)})` });
      }
      refineUniqueIds(o.items, ctx);
    }),
  defaults: () => ({
    items: [
      { id: 'a', label: 'A', percent: 50 },
      { id: 'b', label: 'B', percent: 50 },
    ],
  }),
  items: (o) => o.items.map(({ id, label, percent }) => ({ id, label: `${label} (${percent}%)` })),
});
