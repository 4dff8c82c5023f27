// The Messenger Platform's webhook deliveries (Messenger: `object: "page"`; Instagram:
// `object: "instagram"`), as zod schemas: every entry is one Page or Instagram account
// (`entry[].id`) with its `messaging[]` events — a message (text, attachments, a quick reply, a
// story reply, an echo of what the business sent), a postback, a reaction, a delivery or a read.
// Objects stay loose: Meta adds fields often, and a new one must not make Ozia refuse a delivery.
import { z } from 'zod';

const attachment = z
  .object({
    type: z.string(),
    payload: z
      .object({ url: z.string().optional(), title: z.string().optional(), sticker_id: z.number().optional() })
      .loose()
      .nullable()
      .optional(),
  })
  .loose();

export const messagingMessage = z
  .object({
    mid: z.string().min(1),
    text: z.string().optional(),
    /** The business sent it (Ozia through the Send API, or a person in Meta's own inbox). */
    is_echo: z.boolean().optional(),
    app_id: z.union([z.number(), z.string()]).optional(),
    /** What the sender set in `message.metadata`: echoed back on Messenger. */
    metadata: z.string().optional(),
    quick_reply: z.object({ payload: z.string() }).loose().optional(),
    reply_to: z
      .object({
        mid: z.string().optional(),
        story: z.object({ url: z.string().optional(), id: z.string().optional() }).loose().optional(),
      })
      .loose()
      .optional(),
    attachments: z.array(attachment).optional(),
    is_deleted: z.boolean().optional(),
    is_unsupported: z.boolean().optional(),
  })
  .loose();
export type MessagingMessage = z.output<typeof messagingMessage>;

export const messagingEvent = z
  .object({
    sender: z.object({ id: z.string().min(1) }).loose(),
    recipient: z.object({ id: z.string().min(1) }).loose(),
    /** Milliseconds since 1970. */
    timestamp: z.number(),
    message: messagingMessage.optional(),
    postback: z.object({ mid: z.string().optional(), title: z.string().optional(), payload: z.string() }).loose().optional(),
    reaction: z
      .object({ mid: z.string().min(1), action: z.enum(['react', 'unreact']), emoji: z.string().optional(), reaction: z.string().optional() })
      .loose()
      .optional(),
    /** Messenger: everything sent before `watermark` (ms) was delivered; `mids` names some. */
    delivery: z.object({ mids: z.array(z.string()).optional(), watermark: z.number() }).loose().optional(),
    /** Messenger: everything sent before `watermark` was read. Instagram: the message `mid` (and those before it) was read. */
    read: z.object({ watermark: z.number().optional(), mid: z.string().optional() }).loose().optional(),
  })
  .loose();
export type MessagingEvent = z.output<typeof messagingEvent>;

const entry = z
  .object({
    id: z.string().min(1),
    time: z.number().optional(),
    messaging: z.array(messagingEvent).optional(),
  })
  .loose();

const envelope = z.object({ object: z.string(), entry: z.array(entry) });

export type MessagingObject = 'page' | 'instagram';

/** The entries of one delivery, each with its account id; throws a ZodError naming the field that is wrong. */
export function messagingEntries(body: unknown, object: MessagingObject): { id: string; events: MessagingEvent[] }[] {
  const env = envelope.parse(body);
  if (env.object !== object) throw new z.ZodError([{ code: 'custom', path: ['object'], message: `must be ${object}`, input: env.object }]);
  return env.entry.map((e) => ({ id: e.id, events: e.messaging ?? [] }));
}
