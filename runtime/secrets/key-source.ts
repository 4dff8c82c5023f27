// Where the secret key comes from: OZIA_SECRET_KEY (32 bytes as base64 or hex), or, when unset, a
// key generated once into the data directory (readable by the owner only) and read back on every
// start. Losing that file means saving the channel secrets again, so back it up with the database.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SecretBox, SecretError } from './secret-box.js';

export const SECRET_KEY_FILE = 'secret.key';

/** 32 bytes from base64 (standard or url-safe) or hex; null when the text is neither. */
export function parseSecretKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-f]{64}$/i.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return b.length === 32 ? b : null;
  }
  return null;
}

export interface SecretKeyOptions {
  /** OZIA_SECRET_KEY as given (undefined or '' when unset). */
  envKey?: string;
  dataDir: string;
}

/** The server's SecretBox; throws one line naming the variable or the file when the key is malformed. */
export function loadSecretBox(opts: SecretKeyOptions): SecretBox {
  if (opts.envKey !== undefined && opts.envKey !== '') {
    const key = parseSecretKey(opts.envKey);
    if (!key) throw new SecretError('invalid configuration: OZIA_SECRET_KEY must be 32 bytes written as base64 (44 characters) or hex (64 characters), e.g. the output of `openssl rand -base64 32`');
    return new SecretBox(key);
  }
  const file = path.join(opts.dataDir, SECRET_KEY_FILE);
  if (fs.existsSync(file)) {
    const key = parseSecretKey(fs.readFileSync(file, 'utf8'));
    if (!key) throw new SecretError(`the secret key in ${file} is damaged: restore it from a backup, or set OZIA_SECRET_KEY`);
    return new SecretBox(key);
  }
  fs.mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx': two processes starting at once never overwrite each other's key.
  try {
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return loadSecretBox(opts);
    throw e;
  }
  return new SecretBox(key);
}
