// What an inbound message looks like on the transcript: the `inbound` row's payload (what was
// received, stored before any block runs) and the `messages` row agents read (kind + body).
import type { Reply } from '../blocks/contract.js';
import type { InboundKind, StoryRef } from './channels/contract.js';
import type { NewMessage } from './db/schema.js';

/** Everything a channel told about a message, as the `inbound.payload` JSON keeps it. */
export interface InboundPayload {
  reply: Reply;
  kind: InboundKind;
  /** Provider timestamp. */
  at?: string;
  quotedExternalId?: string;
  fromMe?: boolean;
  late?: boolean;
  unavailable?: { reason: string };
  contacts?: { name: string; phones: string[] }[];
  voice?: boolean;
  what?: string;
  story?: StoryRef;
}

/** Reads a stored payload; rows written before channels existed hold a bare Reply. */
export function parseInboundPayload(json: string): InboundPayload {
  const value = JSON.parse(json) as InboundPayload | Reply;
  if ('reply' in value && value.reply && typeof value.reply === 'object') return value;
  return { reply: value as Reply, kind: 'text' };
}

export function textPayload(reply: Reply): InboundPayload {
  return { reply, kind: reply.attachments?.length ? (reply.attachments[0].kind as InboundKind) : reply.location ? 'location' : 'text' };
}

/** The transcript body of an inbound message, per kind (the Inbox renders these shapes). */
export function inboundBody(p: InboundPayload): Record<string, unknown> {
  const body = kindBody(p);
  return p.story ? { ...body, story: storyBody(p.story) } : body;
}

/** A story reply or mention: what the Inbox labels it, with the story's picture or video when kept. */
function storyBody(s: StoryRef): Record<string, unknown> {
  const m = s.media;
  return {
    type: s.type,
    ...(s.storyId ? { storyId: s.storyId } : {}),
    ...(m ? { fileId: m.fileId, url: m.url, mime: m.mime, kind: m.kind } : {}),
    ...(s.unavailable ? { unavailable: s.unavailable } : {}),
  };
}

function kindBody(p: InboundPayload): Record<string, unknown> {
  const r = p.reply;
  switch (p.kind) {
    case 'text':
      return { type: 'text', text: r.text, ...(r.choiceIds ? { choiceIds: r.choiceIds } : {}) };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker': {
      const a = r.attachments?.[0];
      return {
        type: p.kind,
        ...(a ? { fileId: a.fileId, url: a.url, mime: a.mime, size: a.size, ...(a.name ? { fileName: a.name } : {}) } : {}),
        ...(r.text ? { caption: r.text } : {}),
        ...(p.voice ? { voice: true } : {}),
        ...(p.unavailable ? { unavailable: p.unavailable } : {}),
        ...(r.attachments && r.attachments.length > 1 ? { more: r.attachments.slice(1) } : {}),
      };
    }
    case 'location':
      return { type: 'location', ...(r.location ?? { latitude: 0, longitude: 0 }) };
    case 'contact':
      return { type: 'contact', contacts: p.contacts ?? [] };
    case 'undecryptable':
      return { type: 'undecryptable', reason: p.unavailable?.reason ?? 'undecryptable' };
    case 'unsupported':
      return { type: 'unsupported', what: p.what ?? 'unknown' };
  }
}

/** One line for the conversation list. */
export function inboundPreview(p: InboundPayload): string {
  const icons: Partial<Record<InboundKind, string>> = {
    image: '📷',
    video: '🎬',
    audio: '🎤',
    document: '📄',
    sticker: '🏷️',
    location: '📍',
    contact: '👤',
    undecryptable: '⚠️',
    unsupported: '❔',
  };
  if (p.story && !p.reply.text) return p.story.type === 'mention' ? '📣 Story' : '↩️ Story';
  if (p.kind === 'text') return p.reply.text;
  const words =
    p.kind === 'location'
      ? (p.reply.location?.name ?? '')
      : p.kind === 'contact'
        ? (p.contacts ?? []).map((c) => c.name).join(', ')
        : p.reply.text || p.reply.attachments?.[0]?.name || '';
  return `${icons[p.kind] ?? ''} ${words}`.trim();
}

export interface TranscriptContact {
  contactId: string;
  channel: string;
}

/** The contact's message as a transcript row ('phone': the business wrote it from its phone). */
export function inboundRow(c: TranscriptContact, conversationId: string, p: InboundPayload, nowIso: string): NewMessage {
  return {
    conversation_id: conversationId,
    contact_id: c.contactId,
    channel: c.channel,
    direction: p.fromMe ? 'out' : 'in',
    author: p.fromMe ? 'phone' : 'contact',
    kind: p.kind,
    body: JSON.stringify(inboundBody(p)),
    block_id: null,
    created_at: nowIso,
    status: p.fromMe ? 'sent' : 'received',
    attempts: 0,
    available_at: null,
  };
}
