// What a contact's reply holds, said in one place for every input. WhatsApp delivers photos,
// voice notes, stickers and locations to whatever question is waiting; an input that takes text
// must refuse those with a reason the contact understands (the engine turns it into the retry
// message), never crash on them and never match them to an option. A photo's caption arrives as
// `reply.text`, so a captioned photo answers a text question with its caption.
import type { Attachment, Locale, Reply } from '../contract.js';

export type AttachmentKind = Attachment['kind'];

export type ReplyContent =
  /** Typed text, or the caption of the media it came with. */
  | { kind: 'text'; text: string; attachments: Attachment[] }
  /** Files only: no text, no caption. `media` is the first file's kind. */
  | { kind: 'media'; media: AttachmentKind; attachments: Attachment[] }
  | { kind: 'location'; location: NonNullable<Reply['location']> }
  /** A click on an option (a real button or a poll vote) without text. */
  | { kind: 'choice'; choiceIds: string[] }
  | { kind: 'empty' };

const textIn = (reply: Reply): string => (typeof reply.text === 'string' ? reply.text : '');

/** Reads a reply as the inputs see it: text (a caption counts), files only, a location, a click, or nothing. */
export function replyContent(reply: Reply): ReplyContent {
  const text = textIn(reply);
  const attachments = Array.isArray(reply.attachments) ? reply.attachments : [];
  if (text.trim()) return { kind: 'text', text, attachments };
  if (attachments.length) return { kind: 'media', media: attachments[0].kind, attachments };
  if (reply.location) return { kind: 'location', location: reply.location };
  if (reply.choiceIds?.length) return { kind: 'choice', choiceIds: reply.choiceIds };
  return { kind: 'empty' };
}

const nouns: Record<AttachmentKind | 'location', { en: string; 'pt-BR': string }> = {
  image: { en: 'a photo', 'pt-BR': 'uma foto' },
  video: { en: 'a video', 'pt-BR': 'um vídeo' },
  audio: { en: 'an audio message', 'pt-BR': 'um áudio' },
  document: { en: 'a file', 'pt-BR': 'um arquivo' },
  sticker: { en: 'a sticker', 'pt-BR': 'uma figurinha' },
  location: { en: 'a location', 'pt-BR': 'uma localização' },
};

/** "a photo", "um áudio": what the contact sent, in words (the reason names it). */
export function contentNoun(kind: AttachmentKind | 'location', locale: Locale): string {
  return (nouns[kind] ?? nouns.document)[locale];
}

/** Why a reply without text cannot answer a question that takes text. */
export function notTextReason(kind: AttachmentKind | 'location', locale: Locale): string {
  const noun = contentNoun(kind, locale);
  return locale === 'en' ? `${noun} cannot answer this question: please type your answer` : `${noun} não responde a esta pergunta: digite a resposta`;
}

/**
 * The text an input that takes text reads from a reply: typed text or a caption (`ok`), or a
 * refusal naming what came instead (files without a caption, a location). An empty reply is
 * `ok` with empty text: each input words its own "the answer is empty".
 */
export function textAnswer(reply: Reply, locale: Locale): { ok: true; text: string } | { ok: false; reason: string } {
  const c = replyContent(reply);
  if (c.kind === 'media') return { ok: false, reason: notTextReason(c.media, locale) };
  if (c.kind === 'location') return { ok: false, reason: notTextReason('location', locale) };
  return { ok: true, text: c.kind === 'text' ? c.text : '' };
}
