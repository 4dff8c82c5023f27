// What a Cloud API webhook carries, as Ozia's events: each message with the person's identities
// (phone number and business-scoped user id: one contact), an interactive reply naming the option
// the contact tapped, media fetched through the Graph API into Ozia's storage, reactions, and the
// delivery statuses of what Ozia sent.
import type { Attachment } from '../../../blocks/contract.js';
import type { ContactAddress, DeliveryState, Identity, InboundEvent, InboundMessageEvent } from '../contract.js';
import type { MediaMessageType, WaMessage, WaStatus, WaValue } from '../meta/webhook-schema.js';
import { UNAVAILABLE } from '../whatsapp/inbound.js';
import { OUTSIDE_WINDOW_CODE } from '../meta/reply-window.js';
import { OUTSIDE_WINDOW_REASON } from './window.js';

export interface InboundDeps {
  /** The bytes of a media id (GET /{media-id}, then its URL with the token), or its size when over `maxBytes`. */
  downloadMedia(mediaId: string, maxBytes: number): Promise<{ data: Buffer; mime: string } | { tooLarge: number }>;
  saveFile(data: Buffer, mime: string, name?: string): Promise<{ id: string; url: string }>;
  mediaMaxBytes: number;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void;
}

const iso = (seconds: string) => new Date(Number(seconds) * 1000).toISOString();
const digits = (s: string | undefined) => (s ? s.replace(/\D/g, '') : '');

/** The sender as Ozia knows people: the phone number first (replies go there), then the BSUID. */
export function addressOf(m: { from?: string; from_user_id?: string }, value: WaValue): ContactAddress {
  const contact = value.contacts?.find((c) => (m.from && c.wa_id === m.from) || (m.from_user_id && c.user_id === m.from_user_id)) ?? (value.contacts?.length === 1 ? value.contacts[0] : undefined);
  const phone = digits(m.from ?? contact?.wa_id);
  const bsuid = m.from_user_id ?? contact?.user_id;
  const identities: Identity[] = [];
  if (phone) identities.push({ kind: 'phone', value: phone });
  if (bsuid) identities.push({ kind: 'bsuid', value: bsuid });
  return { identities, name: contact?.profile?.name ?? null, phone: phone || null };
}

const MEDIA_NAME: Record<MediaMessageType, string> = { image: 'imagem', video: 'video', audio: 'audio', document: 'documento', sticker: 'figurinha' };
const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/3gpp': '3gp',
  'audio/ogg': 'ogg',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/amr': 'amr',
  'application/pdf': 'pdf',
};

async function mediaEvent(m: WaMessage, kind: MediaMessageType, base: Omit<InboundMessageEvent, 'kind' | 'reply'>, deps: InboundDeps): Promise<InboundMessageEvent> {
  const media = m[kind]!;
  const caption = media.caption ?? '';
  const voice = kind === 'audio' && media.voice ? { voice: true } : {};
  const placeholder = (reason: string): InboundMessageEvent => ({ ...base, kind, reply: { text: caption }, unavailable: { reason }, ...voice });
  let got: Awaited<ReturnType<InboundDeps['downloadMedia']>>;
  try {
    got = await deps.downloadMedia(media.id, deps.mediaMaxBytes);
  } catch (e) {
    // Thrown on: the webhook is answered 500 and Meta delivers it again later.
    deps.log('warn', 'cloud api media download failed', { id: m.id, mediaId: media.id, error: String((e as Error)?.message ?? e) });
    throw e;
  }
  if ('tooLarge' in got) return placeholder(UNAVAILABLE.tooLarge);
  const mime = (media.mime_type ?? got.mime).split(';')[0].trim();
  const name = media.filename ?? `${MEDIA_NAME[kind]}.${EXT[mime] ?? 'bin'}`;
  let saved;
  try {
    saved = await deps.saveFile(got.data, mime, name);
  } catch (e) {
    deps.log('warn', 'cloud api media not saved', { id: m.id, mime, error: String((e as Error)?.message ?? e) });
    return placeholder(UNAVAILABLE.notSaved);
  }
  const attachment: Attachment = { fileId: saved.id, url: saved.url, kind, mime, name, size: got.data.length };
  return { ...base, kind, reply: { text: caption, attachments: [attachment] }, ...voice };
}

