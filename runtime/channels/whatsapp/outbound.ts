// Block output as what a Baileys socket sends, in order. Baileys 7.0.0-rc14 cannot send buttons
// or lists (only replies to them), so a choice always goes as numbered text — the contact answers
// with the number or the option's text, which the blocks match — and, where the account enables
// polls, also as a poll whose vote selects the option.
import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import type { AnyMessageContent, proto, WAMessage } from 'baileys';
import type { ChoiceItem, Locale, MediaType, OutgoingMessage } from '../../../blocks/contract.js';
import { PermanentSendError, type ChannelCapabilities } from '../contract.js';
import { toWhatsAppFormatting } from './format.js';
import type { PollRecord } from './poll-vote.js';
import { cutText, splitText } from './text-split.js';

export const WHATSAPP_MAX_TEXT = 4096;
export const POLL_MAX_OPTIONS = 12;
export const POLL_LABEL_MAX = 100;
const POLL_NAME_MAX = 255;

export const whatsappCapabilities: ChannelCapabilities = Object.freeze({
  buttons: null,
  lists: null,
  polls: { maxOptions: POLL_MAX_OPTIONS, labelMax: POLL_LABEL_MAX },
  media: Object.freeze(['image', 'video', 'audio', 'document'] as MediaType[]),
  maxText: WHATSAPP_MAX_TEXT,
  typing: true,
  receipts: true,
  revoke: true,
  quote: true,
});

export interface OziaFile {
  data: Buffer;
  mime: string;
  name: string;
}

export interface RenderOptions {
  /** The account sends choices as polls too (settings.polls). */
  polls: boolean;
  /** Long texts go as several messages instead of being cut (DeliverySettings.splitLong). */
  splitLong: boolean;
  /** `ChannelHost.files.read`: Ozia's own files are sent as bytes, never as a link WhatsApp could not fetch. */
  readFile(fileId: string): Promise<OziaFile | null>;
  maxText?: number;
  /** Language of the words the channel adds (a poll's default question, the several-choices hint). */
  locale?: Locale;
  /** Poll secrets; injectable so tests are deterministic. */
  randomBytes?: (n: number) => Buffer;
}

export interface RenderedMessage {
  content: AnyMessageContent;
  /** For a poll: store it under the sent message's id; `findPoll` gives it back when a vote arrives. */
  poll?: PollRecord;
}

const words = {
  choose: { 'pt-BR': 'Escolha uma opção', en: 'Choose an option' },
  several: { 'pt-BR': 'Envie os números separados por vírgula, por exemplo: 1, 3', en: 'Send the numbers separated by commas, e.g. 1, 3' },
} as const;

