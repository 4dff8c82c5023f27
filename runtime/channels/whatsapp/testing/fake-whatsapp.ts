// One fake WhatsApp socket (see fake-factory.ts for the API tour). It implements the port
// with Baileys' own pieces where they work offline — the event buffer, message ids, message
// generation (generateWAMessage), proto — and plays the server's part with test controls.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import { Boom } from '@hapi/boom';
import {
  bytesToCrockford,
  generateMessageIDV2,
  generateWAMessage,
  jidEncode,
  makeEventBuffer,
  proto,
  type AnyMessageContent,
  type AuthenticationCreds,
  type BaileysEventMap,
  type Contact,
  type MessageUpsertType,
  type MiscMessageGenerationOptions,
  type WAMessage,
  type WAMessageKey,
  type WAMessageUpdate,
  type WAPresence,
} from 'baileys';
import type { ILogger } from 'baileys/lib/Utils/logger.js';
import type { Timers } from '../connection.js';
import type { SocketOptions, WASocketPort } from '../socket-port.js';

export const silentLogger: ILogger = {
  level: 'silent',
  child: () => silentLogger,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** The words Baileys puts on each close code's Boom. */
export const CLOSE_MESSAGES: Record<number, string> = {
  401: 'Connection Failure',
  403: 'Connection Failure',
  408: 'Connection was lost',
  411: 'Stream Errored (downgrade_webclient)',
  428: 'Connection Terminated',
  440: 'Stream Errored (conflict)',
  500: 'Stream Errored (unknown)',
  503: 'Stream Errored (unknown)',
  515: 'Stream Errored (restart required)',
};

export type FakeAck = 'error' | 'pending' | 'sent' | 'delivered' | 'read' | 'played';

const ACK_STATUS: Record<FakeAck, proto.WebMessageInfo.Status> = {
  error: proto.WebMessageInfo.Status.ERROR,
  pending: proto.WebMessageInfo.Status.PENDING,
  sent: proto.WebMessageInfo.Status.SERVER_ACK,
  delivered: proto.WebMessageInfo.Status.DELIVERY_ACK,
  read: proto.WebMessageInfo.Status.READ,
  played: proto.WebMessageInfo.Status.PLAYED,
};

export interface FakeAccount {
  /** E.164 digits of the business number. */
  phone: string;
  name: string;
  /** The number's LID user part. */
  lid: string;
}

export interface FakeSocketBehaviour {
  /** A socket over a paired session: 'open' logs in at once, 'hold' stays connecting, {close} fails login with that code. */
  login: 'open' | 'hold' | { close: number };
  /** 'auto': an unpaired socket shows its first QR at once and the next every qrTimeoutMs; 'manual': only showQr(). */
  qr: 'auto' | 'manual';
  /** QR refs the server hands one socket; when spent Baileys ends it with 408. */
  qrRefs: number;
  /** Frames arrive this often on an open socket (WhatsApp's keepalive), until goSilent(). 0: never. */
  keepAliveMs: number;
  /** Status each sent message is acknowledged with at once ('none': the test acks). */
  autoAck: FakeAck | 'none';
}

export interface SentMessage {
  jid: string;
  content: AnyMessageContent;
  options?: MiscMessageGenerationOptions;
  /** What Baileys would have relayed (real generateWAMessage output). */
  message: WAMessage;
}

export interface FakeInboundFrom {
  /** Phone digits (s.whatsapp.net). */
  pn?: string;
  /** LID user part (@lid). With both, the chat is addressed by LID and the phone comes as remoteJidAlt, as Baileys 7 does. */
  lid?: string;
  /** Push name. */
  name?: string;
  /** A group JID: the message comes from `pn`/`lid` as participant. */
  group?: string;
}

export interface FakeInboundOptions {
  id?: string;
  at?: Date;
  type?: MessageUpsertType;
  fromMe?: boolean;
}

/** Lid ↔ phone map shared by the sockets of one factory (Baileys keeps it in the auth keys). */
export class FakeLidMap {
  private byLid = new Map<string, string>();
  private byPn = new Map<string, string>();
  set(lid: string, pn: string) {
    this.byLid.set(lid, pn);
    this.byPn.set(pn, lid);
  }
  readonly lidMapping = {
    getPNForLID: async (lid: string) => {
      const pn = this.byLid.get(lid.split('@')[0].split(':')[0]);
      return pn ? `${pn}@s.whatsapp.net` : null;
    },
    getLIDForPN: async (pn: string) => {
      const lid = this.byPn.get(pn.split('@')[0].split(':')[0]);
      return lid ? `${lid}@lid` : null;
    },
  };
}

export class FakeWhatsApp implements WASocketPort {
  readonly ev = makeEventBuffer(silentLogger);
  readonly ws = new EventEmitter();
  readonly sent: SentMessage[] = [];
  readonly presences: { type: WAPresence; jid?: string }[] = [];
  readonly subscribed: string[] = [];
  readonly read: WAMessageKey[] = [];
  readonly pairingRequests: { phone: string; code: string }[] = [];
  /** Media bytes Baileys "uploaded" (already encrypted, as WhatsApp receives them). */
  readonly uploads: { mediaType: string; data: Buffer }[] = [];
  readonly signalRepository: { lidMapping: FakeLidMap['lidMapping'] };
  /** 'connecting' → 'open' → 'closed'. */
  state: 'connecting' | 'open' | 'closed' = 'connecting';
  /** Why it ended (what Baileys' close event carried). */
  endedWith: Error | undefined;
  loggedOut = false;
  qrShown = 0;
  private silent = false;
  private failures: Error[] = [];
  private qrTimer: unknown = null;
  private keepAliveTimer: unknown = null;
  private readonly ownCreds: AuthenticationCreds;

  constructor(
    readonly options: SocketOptions,
    readonly index: number,
    private readonly account: FakeAccount,
    private readonly behaviour: FakeSocketBehaviour,
    private readonly timers: Timers,
    lids: FakeLidMap,
  ) {
    this.ownCreds = options.auth.creds;
    this.signalRepository = { lidMapping: lids.lidMapping };
    // Like Baileys: the server speaks once the socket is wired (Baileys emits 'connecting' on nextTick)
    setImmediate(() => this.boot());
  }

  /** Captured at creation, as Baileys does: a session wiped (and replaced) later is not this socket's. */
  get creds(): AuthenticationCreds {
    return this.ownCreds;
  }

  get user(): Contact | undefined {
    return this.creds.me;
  }

  get closed(): boolean {
    return this.state === 'closed';
  }

  private boot(): void {
    if (this.closed) return;
    this.ev.emit('connection.update', { connection: 'connecting', receivedPendingNotifications: false, qr: undefined });
    if (this.creds.me?.id && this.creds.account) {
      const login = this.behaviour.login;
      if (login === 'open') this.open();
      else if (login !== 'hold') void this.close(login.close);
    } else if (this.behaviour.qr === 'auto') {
      this.showQr();
    }
  }

  // --- the port ---

  async end(error: Error | undefined): Promise<void> {
    if (this.closed) return;
    this.state = 'closed';
    this.endedWith = error;
    this.clearTimers();
    await Promise.resolve();
    this.ev.emit('connection.update', { connection: 'close', lastDisconnect: { error, date: new Date() } });
    this.ev.removeAllListeners('connection.update');
    this.ev.destroy();
  }

  async logout(msg?: string): Promise<void> {
    this.assertUsable();
    if (this.creds.me?.id) this.loggedOut = true;
    await this.end(new Boom(msg || 'Intentional Logout', { statusCode: 401 }));
  }

  async sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage | undefined> {
    // Real Baileys hangs for up to a minute here; failing fast keeps tests honest about "send only when open"
    if (this.state !== 'open') throw new Boom('Connection Closed', { statusCode: 428 });
    const failure = this.failures.shift();
    if (failure) throw failure;
    const userJid = this.creds.me?.id ?? jidEncode(this.account.phone, 's.whatsapp.net');
    const message = await generateWAMessage(jid, content, {
      ...options,
      userJid,
      logger: silentLogger,
      messageId: options?.messageId ?? generateMessageIDV2(userJid),
      upload: async (encFilePath, { fileEncSha256B64, mediaType }) => {
        this.uploads.push({ mediaType, data: await fs.readFile(encFilePath) });
        const path = `/v/t62.7118-24/fake_${encodeURIComponent(fileEncSha256B64)}`;
        return { mediaUrl: `https://mmg.whatsapp.net${path}`, directPath: path };
      },
    });
    this.sent.push({ jid, content, options, message });
    const auto = this.behaviour.autoAck;
    if (auto !== 'none') setImmediate(() => this.ack(message.key, auto));
    return message;
  }

  async sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void> {
    this.assertUsable();
    this.presences.push({ type, ...(toJid ? { jid: toJid } : {}) });
  }

  async presenceSubscribe(toJid: string): Promise<void> {
    this.assertUsable();
    this.subscribed.push(toJid);
  }

  async readMessages(keys: WAMessageKey[]): Promise<void> {
    this.assertUsable();
    this.read.push(...keys);
  }

  async requestPairingCode(phoneNumber: string, customPairingCode?: string): Promise<string> {
    this.assertUsable();
    if (customPairingCode && customPairingCode.length !== 8) throw new Error('Custom pairing code must be exactly 8 chars');
    const code = customPairingCode ?? bytesToCrockford(randomBytes(5));
    // What Baileys does: the pairing code and a provisional `me` go into creds at once
    this.creds.pairingCode = code;
    this.creds.me = { id: jidEncode(phoneNumber, 's.whatsapp.net'), name: '~' };
    this.ev.emit('creds.update', this.creds);
    this.pairingRequests.push({ phone: phoneNumber, code });
    return code;
  }

  async updateMediaMessage(message: WAMessage): Promise<WAMessage> {
    this.assertUsable();
    return message;
  }

  // --- the server's side (test controls) ---

  /** Shows the next QR, as the server's pair-device refs do; when refs run out the socket ends with 408. */
  showQr(): string | null {
    if (this.state !== 'connecting') return null;
    if (this.qrShown >= this.behaviour.qrRefs) {
      void this.end(new Boom('QR refs attempts ended', { statusCode: 408 }));
      return null;
    }
    this.qrShown++;
    const b64 = (k: Uint8Array) => Buffer.from(k).toString('base64');
    const qr = [`2@fake${this.index}-${this.qrShown}-${randomBytes(6).toString('hex')}`, b64(this.creds.noiseKey.public), b64(this.creds.signedIdentityKey.public), this.creds.advSecretKey].join(',');
    this.ev.emit('connection.update', { qr });
    // the QR listener may have ended this socket already (the cap)
    if (this.behaviour.qr === 'auto' && !this.closed) {
      this.qrTimer = this.timers.setTimeout(() => this.showQr(), this.options.qrTimeoutMs);
    }
    return qr;
  }

  /**
   * The phone scans the QR (or accepts the pairing code), as the real pairing goes: creds.update
   * with the signed device identity and `me`, then the server closes with 515 and the
   * recreated socket logs in.
   */
  async scan(): Promise<void> {
    this.assertUsable();
    if (this.state !== 'connecting') throw new Error('scan(): this socket is not waiting for a QR');
    const device = 10 + this.index;
    const update: Partial<AuthenticationCreds> = {
      account: {
        details: randomBytes(32),
        accountSignatureKey: randomBytes(32),
        accountSignature: randomBytes(64),
        deviceSignature: randomBytes(64),
      },
      me: {
        id: jidEncode(this.account.phone, 's.whatsapp.net', device),
        name: this.account.name,
        lid: jidEncode(this.account.lid, 'lid', device),
      },
      signalIdentities: [
        {
          identifier: { name: jidEncode(this.account.phone, 's.whatsapp.net', device), deviceId: 0 },
          identifierKey: randomBytes(33),
        },
      ],
      platform: 'android',
    };
    this.clearTimers();
    Object.assign(this.creds, update);
    this.ev.emit('creds.update', update);
    this.ev.emit('connection.update', { isNewLogin: true, qr: undefined });
    await this.close(515);
  }

  /**
   * The phone accepted the pairing code: Baileys marks creds.registered (only this flow ever
   * does; a QR pairing leaves it false), then it goes on like a scan.
   */
  async enterPairingCode(): Promise<void> {
    if (!this.pairingRequests.length) throw new Error('enterPairingCode(): no pairing code was requested');
    this.assertUsable();
    this.creds.registered = true;
    this.ev.emit('creds.update', this.creds);
    await this.scan();
  }

  /** Login succeeds (CB:success): creds.update with the LID, then open, then pending notifications done. */
  open(): void {
    this.assertUsable();
    const me = this.creds.me;
    const update = { me: { ...(me ?? { id: jidEncode(this.account.phone, 's.whatsapp.net') }), lid: me?.lid ?? jidEncode(this.account.lid, 'lid') } };
    Object.assign(this.creds, update);
    this.ev.emit('creds.update', update);
    this.state = 'open';
    this.ev.emit('connection.update', { connection: 'open' });
    this.ev.emit('connection.update', { receivedPendingNotifications: true });
    this.keepAlive();
  }

  /** The server closes the connection with `code` (Baileys' DisconnectReason). */
  async close(code: number, message = CLOSE_MESSAGES[code] ?? 'Connection Failure'): Promise<void> {
    await this.end(new Boom(message, { statusCode: code }));
  }

  /** The socket stays "open" but nothing arrives any more (no frames, no events). */
  goSilent(): void {
    this.silent = true;
    this.clearKeepAlive();
  }

  /** One transport frame arrives (anything the server sends). */
  frame(): void {
    if (!this.closed && !this.silent) this.ws.emit('frame', { tag: 'iq', attrs: { type: 'result' } });
  }

  /** The next sendMessage fails with `error` (default: a Boom 'Connection Closed'). */
  failNextSend(error: Error = new Boom('Connection Closed', { statusCode: 428 })): void {
    this.failures.push(error);
  }

  emit<E extends keyof BaileysEventMap>(event: E, data: BaileysEventMap[E]): void {
    if (this.closed || this.silent) return;
    this.frame();
    this.ev.emit(event, data);
  }

  emitUpsert(messages: WAMessage[], type: MessageUpsertType = 'notify'): void {
    this.emit('messages.upsert', { messages, type });
  }

  emitUpdates(updates: WAMessageUpdate[]): void {
    this.emit('messages.update', updates);
  }

  emitLidMapping(lid: string, pn: string): void {
    this.emit('lid-mapping.update', { lid: `${lid}@lid`, pn: `${pn}@s.whatsapp.net` });
  }

  /** WhatsApp reports a status for a message this socket sent. */
  ack(keyOrId: WAMessageKey | string, status: FakeAck): void {
    const key = typeof keyOrId === 'string' ? this.sent.find((s) => s.message.key.id === keyOrId)?.message.key : keyOrId;
    if (!key) throw new Error(`ack(): no sent message ${String(keyOrId)}`);
    this.emitUpdates([{ key, update: { status: ACK_STATUS[status] } }]);
  }

  /** A contact's text message, shaped as Baileys 7 decodes one (LID-addressed when a LID is given). Returns it after emitting. */
  receiveText(from: FakeInboundFrom, text: string, options: FakeInboundOptions = {}): WAMessage {
    const message = fakeInboundMessage(from, { conversation: text }, options);
    this.emitUpsert([message], options.type ?? 'notify');
    return message;
  }

  /** Any content (`proto.IMessage`) from a contact, shaped like receiveText. */
  receive(from: FakeInboundFrom, content: proto.IMessage, options: FakeInboundOptions = {}): WAMessage {
    const message = fakeInboundMessage(from, content, options);
    this.emitUpsert([message], options.type ?? 'notify');
    return message;
  }

  // --- internals ---

  private assertUsable(): void {
    if (this.closed) throw new Boom('Connection Closed', { statusCode: 428 });
  }

  private keepAlive(): void {
    this.clearKeepAlive();
    const ms = this.behaviour.keepAliveMs;
    if (!ms || this.silent || this.closed) return;
    this.keepAliveTimer = this.timers.setTimeout(() => {
      this.keepAliveTimer = null;
      this.frame();
      this.keepAlive();
    }, ms);
  }

  private clearKeepAlive(): void {
    if (this.keepAliveTimer !== null) this.timers.clearTimeout(this.keepAliveTimer);
    this.keepAliveTimer = null;
  }

  private clearTimers(): void {
    if (this.qrTimer !== null) this.timers.clearTimeout(this.qrTimer);
    this.qrTimer = null;
    this.clearKeepAlive();
  }
}

/** A WAMessage from a contact as Baileys 7 decodes it: plain key object (remoteJidAlt, addressingMode), proto message. */
export function fakeInboundMessage(from: FakeInboundFrom, content: proto.IMessage, options: FakeInboundOptions = {}): WAMessage {
  const lidJid = from.lid ? jidEncode(from.lid, 'lid') : undefined;
  const pnJid = from.pn ? jidEncode(from.pn, 's.whatsapp.net') : undefined;
  const sender = lidJid ?? pnJid;
  if (!sender) throw new Error('fakeInboundMessage: give pn or lid');
  const alt = lidJid ? pnJid : undefined;
  const at = options.at ?? new Date();
  const key: WAMessageKey = from.group
    ? { remoteJid: from.group, fromMe: !!options.fromMe, id: options.id ?? generateMessageIDV2(), participant: sender, participantAlt: alt, addressingMode: lidJid ? 'lid' : 'pn' }
    : { remoteJid: sender, remoteJidAlt: alt, fromMe: !!options.fromMe, id: options.id ?? generateMessageIDV2(), addressingMode: lidJid ? 'lid' : 'pn' };
  const message: WAMessage = {
    key,
    messageTimestamp: Math.floor(at.getTime() / 1000),
    pushName: from.name,
    broadcast: false,
    message: proto.Message.fromObject(content),
  };
  if (options.fromMe) message.status = proto.WebMessageInfo.Status.SERVER_ACK;
  return message;
}
