// Baileys' `messages.upsert`, `messages.update` and `lid-mapping.update` as Ozia inbound events.
// Pure translation: media is downloaded and saved through the context, nothing is stored here.
//
// One event per WhatsApp message at most, in the batch's order. Edits, deletions, reactions and
// poll votes are taken from `messages.upsert` only: Baileys also reports edits and deletions as
// `messages.update` for the very same protocol message, and the ingest's edit is not idempotent.
import { normalizeMessageContent, proto, toNumber, WAMessageStatus, WAMessageStubType } from 'baileys';
import type { LIDMapping, WAMessage, WAMessageKey, WAMessageUpdate } from 'baileys';
import type {
  Attachment,
  ChannelHost,
  ContactAddress,
  DeliveryState,
  InboundEvent,
  InboundKind,
  InboundMessageEvent,
  LinkEvent,
  StatusEvent,
} from '../contract.js';
import { contentOf, unwrapContent } from './content.js';
import { identitiesOfKey, identityOfJid, ignoredChat, ownIdentities, phoneOf, type ChatFilter, type OwnJids } from './jid.js';
import { declaredSize, MediaTooLargeError, type MediaDownloader, type MediaFields } from './media.js';
import { readVote, type PollRecord } from './poll-vote.js';
import { parseVCard } from './vcard.js';

/** The account settings translation reads (same names as `settings.ts`' `whatsappSettings`). */
export interface MessageSettings extends ChatFilter {
  /** Media over this size is not downloaded: the event says why instead. */
  mediaMaxMb: number;
}

export interface InboundContext {
  /** The connected account (`sock.user`): votes on its polls are signed with these, and its own chat is not a contact. */
  me: OwnJids | null;
  settings: MessageSettings;
  media: MediaDownloader;
  /** `ChannelHost.files.save`. */
  saveFile(data: Buffer, mime: string, name?: string): Promise<{ id: string; url: string }>;
  clock(): Date;
  log: ChannelHost['log'];
  /** The poll Ozia sent with this provider id (what `renderForWhatsApp` returned with it), or null. */
  findPoll(pollMessageId: string): Promise<PollRecord | null> | PollRecord | null;
  /** True for a provider id Ozia sent itself: its echo is not "sent from the phone". */
  isOwnSend?(externalId: string): Promise<boolean> | boolean;
}

/** The externalId of an "could not be decrypted" placeholder: the real message, when WhatsApp resends it, keeps its own id and is not a duplicate. */
export function undecryptableIdOf(id: string): string {
  return `${id}#undecryptable`;
}

/** Unavailable reasons the Inbox shows (as codes, translated there). */
export const UNAVAILABLE = {
  tooLarge: 'too_large',
  downloadFailed: 'download_failed',
  notSaved: 'not_saved',
  undecryptable: 'undecryptable',
} as const;

function isoOf(ts: WAMessage['messageTimestamp'], ctx: Pick<InboundContext, 'clock'>): string {
  const seconds = ts === null || ts === undefined ? 0 : toNumber(ts as number);
  return seconds > 0 ? new Date(seconds * 1000).toISOString() : ctx.clock().toISOString();
}

/** Content types that are not something a person sent (key distribution, pins, keep-in-chat…). */
const SILENT = new Set<string>([
  'senderKeyDistributionMessage',
  'messageContextInfo',
  'keepInChatMessage',
  'pinInChatMessage',
  'encEventResponseMessage',
  'encCommentMessage',
  'secretEncryptedMessage',
  'encReactionMessage',
  'pollResultSnapshotMessage',
  'deviceSentMessage',
  // An album's header: its pictures follow as messages of their own.
  'albumMessage',
]);

type Content = proto.IMessage;

function contextOf(content: Content, type: keyof Content): proto.IContextInfo | null {
  const inner = content[type] as { contextInfo?: proto.IContextInfo | null } | null | undefined;
  return inner && typeof inner === 'object' && 'contextInfo' in inner ? (inner.contextInfo ?? null) : null;
}

/** The visible text of a message content (text, or a media caption): for edits. */
export function textOfContent(content: Content | null | undefined): string | null {
  const c = unwrapContent(content);
  if (!c) return null;
  if (typeof c.conversation === 'string') return c.conversation;
  if (c.extendedTextMessage?.text != null) return c.extendedTextMessage.text;
  const cap = c.imageMessage?.caption ?? c.videoMessage?.caption ?? c.documentMessage?.caption;
  return cap ?? null;
}

