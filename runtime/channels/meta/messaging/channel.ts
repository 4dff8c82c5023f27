// One Messenger Platform account: a Facebook Page on Messenger, or an Instagram professional
// account (sending through its linked Page). No socket: Meta calls the account's webhook URL
// (signed with the app secret, validated, every event stored through the host before the 200
// that tells Meta it arrived), and the outbox's rows go out through the Send API, each within
// Meta's windows (24 hours, or 7 days for an agent's reply with the HUMAN_AGENT tag). The two
// kinds differ only in their `MessagingPlatform`.
import { z } from 'zod';
import type { ChannelCapabilities, ChannelHost, Identity, OutboxItem, WebhookAnswer, WebhookRequest } from '../../contract.js';
import { PermanentSendError } from '../../contract.js';
import { MetaAccountChannel, type MetaChannelOptions } from '../account-channel.js';
import { GraphError, type GraphClient } from '../graph.js';
import { openMetaWebhook, plainAnswer } from '../webhook-gate.js';
import { eventsOfEntry } from './inbound.js';
import { renderForMessaging, type AttachmentType } from './outbound.js';
import { ProfileNames } from './profiles.js';
import { SentLog } from './sent-log.js';
import type { MessagingSettingsBase } from './settings.js';
import { messagingEntries, type MessagingObject } from './webhook.js';
import { messagingTypeFor } from './window.js';

/** The parts already sent of a row sent as several messages, so a retry resumes after those Meta took. */
const PARTS = 'ozia-parts';
/** Set as `message.metadata` on every send: Messenger echoes it back, so the echo is known as Ozia's own. */
export const ECHO_MARK = 'ozia';

export type MessagingAccountSettings = MessagingSettingsBase & { pageId: string };

/** What makes Messenger and Instagram differ. */
export interface MessagingPlatform<S extends MessagingAccountSettings> {
  object: MessagingObject;
  identity: 'psid' | 'igsid';
  settings: z.ZodType<S>;
  capabilities: ChannelCapabilities;
  /** The id Meta names the account by in `entry[].id`. */
  accountId(s: S): string;
  /** The node whose answer proves the token (`GET <path>`), and the name Settings shows. */
  checkPath(s: S): string;
  nameOfAccount(node: Record<string, unknown>): string | null;
  /** `GET /{user}?fields=…` and the name in the answer. */
  profileFields: string;
  profileName(node: Record<string, unknown>): string | null;
  /** The Attachment Upload API's `platform` (Instagram's uploads say so). */
  uploadPlatform?: 'instagram';
  /** Whether Meta echoes `message.metadata` (Messenger does); the sent log recognises echoes otherwise. */
  echoesMetadata: boolean;
  /** Whether the app shows WhatsApp-style *bold* (Messenger) or the marks as typed (Instagram). */
  formatting: 'whatsapp' | 'plain';
}

export type MessagingChannelOptions = MetaChannelOptions;

const sendAnswer = z.object({ message_id: z.string().min(1) }).loose();
const uploadAnswer = z.object({ attachment_id: z.string().min(1) }).loose();
const node = z.record(z.string(), z.unknown());

export class MessagingChannel<S extends MessagingAccountSettings> extends MetaAccountChannel<S> {
  readonly capabilities: ChannelCapabilities;
  private readonly sentLog: SentLog;
  private readonly names: ProfileNames;

  constructor(
    host: ChannelHost,
    private readonly platform: MessagingPlatform<S>,
    opts: MessagingChannelOptions,
  ) {
    super(host, opts, platform.settings.parse(host.account.settings ?? {}));
    this.capabilities = platform.capabilities;
    this.sentLog = new SentLog(host.state, host.clock);
    this.names = new ProfileNames(
      async (user) => platform.profileName(node.parse(await this.client().call('GET', `${encodeURIComponent(user)}?fields=${platform.profileFields}`))),
      async (user, name) => void (await host.receive({ type: 'profile', identities: [{ kind: platform.identity, value: user }], name })),
      (level, message, data) => host.log(level, message, data),
    );
  }

  protected parseSettings(raw: unknown): S | null {
    const next = this.platform.settings.safeParse(raw);
    return next.success ? next.data : null;
  }

  /** The token against the account's node, and the name Settings shows. */
  protected async checkAccount(graph: GraphClient) {
    const answer = node.parse(await graph.call('GET', this.platform.checkPath(this.settings)));
    return { phone: null, name: this.platform.nameOfAccount(answer) };
  }

  // ---- inbound ----

