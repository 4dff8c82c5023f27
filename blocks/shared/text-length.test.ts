import { describe, expect, it } from 'vitest';
import { charCount, fitsChars, MESSAGE_MAX_CHARS } from './text-length.js';

describe('charCount', () => {
  it('counts what a person sees, not UTF-16 units', () => {
    expect(charCount('abc')).toBe(3);
    expect(charCount('👍🏽')).toBe(1); // 4 units
    expect(charCount('🇧🇷')).toBe(1); // 4 units
    expect(charCount('👨‍👩‍👧')).toBe(1); // 8 units
    expect(charCount('a\u0303o')).toBe(2); // "ão" typed with a combining tilde
    expect(charCount('مرحبا')).toBe(5);
    expect(charCount('')).toBe(0);
  });

  it('stops counting past the limit it is given', () => {
    expect(charCount('x'.repeat(10_000), 100)).toBe(101);
  });
});

describe('fitsChars', () => {
  it('takes 4,096 emoji that are 4 units each, and refuses one more', () => {
    const thumbs = '👍🏽'.repeat(MESSAGE_MAX_CHARS);
    expect(thumbs.length).toBe(4 * MESSAGE_MAX_CHARS);
    expect(fitsChars(thumbs)).toBe(true);
    expect(fitsChars(thumbs + 'a')).toBe(false);
  });

  it('refuses a 100 KB paste', () => {
    expect(fitsChars('a'.repeat(100_000))).toBe(false);
    expect(fitsChars('a'.repeat(MESSAGE_MAX_CHARS))).toBe(true);
  });
});

describe('charCount against Intl.Segmenter', () => {
  // Pieces that join or split characters in every way UAX #29 knows: marks, ZWJ sequences,
  // skin tones, flags, CR LF, Thai, Hangul jamo, Devanagari conjuncts, keycaps, tags, prepend.
  const pieces = ['a', 'é', 'e\u0301', '\u0303', '👍', '🏽', '\u200D', '👨', '👩', '🇧', '🇷', '\r', '\n', ' ', 'ก', 'ำ', '\u1100', '\u1161', '\u11A8', '가', 'क', '्', 'ष', 'ि', '\uFE0F', '1', '\u20E3', 'م', 'َ', '\u0600', '😀', '\u{E0067}', '\u{1F3F4}'];
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  const reference = (s: string) => [...segmenter.segment(s)].length;
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const sample = (len: number) => Array.from({ length: len }, () => pieces[random(pieces.length)]).join('');

  it('agrees on thousands of short mixed texts', () => {
    for (let i = 0; i < 3000; i++) {
      const s = sample(1 + random(30));
      expect(charCount(s), JSON.stringify(s)).toBe(reference(s));
    }
  });

  it('agrees on long texts, counted a window at a time', () => {
    for (let i = 0; i < 5; i++) {
      const s = sample(2000);
      expect(charCount(s)).toBe(reference(s));
    }
    expect(charCount('👨‍👩‍👧 '.repeat(500))).toBe(1000);
    expect(charCount('a' + '\u0303'.repeat(1000))).toBe(1);
  });
});
