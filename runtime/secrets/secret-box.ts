// Secrets at rest (a Cloud API access token, an app secret): sealed with AES-256-GCM before they
// reach the database, opened only in the process that uses them. A sealed value names the key that
// sealed it (`ozs1.<key id>.<iv>.<tag>.<ciphertext>`), so a server holding several keys can open
// old values while sealing new ones with the current key (rotation), and a server with the wrong
// key says so instead of returning garbage.
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'ozs1';
const IV_BYTES = 12;

export class SecretError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretError';
  }
}

/** A key's id: a short hash of it (never the key), stored in every value it seals. */
export function keyId(key: Buffer): string {
  return createHash('sha256').update('ozia-secret-key').update(key).digest('hex').slice(0, 12);
}

const b64 = (b: Buffer) => b.toString('base64url');

export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  readonly currentKeyId: string;

  /** `current` seals; `older` keys still open what they sealed. */
  constructor(current: Buffer, older: Buffer[] = []) {
    for (const k of [current, ...older]) {
      if (k.length !== 32) throw new SecretError('a secret key must be 32 bytes');
      this.keys.set(keyId(k), Buffer.from(k));
    }
    this.currentKeyId = keyId(current);
  }

  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}.`) && value.split('.').length === 5;
  }

  seal(plain: string): string {
    const key = this.keys.get(this.currentKeyId)!;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    // The header is authenticated: a value cannot be moved under another key id or version.
    cipher.setAAD(Buffer.from(`${VERSION}.${this.currentKeyId}`));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, this.currentKeyId, b64(iv), b64(cipher.getAuthTag()), b64(data)].join('.');
  }

  open(sealed: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new SecretError('not a sealed secret');
    const [, kid, iv, tag, data] = parts;
    const key = this.keys.get(kid);
    if (!key) throw new SecretError(`this secret was sealed with key ${kid}, which this server does not have (OZIA_SECRET_KEY changed?); save the secret again`);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(`${VERSION}.${kid}`));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretError('the sealed secret was altered or is damaged; save it again');
    }
  }
}

/** How a saved secret is shown after saving: its last four characters only. */
export function secretHint(plain: string): string {
  return `••••${plain.slice(-4)}`;
}
