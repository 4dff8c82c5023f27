// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { lengthCheck } from './limit.js';

describe('lengthCheck', () => {
  it('says nothing far from the limit', () => {
    expect(lengthCheck('olá')).toEqual({ count: null, max: 4096, over: 0 });
  });

  it('counts near the limit, as a person counts', () => {
    // 3,800 emoji are 15,200 UTF-16 units but 3,800 characters: close, not over.
    expect(lengthCheck('👍🏽'.repeat(3800))).toEqual({ count: 3800, max: 4096, over: 0 });
    expect(lengthCheck('é'.repeat(4096))).toEqual({ count: 4096, max: 4096, over: 0 });
  });

  it('tells how far over a 100 KB paste is', () => {
    expect(lengthCheck('a'.repeat(100_000))).toEqual({ count: 100_000, max: 4096, over: 100_000 - 4096 });
  });
});