async function messageEvent(m: WaMessage, value: WaValue, deps: InboundDeps): Promise<InboundEvent | null> {
  const from = addressOf(m, value);
  if (!from.identities.length) {
    deps.log('warn', 'cloud api message without a sender', { id: m.id });
    return null;
  }
  const at = iso(m.timestamp);
  const base = { type: 'message' as const, externalId: m.id, at, from, ...(m.context?.id ? { quotedExternalId: m.context.id } : {}) };
  switch (m.type) {
    case 'text':
      return { ...base, kind: 'text', reply: { text: m.text?.body ?? '' } };
    case 'interactive': {
      const picked = m.interactive?.button_reply ?? m.interactive?.list_reply;
      if (!picked) return { ...base, kind: 'unsupported', reply: { text: '' }, what: `interactive:${m.interactive?.type ?? '?'}` };
      // The option's id selects it; the title stays the text the transcript shows.
      return { ...base, kind: 'text', reply: { text: picked.title, choiceIds: [picked.id] } };
    }
    case 'button':
      return { ...base, kind: 'text', reply: { text: m.button?.text ?? '' } };
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      if (!m[m.type]) return { ...base, kind: 'unsupported', reply: { text: '' }, what: m.type };
      return mediaEvent(m, m.type, base, deps);
    case 'location': {
      const l = m.location;
      if (!l) return { ...base, kind: 'unsupported', reply: { text: '' }, what: 'location' };
      return { ...base, kind: 'location', reply: { text: '', location: { latitude: l.latitude, longitude: l.longitude, ...(l.name ? { name: l.name } : {}), ...(l.address ? { address: l.address } : {}) } } };
    }
    case 'contacts':
      return {
        ...base,
        kind: 'contact',
        reply: { text: '' },
        contacts: (m.contacts ?? []).map((c) => ({
          name: c.name?.formatted_name ?? c.name?.first_name ?? '',
          phones: (c.phones ?? []).map((p) => digits(p.wa_id ?? p.phone)).filter(Boolean),
        })),
      };
    case 'reaction':
      if (!m.reaction) return null;
      return { type: 'reaction', externalId: m.reaction.message_id, from, emoji: m.reaction.emoji ?? '', at };
    default:
      // order, system, request_welcome, unsupported (131051)…: kept for the Inbox, never answered as text.
      return { ...base, kind: 'unsupported', reply: { text: '' }, what: m.type };
  }
}

const STATUS: Record<WaStatus['status'], DeliveryState | null> = {
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  // a voice note played: it was read
  played: 'read',
  failed: 'failed',
  deleted: null,
  warning: null,
};

export function statusEvent(s: WaStatus): InboundEvent | null {
  const status = STATUS[s.status];
  if (!status) return null;
  const e = s.errors?.[0];
  if (status === 'failed' && e?.code === OUTSIDE_WINDOW_CODE) return { type: 'status', externalId: s.id, status, at: iso(s.timestamp), error: OUTSIDE_WINDOW_REASON.en };
  const error = status === 'failed' ? (e ? `Meta error ${e.code}: ${e.title ?? e.message ?? 'failed'}${e.error_data?.details && e.error_data.details !== e.title ? ` (${e.error_data.details})` : ''}` : 'Meta error: failed') : undefined;
  return { type: 'status', externalId: s.id, status, at: iso(s.timestamp), ...(error ? { error } : {}) };
}

/** Every event of one `messages` change, in the order Meta listed them (messages, then statuses). */
export async function eventsOfValue(value: WaValue, deps: InboundDeps): Promise<InboundEvent[]> {
  const out: InboundEvent[] = [];
  for (const m of value.messages ?? []) {
    const e = await messageEvent(m, value, deps);
    if (e) out.push(e);
  }
  for (const s of value.statuses ?? []) {
    const e = statusEvent(s);
    if (e) out.push(e);
  }
  return out;
}
