// Block output as Cloud API message bodies, in order, from the kind's capabilities: a choice of up
// to 3 goes as real reply buttons, up to 10 as a list message, beyond that (or several choices at
// once) as the numbered text every channel without buttons shows (blocks/plain-text.ts), which the
// contact answers with the number or the option's text. Media go by Meta media id (Ozia's own files
// are uploaded first) or by link.
import type { ChoiceItem, Locale, MediaType, OutgoingMessage, TemplateRef } from '../../../blocks/contract.js';
import { plainTextLines } from '../../../blocks/plain-text.js';
import { PermanentSendError, type ChannelCapabilities } from '../contract.js';
import { toWhatsAppFormatting } from '../whatsapp/format.js';
import { oziaFileId } from '../whatsapp/outbound.js';
import { cutText, splitText } from '../whatsapp/text-split.js';

export const CLOUD_API_MAX_TEXT = 4096;
/** Meta's limits for interactive messages (interactive messages guide). */
export const INTERACTIVE_BODY_MAX = 1024;
export const BUTTON_TITLE_MAX = 20;
export const LIST_ROW_TITLE_MAX = 24;
export const LIST_ROW_DESCRIPTION_MAX = 72;
const LIST_BUTTON_MAX = 20;
const CAPTION_MAX = 1024;

export const cloudApiCapabilities: ChannelCapabilities = Object.freeze({
  buttons: Object.freeze({ max: 3, labelMax: BUTTON_TITLE_MAX }),
  lists: Object.freeze({ max: 10 }),
  polls: null,
  media: Object.freeze(['image', 'video', 'audio', 'document'] as MediaType[]),
  maxText: CLOUD_API_MAX_TEXT,
  typing: false,
  receipts: true,
  revoke: false,
  quote: true,
  templates: true,
});

/** One message body for `POST /{phone-number-id}/messages`, without messaging_product, to and context. */
export type CloudApiBody = { type: string } & Record<string, unknown>;

/** A medium as Meta takes it: the id of a file uploaded to it, or a public link. */
export type MediaRef = { id: string } | { link: string };

export interface CloudRenderOptions {
  splitLong: boolean;
  capabilities?: ChannelCapabilities;
  locale?: Locale;
  /** Uploads an Ozia file to Meta (`POST /{phone-number-id}/media`); null when Ozia has no such file. */
  upload(fileId: string): Promise<{ id: string; mime: string; name: string } | null>;
}

const words = {
  choose: { 'pt-BR': 'Escolha uma opção', en: 'Choose an option' },
  see: { 'pt-BR': 'Ver opções', en: 'See options' },
} as const;

function textParts(text: string, max: number, split: boolean): string[] {
  const formatted = toWhatsAppFormatting(text).trim();
  if (!formatted) return [];
  return split ? splitText(formatted, max) : [cutText(formatted, max)];
}