function fromOf(msg: WAMessage): ContactAddress {
  const identities = identitiesOfKey(msg.key);
  // The push name of a message from the phone is the business's own name.
  const name = !msg.key.fromMe && msg.pushName ? msg.pushName : null;
  return { identities, name, phone: phoneOf(identities) };
}

type MessageBase = Omit<InboundMessageEvent, 'kind' | 'reply'>;

const MEDIA_KIND: Record<string, InboundKind> = {
  imageMessage: 'image',
  videoMessage: 'video',
  ptvMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  stickerMessage: 'sticker',
};

async function mediaEvent(
  msg: WAMessage,
  base: MessageBase,
  type: string,
  media: MediaFields & { caption?: string | null; ptt?: boolean | null },
  ctx: InboundContext,
): Promise<InboundMessageEvent> {
  const kind = MEDIA_KIND[type];
  const caption = media.caption ?? '';
  const voice = type === 'audioMessage' && media.ptt ? { voice: true } : {};
  const maxBytes = Math.round(ctx.settings.mediaMaxMb * 1024 * 1024);
  const placeholder = (reason: string): InboundMessageEvent => ({ ...base, kind, reply: { text: caption }, unavailable: { reason }, ...voice });
  const declared = declaredSize(media);
  if (declared !== null && declared > maxBytes) return placeholder(UNAVAILABLE.tooLarge);
  let file;
  try {
    file = await ctx.media(msg, { maxBytes });
  } catch (err) {
    if (err instanceof MediaTooLargeError) return placeholder(UNAVAILABLE.tooLarge);
    ctx.log('warn', 'whatsapp media download failed', { id: msg.key.id, error: String((err as Error)?.message ?? err) });
    return placeholder(UNAVAILABLE.downloadFailed);
  }
  let saved;
  try {
    saved = await ctx.saveFile(file.data, file.mime, file.name);
  } catch (err) {
    ctx.log('warn', 'whatsapp media not saved', { id: msg.key.id, mime: file.mime, error: String((err as Error)?.message ?? err) });
    return placeholder(UNAVAILABLE.notSaved);
  }
  const attachment: Attachment = {
    fileId: saved.id,
    url: saved.url,
    kind: kind as Attachment['kind'],
    mime: file.mime,
    name: file.name,
    size: file.size,
  };
  return { ...base, kind, reply: { text: caption, attachments: [attachment] }, ...voice };
}

function choiceReply(text: string | null | undefined, id: string | null | undefined): InboundMessageEvent['reply'] {
  return { text: text ?? '', ...(id ? { choiceIds: [id] } : {}) };
}

function nativeFlowId(paramsJson: string | null | undefined): string | null {
  if (!paramsJson) return null;
  try {
    const v = JSON.parse(paramsJson) as { id?: unknown };
    return typeof v.id === 'string' ? v.id : null;
  } catch {
    return null;
  }
}

