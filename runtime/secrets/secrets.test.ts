import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../testing/databases.js';
import { loadSecretBox, SECRET_KEY_FILE } from './key-source.js';
import { SecretBox, secretHint } from './secret-box.js';

describe('secrets at rest', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('seals and opens a token with accents, and never stores it in the clear', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal('EAAG-token-ção-1234');
    expect(sealed).not.toContain('EAAG');
    expect(SecretBox.isSealed(sealed)).toBe(true);
    expect(box.open(sealed)).toBe('EAAG-token-ção-1234');
    // two seals of the same value differ (fresh IV)
    expect(box.seal('x')).not.toBe(box.seal('x'));
    expect(secretHint('EAAG-token-1234')).toBe('••••1234');
  });

  it('refuses a sealed value that was altered', () => {
    const box = new SecretBox(randomBytes(32));
    const parts = box.seal('app-secret').split('.');
    const data = Buffer.from(parts[4], 'base64url');
    data[0] ^= 1;
    parts[4] = data.toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(/altered/);
    expect(() => box.open('plain text')).toThrow(/not a sealed secret/);
  });

  it('refuses to open with another key, and names the key that sealed it; an older key still opens', () => {
    const oldKey = randomBytes(32);
    const sealed = new SecretBox(oldKey).seal('token');
    const other = new SecretBox(randomBytes(32));
    expect(() => other.open(sealed)).toThrow(/sealed with key [0-9a-f]{12}.*does not have/);
    const rotated = new SecretBox(randomBytes(32), [oldKey]);
    expect(rotated.open(sealed)).toBe('token');
    expect(rotated.seal('new').split('.')[1]).toBe(rotated.currentKeyId);
  });

  it('takes OZIA_SECRET_KEY as base64 or hex and names the variable when it is malformed', () => {
    const dir = tempDir();
    dirs.push(dir);
    const key = randomBytes(32);
    const sealed = loadSecretBox({ envKey: key.toString('base64'), dataDir: dir }).seal('t');
    expect(loadSecretBox({ envKey: key.toString('hex'), dataDir: dir }).open(sealed)).toBe('t');
    expect(() => loadSecretBox({ envKey: 'short', dataDir: dir })).toThrow(/OZIA_SECRET_KEY must be 32 bytes/);
    expect(() => loadSecretBox({ envKey: randomBytes(16).toString('hex'), dataDir: dir })).toThrow(/OZIA_SECRET_KEY/);
    expect(fs.existsSync(path.join(dir, SECRET_KEY_FILE))).toBe(false);
  });

  it('without OZIA_SECRET_KEY generates a key once into the data directory, readable by the owner only', () => {
    const dir = tempDir();
    dirs.push(dir);
    const first = loadSecretBox({ dataDir: dir });
    const file = path.join(dir, SECRET_KEY_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const sealed = first.seal('token');
    // the next start reads the same key
    expect(loadSecretBox({ dataDir: dir }).open(sealed)).toBe('token');
    fs.writeFileSync(file, 'garbage');
    expect(() => loadSecretBox({ dataDir: dir })).toThrow(/secret key in .* is damaged/);
  });
});
