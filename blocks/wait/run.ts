import { defineExecutor } from '../contract.js';
import { schema, waitSeconds } from './schema.js';

export const executor = defineExecutor(schema, {
  run(options) {
    return { wait: { for: 'timer', seconds: waitSeconds(options) } };
  },
});