function texts(text: string, opts: CloudRenderOptions): CloudApiBody[] {
  return textParts(text, CLOUD_API_MAX_TEXT, opts.splitLong).map((body) => ({ type: 'text', text: { body, preview_url: /https?:\/\//.test(body) } }));
}

async function mediaRef(type: MediaType, url: string, opts: CloudRenderOptions): Promise<{ ref: MediaRef; mime?: string; name?: string }> {
  const id = oziaFileId(url);
  if (id) {
    const up = await opts.upload(id);
    if (!up) throw new PermanentSendError(`file ${id} not found`);
    return { ref: { id: up.id }, mime: up.mime, name: up.name };
  }
  if (!/^https?:\/\//i.test(url)) throw new PermanentSendError(`cannot send ${type} from "${url}": not an Ozia file nor an http(s) address`);
  return { ref: { link: url } };
}

async function renderMedia(m: Extract<OutgoingMessage, { type: MediaType }>, opts: CloudRenderOptions): Promise<CloudApiBody[]> {
  const src = await mediaRef(m.type, m.url, opts);
  const [caption, ...rest] = m.caption ? textParts(m.caption, CAPTION_MAX, true) : [];
  // A file that is not what the block says (a PDF in an image bubble) would be refused: it goes as a document.
  const type = m.type === 'document' || !src.mime || src.mime.startsWith(`${m.type}/`) ? m.type : 'document';
  const after = (parts: string[]) => parts.flatMap((t) => texts(t, opts));
  if (type === 'audio') return [{ type, audio: src.ref }, ...after([caption, ...rest].filter(Boolean) as string[])];
  const body: Record<string, unknown> = { ...src.ref, ...(caption ? { caption } : {}) };
  if (type === 'document') body.filename = m.fileName || src.name || 'documento';
  return [{ type, [type]: body }, ...after(rest)];
}

function cutLabel(label: string, max: number): string {
  return cutText(label.trim(), max);
}

/** The interactive body text: the question, or a default; a question too long goes first as text. */
function interactiveBody(m: Extract<OutgoingMessage, { type: 'choice' }>, opts: CloudRenderOptions): { before: CloudApiBody[]; body: string } {
  const head = toWhatsAppFormatting(m.text?.trim() ?? '').trim();
  const locale = opts.locale ?? 'pt-BR';
  if (!head) return { before: [], body: words.choose[locale] };
  if (head.length <= INTERACTIVE_BODY_MAX) return { before: [], body: head };
  return { before: texts(head, opts), body: words.choose[locale] };
}

function buttons(m: Extract<OutgoingMessage, { type: 'choice' }>, opts: CloudRenderOptions, labelMax: number): CloudApiBody[] {
  const { before, body } = interactiveBody(m, opts);
  return [
    ...before,
    {
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: body },
        action: { buttons: m.items.map((item) => ({ type: 'reply', reply: { id: item.id, title: cutLabel(item.label, labelMax) } })) },
      },
    },
  ];
}

function list(m: Extract<OutgoingMessage, { type: 'choice' }>, opts: CloudRenderOptions): CloudApiBody[] {
  const { before, body } = interactiveBody(m, opts);
  const row = (item: ChoiceItem) => {
    const title = cutLabel(item.label, LIST_ROW_TITLE_MAX);
    // A label cut to fit the row title keeps its full words in the description.
    const description = item.description ?? (title !== item.label.trim() ? item.label.trim() : undefined);
    return { id: item.id, title, ...(description ? { description: cutLabel(description, LIST_ROW_DESCRIPTION_MAX) } : {}) };
  };
  return [
    ...before,
    {
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: body },
        action: { button: cutLabel(words.see[opts.locale ?? 'pt-BR'], LIST_BUTTON_MAX), sections: [{ title: cutLabel(words.choose[opts.locale ?? 'pt-BR'], 24), rows: m.items.map(row) }] },
      },
    },
  ];
}

async function renderChoice(m: Extract<OutgoingMessage, { type: 'choice' }>, opts: CloudRenderOptions): Promise<CloudApiBody[]> {
  const caps = opts.capabilities ?? cloudApiCapabilities;
  const out: CloudApiBody[] = [];
  // Picture choice: each picture captioned with the number the contact can answer.
  for (const [i, item] of m.items.entries()) {
    if (!item.imageUrl) continue;
    try {
      const src = await mediaRef('image', item.imageUrl, opts);
      out.push({ type: 'image', image: { ...src.ref, caption: cutText(`${i + 1}. ${item.label}${item.description ? `\n${item.description}` : ''}`, CAPTION_MAX) } });
    } catch {
      // a picture that cannot be sent: the option stays in the buttons or the list
    }
  }
  const single = !m.multiple && m.items.length > 0;
  // Buttons carry no description and cut nothing: a choice whose options explain themselves, or
  // whose labels pass a button's 20 characters, goes as a list (24, the rest in the description).
  const buttonsFit = (labelMax: number) => m.items.every((i) => !i.description && i.label.trim().length <= labelMax);
  if (single && caps.buttons && m.items.length <= caps.buttons.max && buttonsFit(caps.buttons.labelMax)) return [...out, ...buttons(m, opts, caps.buttons.labelMax)];
  if (single && caps.lists && m.items.length <= caps.lists.max) return [...out, ...list(m, opts)];
  return [...out, ...texts(plainTextLines(m, opts.locale).join('\n'), opts)];
}

/**
 * A template send (`type: 'template'`): its values as `components[].parameters`, header and body
 * apart; a named template's values carry their `parameter_name`.
 */
export function templateBody(t: TemplateRef): CloudApiBody {
  const components = (['header', 'body'] as const)
    .map((kind) => {
      const params = t.params.filter((p) => p.component === kind);
      return params.length ? { type: kind, parameters: params.map((p) => ({ type: 'text', ...(p.name ? { parameter_name: p.name } : {}), text: p.value })) } : null;
    })
    .filter((c) => c !== null);
  return { type: 'template', template: { name: t.name, language: { code: t.language }, ...(components.length ? { components } : {}) } };
}

/** What to send for one outgoing message, in order. Throws `PermanentSendError` for a medium that cannot be sent. */
export async function renderForCloudApi(message: OutgoingMessage, opts: CloudRenderOptions): Promise<CloudApiBody[]> {
  switch (message.type) {
    case 'text':
      return texts(message.text, opts);
    case 'choice':
      return renderChoice(message, opts);
    case 'template':
      return [templateBody(message)];
    default:
      return renderMedia(message, opts);
  }
}
