// What a Messenger Platform webhook event carries, as Ozia's events: a person's message (text,
// attachments fetched from Meta's CDN into Ozia's storage, a quick-reply or postback naming the
// option tapped, an Instagram story reply or mention with the story's media), an echo of what the
// business sent from Meta's own inbox (shown as from the business, pausing the bot), reactions,
// deletions; and the delivery and read receipts the channel resolves against what it sent.
import type { Attachment } from '../../../../blocks/contract.js';
import type { ContactAddress, IdentityKind, InboundEvent, InboundMessageEvent, StoryRef } from '../../contract.js';
import { UNAVAILABLE } from '../../whatsapp/inbound.js';
import { GraphError } from '../graph.js';
import type { MessagingEvent, MessagingMessage } from './webhook.js';

/** A receipt names messages by time (a watermark) or by id; the channel knows which messages those are. */
export interface Receipt {
  type: 'receipt';
  /** The person's id (PSID/IGSID). */
  user: string;
  status: 'delivered' | 'read';
  watermark?: number;
  mids?: string[];
  at: string;
}

export interface MessagingInboundDeps {
  identity: Extract<IdentityKind, 'psid' | 'igsid'>;
  /** The bytes at an attachment URL (Meta's CDN), or their size when over `maxBytes`. */
  download(url: string, maxBytes: number): Promise<{ data: Buffer; mime: string } | { tooLarge: number }>;
  saveFile(data: Buffer, mime: string, name?: string): Promise<{ id: string; url: string }>;
  mediaMaxBytes: number;
  /** The person's name when already known (the Graph profile, cached); never waits for Meta. */
  nameOf(user: string): string | null;
  /** Whether an echo is of a message Ozia itself sent (already on the transcript). */
  ownEcho(user: string, m: MessagingMessage): Promise<boolean>;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void;
}

const KIND: Record<string, Attachment['kind']> = { image: 'image', video: 'video', audio: 'audio', file: 'document' };
const NAME: Record<string, string> = { image: 'imagem', video: 'video', audio: 'audio', document: 'documento' };
const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'video/mp4': 'mp4',
  'video/quicktime': 'mov',
  'audio/mpeg': 'mp3',
  'audio/mp4': 'm4a',
  'audio/aac': 'aac',
  'audio/wav': 'wav',
  'audio/ogg': 'ogg',
  'application/pdf': 'pdf',
};

/** The file name Meta's CDN URL ends with, when it has one (a document's own name). */
function nameInUrl(url: string): string | null {
  try {
    const last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return /\.[a-z0-9]{2,5}$/i.test(last) ? last : null;
  } catch {
    return null;
  }
}

type Fetched = { attachment: Attachment } | { unavailable: { reason: string } };

/**
 * One attachment into Ozia's storage. Meta or the network failing is thrown (the webhook is
 * answered 500 and Meta delivers it again); a URL Meta no longer serves (an expired story) and a
 * file over the size limit become a placeholder with the reason.
 */
async function fetchMedia(url: string, kind: Attachment['kind'] | null, deps: MessagingInboundDeps, what: string): Promise<Fetched> {
  let got: Awaited<ReturnType<MessagingInboundDeps['download']>>;
  try {
    got = await deps.download(url, deps.mediaMaxBytes);
  } catch (e) {
    if (e instanceof GraphError && e.kind === 'permanent') {
      deps.log('warn', 'messaging attachment no longer available', { what, status: e.httpStatus });
      return { unavailable: { reason: UNAVAILABLE.downloadFailed } };
    }
    deps.log('warn', 'messaging attachment download failed', { what, error: String((e as Error)?.message ?? e) });
    throw e;
  }
  if ('tooLarge' in got) return { unavailable: { reason: UNAVAILABLE.tooLarge } };
  const mime = got.mime;
  const actual: Attachment['kind'] = kind ?? (mime.startsWith('video/') ? 'video' : mime.startsWith('audio/') ? 'audio' : mime.startsWith('image/') ? 'image' : 'document');
  const name = nameInUrl(url) ?? `${NAME[actual] ?? 'arquivo'}.${EXT[mime] ?? 'bin'}`;
  try {
    const saved = await deps.saveFile(got.data, mime, name);
    return { attachment: { fileId: saved.id, url: saved.url, kind: actual, mime, name, size: got.data.length } };
  } catch (e) {
    deps.log('warn', 'messaging attachment not saved', { what, mime, error: String((e as Error)?.message ?? e) });
    return { unavailable: { reason: UNAVAILABLE.notSaved } };
  }
}

