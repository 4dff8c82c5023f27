import { describe, expect, it } from 'vitest';
import { compileSafePattern, compileSlashPattern } from './safe-regex.js';

describe('safe patterns', () => {
  it('matches like JavaScript for the patterns authors write', () => {
    const cep = compileSafePattern('\\d{5}-?\\d{3}')!;
    expect(cep.testWhole('01310-100')).toBe(true);
    expect(cep.testWhole('abc 01310-100 xyz')).toBe(false);
    expect(cep.test('abc 01310-100 xyz')).toBe(true);
    expect(compileSafePattern('^\\p{L}+$')!.test('Conceição')).toBe(true);
    expect(compileSafePattern('(?<ddd>\\d{2}) \\d+')!.testWhole('11 99999')).toBe(true);
    expect(compileSlashPattern('/^SIM$/i')!.test('sim')).toBe(true);
    expect(compileSlashPattern('/^SIM$/')!.test('sim')).toBe(false);
    expect(compileSlashPattern('/a.b/s')!.test('a\nb')).toBe(true);
  });

  it('answers at once where a backtracking engine would run for ages', () => {
    // (a+)+$ on "aaaa…b" takes 2^n steps in JavaScript's engine: with 60 letters, forever.
    const evil = compileSafePattern('(a+)+$')!;
    expect(evil.testWhole(`${'a'.repeat(60)}b`)).toBe(false);
    expect(compileSlashPattern('/^(\\w+\\s?)*$/')!.test(`${'palavra '.repeat(40)}!`)).toBe(false);
  });

  it('refuses what RE2 cannot run, and unknown flags', () => {
    expect(compileSafePattern('(?=a)a')).toBeNull();
    expect(compileSafePattern('(a)\\1')).toBeNull();
    expect(compileSafePattern('([a-')).toBeNull();
    expect(compileSlashPattern('/a/q')).toBeNull();
    expect(compileSlashPattern('/a/gu')).not.toBeNull();
  });
});
