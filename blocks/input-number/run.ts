import { defineExecutor } from '../contract.js';
import { parseNumberLike } from '../shared/values.js';
import { schema } from './schema.js';
import { textAnswer } from '../shared/reply-content.js';
import { accepted } from '../shared/input.js';

const reasons = {
  notNumber: { en: 'the answer is not a number', 'pt-BR': 'a resposta não é um número' },
  notInteger: { en: 'the answer must be a whole number', 'pt-BR': 'a resposta precisa ser um número inteiro' },
  low: (n: string) => ({ en: `the answer must be at least ${n}`, 'pt-BR': `a resposta precisa ser no mínimo ${n}` }),
  high: (n: string) => ({ en: `the answer must be at most ${n}`, 'pt-BR': `a resposta precisa ser no máximo ${n}` }),
};

export const executor = defineExecutor(schema, {
  run: () => ({ wait: { for: 'reply' } }),
  reply(options, reply, ctx) {
    const read = textAnswer(reply, ctx.locale);
    if (!read.ok) return read;
    const value = parseNumberLike(read.text);
    if (value === null) return { ok: false, reason: reasons.notNumber[ctx.locale] };
    if (!options.allowDecimals && !Number.isInteger(value)) return { ok: false, reason: reasons.notInteger[ctx.locale] };
    if (options.min !== undefined && value < options.min) return { ok: false, reason: reasons.low(options.min.toLocaleString(ctx.locale))[ctx.locale] };
    if (options.max !== undefined && value > options.max) return { ok: false, reason: reasons.high(options.max.toLocaleString(ctx.locale))[ctx.locale] };
    // -0 would print as "0" anyway but compares oddly with Object.is in later blocks.
    const saved = value === 0 ? 0 : value;
    return accepted(options, saved);
  },
});
