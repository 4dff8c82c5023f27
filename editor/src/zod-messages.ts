// zod's generic messages ("expected string, received number") in the reader's language.
import { z } from 'zod';
import type { Locale } from './i18n.js';

export const zodMessages: Record<Locale, z.core.$ZodErrorMap> = { en: z.locales.en().localeError, 'pt-BR': z.locales.pt().localeError };