async function translate(msg: WAMessage, late: boolean, ctx: InboundContext, edited: Set<string>): Promise<InboundEvent | null> {
  const key = msg.key as WAMessageKey;
  const id = key.id;
  if (!id || !key.remoteJid) return null;
  const from = fromOf(msg);
  if (!from.identities.length) return null;
  const at = isoOf(msg.messageTimestamp, ctx);
  const fromMe = key.fromMe ? { fromMe: true as const } : {};
  const base: MessageBase = { type: 'message', externalId: id, at, from, ...fromMe, ...(late ? { late: true } : {}) };

  if (msg.messageStubType === WAMessageStubType.REVOKE) return { type: 'delete', externalId: id, from, at };
  // WhatsApp does not give view-once media to linked devices: only the phone can open it.
  if (!msg.message && !msg.messageStubType && key.isViewOnce) return { ...base, kind: 'unsupported', reply: { text: '' }, what: 'viewOnce' };
  if (msg.messageStubType === WAMessageStubType.CIPHERTEXT || msg.message === null || msg.message === undefined) {
    if (msg.messageStubType && msg.messageStubType !== WAMessageStubType.CIPHERTEXT) return null; // group notices, calls…
    const detail = (msg.messageStubParameters as unknown[] | undefined)?.find((p) => typeof p === 'string') as string | undefined;
    return {
      ...base,
      externalId: undecryptableIdOf(id),
      kind: 'undecryptable',
      reply: { text: '' },
      unavailable: { reason: detail ? `${UNAVAILABLE.undecryptable}: ${detail}` : UNAVAILABLE.undecryptable },
    };
  }

  const found = contentOf(msg.message);
  if (!found || SILENT.has(found.type)) return null;
  const { content, type } = found;
  const quoted = contextOf(content, type)?.stanzaId;
  const withQuote: MessageBase = quoted ? { ...base, quotedExternalId: quoted } : base;

  switch (type) {
    case 'conversation':
      return { ...withQuote, kind: 'text', reply: { text: content.conversation ?? '' } };
    case 'extendedTextMessage':
      return { ...withQuote, kind: 'text', reply: { text: content.extendedTextMessage?.text ?? '' } };
    case 'buttonsResponseMessage': {
      const b = content.buttonsResponseMessage!;
      return { ...withQuote, kind: 'text', reply: choiceReply(b.selectedDisplayText, b.selectedButtonId) };
    }
    case 'templateButtonReplyMessage': {
      const b = content.templateButtonReplyMessage!;
      return { ...withQuote, kind: 'text', reply: choiceReply(b.selectedDisplayText, b.selectedId) };
    }
    case 'listResponseMessage': {
      const l = content.listResponseMessage!;
      return { ...withQuote, kind: 'text', reply: choiceReply(l.title, l.singleSelectReply?.selectedRowId) };
    }
    case 'interactiveResponseMessage': {
      const r = content.interactiveResponseMessage!;
      return { ...withQuote, kind: 'text', reply: choiceReply(r.body?.text, nativeFlowId(r.nativeFlowResponseMessage?.paramsJson)) };
    }
    case 'pollUpdateMessage': {
      const u = content.pollUpdateMessage!;
      const pollId = u.pollCreationMessageKey?.id;
      const poll = pollId ? await ctx.findPoll(pollId) : null;
      if (!poll) {
        ctx.log('info', 'whatsapp vote on a poll Ozia did not send', { id, pollId });
        return null;
      }
      const vote = readVote(u, key, poll, ctx.me);
      if (!vote.ok) {
        // A withdrawn vote answers nothing; one that cannot be read is logged, not shown.
        ctx.log(vote.reason === 'empty' ? 'debug' : 'warn', 'whatsapp poll vote not used', { id, pollId, reason: vote.reason });
        return null;
      }
      return { ...base, kind: 'text', reply: { text: vote.labels.join(', '), choiceIds: vote.itemIds } };
    }
    case 'imageMessage':
    case 'videoMessage':
    case 'ptvMessage':
    case 'audioMessage':
    case 'documentMessage':
    case 'stickerMessage':
      return mediaEvent(msg, withQuote, type, content[type] as MediaFields, ctx);
    case 'locationMessage':
    case 'liveLocationMessage': {
      const l = (content.locationMessage ?? content.liveLocationMessage)!;
      const named = content.locationMessage ?? {};
      return {
        ...withQuote,
        kind: 'location',
        reply: {
          text: '',
          location: {
            latitude: l.degreesLatitude ?? 0,
            longitude: l.degreesLongitude ?? 0,
            ...(named.name ? { name: named.name } : {}),
            ...(named.address ? { address: named.address } : {}),
          },
        },
      };
    }
    case 'contactMessage':
    case 'contactsArrayMessage': {
      const cards = content.contactMessage ? [content.contactMessage] : (content.contactsArrayMessage?.contacts ?? []);
      const contacts = cards.map((c) => parseVCard(c.vcard ?? '', c.displayName ?? ''));
      return { ...withQuote, kind: 'contact', reply: { text: '' }, contacts };
    }
    case 'reactionMessage': {
      const r = content.reactionMessage!;
      if (!r.key?.id) return null;
      return { type: 'reaction', externalId: r.key.id, from, emoji: r.text ?? '', at, ...fromMe };
    }
    case 'protocolMessage': {
      const p = content.protocolMessage!;
      const target = p.key?.id;
      if (!target) return null;
      // One deletes or edits only one's own message (key.fromMe from the sender's side); anything
      // else in a one-to-one chat is forged and must not touch Ozia's messages.
      if (p.type === proto.Message.ProtocolMessage.Type.REVOKE || p.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
        if (p.key?.fromMe !== true) {
          ctx.log('warn', "whatsapp edit or deletion of a message not the sender's: ignored", { id, target });
          return null;
        }
      }
      if (p.type === proto.Message.ProtocolMessage.Type.REVOKE) return { type: 'delete', externalId: target, from, at };
      if (p.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) {
        if (edited.has(target)) return null; // already folded into the original in this batch
        const text = textOfContent(p.editedMessage);
        if (text === null) return null;
        const editedAt = p.timestampMs ? new Date(toNumber(p.timestampMs as number)).toISOString() : at;
        return { type: 'edit', externalId: target, from, text, at: editedAt };
      }
      return null; // history sync, key shares, ephemeral settings: not messages
    }
    default:
      return { ...withQuote, kind: 'unsupported', reply: { text: '' }, what: type };
  }
}

