// What a password must be: long enough, and not one that guessing tools try first.
// The Settings forms check the length themselves and show the server's refusal of a common one.
import { z } from 'zod';
import { COMMON_PASSWORDS } from './common.js';

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;
export const COMMON_PASSWORD_MESSAGE = 'this password is too common; choose one that is harder to guess';

const common = new Set(COMMON_PASSWORDS);

/** True for a listed password (in any letter case) or one character repeated. */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  return common.has(lower) || /^(.)\1*$/su.test(lower);
}

export const passwordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `use at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `at most ${MAX_PASSWORD_LENGTH} characters`)
  .refine((p) => !isCommonPassword(p), COMMON_PASSWORD_MESSAGE);
