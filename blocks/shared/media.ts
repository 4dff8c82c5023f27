// Image, video, audio and document bubbles differ only in their message type, labels and which
// of caption / file name apply, so their schema and executor are built here once.
import { z } from 'zod';
import {
  defineBlock,
  defineExecutor,
  type BlockExecutor,
  type BlockSchema,
  type Localized,
  type MediaType,
  type OutgoingMessage,
} from '../contract.js';

export type MediaSource = { kind: 'url'; url: string } | { kind: 'file'; fileId: string; fileName?: string };

export interface MediaOptions {
  source: MediaSource;
  /** Absent for audio: WhatsApp drops captions on audio messages. */
  caption?: string;
  /** Documents only: the name the contact sees and saves the file under. */
  fileName?: string;
}

type MediaOptionsInput = {
  source: MediaSource;
  caption?: string;
  fileName?: string;
};

export type MediaOptionsSchema = z.ZodType<MediaOptions, MediaOptionsInput>;
export type MediaBlockSchema = BlockSchema<MediaOptionsSchema>;

/** WhatsApp limits, so a flow that validates is one the channel can deliver. */
const CAPTION_MAX = 1024;
const FILE_NAME_MAX = 240;

const TEMPLATE_EXPRESSION = /{{[^}]*}}/g;

function parseHttpUrl(s: string): URL | null {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return null;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname ? url : null;
}

/**
 * Checks what can be checked before variables are known: a URL that starts with a template
 * (`{{imageUrl}}`) can only be checked once rendered, but a literal prefix must already be http(s).
 */
