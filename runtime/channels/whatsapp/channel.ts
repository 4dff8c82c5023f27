// One WhatsApp number: its connection (connection.ts), what arrives on each socket turned into
// Ozia's events (inbound.ts) and stored through the host before anything else happens, and the
// outbox's rows rendered and sent (send.ts). What was sent is remembered per part
// (sent-store.ts) so WhatsApp's retries (`getMessage`) and poll votes are answered after a restart.
import { BufferJSON, type MessageUpsertType, type WAMessage } from 'baileys';
import { KeyedQueue } from '../../keyed-queue.js';
import type { ChannelAccount, ChannelHost, Identity, ManagedChannel, OutboxItem } from '../contract.js';
import { databaseAuthState } from './auth-state.js';
import { WhatsAppConnection } from './connection.js';
import { normalizeLidMapping, normalizeUpdates, normalizeUpsert } from './inbound.js';
import { jidOf } from './jid.js';
import { baileysMediaDownloader, mediaContentOf } from './media.js';
import { whatsappCapabilities } from './outbound.js';
import { revokeItem, sendItem } from './send.js';
import { SentMessages } from './sent-store.js';
import { whatsappSettings, type WhatsAppSettings } from './settings.js';
import type { SocketFactory, WASocketPort } from './socket-port.js';
import type { Timers } from './connection.js';

/** Inbound messages taken but not yet stored (a file still downloading), by WhatsApp id. */
const JOURNAL = 'ozia-inbound';

export interface WhatsAppChannelOptions {
  factory: SocketFactory;
  timers?: Timers;
}

export class WhatsAppChannel implements ManagedChannel {
  readonly capabilities = whatsappCapabilities;
  private connection: WhatsAppConnection | null = null;
  private starting: Promise<WhatsAppConnection> | null = null;
  private settings: WhatsAppSettings;
  private readonly wakers: (() => void)[] = [];
  /** One chain per chat: a slow media download holds up only that chat, and its messages stay in order. */
  private readonly chats = new KeyedQueue();
  private readonly sent: SentMessages;
  /** Ids WhatsApp accepted whose send is still being recorded (sendItem has not returned). */
  private readonly recording = new Set<string>();

  constructor(
    private readonly host: ChannelHost,
    private readonly opts: WhatsAppChannelOptions,
  ) {
    this.settings = whatsappSettings.parse(host.account.settings ?? {});
    this.sent = new SentMessages(host.state);
  }

  get id() {
    return this.host.account.id;
  }

  ready(): boolean {
    return this.connection?.isOpen() ?? false;
  }

  onReady(wake: () => void) {
    this.wakers.push(wake);
  }

  async start(how: { pairingPhone?: string } = {}): Promise<void> {
    const connection = await this.connect();
    if (how.pairingPhone) await connection.connectWithPairingCode(how.pairingPhone);
    else await connection.start();
  }

  async stop(): Promise<void> {
    await this.connection?.stop();
  }

  async logout(): Promise<void> {
    const connection = await this.connect();
    await connection.logout();
  }

  reconfigure(account: ChannelAccount) {
    this.settings = whatsappSettings.parse(account.settings ?? {});
    this.connection?.updateSettings(this.settings);
  }

  reconnectsToday(): number {
    return this.connection?.reconnectsToday() ?? 0;
  }

  /** Idle: every inbound message taken so far is stored. */
  async idle(): Promise<void> {
    await this.chats.idle();
  }

  private connect(): Promise<WhatsAppConnection> {
    this.starting ??= (async () => {
      const auth = await databaseAuthState(this.host.state);
      this.connection = new WhatsAppConnection({
        auth,
        factory: this.opts.factory,
        settings: this.settings,
        log: this.host.log,
        timers: this.opts.timers,
        clock: this.host.clock,
        getMessage: (key) => (key.id ? this.sent.message(key.id) : Promise.resolve(undefined)),
        onSocket: (sock) => this.attach(sock),
        onStatus: (status) => {
          this.host.lifecycle(status);
          if (status.state === 'open') for (const wake of this.wakers) wake();
        },
      });
      return this.connection;
    })();
    return this.starting;
  }

  // ---- inbound ----

