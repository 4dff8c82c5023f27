import { describe, expect, it } from 'vitest';
import { signFilePath, verifyFileSignature } from './file-signing.js';

const key = Buffer.alloc(32, 7);
const now = new Date('2026-12-03T10:00:00Z');
const query = (p: string) => new URL(p, 'http://x').searchParams;

describe('signed file links', () => {
  it('a link verifies for its file until its expiry, and not after', () => {
    const p = signFilePath(key, 'file_abcdefghij', new Date(now.getTime() + 60_000));
    expect(p).toMatch(/^\/api\/files\/file_abcdefghij\?exp=\d+&sig=[\w-]+$/);
    const q = query(p);
    expect(verifyFileSignature(key, 'file_abcdefghij', q.get('exp'), q.get('sig'), now)).toBe(true);
    expect(verifyFileSignature(key, 'file_abcdefghij', q.get('exp'), q.get('sig'), new Date(now.getTime() + 61_000))).toBe(false);
  });

  it('a link does not verify for another file, another expiry, another key, or without its parts', () => {
    const q = query(signFilePath(key, 'file_abcdefghij', new Date(now.getTime() + 60_000)));
    expect(verifyFileSignature(key, 'file_zzzzzzzzzz', q.get('exp'), q.get('sig'), now)).toBe(false);
    expect(verifyFileSignature(key, 'file_abcdefghij', String(Number(q.get('exp')) + 3600), q.get('sig'), now)).toBe(false);
    expect(verifyFileSignature(Buffer.alloc(32, 8), 'file_abcdefghij', q.get('exp'), q.get('sig'), now)).toBe(false);
    expect(verifyFileSignature(key, 'file_abcdefghij', null, q.get('sig'), now)).toBe(false);
    expect(verifyFileSignature(key, 'file_abcdefghij', q.get('exp'), null, now)).toBe(false);
    expect(verifyFileSignature(key, 'file_abcdefghij', '1e99', q.get('sig'), now)).toBe(false);
  });
});