async function story(type: StoryRef['type'], url: string | undefined, storyId: string | undefined, deps: MessagingInboundDeps): Promise<StoryRef> {
  const base: StoryRef = { type, ...(storyId ? { storyId } : {}) };
  if (!url) return { ...base, unavailable: { reason: UNAVAILABLE.downloadFailed } };
  const got = await fetchMedia(url, null, deps, `story ${type}`);
  return 'attachment' in got ? { ...base, media: got.attachment } : { ...base, ...got };
}

async function messageEvent(e: MessagingEvent, m: MessagingMessage, deps: MessagingInboundDeps): Promise<InboundEvent | null> {
  const echo = m.is_echo === true;
  // An echo goes from the business to the person: the person is its recipient.
  const user = echo ? e.recipient.id : e.sender.id;
  const from: ContactAddress = { identities: [{ kind: deps.identity, value: user }], name: echo ? null : deps.nameOf(user) };
  const at = new Date(e.timestamp).toISOString();
  if (m.is_deleted) return { type: 'delete', externalId: m.mid, from, at };
  if (echo && (await deps.ownEcho(user, m))) return null;
  const base = {
    type: 'message' as const,
    externalId: m.mid,
    at,
    from,
    ...(m.reply_to?.mid ? { quotedExternalId: m.reply_to.mid } : {}),
    ...(echo ? { fromMe: true } : {}),
  };
  const text = m.text ?? '';
  if (m.quick_reply) return { ...base, kind: 'text', reply: { text, choiceIds: [m.quick_reply.payload] } };
  const attachments = m.attachments ?? [];
  const mention = attachments.find((a) => a.type === 'story_mention');
  if (mention) return { ...base, kind: 'text', reply: { text }, story: await story('mention', mention.payload?.url, undefined, deps) };
  if (m.reply_to?.story) return { ...base, kind: 'text', reply: { text }, story: await story('reply', m.reply_to.story.url, m.reply_to.story.id, deps) };
  const media = attachments.filter((a) => KIND[a.type] && a.payload?.url);
  if (media.length) {
    const saved: Attachment[] = [];
    let unavailable: { reason: string } | undefined;
    for (const a of media) {
      const got = await fetchMedia(a.payload!.url!, KIND[a.type], deps, a.type);
      if ('attachment' in got) saved.push(got.attachment);
      else unavailable ??= got.unavailable;
    }
    const kind = saved[0]?.kind ?? KIND[media[0].type];
    return { ...base, kind, reply: { text, ...(saved.length ? { attachments: saved } : {}) }, ...(saved.length ? {} : { unavailable: unavailable! }) };
  }
  if (attachments.length && !text) {
    // A share, a reel, a sticker, a template the person forwarded…: kept for the Inbox, never read as an answer.
    return { ...base, kind: 'unsupported', reply: { text: '' }, what: attachments[0].type };
  }
  if (m.is_unsupported && !text) return { ...base, kind: 'unsupported', reply: { text: '' }, what: 'unsupported' };
  return { ...base, kind: 'text', reply: { text } };
}

/** Every event of one entry, in order: Ozia's events, and receipts the channel resolves. */
export async function eventsOfEntry(events: MessagingEvent[], deps: MessagingInboundDeps): Promise<(InboundEvent | Receipt)[]> {
  const out: (InboundEvent | Receipt)[] = [];
  for (const e of events) {
    const at = new Date(e.timestamp).toISOString();
    const from: ContactAddress = { identities: [{ kind: deps.identity, value: e.sender.id }], name: deps.nameOf(e.sender.id) };
    if (e.message) {
      const m = await messageEvent(e, e.message, deps);
      if (m) out.push(m);
    } else if (e.postback) {
      // A tapped button of a template or the persistent menu: the option its payload names.
      const p = e.postback;
      const externalId = p.mid ?? `postback.${e.sender.id}.${e.timestamp}`;
      out.push({ type: 'message', externalId, at, from, kind: 'text', reply: { text: p.title ?? p.payload, choiceIds: [p.payload] } });
    } else if (e.reaction) {
      const r = e.reaction;
      out.push({ type: 'reaction', externalId: r.mid, from, emoji: r.action === 'unreact' ? '' : (r.emoji ?? (r.reaction === 'love' ? '❤️' : '👍')), at });
    } else if (e.delivery) {
      out.push({ type: 'receipt', user: e.sender.id, status: 'delivered', watermark: e.delivery.watermark, ...(e.delivery.mids?.length ? { mids: e.delivery.mids } : {}), at });
    } else if (e.read) {
      out.push({ type: 'receipt', user: e.sender.id, status: 'read', ...(e.read.watermark !== undefined ? { watermark: e.read.watermark } : {}), ...(e.read.mid ? { mids: [e.read.mid] } : {}), at });
    }
  }
  return out;
}
