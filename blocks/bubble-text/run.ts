import type { OutgoingMessage } from '../contract.js';
import { defineExecutor } from '../contract.js';
import { schema } from './schema.js';

// WhatsApp-style *bold* and _italic_ stay as typed: channels and the test chat format them.
export const executor = defineExecutor(schema, {
  run(options, ctx) {
    const text = ctx.render(options.text).trim();
    if (!text) return {};
    const w = options.outsideWindow;
    // The template that goes where free text cannot (the Cloud API's 24-hour rule); other channels ignore it.
    const message: OutgoingMessage =
      w?.enabled && w.name
        ? {
            type: 'text',
            text,
            outsideWindow: {
              name: w.name,
              language: w.language,
              params: w.values.map((v) => ({ component: 'body' as const, ...(v.name ? { name: v.name } : {}), value: ctx.render(v.value).trim() })),
            },
          }
        : { type: 'text', text };
    return { messages: [message] };
  },
});
