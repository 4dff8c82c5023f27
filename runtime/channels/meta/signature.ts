// Meta signs every webhook delivery (WhatsApp Cloud API, Instagram, Messenger) with the app
// secret: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`. The HMAC is over the
// bytes Meta sent (its JSON escapes non-ASCII as \uXXXX), so it is checked on the raw body as
// received, never on a re-serialised parse of it.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';

export function hubSignature(raw: Buffer | string, appSecret: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

/** Whether `header` is the app secret's signature of `raw` (compared in constant time). */
export function validHubSignature(raw: Buffer, header: string | string[] | undefined, appSecret: string): boolean {
  if (typeof header !== 'string' || !appSecret) return false;
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m) return false;
  const expected = createHmac('sha256', appSecret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(m[1], 'hex'));
}
