import { defineExecutor } from '../contract.js';
import { schema } from './schema.js';

export const executor = defineExecutor(schema, {
  run({ seconds }) {
    return { wait: { for: 'timer', seconds } };
  },
});
