// What every Meta account's settings hold (WhatsApp Cloud API, Messenger, Instagram): an access
// token and the app secret sealed at rest (runtime/secrets) with a ••••1234 hint beside each,
// Ozia's own verify token generated once and pasted at Meta, and the size over which inbound media
// is not downloaded. Each kind adds the ids Meta names its account by.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const sealed = (what: string) => z.string({ error: `paste the ${what}` }).regex(/^ozs1\./, `paste the ${what}`);

/** A Meta node id (a phone number id, a WABA, a Page, an Instagram account): digits as Meta shows them. */
export const metaNodeId = (what: string) =>
  z
    .string({ error: `type the ${what}` })
    .trim()
    .regex(/^\d{5,25}$/, `the ${what} is the number Meta shows (digits only)`);

/** The credential fields; `mediaMaxMb` defaults to the platform's own cap (WhatsApp 16 MB, Messenger 25 MB). */
export function metaCredentials(mediaDefaultMb: number) {
  return z.object({
    /** A system user's token (it does not expire) with the permissions the kind's README section lists. */
    accessToken: sealed('access token'),
    accessTokenHint: z.string().optional(),
    /** The Meta app's secret: every webhook is signed with it. */
    appSecret: sealed('app secret'),
    appSecretHint: z.string().optional(),
    verifyToken: z
      .string()
      .min(16, 'at least 16 characters')
      .max(200)
      .regex(/^[\w.~-]+$/, 'letters, digits and - _ . ~ only')
      .default(() => randomBytes(24).toString('base64url')),
    /** Inbound media over this size is not downloaded: the agent sees a placeholder with the reason. */
    mediaMaxMb: z.number().int('use a whole number').min(1, 'at least 1 MB').max(100, 'at most 100 MB').default(mediaDefaultMb),
  });
}

/** Settings fields that are sealed at rest and never sent back (their `<field>Hint` is). */
export const META_SECRET_FIELDS = ['accessToken', 'appSecret'] as const;
