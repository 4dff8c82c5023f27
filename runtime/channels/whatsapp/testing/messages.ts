// Builders of the WAMessage shapes Baileys 7.0.0-rc14 really emits, for tests. Nothing here is
// hand-shaped where Baileys can build it:
// - the envelope (key with remoteJid/remoteJidAlt/addressingMode, pushName, timestamp) comes from
//   Baileys' own `decodeMessageNode` over a message stanza, then `cleanMessage`, as messages-recv does;
// - the content comes from Baileys' `generateWAMessageContent` (the builder it sends with), then
//   goes through a protobuf encode/decode round trip, so Longs and byte arrays are as on the wire;
// - media is really encrypted (`encryptedStream`) and served by `mediaServer()` on 127.0.0.1, so
//   `downloadMediaMessage` really decrypts it;
// - a poll vote is encrypted exactly as `decryptPollVote` expects (HMAC-derived key, AES-256-GCM).
//
// API:
//   ME                                   the account (`sock.user`)
//   person({ pn, lid, name })            a contact
//   incoming(content, { from, … })       a WAMessage from `from` (or from the phone with fromMe)
//   content(anyMessageContent, upload?)  proto content built by Baileys (wire round trip)
//   wire(protoContent)                   a hand-written proto content through the wire round trip
//   ciphertext(options, detail)          what Baileys upserts when it cannot decrypt
//   pollVote({ pollId, secret, labels, voterJid, creatorJid? }) an encrypted pollUpdateMessage content
//   mediaServer()                        { upload, base, hits(), expire(path), move(from, to), close() }
//   mediaContent(anyMediaContent, server) media content really encrypted, served by the server
//   upsert(messages, type)               the `messages.upsert` payload
//   statusUpdate(id, to, status, error?) a `messages.update` receipt of a message the account sent
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  aesEncryptGCM,
  cleanMessage,
  decodeMessageNode,
  generateMessageIDV2,
  generateWAMessageContent,
  hmacSign,
  jidNormalizedUser,
  proto,
  WAMessageStubType,
} from 'baileys';
import type { AnyMessageContent, WAMediaUploadFunction, WAMessage, WAMessageUpdate } from 'baileys';
import { pollOptionHash } from '../poll-vote.js';

/** The connected business account, as `sock.user` holds it (phone JID with device, LID with device). */
export const ME = { id: '5511900000000:7@s.whatsapp.net', lid: '99000000000001:7@lid', name: 'Loja Ozia' };

export interface Person {
  /** E.164 digits. */
  pn?: string;
  /** LID user part. */
  lid?: string;
  name?: string;
}

export function person(p: Person): Person {
  return p;
}

const silentLogger = {
  level: 'silent',
  child() {
    return silentLogger;
  },
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error() {},
  fatal() {},
};

const noUpload: WAMediaUploadFunction = async () => {
  throw new Error('this content needs mediaServer().upload');
};

/** Content as Baileys builds it, after a wire round trip. */
export async function content(c: AnyMessageContent, upload: WAMediaUploadFunction = noUpload): Promise<proto.IMessage> {
  const built = await generateWAMessageContent(c, { upload, logger: silentLogger as never });
  return wire(built);
}

/** A protobuf encode/decode round trip: what arrives is a decoded `proto.Message`. */
export function wire(c: proto.IMessage): proto.IMessage {
  return proto.Message.decode(proto.Message.encode(c).finish());
}

export interface IncomingOptions {
  from: Person;
  id?: string;
  at?: Date;
  /** The business wrote it from its phone, to `from`. */
  fromMe?: boolean;
  /** How WhatsApp addressed the stanza: by LID (Baileys 7's usual) or by phone. Default: lid when the person has one. */
  addressing?: 'lid' | 'pn';
  /** A group: the message comes from `from` inside this group JID. */
  group?: string;
  /** Another chat JID (status@broadcast, a newsletter…). */
  chat?: string;
}

function stanzaOf(o: IncomingOptions, id: string): { tag: string; attrs: Record<string, string> } {
  const p = o.from;
  const mode = o.addressing ?? (p.lid ? 'lid' : 'pn');
  const primary = mode === 'lid' ? `${p.lid}@lid` : `${p.pn}@s.whatsapp.net`;
  const alt = mode === 'lid' ? (p.pn ? `${p.pn}@s.whatsapp.net` : undefined) : p.lid ? `${p.lid}@lid` : undefined;
  const attrs: Record<string, string> = { id, t: String(Math.floor((o.at ?? new Date('2026-12-04T12:00:00Z')).getTime() / 1000)), type: 'text', addressing_mode: mode };
  if (p.name && !o.fromMe) attrs.notify = p.name;
  if (o.group || o.chat) {
    attrs.from = o.group ?? o.chat!;
    attrs.participant = o.fromMe ? (mode === 'lid' ? ME.lid : ME.id) : primary;
    if (!o.fromMe && alt) attrs[mode === 'lid' ? 'participant_pn' : 'participant_lid'] = alt;
  } else if (o.fromMe) {
    // A message from the business's own phone (device 0) to the contact.
    attrs.from = mode === 'lid' ? jidNormalizedUser(ME.lid) : jidNormalizedUser(ME.id);
    attrs.recipient = primary;
    if (alt) attrs[mode === 'lid' ? 'peer_recipient_pn' : 'peer_recipient_lid'] = alt;
  } else {
    attrs.from = `${primary.split('@')[0]}:3@${primary.split('@')[1]}`; // a device of the contact
    if (alt) attrs[mode === 'lid' ? 'sender_pn' : 'sender_lid'] = alt;
  }
  return { tag: 'message', attrs };
}