  private attach(sock: WASocketPort) {
    const media = baileysMediaDownloader({ reupload: (m) => this.reupload(m) });
    const failed = (what: string) => (e: unknown) => this.host.log('error', `${what} could not be stored`, { error: String(e) });
    const take = (m: WAMessage, type: MessageUpsertType, journaled: boolean) =>
      void this.chats
        .run(m.key.remoteJid ?? '', async () => {
          // A file takes a while to download: the message is journaled first, so a crash meanwhile
          // loses nothing (the next socket takes it again). Text goes straight to the runtime.
          const slow = !journaled && !!m.key.id && mediaContentOf(m) !== null;
          if (slow) await this.host.state.set({ [JOURNAL]: { [m.key.id!]: JSON.stringify({ type, m }, BufferJSON.replacer) } });
          const events = await normalizeUpsert(
            { messages: [m], type },
            {
              me: sock.user ?? null,
              settings: this.settings,
              media,
              saveFile: async (data, mime, name) => this.host.files.save(data, mime, name),
              clock: this.host.clock,
              log: this.host.log,
              findPoll: (id) => this.sent.poll(id),
              isOwnSend: (id) => this.sent.isOwn(id),
            },
          );
          for (const e of events) await this.host.receive(e);
          if (slow || journaled) await this.host.state.set({ [JOURNAL]: { [m.key.id!]: null } });
        })
        .catch(failed('an inbound message'));
    sock.ev.on('messages.upsert', (upsert) => {
      for (const m of upsert.messages) take(m, upsert.type, false);
    });
    // What a previous socket (or process) journaled and did not finish is taken again; the
    // runtime's dedupe makes a message already stored a no-op.
    void this.host.state
      .list(JOURNAL)
      .then((pending) => {
        for (const raw of Object.values(pending)) {
          const { type, m } = JSON.parse(raw, BufferJSON.reviver) as { type: MessageUpsertType; m: WAMessage };
          take(m, type, true);
        }
      })
      .catch(failed('the inbound journal'));
    sock.ev.on('messages.update', (updates) => {
      // The server's ack of a part still being recorded says only what the send's return will (the row
      // is sent); passed on, it would reach the outbox before the row's mark and update it once more.
      const events = normalizeUpdates(updates, { clock: this.host.clock }).filter((e) => !(e.status === 'sent' && this.recording.has(e.externalId)));
      void (async () => {
        for (const e of events) await this.host.receive(e);
      })().catch(failed('a delivery status'));
    });
    sock.ev.on('lid-mapping.update', (mapping) => {
      const link = normalizeLidMapping(mapping, { me: sock.user ?? null });
      if (link) void this.host.receive(link).catch(failed('an identity link'));
    });
  }

  private async reupload(m: WAMessage): Promise<WAMessage> {
    const sock = this.connection?.socket();
    if (!sock?.updateMediaMessage) throw new Error('WhatsApp is not connected');
    return sock.updateMediaMessage(m);
  }

  // ---- outbound ----

  private live(): WASocketPort {
    const sock = this.connection?.socket();
    // Not a PermanentSendError: the lane keeps the row until the number is back.
    if (!sock || !this.ready()) throw new Error('WhatsApp is not connected');
    return sock;
  }

  async send(item: OutboxItem): Promise<{ externalId?: string }> {
    const accepted: string[] = [];
    try {
      return await sendItem(this.live(), item, {
        sent: this.sent,
        render: { polls: this.settings.polls, splitLong: this.host.account.delivery.splitLong, readFile: (id) => this.host.files.read(id) },
        quotable: (id) => this.host.quotable(id),
        accepted: (id) => {
          accepted.push(id);
          this.recording.add(id);
        },
      });
    } finally {
      for (const id of accepted) this.recording.delete(id);
    }
  }

  async typing(to: Identity, ms: number): Promise<void> {
    const sock = this.connection?.socket();
    if (!sock || !this.ready()) return;
    const jid = jidOf(to);
    await sock.sendPresenceUpdate('composing', jid);
    await new Promise((r) => setTimeout(r, ms));
    await sock.sendPresenceUpdate('paused', jid).catch(() => {});
  }

  async revoke(to: Identity, externalId: string): Promise<void> {
    await revokeItem(this.live(), to, externalId, this.sent);
  }
}
