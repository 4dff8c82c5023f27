import { defineExecutor } from '../contract.js';
import { compileSafePattern } from '../shared/safe-regex.js';
import { schema } from './schema.js';
import { accepted } from '../shared/input.js';
import { textAnswer } from '../shared/reply-content.js';
import { charCount } from '../shared/text-length.js';

const reasons = {
  empty: { en: 'the answer is empty', 'pt-BR': 'a resposta está vazia' },
  short: (n: number) => ({ en: `the answer needs at least ${n} characters`, 'pt-BR': `a resposta precisa de pelo menos ${n} caracteres` }),
  long: (n: number) => ({ en: `the answer holds at most ${n} characters`, 'pt-BR': `a resposta aceita no máximo ${n} caracteres` }),
  pattern: { en: 'the answer is not in the expected format', 'pt-BR': 'a resposta não está no formato esperado' },
};

export const executor = defineExecutor(schema, {
  run: () => ({ wait: { for: 'reply' } }),
  reply(options, reply, ctx) {
    const read = textAnswer(reply, ctx.locale);
    if (!read.ok) return read;
    const text = read.text.trim();
    if (!text) return { ok: false, reason: reasons.empty[ctx.locale] };
    const length = charCount(text); // as the contact sees them: "👍🏽" is one
    if (options.minLength !== undefined && length < options.minLength) {
      return { ok: false, reason: reasons.short(options.minLength)[ctx.locale] };
    }
    if (options.maxLength !== undefined && length > options.maxLength) {
      return { ok: false, reason: reasons.long(options.maxLength)[ctx.locale] };
    }
    if (options.pattern) {
      // The whole answer must match, like an HTML `pattern` attribute: a CEP pattern
      // \d{5}-?\d{3} does not accept "abc 12345-678 xyz".
      const re = compileSafePattern(options.pattern);
      if (re && !re.testWhole(text)) {
        return { ok: false, reason: ctx.render(options.patternMessage).trim() || reasons.pattern[ctx.locale] };
      }
    }
    return accepted(options, text);
  },
});
