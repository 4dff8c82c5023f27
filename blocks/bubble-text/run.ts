import { defineExecutor } from '../contract.js';
import { schema } from './schema.js';

// WhatsApp-style *bold* and _italic_ stay as typed: channels and the test chat format them.
export const executor = defineExecutor(schema, {
  run(options, ctx) {
    const text = ctx.render(options.text).trim();
    return text ? { messages: [{ type: 'text', text }] } : {};
  },
});
