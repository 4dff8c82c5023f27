// A web chat visitor is a random token the browser keeps (localStorage); the server keeps only its
// hash, as the value of a `visitor` identity on the account. A stolen database gives no token.
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';

export const visitorToken = z.string().regex(/^[\w-]{32,128}$/, 'token: start the chat again (the visitor token is not valid)');

export function newVisitorToken(): string {
  return randomBytes(24).toString('base64url');
}

/** The identity value of a token. */
export function visitorHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
