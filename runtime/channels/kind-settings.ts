// What Settings → Canais edits per channel kind, and each kind's pacing defaults. The WhatsApp
// folder owns its full settings schema; this is the part a supervisor sees, reconciled with it
// at merge (the field names and defaults are the same).
import { z } from 'zod';
import type { ChannelKind, DeliverySettings } from './contract.js';

export const whatsappSettingsSchema = z.object({
  /** Groups, broadcasts, status and newsletters never reach a flow unless this is off. */
  ignoreGroups: z.boolean().default(true),
  /** Choices also go as a WhatsApp poll (they are always numbered text too). */
  polls: z.boolean().default(false),
  /** Inbound media over this size is replaced by a placeholder saying why. */
  mediaMaxMb: z.number().int('use a whole number').min(1, 'at least 1 MB').max(64, 'at most 64 MB').default(16),
});
export type WhatsappSettings = z.output<typeof whatsappSettingsSchema>;

export const kindSettingsSchemas = {
  whatsapp: whatsappSettingsSchema,
  test: z.object({}),
} satisfies Record<ChannelKind, z.ZodType>;

/** The kinds a supervisor can add in Settings (the test chat always exists, once). */
export const ADDABLE_KINDS = ['whatsapp'] as const satisfies readonly ChannelKind[];
export type AddableKind = (typeof ADDABLE_KINDS)[number];

export const deliverySchema = z.object({
  botOffDepartmentId: z.string().min(1).nullable().default(null),
  typingMsPerChar: z.number().int('use a whole number').min(0, 'use 0 (no typing) or more').max(1000, 'at most 1000 ms').default(40),
  typingMaxMs: z.number().int('use a whole number').min(0, 'use 0 (no typing) or more').max(30_000, 'at most 30000 ms').default(3000),
  splitLong: z.boolean().default(true),
  perMinute: z.number().int('use a whole number').min(0, 'use 0 (no limit) or more').max(600, 'at most 600').default(30),
  pauseAfterPhoneMinutes: z.number().int('use a whole number').min(0, 'use 0 (no pause) or more').max(7 * 24 * 60, 'at most 10080 minutes (7 days)').default(30),
}) satisfies z.ZodType<DeliverySettings>;

export const WHATSAPP_DELIVERY_DEFAULTS: DeliverySettings = Object.freeze(deliverySchema.parse({}));
