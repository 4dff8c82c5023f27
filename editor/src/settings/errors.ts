// Server errors name the field they are about ("email: a user with x already exists", one
// line per problem for schema errors). This routes each line to the form field it names and
// leaves the rest for a toast, every message in the reader's language.
import type { Locale } from '../i18n.js';
import { localizeServerMessage } from '../server-errors.js';

export interface SplitError {
  /** By the form's field name: the first message for that field (or a path under it). */
  fields: Record<string, string>;
  /** Lines that name no field of the form. */
  other: string[];
}

const LINE = /^([A-Za-z_][\w]*(?:\.\w+|\[\d+\])*): (.+)$/s;

export function splitServerError(message: string, fields: readonly string[], locale: Locale): SplitError {
  const out: SplitError = { fields: {}, other: [] };
  for (const line of message.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = LINE.exec(line);
    const field = m ? fields.find((f) => m[1] === f || m[1].startsWith(`${f}.`) || m[1].startsWith(`${f}[`)) : undefined;
    if (!m || !field) {
      out.other.push(localizeServerMessage(line, locale));
      continue;
    }
    const rest = m[1].slice(field.length).replace(/^\./, '');
    const text = localizeServerMessage(m[2], locale);
    if (!(field in out.fields)) out.fields[field] = rest ? `${rest}: ${text}` : text;
  }
  return out;
}