  async webhook(req: WebhookRequest): Promise<WebhookAnswer> {
    const opened = openMetaWebhook(req, this.host, { verifyToken: this.settings.verifyToken, appSecret: this.settings.appSecret });
    if ('answer' in opened) return opened.answer;
    let entries: ReturnType<typeof messagingEntries>;
    try {
      entries = messagingEntries(opened.json, this.platform.object);
    } catch (e) {
      const why = e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : String(e);
      this.host.log('warn', 'meta webhook refused: unexpected payload', { why });
      return plainAnswer(400, why);
    }
    const unclaimed: string[] = [];
    const mine = this.platform.accountId(this.settings);
    try {
      for (const entry of entries) {
        // One Meta app, several Pages or accounts, one URL: another one's events are its account's.
        if (entry.id !== mine) {
          unclaimed.push(entry.id);
          continue;
        }
        const items = await eventsOfEntry(entry.events, {
          identity: this.platform.identity,
          download: (url, maxBytes) => this.client().download(url, maxBytes, { bearer: false }),
          saveFile: (data, mime, name) => this.host.files.save(data, mime, name),
          mediaMaxBytes: this.settings.mediaMaxMb * 1024 * 1024,
          nameOf: (user) => this.names.known(user),
          ownEcho: async (user, m) => (this.platform.echoesMetadata && m.metadata === ECHO_MARK) || (await this.sentLog.sent(user, m.mid)),
          log: this.host.log,
        });
        const nameless = new Set<string>();
        for (const item of items) {
          if (item.type === 'receipt') {
            for (const status of await this.sentLog.statuses(item)) await this.host.receive(status);
            continue;
          }
          await this.host.receive(item);
          if (item.type === 'message' && !item.fromMe && !item.from.name) nameless.add(item.from.identities[0].value);
        }
        for (const user of nameless) this.names.learn(user);
      }
    } catch (e) {
      // Nothing is acknowledged that is not stored: Meta delivers it again, and what was stored is a duplicate then.
      this.host.log('error', 'meta webhook could not be stored; Meta will deliver it again', { error: String(e) });
      return plainAnswer(500, 'not stored, deliver again');
    }
    return { ...plainAnswer(200, 'EVENT_RECEIVED'), ...(unclaimed.length ? { unclaimed } : {}) };
  }

  // ---- outbound ----

  private recipient(to: Identity | null): string {
    if (to?.kind === this.platform.identity) return to.value;
    throw new PermanentSendError(`the contact has no ${this.platform.identity === 'psid' ? 'Messenger' : 'Instagram'} id on this account`);
  }

  async send(item: OutboxItem): Promise<{ externalId?: string }> {
    if (!this.ready()) throw new Error('the account is not connected');
    const user = this.recipient(item.to);
    // Meta's windows, from the person's last message here: refused at once rather than by Meta.
    const type = messagingTypeFor(await this.host.lastInboundAt(item.contactId), this.host.clock(), item.author);
    if ('refused' in type) throw new PermanentSendError(type.refused.en);
    const graph = this.client();
    const page = encodeURIComponent(this.settings.pageId);
    try {
      const parts = await renderForMessaging(item.message, {
        splitLong: this.host.account.delivery.splitLong,
        formatting: this.platform.formatting,
        capabilities: this.capabilities,
        mimeOf: async (fileId) => (await this.host.files.read(fileId))?.mime ?? null,
        upload: (fileId, as) => this.upload(graph, page, fileId, as),
      });
      const done: string[] = item.firstTry ? [] : JSON.parse((await this.host.state.get(PARTS, [String(item.id)]))[String(item.id)] ?? '[]');
      for (let i = done.length; i < parts.length; i++) {
        const body = {
          recipient: { id: user },
          ...type,
          message: { ...parts[i], ...(this.platform.echoesMetadata ? { metadata: ECHO_MARK } : {}) },
        };
        const mid = await this.sentLog.sending(user, async () => {
          const answer = sendAnswer.parse(await graph.call('POST', `${page}/messages`, body));
          await this.sentLog.record(user, answer.message_id);
          return answer.message_id;
        });
        done.push(mid);
        if (parts.length > 1) await this.host.state.set({ [PARTS]: { [String(item.id)]: i === parts.length - 1 ? null : JSON.stringify(done) } });
      }
      return done[0] ? { externalId: done[0] } : {};
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      if (e.kind === 'permanent') throw new PermanentSendError(e.reason);
      // A refused token: the account shows why, and its rows wait for a new token instead of failing.
      if (e.kind === 'auth') this.fail(e.reason, e.code);
      throw new Error(e.reason);
    }
  }

  /** An Ozia file uploaded once per send as a reusable attachment (`POST /{page-id}/message_attachments`). */
  private async upload(graph: GraphClient, page: string, fileId: string, as: AttachmentType): Promise<{ attachmentId: string } | null> {
    const f = await this.host.files.read(fileId);
    if (!f) return null;
    const form = new FormData();
    if (this.platform.uploadPlatform) form.set('platform', this.platform.uploadPlatform);
    form.set('message', JSON.stringify({ attachment: { type: as, payload: { is_reusable: true } } }));
    form.set('filedata', new Blob([new Uint8Array(f.data)], { type: f.mime }), f.name);
    const up = uploadAnswer.parse(await graph.call('POST', `${page}/message_attachments`, form));
    return { attachmentId: up.attachment_id };
  }
}
