import { describe, expect, it } from 'vitest';
import { phoneDigits, phoneSpellings, storedToE164, toE164 } from './phone.js';

describe('phones as people type them', () => {
  it('reads the same number from every usual spelling', () => {
    for (const typed of ['11 99999-0000', '(11) 99999-0000', '+55 11 99999-0000', '5511999990000', '+5511999990000', '011 99999 0000']) {
      expect(phoneDigits(typed), typed).toBe('5511999990000');
    }
    expect(toE164('21 3333-4444')).toBe('+552133334444');
    expect(phoneDigits('+1 415 555 2671')).toBe('14155552671');
  });

  it('is not fooled by text or too few digits', () => {
    expect(phoneDigits('ana')).toBeNull();
    expect(phoneDigits('99999')).toBeNull();
    expect(phoneDigits('11 0000-0000')).toBeNull();
  });

  it("looks for a Brazilian mobile with and without the ninth digit, and with and without '+'", () => {
    expect(phoneSpellings('5511999990000').sort()).toEqual(['+551199990000', '+5511999990000', '551199990000', '5511999990000']);
    // A landline has no ninth-digit twin.
    expect(phoneSpellings('552133334444').sort()).toEqual(['+552133334444', '552133334444']);
    expect(storedToE164('5511999990000')).toBe('+5511999990000');
  });
});