async function ownSend(id: string, ctx: InboundContext): Promise<boolean> {
  if (!ctx.isOwnSend) return false;
  try {
    return await ctx.isOwnSend(id);
  } catch (err) {
    // Better an echo shown as "sent from the phone" than a message of the phone lost.
    ctx.log('warn', 'whatsapp echo check failed', { id, error: String((err as Error)?.message ?? err) });
    return false;
  }
}

/**
 * Events for one `messages.upsert`. `append` (sent while Ozia was offline, or history) marks
 * them late; ignored chats, the account's own chat and echoes of Ozia's sends yield nothing.
 */
export async function normalizeUpsert(
  upsert: { messages: WAMessage[]; type: 'notify' | 'append' },
  ctx: InboundContext,
): Promise<InboundEvent[]> {
  const own = ownIdentities(ctx.me);
  const late = upsert.type === 'append';
  // Baileys' event buffer folds an edit into the original when both arrive in one flush: the
  // original then carries the new text, and its edit must not be applied a second time.
  const edited = new Set<string>();
  for (const m of upsert.messages) if (m.message?.editedMessage && m.key.id && !normalizeMessageContent(m.message)?.protocolMessage) edited.add(m.key.id);
  const out: InboundEvent[] = [];
  for (const msg of upsert.messages) {
    const key = msg.key;
    if (!key?.remoteJid || ignoredChat(key.remoteJid, ctx.settings)) continue;
    const chat = identityOfJid(key.remoteJid);
    if (chat && own.some((i) => i.kind === chat.kind && i.value === chat.value)) continue;
    if (key.fromMe && key.id && (await ownSend(key.id, ctx))) continue;
    try {
      const event = await translate(msg, late, ctx, edited);
      if (event) out.push(event);
    } catch (err) {
      // One message that cannot be read (its poll lookup failed…) must not cost the rest of the batch.
      ctx.log('error', 'whatsapp message not translated', { id: key.id, error: String((err as Error)?.message ?? err) });
    }
  }
  return out;
}

const STATUS: Partial<Record<number, DeliveryState>> = {
  [WAMessageStatus.ERROR]: 'failed',
  [WAMessageStatus.SERVER_ACK]: 'sent',
  [WAMessageStatus.DELIVERY_ACK]: 'delivered',
  [WAMessageStatus.READ]: 'read',
  [WAMessageStatus.PLAYED]: 'read',
};

/**
 * Delivery statuses of the account's own messages from `messages.update`. Updates of contacts'
 * messages (our read receipts), edits and deletions (taken from the upsert) yield nothing.
 */
export function normalizeUpdates(updates: WAMessageUpdate[], ctx: { clock(): Date }): StatusEvent[] {
  const out: StatusEvent[] = [];
  for (const { key, update } of updates) {
    if (!key?.id || !key.fromMe || update.status === null || update.status === undefined) continue;
    const status = STATUS[update.status];
    if (!status) continue;
    const error = status === 'failed' ? ((update.messageStubParameters as unknown[] | undefined)?.filter((p) => typeof p === 'string').join(': ') || 'error') : undefined;
    // Receipts carry WhatsApp's own time of delivery/reading; acks and errors do not.
    out.push({ type: 'status', externalId: key.id, status, at: isoOf(update.messageTimestamp, ctx), ...(error ? { error } : {}) });
  }
  return out;
}

/** `lid-mapping.update`: the phone number and the LID are one person. Null for the account itself or a malformed pair. */
export function normalizeLidMapping(mapping: LIDMapping, ctx: { me: OwnJids | null }): LinkEvent | null {
  const lid = identityOfJid(mapping.lid.includes('@') ? mapping.lid : `${mapping.lid}@lid`);
  const pn = identityOfJid(mapping.pn.includes('@') ? mapping.pn : `${mapping.pn}@s.whatsapp.net`);
  if (lid?.kind !== 'lid' || pn?.kind !== 'phone') return null;
  const own = ownIdentities(ctx.me);
  if (own.some((i) => (i.kind === lid.kind && i.value === lid.value) || (i.kind === pn.kind && i.value === pn.value))) return null;
  return { type: 'link', identities: [lid, pn] };
}