/** The id of an Ozia file from its URL (`/api/files/<id>`, signed or absolute), or null. */
export function oziaFileId(url: string): string | null {
  const m = /^(?:https?:\/\/[^/]+)?\/api\/files\/([^/?#]+)(?:[?#].*)?$/.exec(url.trim());
  if (!m) return null;
  try {
    return decodeURIComponent(m[1]);
  } catch {
    return null;
  }
}

const EXT_MIME: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  '3gp': 'video/3gpp',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  amr: 'audio/amr',
  pdf: 'application/pdf',
  txt: 'text/plain',
  csv: 'text/csv',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  ppt: 'application/vnd.ms-powerpoint',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
const DEFAULT_MIME: Record<MediaType, string> = { image: 'image/jpeg', video: 'video/mp4', audio: 'audio/mpeg', document: 'application/octet-stream' };

function nameOfUrl(url: string): string {
  try {
    const last = new URL(url).pathname.split('/').filter(Boolean).pop();
    return last ? decodeURIComponent(last) : 'file';
  } catch {
    return 'file';
  }
}

type Source = { upload: Buffer | { url: string }; mime: string; name: string };

/** Where a medium's bytes come from; null when Ozia has no such file. Throws for a URL WhatsApp cannot fetch. */
async function sourceOf(type: MediaType, url: string, opts: RenderOptions): Promise<Source | null> {
  const id = oziaFileId(url);
  if (id) {
    const f = await opts.readFile(id);
    return f ? { upload: f.data, mime: f.mime, name: f.name } : null;
  }
  if (!/^https?:\/\//i.test(url)) throw new PermanentSendError(`cannot send ${type} from "${url}": not an Ozia file nor an http(s) address`);
  const name = nameOfUrl(url);
  const ext = name.split('.').pop()?.toLowerCase() ?? '';
  return { upload: { url }, mime: EXT_MIME[ext] ?? DEFAULT_MIME[type], name };
}

function textParts(text: string, opts: RenderOptions): string[] {
  const max = opts.maxText ?? WHATSAPP_MAX_TEXT;
  const formatted = toWhatsAppFormatting(text).trim();
  if (!formatted) return [];
  return opts.splitLong ? splitText(formatted, max) : [cutText(formatted, max)];
}

function texts(text: string, opts: RenderOptions): RenderedMessage[] {
  return textParts(text, opts).map((t) => ({ content: { text: t } }));
}

async function renderMedia(m: Extract<OutgoingMessage, { type: MediaType }>, opts: RenderOptions): Promise<RenderedMessage[]> {
  const src = await sourceOf(m.type, m.url, opts);
  if (!src) throw new PermanentSendError(`file ${oziaFileId(m.url)} not found`);
  // A caption longer than one message: the first part rides on the medium, the rest follows as text.
  const [caption, ...rest] = m.caption ? textParts(m.caption, opts) : [];
  const withCaption = caption ? { caption } : {};
  // A file that is not what the block says (a PDF in an image bubble) would fail on the phone: it goes as a document.
  const type = m.type === 'document' || src.mime.startsWith(`${m.type}/`) ? m.type : 'document';
  let content: AnyMessageContent;
  switch (type) {
    case 'image':
      content = { image: src.upload, mimetype: src.mime, ...withCaption };
      break;
    case 'video':
      content = { video: src.upload, mimetype: src.mime, ...withCaption };
      break;
    case 'audio':
      // Audio has no caption on WhatsApp; an Ogg/Opus file plays as a voice note.
      content = { audio: src.upload, mimetype: src.mime, ptt: src.mime === 'audio/ogg' };
      return [{ content }, ...[caption, ...rest].filter(Boolean).map((t) => ({ content: { text: t! } }))];
    case 'document':
      content = { document: src.upload, mimetype: src.mime, fileName: m.fileName || src.name, ...withCaption };
      break;
  }
  return [{ content }, ...rest.map((t) => ({ content: { text: t } }))];
}

function numbered(items: readonly ChoiceItem[]): string {
  return items.map((item, i) => `${i + 1}. ${item.label}${item.description ? ` — ${item.description}` : ''}`).join('\n');
}

/** Poll options: the labels, cut to WhatsApp's limit; numbered only when cutting made two alike (a vote names an option by its text). */
function pollValues(items: readonly ChoiceItem[]): string[] {
  const cut = items.map((i) => cutText(i.label.trim(), POLL_LABEL_MAX));
  if (new Set(cut).size === cut.length && cut.every(Boolean)) return cut;
  return items.map((i, n) => cutText(`${n + 1}. ${i.label.trim()}`, POLL_LABEL_MAX));
}

function poll(m: Extract<OutgoingMessage, { type: 'choice' }>, opts: RenderOptions): RenderedMessage | null {
  // Several choices are not sent as a poll: WhatsApp sends a vote on every tick, so the
  // first tick would answer the question before the contact finished choosing.
  if (!opts.polls || m.multiple || m.items.length < 2 || m.items.length > POLL_MAX_OPTIONS) return null;
  const values = pollValues(m.items);
  if (new Set(values).size !== values.length) return null;
  const locale = opts.locale ?? 'pt-BR';
  const name = cutText(toWhatsAppFormatting(m.text?.trim() || words.choose[locale]), POLL_NAME_MAX);
  const secret = (opts.randomBytes ?? cryptoRandomBytes)(32);
  return {
    content: { poll: { name, values, selectableCount: 1, messageSecret: secret } },
    poll: { itemIds: m.items.map((i) => i.id), labels: values, secret: Buffer.from(secret).toString('base64') },
  };
}

async function renderChoice(m: Extract<OutgoingMessage, { type: 'choice' }>, opts: RenderOptions): Promise<RenderedMessage[]> {
  const out: RenderedMessage[] = [];
  // Picture choice: each picture captioned with the number the contact can answer.
  for (const [i, item] of m.items.entries()) {
    if (!item.imageUrl) continue;
    let src: Source | null = null;
    try {
      src = await sourceOf('image', item.imageUrl, opts);
    } catch {
      src = null; // a picture that cannot be sent: the option stays in the numbered list
    }
    if (!src) continue;
    const caption = cutText(`${i + 1}. ${item.label}${item.description ? `\n${item.description}` : ''}`, opts.maxText ?? WHATSAPP_MAX_TEXT);
    out.push({ content: { image: src.upload, mimetype: src.mime, caption } });
  }
  const locale = opts.locale ?? 'pt-BR';
  const head = m.text?.trim() ?? '';
  const hint = m.multiple ? `\n\n_${words.several[locale]}_` : '';
  out.push(...texts(`${head ? `${head}\n\n` : ''}${numbered(m.items)}${hint}`, opts));
  const p = poll(m, opts);
  if (p) out.push(p);
  return out;
}

/** What to send for one outgoing message, in order. Throws `PermanentSendError` for a medium that cannot be sent. */
export async function renderForWhatsApp(message: OutgoingMessage, opts: RenderOptions): Promise<RenderedMessage[]> {
  switch (message.type) {
    case 'text':
    case 'template':
      // Templates are the Cloud API's: elsewhere the contact reads their text.
      return texts(message.text, opts);
    case 'choice':
      return renderChoice(message, opts);
    default:
      return renderMedia(message, opts);
  }
}

/**
 * What `sendMessage(jid, content, { quoted })` needs to quote a message by its provider id.
 * Baileys copies `message` into the quote WhatsApp shows, so pass the quoted text when known;
 * `fromMe` says whether the account sent it (the quote names the account, else the contact).
 */
export function quotedMessage(chatJid: string, externalId: string, quoted: { fromMe: boolean; text?: string; message?: proto.IMessage }): WAMessage {
  return {
    key: { remoteJid: chatJid, id: externalId, fromMe: quoted.fromMe },
    message: quoted.message ?? { conversation: quoted.text ?? '' },
  };
}
