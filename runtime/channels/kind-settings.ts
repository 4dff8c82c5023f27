// Each channel kind's settings schema (its folder owns it) and the pacing every account starts
// with, as Settings → Canais validates them.
import { z } from 'zod';
import type { ChannelKind, DeliverySettings } from './contract.js';
import { WEBCHAT_DELIVERY_DEFAULTS, WEBCHAT_GENERATED, webchatSettings } from './webchat/settings.js';
import { whatsappSettings } from './whatsapp/settings.js';
import { CLOUD_API_SECRET_FIELDS, cloudApiSettings } from './cloud-api/settings.js';
import { MESSAGING_SECRET_FIELDS } from './meta/messaging/settings.js';
import { messengerSettings } from './messenger/settings.js';
import { instagramSettings } from './instagram/settings.js';

export const kindSettingsSchemas = {
  whatsapp: whatsappSettings,
  webchat: webchatSettings,
  'cloud-api': cloudApiSettings,
  messenger: messengerSettings,
  instagram: instagramSettings,
  test: z.object({}),
} satisfies Record<ChannelKind, z.ZodType>;

/** The kinds a supervisor can add in Settings (the test chat always exists, once). */
export const ADDABLE_KINDS = ['whatsapp', 'webchat', 'cloud-api', 'messenger', 'instagram'] as const satisfies readonly ChannelKind[];

/**
 * Settings fields sealed at rest (runtime/secrets): what Settings sends is sealed before it is
 * stored, a blank one keeps the stored value, and only `<field>Hint` (••••1234) is ever sent back.
 */
export const kindSecretFields: Partial<Record<ChannelKind, readonly string[]>> = {
  'cloud-api': CLOUD_API_SECRET_FIELDS,
  messenger: MESSAGING_SECRET_FIELDS,
  instagram: MESSAGING_SECRET_FIELDS,
};

/** An account's settings as the browser may see them: the sealed fields removed. */
export function publicSettings(kind: ChannelKind, settings: Record<string, unknown>): Record<string, unknown> {
  const secret = kindSecretFields[kind];
  if (!secret) return settings;
  return Object.fromEntries(Object.entries(settings).filter(([k]) => !secret.includes(k)));
}
export type AddableKind = (typeof ADDABLE_KINDS)[number];

export const deliverySchema = z.object({
  botOffDepartmentId: z.string().min(1).nullable().default(null),
  typingMsPerChar: z.number().int('use a whole number').min(0, 'use 0 (no typing) or more').max(1000, 'at most 1000 ms').default(40),
  typingMaxMs: z.number().int('use a whole number').min(0, 'use 0 (no typing) or more').max(30_000, 'at most 30000 ms').default(3000),
  splitLong: z.boolean().default(true),
  perMinute: z.number().int('use a whole number').min(0, 'use 0 (no limit) or more').max(600, 'at most 600').default(30),
  pauseAfterPhoneMinutes: z.number().int('use a whole number').min(0, 'use 0 (no pause) or more').max(7 * 24 * 60, 'at most 10080 minutes (7 days)').default(30),
}) satisfies z.ZodType<DeliverySettings>;

/** Pacing a new account of the kind starts with, over `deliverySchema`'s (a web chat has no ban to fear). */
export const KIND_DELIVERY_DEFAULTS: Partial<Record<ChannelKind, Partial<DeliverySettings>>> = {
  webchat: WEBCHAT_DELIVERY_DEFAULTS,
};

/** Settings fields a kind generates itself (a public id): an update never replaces them. */
export const KIND_GENERATED_SETTINGS: Partial<Record<ChannelKind, readonly string[]>> = {
  webchat: WEBCHAT_GENERATED,
};
