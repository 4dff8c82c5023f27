import { z } from 'zod';
import { defineExecutor } from '../contract.js';
import { schema } from './schema.js';
import { textAnswer } from '../shared/reply-content.js';
import { accepted } from '../shared/input.js';

const email = z.email();

const invalid = { en: 'the answer is not an email address', 'pt-BR': 'a resposta não é um endereço de e-mail' };

export const executor = defineExecutor(schema, {
  run: () => ({ wait: { for: 'reply' } }),
  reply(options, reply, ctx) {
    // Lower case so "Ana@Gmail.com" and "ana@gmail.com" match in conditions and CRM lookups.
    const read = textAnswer(reply, ctx.locale);
    if (!read.ok) return read;
    const value = read.text.trim().replace(/^mailto:/i, '').toLowerCase();
    if (!email.safeParse(value).success) return { ok: false, reason: invalid[ctx.locale] };
    return accepted(options, value);
  },
});
