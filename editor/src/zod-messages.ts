// zod's generic messages ("expected string, received number") in the reader's language. For
// pt-BR, zod's English goes through the same Portuguese the server's errors get
// (blocks/schema-messages.ts), so a limit reads alike in a form and in a refused save.
import { z } from 'zod';
import { localizeSchemaMessage } from '../../blocks/schema-messages.js';
import type { Locale } from './i18n.js';

const english = z.locales.en().localeError;
const zodPortuguese = z.locales.pt().localeError;

const textOf = (m: ReturnType<z.core.$ZodErrorMap>) => (typeof m === 'string' ? m : (m?.message ?? null));

const portuguese: z.core.$ZodErrorMap = (issue) => {
  const en = textOf(english(issue));
  const pt = en === null ? null : localizeSchemaMessage(en, 'pt-BR');
  return pt !== null && pt !== en ? pt : zodPortuguese(issue);
};

export const zodMessages: Record<Locale, z.core.$ZodErrorMap> = { en: english, 'pt-BR': portuguese };
