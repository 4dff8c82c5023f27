import { defineExecutor } from '../contract.js';
import { evaluateConditionGroup } from '../shared/conditions.js';
import { schema } from './schema.js';

export const executor = defineExecutor(schema, {
  run(options, ctx) {
    const hit = options.items.find((item) => evaluateConditionGroup(item.group, ctx));
    return hit ? { next: { path: 'item', itemId: hit.id } } : {};
  },
});