/** A message as `messages.upsert` carries it. */
export function incoming(message: proto.IMessage | null, o: IncomingOptions): WAMessage {
  const id = o.id ?? generateMessageIDV2();
  const { fullMessage } = decodeMessageNode(stanzaOf(o, id), ME.id, ME.lid);
  const msg = fullMessage as WAMessage;
  if (message) msg.message = message;
  cleanMessage(msg, ME.id, ME.lid);
  return msg;
}

/** What Baileys upserts for a message it could not decrypt (decode-wa-message.js). */
export function ciphertext(o: IncomingOptions, detail = 'Bad MAC'): WAMessage {
  const msg = incoming(null, o);
  msg.messageStubType = WAMessageStubType.CIPHERTEXT;
  msg.messageStubParameters = [detail];
  return msg;
}

export function upsert(messages: WAMessage[], type: 'notify' | 'append' = 'notify'): { messages: WAMessage[]; type: 'notify' | 'append' } {
  return { messages, type };
}

/** A `messages.update` delivery status of a message the account sent (as messages-recv emits it). */
export function statusUpdate(id: string, to: Person, status: proto.WebMessageInfo.Status, error?: string): WAMessageUpdate {
  const remoteJid = to.lid ? `${to.lid}@lid` : `${to.pn}@s.whatsapp.net`;
  return { key: { remoteJid, id, fromMe: true }, update: { status, ...(error ? { messageStubParameters: [error] } : {}) } };
}

export interface VoteOptions {
  pollId: string;
  /** The poll's message secret (32 bytes). */
  secret: Uint8Array;
  /** The options voted for, by their text as sent. */
  labels: string[];
  /** The poll author's JID the vote is signed with (default: the account's phone JID). */
  creatorJid?: string;
  /** The voter's JID the vote is signed with (its LID or phone JID, without device). */
  voterJid: string;
  at?: Date;
}

/** A `pollUpdateMessage`, encrypted as WhatsApp does (the inverse of Baileys' `decryptPollVote`). */
export function pollVote(v: VoteOptions): proto.IMessage {
  const creator = v.creatorJid ?? jidNormalizedUser(ME.id);
  const sign = Buffer.concat([Buffer.from(v.pollId), Buffer.from(creator), Buffer.from(v.voterJid), Buffer.from('Poll Vote'), new Uint8Array([1])]);
  const key0 = hmacSign(v.secret, new Uint8Array(32), 'sha256');
  const encKey = hmacSign(sign, key0, 'sha256');
  const iv = randomBytes(12);
  const aad = Buffer.from(`${v.pollId}\u0000${v.voterJid}`);
  const plain = proto.Message.PollVoteMessage.encode({ selectedOptions: v.labels.map(pollOptionHash) }).finish();
  return wire({
    pollUpdateMessage: {
      pollCreationMessageKey: { remoteJid: jidNormalizedUser(ME.id), fromMe: false, id: v.pollId },
      vote: { encPayload: aesEncryptGCM(plain, encKey, iv, aad), encIv: iv },
      senderTimestampMs: (v.at ?? new Date('2026-12-04T12:00:00Z')).getTime(),
    },
  });
}

/**
 * Hosts encrypted media on 127.0.0.1 like WhatsApp's CDN. `upload` is the upload function for
 * `content()`; the messages it builds point at this server by `url` (no `directPath`, which
 * Baileys would resolve to https://mmg.whatsapp.net). `expire(path)` answers 410 for it once.
 */
export async function mediaServer() {
  const files = new Map<string, Buffer>();
  const expired = new Set<string>();
  let hits = 0;
  /** While set, requests wait unanswered (a download cut by a crash). */
  let held: (() => void)[] | null = null;
  const server: Server = createServer(async (req, res) => {
    if (held) await new Promise<void>((r) => held!.push(r));
    hits++;
    const path = req.url ?? '';
    if (expired.has(path)) {
      expired.delete(path);
      res.writeHead(410).end();
      return;
    }
    const body = files.get(path);
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let n = 0;
  const upload: WAMediaUploadFunction = async (encFilePath, { mediaType }) => {
    const path = `/${mediaType}/${++n}.enc`;
    files.set(path, await readFile(encFilePath));
    return { mediaUrl: base + path, directPath: path };
  };
  return {
    upload,
    base,
    /** Requests the server answered. */
    hits: () => hits,
    expire: (path: string) => expired.add(path),
    /** Moves a file to a new path (what a re-upload by the phone does). */
    move(from: string, to: string) {
      const body = files.get(from);
      if (body) files.set(to, body);
      files.delete(from);
    },
    /** Downloads hang until `release()`. */
    hold() {
      held ??= [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const r of waiting) r();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of held ?? []) r();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Media content built by Baileys, pointing at `server` by url only. */
export async function mediaContent(c: AnyMessageContent, server: { upload: WAMediaUploadFunction }): Promise<proto.IMessage> {
  const built = await content(c, server.upload);
  for (const k of ['imageMessage', 'videoMessage', 'audioMessage', 'documentMessage', 'stickerMessage', 'ptvMessage'] as const) {
    const m = built[k];
    if (m) m.directPath = null;
  }
  return built;
}
