// A WhatsApp Cloud API account's kind settings (`channels.settings`). The access token and the
// app secret are stored sealed (runtime/secrets) with a hint of their last characters; Settings
// never gets them back. The verify token is Ozia's own, generated once, pasted at Meta.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

const sealed = (what: string) =>
  z
    .string({ error: `paste the ${what}` })
    .regex(/^ozs1\./, `paste the ${what}`);

const metaId = (what: string) =>
  z
    .string({ error: `type the ${what}` })
    .trim()
    .regex(/^\d{5,25}$/, `the ${what} is the number Meta shows (digits only)`);

export const cloudApiSettings = z.object({
  phoneNumberId: metaId('phone number id'),
  businessAccountId: metaId('WhatsApp business account id'),
  /** A system user's permanent token with whatsapp_business_messaging (and _management for templates). */
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
  mediaMaxMb: z.number().int('use a whole number').min(1, 'at least 1 MB').max(100, 'at most 100 MB').default(16),
});

export type CloudApiSettings = z.output<typeof cloudApiSettings>;

/** Settings fields that are sealed at rest and never sent back (their `<field>Hint` is). */
export const CLOUD_API_SECRET_FIELDS = ['accessToken', 'appSecret'] as const;
