// How long a text is as a person counts it: "👍🏽", "🇧🇷", "👨‍👩‍👧" and an "ã" typed as a + combining
// tilde are one character each, where String.length counts 2 to 8 UTF-16 units. Message limits
// (WhatsApp's 4,096 characters) are stated in these characters, and the composers in the browser
// and the server's checks count them with this one function, so what the counter allows the
// server accepts.
//
// Intl.Segmenter says where characters end, but V8's is slow (microseconds per character) and
// slower still on long strings (each step costs more the longer the string: 100,000 plain
// letters take seconds). So only the stretches where characters can span several code points
// are given to it, a window at a time; everywhere else a code point is a character.
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The most characters one text message holds (WhatsApp's limit), for contacts and agents alike. */
export const MESSAGE_MAX_CHARS = 4096;

/**
 * Code points that may join their neighbours into one character (UAX #29): marks, format
 * characters (ZWJ, variation and tag characters, most prepended marks), controls (CR LF), skin
 * tones, regional indicators (flags), Hangul jamo, and the few letters that extend or prepend.
 * Between two code points outside this set there is always a character boundary.
 */
const JOINING =
  /[\p{M}\p{Cf}\p{Cc}\u{1F3FB}-\u{1F3FF}\u{1F1E6}-\u{1F1FF}\u1100-\u11FF\uA960-\uA97F\uD7B0-\uD7FF\uFF9E\uFF9F\u0E33\u0EB3\u0D4E\u{111C2}\u{111C3}\u{1193F}\u{11941}\u{11A3A}\u{11A84}-\u{11A89}\u{11D46}\u{11F02}]/u;
/** A stretch that needs the segmenter: joining code points with one neighbour on each side. */
const STRETCH = new RegExp(`[^]?(?:${JOINING.source}+[^]?)+`, 'gu');

const WINDOW = 256;

/** Characters in a stretch, counted by the segmenter a window at a time. */
function segmentCount(text: string, stopAfter: number): number {
  let n = 0;
  let start = 0;
  while (start < text.length && n <= stopAfter) {
    let width = WINDOW;
    for (;;) {
      let end = Math.min(text.length, start + width);
      // Never split a surrogate pair: the character after a boundary must be whole to place it.
      if (end < text.length && /[\uD800-\uDBFF]/.test(text[end - 1])) end++;
      const piece = text.slice(start, end);
      let count = 0;
      let lastAt = 0;
      for (const s of graphemes.segment(piece)) {
        count++;
        lastAt = s.index;
      }
      if (end === text.length) return n + count;
      // The last character may go on past the window: count the others, start again at it.
      if (count > 1) {
        n += count - 1;
        start += lastAt;
        break;
      }
      width *= 2;
    }
  }
  return n;
}

/**
 * Characters (grapheme clusters) in `text`. With `stopAfter`, counting may stop once it passes
 * that number (a 1 MB paste is not walked to its end just to learn it is too long).
 */
export function charCount(text: string, stopAfter = Number.POSITIVE_INFINITY): number {
  let n = 0;
  let from = 0;
  // Outside the stretches a code point is a character.
  const simple = (to: number) => {
    for (let i = from; i < to && n <= stopAfter; i++) {
      const c = text.charCodeAt(i);
      if (c < 0xd800 || c > 0xdbff || i + 1 >= to || !/[\uDC00-\uDFFF]/.test(text[i + 1])) n++;
    }
  };
  STRETCH.lastIndex = 0;
  for (let m = STRETCH.exec(text); m; m = STRETCH.exec(text)) {
    simple(m.index);
    if (n > stopAfter) return n;
    n += segmentCount(m[0], stopAfter - n);
    from = m.index + m[0].length;
    if (n > stopAfter) return n;
  }
  simple(text.length);
  return n;
}

/** Whether `text` holds at most `max` characters. */
export function fitsChars(text: string, max: number = MESSAGE_MAX_CHARS): boolean {
  // A character is at least one UTF-16 unit: a text this short cannot be over.
  if (text.length <= max) return true;
  return charCount(text, max) <= max;
}
