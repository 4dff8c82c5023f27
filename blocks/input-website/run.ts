import { defineExecutor } from '../contract.js';
import { schema } from './schema.js';
import { textAnswer } from '../shared/reply-content.js';
import { accepted } from '../shared/input.js';

const invalid = { en: 'the answer is not a website address', 'pt-BR': 'a resposta não é um endereço de site' };

/** "example.com" -> "https://example.com/"; anything that is not a public http(s) site -> null. */
export function normaliseWebsite(text: string): string | null {
  const s = text.trim();
  if (!s || /\s/.test(s)) return null;
  // Contacts rarely type a scheme; https is what almost every site serves today.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(s) ? s : `https://${s}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  // "ana@site.com" parses as credentials on site.com: the contact meant an email, not a site.
  if (url.username || url.password) return null;
  const labels = url.hostname.split('.');
  if (labels.length < 2 || labels.some((l) => l === '')) return null;
  // A numeric last label means an IP address or an answer like "1.5", never a customer's site.
  if (!/^[a-z]/.test(labels[labels.length - 1])) return null;
  return url.href;
}

export const executor = defineExecutor(schema, {
  run: () => ({ wait: { for: 'reply' } }),
  reply(options, reply, ctx) {
    const read = textAnswer(reply, ctx.locale);
    if (!read.ok) return read;
    const value = normaliseWebsite(read.text);
    if (value === null) return { ok: false, reason: invalid[ctx.locale] };
    return accepted(options, value);
  },
});
