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
    // Only float noise reaches here (roll a hair under a total the sum never quite reached):
    // the last branch with any share takes it, never one set to 0%.
    const last = [...items].reverse().find((b) => b.percent > 0) ?? items[items.length - 1];
    return { next: { path: 'item', itemId: last.id } };
  },
});
