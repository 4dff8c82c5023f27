// The webhook payloads Meta delivers, as zod schemas: the envelope every Meta product shares
// (`object`, `entry[]`), and the WhatsApp Business Account change (`field: "messages"`) with its
// messages and statuses. Objects stay loose: Meta adds fields often, and a new one must not make
// Ozia refuse a delivery it could have read. Instagram/Messenger (`entry[].messaging[]`) join here.
import { z } from 'zod';

const mediaObject = z
  .object({
    id: z.string().min(1),
    mime_type: z.string().optional(),
    sha256: z.string().optional(),
    caption: z.string().optional(),
    filename: z.string().optional(),
    voice: z.boolean().optional(),
    animated: z.boolean().optional(),
  })
  .loose();

export const MEDIA_MESSAGE_TYPES = ['image', 'video', 'audio', 'document', 'sticker'] as const;
export type MediaMessageType = (typeof MEDIA_MESSAGE_TYPES)[number];

export const waMessage = z
  .object({
    id: z.string().min(1),
    /** The sender's phone number (wa_id); Meta may omit it for a user known only by a username (BSUID). */
    from: z.string().optional(),
    /** The business-scoped user id (BSUID). */
    from_user_id: z.string().optional(),
    timestamp: z.string().regex(/^\d+$/, 'seconds since 1970'),
    type: z.string(),
    context: z.object({ id: z.string().optional(), from: z.string().optional() }).loose().optional(),
    text: z.object({ body: z.string() }).loose().optional(),
    image: mediaObject.optional(),
    video: mediaObject.optional(),
    audio: mediaObject.optional(),
    document: mediaObject.optional(),
    sticker: mediaObject.optional(),
    location: z
      .object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() })
      .loose()
      .optional(),
    contacts: z
      .array(
        z
          .object({
            name: z.object({ formatted_name: z.string().optional(), first_name: z.string().optional() }).loose().optional(),
            phones: z.array(z.object({ phone: z.string().optional(), wa_id: z.string().optional() }).loose()).optional(),
          })
          .loose(),
      )
      .optional(),
    interactive: z
      .object({
        type: z.string(),
        button_reply: z.object({ id: z.string(), title: z.string() }).loose().optional(),
        list_reply: z.object({ id: z.string(), title: z.string(), description: z.string().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
    /** A template's quick-reply button. */
    button: z.object({ text: z.string(), payload: z.string().optional() }).loose().optional(),
    reaction: z.object({ message_id: z.string(), emoji: z.string().optional() }).loose().optional(),
    errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional() }).loose()).optional(),
  })
  .loose();
export type WaMessage = z.output<typeof waMessage>;

export const waStatus = z
  .object({
    id: z.string().min(1),
    status: z.enum(['sent', 'delivered', 'read', 'played', 'failed', 'deleted', 'warning']),
    timestamp: z.string().regex(/^\d+$/, 'seconds since 1970'),
    recipient_id: z.string().optional(),
    recipient_user_id: z.string().optional(),
    errors: z
      .array(
        z
          .object({
            code: z.number(),
            title: z.string().optional(),
            message: z.string().optional(),
            error_data: z.object({ details: z.string().optional() }).loose().optional(),
          })
          .loose(),
      )
      .optional(),
  })
  .loose();
export type WaStatus = z.output<typeof waStatus>;

export const waContact = z
  .object({
    wa_id: z.string().optional(),
    user_id: z.string().optional(),
    profile: z.object({ name: z.string().optional(), username: z.string().optional() }).loose().optional(),
  })
  .loose();

export const waValue = z
  .object({
    messaging_product: z.literal('whatsapp'),
    metadata: z.object({ phone_number_id: z.string(), display_phone_number: z.string().optional() }).loose(),
    contacts: z.array(waContact).optional(),
    messages: z.array(waMessage).optional(),
    statuses: z.array(waStatus).optional(),
  })
  .loose();
export type WaValue = z.output<typeof waValue>;

/** `field: "message_template_status_update"`: a template's review changed (Meta's template status webhook). */
export const waTemplateStatus = z
  .object({
    event: z.string().min(1),
    message_template_id: z.union([z.number(), z.string()]).transform(String),
    message_template_name: z.string(),
    message_template_language: z.string(),
    reason: z.string().nullable().optional(),
    message_template_category: z.string().optional(),
  })
  .loose();
export type WaTemplateStatus = z.output<typeof waTemplateStatus>;

/** The envelope of every Meta webhook delivery. `changes` is read per product. */
export const metaEnvelope = z.object({
  object: z.string(),
  entry: z.array(
    z
      .object({
        id: z.string(),
        changes: z.array(z.object({ field: z.string(), value: z.unknown() }).loose()).optional(),
      })
      .loose(),
  ),
});

export interface WhatsAppChanges {
  values: WaValue[];
  /** Template reviews, with the WhatsApp business account (entry id) they belong to. */
  templateStatuses: { wabaId: string; value: WaTemplateStatus }[];
  /** Fields Ozia does not read (account updates, quality scores). */
  other: { field: string; value: unknown }[];
}

const fieldError = (issues: z.core.$ZodIssue[], at: (string | number)[]) => new z.ZodError(issues.map((issue) => ({ ...issue, path: [...at, ...issue.path] })));

/** The WhatsApp changes of one delivery: messages and statuses, template reviews, and the rest apart. */
export function whatsappChanges(body: unknown): WhatsAppChanges {
  const env = metaEnvelope.parse(body);
  if (env.object !== 'whatsapp_business_account') throw new z.ZodError([{ code: 'custom', path: ['object'], message: 'must be whatsapp_business_account', input: env.object }]);
  const values: WaValue[] = [];
  const templateStatuses: WhatsAppChanges['templateStatuses'] = [];
  const other: { field: string; value: unknown }[] = [];
  env.entry.forEach((entry, i) =>
    (entry.changes ?? []).forEach((c, j) => {
      const at = ['entry', i, 'changes', j, 'value'];
      // Meta sends template quality changes under the same field, without an event: not a review.
      if (c.field === 'message_template_status_update' && c.value && typeof c.value === 'object' && 'event' in c.value) {
        const parsed = waTemplateStatus.safeParse(c.value);
        if (!parsed.success) throw fieldError(parsed.error.issues, at);
        return void templateStatuses.push({ wabaId: entry.id, value: parsed.data });
      }
      if (c.field !== 'messages') return void other.push({ field: c.field, value: c.value });
      const parsed = waValue.safeParse(c.value);
      if (!parsed.success) throw fieldError(parsed.error.issues, at);
      values.push(parsed.data);
    }),
  );
  return { values, templateStatuses, other };
}
