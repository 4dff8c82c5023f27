// The limit on a text message that a person types (tester, agent), counted in characters as a
// person counts them, with the same function the composers use: the browser's counter and the
// server agree on what is too long, and nothing is cut.
import { z } from 'zod';
import { fitsChars, MESSAGE_MAX_CHARS } from '../blocks/shared/text-length.js';

export const MESSAGE_TOO_LONG = `at most ${MESSAGE_MAX_CHARS} characters`;

/** `base` (a string schema, trimmed or not) refusing texts over the message limit. */
export function messageText(base: z.ZodString = z.string()) {
  return base.refine((s) => fitsChars(s, MESSAGE_MAX_CHARS), MESSAGE_TOO_LONG);
}
