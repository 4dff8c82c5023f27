// Signed, expiring links to a stored file, for a provider that must fetch the file itself (a
// channel's API downloading the media it sends) and has no session: the link names the file
// and its expiry, and an HMAC of both under the server's key proves the server issued it.
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SignedFileQuery {
  /** Expiry, in seconds since the epoch. */
  exp: number;
  sig: string;
}

const signature = (key: Buffer, fileId: string, exp: number) => createHmac('sha256', key).update(`file:${fileId}:${exp}`).digest('base64url');

/** The path (and query) of a link to `fileId` valid until `expiresAt`. */
export function signFilePath(key: Buffer, fileId: string, expiresAt: Date): string {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return `/api/files/${encodeURIComponent(fileId)}?exp=${exp}&sig=${signature(key, fileId, exp)}`;
}

/** Whether a link's `exp` and `sig` were issued for this file and have not expired at `now`. */
export function verifyFileSignature(key: Buffer, fileId: string, exp: string | null, sig: string | null, now: Date): boolean {
  if (!exp || !sig || !/^\d{1,12}$/.test(exp)) return false;
  const seconds = Number(exp);
  if (seconds * 1000 <= now.getTime()) return false;
  const expected = Buffer.from(signature(key, fileId, seconds));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
