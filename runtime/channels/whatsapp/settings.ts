// A WhatsApp account's kind settings (`channels.settings`), and the pacing it starts with.
// Defaults are chosen for a customer-service number: only one-to-one chats reach a flow.
import { z } from 'zod';
import { isJidBroadcast, isJidGroup, isJidNewsletter, isJidStatusBroadcast } from 'baileys';
import type { DeliverySettings } from '../contract.js';

const versionPart = z.number().int().nonnegative();

export const whatsappSettings = z.object({
  ignoreGroups: z.boolean().default(true),
  ignoreBroadcasts: z.boolean().default(true),
  ignoreStatus: z.boolean().default(true),
  ignoreNewsletters: z.boolean().default(true),
  /** Choices also go as a WhatsApp poll (they always go as numbered text too). */
  polls: z.boolean().default(false),
  /** Inbound media over this size is not downloaded: the agent sees a placeholder with the reason. */
  mediaMaxMb: z.number().int('use a whole number').min(1, 'at least 1 MB').max(64, 'at most 64 MB').default(16),
  /** QR codes shown per connect before Settings offers "Gerar novo QR" (a QR nobody scans must not live forever). */
  qrLimit: z.number().int().min(1).max(20).default(5),
  /** A socket that says open but shows no activity for this long is replaced. WhatsApp pings every 30 s. */
  watchdogSilentMs: z.number().int().min(60_000).max(3_600_000).default(600_000),
  /** Pins the WhatsApp Web version when the fetched/pinned one is refused ("can't link device"). */
  versionOverride: z.tuple([versionPart, versionPart, versionPart]).optional(),
  /** E.164 digits: connect by pairing code instead of QR. */
  pairingPhone: z
    .string()
    .regex(/^\d{8,15}$/, 'digits only, with the country code')
    .optional(),
});

export type WhatsAppSettings = z.output<typeof whatsappSettings>;
export type WhatsAppSettingsInput = z.input<typeof whatsappSettings>;

export const WHATSAPP_DELIVERY_DEFAULTS: DeliverySettings = Object.freeze({
  typingMsPerChar: 40,
  typingMaxMs: 3000,
  splitLong: true,
  perMinute: 30,
  pauseAfterPhoneMinutes: 30,
  botOffDepartmentId: null,
});

/** True when events of `jid` must not reach Ozia (Baileys does not even decrypt them). */
export function ignoredJid(
  jid: string | null | undefined,
  settings: Pick<WhatsAppSettings, 'ignoreGroups' | 'ignoreBroadcasts' | 'ignoreStatus' | 'ignoreNewsletters'>,
): boolean {
  if (!jid) return false;
  // status@broadcast is also a broadcast JID: it follows its own switch
  if (isJidStatusBroadcast(jid)) return settings.ignoreStatus;
  if (isJidBroadcast(jid)) return settings.ignoreBroadcasts;
  if (isJidGroup(jid)) return settings.ignoreGroups;
  if (isJidNewsletter(jid)) return settings.ignoreNewsletters;
  return false;
}
