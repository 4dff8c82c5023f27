// Block output as Send API `message` objects (Messenger and Instagram alike), in order, from the
// kind's capabilities: a single choice of up to 13 options whose labels fit 20 characters goes as
// quick replies (the option id as payload, so a tap names the option; descriptions under the
// question, since a quick reply has none), anything beyond as the
// numbered text every channel without buttons shows (blocks/plain-text.ts), which the contact
// answers with the number or the option's text. Media go as attachments: Ozia's own files uploaded
// through the Attachment Upload API (Meta never has to reach a self-hosted server), links by URL.
import type { Locale, MediaType, OutgoingMessage } from '../../../../blocks/contract.js';
import { plainTextLines } from '../../../../blocks/plain-text.js';
import { PermanentSendError, type ChannelCapabilities } from '../../contract.js';
import { toWhatsAppFormatting } from '../../whatsapp/format.js';
import { oziaFileId } from '../../whatsapp/outbound.js';
import { cutText, splitText } from '../../whatsapp/text-split.js';

/** Meta's quick-reply limits (Messenger and Instagram: 13 replies, 20-character titles). */
export const QUICK_REPLIES_MAX = 13;
export const QUICK_REPLY_TITLE_MAX = 20;
export const MESSENGER_MAX_TEXT = 2000;
export const INSTAGRAM_MAX_TEXT = 1000;

export function messagingCapabilities(maxText: number): ChannelCapabilities {
  return Object.freeze({
    buttons: Object.freeze({ max: QUICK_REPLIES_MAX, labelMax: QUICK_REPLY_TITLE_MAX }),
    lists: null,
    polls: null,
    media: Object.freeze(['image', 'video', 'audio', 'document'] as MediaType[]),
    maxText,
    typing: false,
    receipts: true,
    revoke: false,
    quote: false,
  });
}

/** The Send API's attachment types. */
export type AttachmentType = 'image' | 'video' | 'audio' | 'file';

/** One `message` for `POST /{page-id}/messages`. */
export type SendMessage = Record<string, unknown>;

export interface MessagingRenderOptions {
  splitLong: boolean;
  /** Messenger shows *bold*, _italic_ and ~strike~ as WhatsApp does; Instagram shows the marks as typed, so they go. */
  formatting: 'whatsapp' | 'plain';
  capabilities: ChannelCapabilities;
  locale?: Locale;
  /** Uploads an Ozia file as an attachment (`POST /{page-id}/message_attachments`); null when Ozia has no such file. */
  upload(fileId: string, type: AttachmentType): Promise<{ attachmentId: string } | null>;
  /** The stored file's type, to send a PDF in an image block as a file. */
  mimeOf(fileId: string): Promise<string | null>;
}

const words = { choose: { 'pt-BR': 'Escolha uma opção', en: 'Choose an option' } } as const;

/** WhatsApp-style marks around words (`*bold*`, `_italic_`, `~strike~`, ```mono```) removed, the words kept. */
export function withoutFormatting(text: string): string {
  return text
    .replace(/```([\s\S]+?)```/g, '$1')
    .replace(/(^|[\s(["'])([*_~])(?=\S)([^\n]*?\S)\2(?=$|[\s.,!?;:)\]"'])/gm, '$1$3');
}

function texts(text: string, opts: MessagingRenderOptions): SendMessage[] {
  const whatsapp = toWhatsAppFormatting(text);
  const formatted = (opts.formatting === 'plain' ? withoutFormatting(whatsapp) : whatsapp).trim();
  if (!formatted) return [];
  const max = opts.capabilities.maxText;
  return (opts.splitLong ? splitText(formatted, max) : [cutText(formatted, max)]).map((t) => ({ text: t }));
}

const TYPE: Record<MediaType, AttachmentType> = { image: 'image', video: 'video', audio: 'audio', document: 'file' };

async function attachment(type: MediaType, url: string, opts: MessagingRenderOptions): Promise<SendMessage> {
  const id = oziaFileId(url);
  if (id) {
    const mime = await opts.mimeOf(id);
    if (mime === null) throw new PermanentSendError(`file ${id} not found`);
    // A file that is not what the block says (a PDF in an image bubble) would be refused: it goes as a file.
    const as: AttachmentType = type === 'document' || mime.startsWith(`${type}/`) ? TYPE[type] : 'file';
    const up = await opts.upload(id, as);
    if (!up) throw new PermanentSendError(`file ${id} not found`);
    return { attachment: { type: as, payload: { attachment_id: up.attachmentId } } };
  }
  if (!/^https?:\/\//i.test(url)) throw new PermanentSendError(`cannot send ${type} from "${url}": not an Ozia file nor an http(s) address`);
  return { attachment: { type: TYPE[type], payload: { url, is_reusable: true } } };
}

async function renderChoice(m: Extract<OutgoingMessage, { type: 'choice' }>, opts: MessagingRenderOptions): Promise<SendMessage[]> {
  const caps = opts.capabilities;
  const out: SendMessage[] = [];
  // Picture choice: each picture first (attachments carry no caption), the options after.
  for (const item of m.items) {
    if (!item.imageUrl) continue;
    try {
      out.push(await attachment('image', item.imageUrl, opts));
    } catch {
      // a picture that cannot be sent: the option still goes below
    }
  }
  const b = caps.buttons;
  // Quick replies cut no label: past their limits the numbered text says it all.
  const fits = !!b && !m.multiple && m.items.length > 0 && m.items.length <= b.max && m.items.every((i) => i.label.trim().length <= b.labelMax);
  if (!fits) return [...out, ...texts(plainTextLines(m, opts.locale).join('\n'), opts)];
  // A quick reply shows no description: the options that have one are explained under the question.
  const explained = m.items.filter((i) => i.description?.trim()).map((i) => `• ${i.label.trim()} — ${i.description!.trim()}`);
  const question = texts([m.text ?? '', ...(explained.length ? ['', ...explained] : [])].join('\n'), opts);
  const last = question.pop() ?? { text: words.choose[opts.locale ?? 'pt-BR'] };
  const quick_replies = m.items.map((item) => ({ content_type: 'text', title: item.label.trim(), payload: item.id }));
  return [...out, ...question, { ...last, quick_replies }];
}

async function renderMedia(m: Extract<OutgoingMessage, { type: MediaType }>, opts: MessagingRenderOptions): Promise<SendMessage[]> {
  return [await attachment(m.type, m.url, opts), ...(m.caption ? texts(m.caption, opts) : [])];
}

/** What to send for one outgoing message, in order. Throws `PermanentSendError` for a medium that cannot be sent. */
export async function renderForMessaging(message: OutgoingMessage, opts: MessagingRenderOptions): Promise<SendMessage[]> {
  switch (message.type) {
    case 'text':
      return texts(message.text, opts);
    // A WhatsApp message template means nothing to Meta's other inboxes: its filled text goes.
    case 'template':
      return texts(message.text, opts);
    case 'choice':
      return renderChoice(message, opts);
    default:
      return renderMedia(message, opts);
  }
}
