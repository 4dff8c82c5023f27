import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { refineUniqueIds } from '../shared/choice.js';
import { type ConditionGroup, conditionGroupSchema, operatorLabels } from '../shared/conditions.js';

const NO_VALUE = new Set(['is_set', 'is_empty']);

/** "city is equal to "Recife" and age is greater than 17": the handle's caption on the canvas. */
export function describeGroup(group: ConditionGroup): string {
  const joiner = group.logicalOperator === 'or' ? ' or ' : ' and ';
  return group.comparisons
    .map((c) => {
      const op = operatorLabels[c.operator].en;
      return NO_VALUE.has(c.operator) ? `${c.variableId} ${op}` : `${c.variableId} ${op} "${c.value}"`;
    })
    .join(joiner);
}

export const schema = defineBlock({
  kind: 'condition',
  category: 'logic',
  label: { en: 'Condition', 'pt-BR': 'Condição' },
  icon: '🔀',
  options: z
    .object({
      items: z
        .array(
          z.object({
            id: z
              .string()
              .min(1)
              .meta({ label: { en: 'Id', 'pt-BR': 'Id' }, input: 'hidden' }),
            group: conditionGroupSchema.meta({
              label: { en: 'If', 'pt-BR': 'Se' },
              input: 'conditions',
            }),
          }),
        )
        .max(50, 'use at most 50 branches')
        .default([])
        .meta({
          label: { en: 'Branches', 'pt-BR': 'Ramificações' },
          input: 'items',
          help: {
            en: 'Checked from top to bottom: the first branch that holds is taken; when none holds, the flow goes on by "else".',
            'pt-BR': 'Verificadas de cima para baixo: segue a primeira que valer; se nenhuma valer, o fluxo segue pelo "senão".',
          },
        }),
    })
    .superRefine((o, ctx) => refineUniqueIds(o.items, ctx)),
  // No branch yet: a comparison needs a variable, which only the author can choose.
  defaults: () => ({ items: [] }),
  items: (o) => o.items.map((item) => ({ id: item.id, label: describeGroup(item.group) })),
});