export function isHttpUrlTemplate(raw: string): boolean {
  const s = raw.trim();
  if (!s.includes('{{')) return parseHttpUrl(s) !== null;
  if (s.startsWith('{{')) return true;
  if (!/^https?:\/\//i.test(s)) return false;
  return parseHttpUrl(s.replace(TEMPLATE_EXPRESSION, 'x')) !== null;
}

const TYPE_TEXT: Record<MediaType, { urlHelp: Localized; article: Localized }> = {
  image: {
    urlHelp: { en: 'JPEG or PNG, up to 5 MB on WhatsApp', 'pt-BR': 'JPEG ou PNG, até 5 MB no WhatsApp' },
    article: { en: 'an image', 'pt-BR': 'uma imagem' },
  },
  video: {
    urlHelp: { en: 'MP4 (H.264), up to 16 MB on WhatsApp', 'pt-BR': 'MP4 (H.264), até 16 MB no WhatsApp' },
    article: { en: 'a video', 'pt-BR': 'um vídeo' },
  },
  audio: {
    urlHelp: { en: 'OGG (Opus), MP3 or M4A, up to 16 MB on WhatsApp', 'pt-BR': 'OGG (Opus), MP3 ou M4A, até 16 MB no WhatsApp' },
    article: { en: 'an audio', 'pt-BR': 'um áudio' },
  },
  document: {
    urlHelp: { en: 'PDF or any file, up to 100 MB on WhatsApp', 'pt-BR': 'PDF ou qualquer arquivo, até 100 MB no WhatsApp' },
    article: { en: 'a document', 'pt-BR': 'um documento' },
  },
};

function sourceSchema(type: MediaType, exampleUrl: string) {
  const { urlHelp, article } = TYPE_TEXT[type];
  return z
    .discriminatedUnion('kind', [
      z.object({
        kind: z.literal('url').meta({ input: 'hidden' }),
        url: z
          .string()
          .trim()
          .min(1, 'type the file URL')
          .max(2048, 'URLs longer than 2048 characters are refused by many servers')
          .refine(isHttpUrlTemplate, 'use an http:// or https:// URL')
          .meta({
            label: { en: 'URL', 'pt-BR': 'URL' },
            input: 'text',
            placeholder: { en: exampleUrl, 'pt-BR': exampleUrl },
            help: {
              en: `${urlHelp.en}. Variables work too: https://site.com/{{id}}.png`,
              'pt-BR': `${urlHelp['pt-BR']}. Variáveis também funcionam: https://site.com/{{id}}.png`,
            },
          }),
      }),
      z.object({
        kind: z.literal('file').meta({ input: 'hidden' }),
        fileId: z
          .string()
          .trim()
          .min(1, 'upload a file')
          .meta({ label: { en: 'Uploaded file', 'pt-BR': 'Arquivo enviado' }, input: 'hidden' }),
        fileName: z
          .string()
          .trim()
          .max(FILE_NAME_MAX)
          .optional()
          .meta({ label: { en: 'Original file name', 'pt-BR': 'Nome original do arquivo' }, input: 'hidden' }),
      }),
    ])
    .meta({
      label: { en: 'File', 'pt-BR': 'Arquivo' },
      input: 'media',
      help: {
        en: `Upload ${article.en} or paste a link. ${urlHelp.en}.`,
        'pt-BR': `Envie ${article['pt-BR']} ou cole um link. ${urlHelp['pt-BR']}.`,
      },
    });
}

const captionField = z
  .string()
  .max(CAPTION_MAX, `WhatsApp captions hold at most ${CAPTION_MAX} characters`)
  .default('')
  .meta({
    label: { en: 'Caption', 'pt-BR': 'Legenda' },
    input: 'template',
    placeholder: { en: 'Optional. Variables like {{name}} work.', 'pt-BR': 'Opcional. Variáveis como {{name}} funcionam.' },
  });

const fileNameField = z
  .string()
  .trim()
  .max(FILE_NAME_MAX)
  .default('')
  .meta({
    label: { en: 'File name shown to the contact', 'pt-BR': 'Nome do arquivo mostrado ao contato' },
    input: 'template',
    placeholder: { en: 'invoice-{{order}}.pdf', 'pt-BR': 'boleto-{{pedido}}.pdf' },
    help: {
      en: 'Leave empty to use the uploaded file name or the last part of the URL',
      'pt-BR': 'Deixe vazio para usar o nome do arquivo enviado ou o final da URL',
    },
  });

export interface MediaBlockConfig {
  label: Localized;
  icon: string;
  /** Shown as the URL placeholder (blocks made before empty defaults were allowed started with it). */
  exampleUrl: string;
}

/** The schema of the `bubble-<type>` block. */
export function defineMediaBlock(type: MediaType, config: MediaBlockConfig): MediaBlockSchema {
  const source = sourceSchema(type, config.exampleUrl);
  const options: MediaOptionsSchema =
    type === 'audio'
      ? z.object({ source })
      : type === 'document'
        ? z.object({ source, caption: captionField, fileName: fileNameField })
        : z.object({ source, caption: captionField });
  return defineBlock({
    kind: `bubble-${type}`,
    category: 'bubbles',
    label: config.label,
    icon: config.icon,
    options,
    // A fresh block asks for its file (upload, or a link) instead of pointing at an example.
    defaults: () => ({ source: { kind: 'file', fileId: '' } }),
    formerDefaults: () => ({ source: { kind: 'url', url: config.exampleUrl } }),
  });
}

/** The last path segment of a URL, so a linked document arrives with a name instead of "Untitled". */
function fileNameFromUrl(url: URL): string | undefined {
  const last = url.pathname.split('/').filter(Boolean).pop();
  if (!last) return undefined;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

type MediaMessage = Extract<OutgoingMessage, { type: MediaType }>;

/** The executor of the `bubble-<type>` block. */
export function defineMediaExecutor(schema: MediaBlockSchema, type: MediaType): BlockExecutor<MediaOptions> {
  return defineExecutor(schema, {
    run(options, ctx) {
      const { source } = options;
      let message: MediaMessage;
      if (source.kind === 'file') {
        message = { type, url: ctx.fileUrl(source.fileId) };
        if (type === 'document' && source.fileName) message.fileName = source.fileName;
      } else {
        const rendered = ctx.renderValue(source.url).trim();
        const url = parseHttpUrl(rendered);
        if (!url) {
          // Sending nothing beats sending a broken attachment; the log tells the author which variable was wrong.
          ctx.log(
            'error',
            { en: `${type} not sent: "${rendered}" is not an http(s) URL`, 'pt-BR': `não foi possível enviar ${TYPE_TEXT[type].article['pt-BR']}: "${rendered}" não é um endereço http(s)` },
            { template: source.url, rendered },
          );
          return {};
        }
        // href percent-encodes what a variable may bring in (spaces, accents), which channels need.
        message = { type, url: url.href };
        if (type === 'document') message.fileName = fileNameFromUrl(url);
      }
      const caption = ctx.render(options.caption ?? '').trim();
      if (caption) {
        if ([...caption].length > CAPTION_MAX) {
          ctx.log('warn', {
            en: `${type} caption cut to ${CAPTION_MAX} characters, the WhatsApp limit`,
            'pt-BR': `legenda cortada em ${CAPTION_MAX} caracteres, o limite do WhatsApp`,
          });
          message.caption = [...caption].slice(0, CAPTION_MAX).join('');
        } else {
          message.caption = caption;
        }
      }
      const fileName = ctx.renderValue(options.fileName ?? '').trim();
      if (fileName) message.fileName = fileName;
      if (!message.fileName) delete message.fileName;
      return { messages: [message] };
    },
  });
}
