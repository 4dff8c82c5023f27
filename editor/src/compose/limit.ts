// What a composer tells about a message's length: nothing while it is far from the limit, a
// counter close to it, and a refusal past it. Counted as the server counts (characters a person
// sees), so the send button and the server agree; the text is never cut.
import { charCount, MESSAGE_MAX_CHARS } from '../../../blocks/shared/text-length.js';

export interface LengthCheck {
  /** Characters typed, or null while the text is too short for it to matter (not counted). */
  count: number | null;
  max: number;
  /** Characters over the limit (0 when it fits). */
  over: number;
}

/** The counter shows from this share of the limit on. */
const SHOW_FROM = 0.9;

export function lengthCheck(text: string, max: number = MESSAGE_MAX_CHARS): LengthCheck {
  // A character is at least one UTF-16 unit: a text shorter than that in units cannot be near.
  if (text.length < Math.floor(max * SHOW_FROM)) return { count: null, max, over: 0 };
  const count = charCount(text);
  return { count: count >= Math.floor(max * SHOW_FROM) ? count : null, max, over: Math.max(0, count - max) };
}
