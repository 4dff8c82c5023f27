// The "max" metadata checks the digits, not only the length: it refuses Brazilian mobiles typed
// without the ninth digit, which would otherwise be saved and never reach anyone.
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { defineExecutor } from '../contract.js';
import { schema } from './schema.js';
import { textAnswer } from '../shared/reply-content.js';
import { accepted } from '../shared/input.js';

const invalid = { en: 'the answer is not a valid phone number', 'pt-BR': 'a resposta não é um telefone válido' };

export const executor = defineExecutor(schema, {
  run: () => ({ wait: { for: 'reply' } }),
  reply(options, reply, ctx) {
    // Parsing extracts the number from answers like "meu celular é (11) 98765-4321".
    const read = textAnswer(reply, ctx.locale);
    if (!read.ok) return read;
    const phone = parsePhoneNumberFromString(read.text, { defaultCountry: options.defaultCountry as CountryCode });
    if (!phone?.isValid()) return { ok: false, reason: invalid[ctx.locale] };
    return accepted(options, phone.number);
  },
});
