import { defineExecutor } from '../contract.js';
import { schema } from './schema.js';

export const executor = defineExecutor(schema, {
  run({ items }, ctx) {
    const total = items.reduce((sum, b) => sum + b.percent, 0);
    const roll = ctx.random() * total;
    let upTo = 0;
    for (const branch of items) {
      upTo += branch.percent;
      if (roll < upTo) return { next: { path: 'item', itemId: branch.id } };
    }
    // Reached only if rounding lifts the roll to the total: the last branch with a share takes
    // it, never one set to 0%.
    const last = [...items].reverse().find((b) => b.percent > 0) ?? items[items.length - 1];
    return { next: { path: 'item', itemId: last.id } };
  },
});
