// One Messenger Platform account: a Facebook Page on Messenger, or an Instagram professional
// account (sending through its linked Page). No socket: Meta calls the account's webhook URL
// (signed with the app secret, validated, every event stored through the host before the 200
// that tells Meta it arrived), and the outbox's rows go out through the Send API, each within
// Meta's windows (24 hours, or 7 days for an agent's reply with the HUMAN_AGENT tag). The two
// kinds differ only in their `MessagingPlatform`.
import { z } from 'zod';
import type { ChannelAccount, ChannelCapabilities, ChannelHost, Identity, ManagedChannel, OutboxItem, WebhookAnswer, WebhookRequest } from '../../contract.js';
import { PermanentSendError } from '../../contract.js';
import { GraphClient, GraphError } from '../graph.js';
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
/** After a failed check Meta could not answer (network, 5xx), the next one. */
const RECHECK_MS = 30_000;
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

export interface MessagingChannelOptions {
  graphBaseUrl: string;
  fetch?: typeof fetch;
}

const sendAnswer = z.object({ message_id: z.string().min(1) }).loose();
const uploadAnswer = z.object({ attachment_id: z.string().min(1) }).loose();
const node = z.record(z.string(), z.unknown());

export class MessagingChannel<S extends MessagingAccountSettings> implements ManagedChannel {
  readonly capabilities: ChannelCapabilities;
  private settings: S;
  private graph: GraphClient | null = null;
  private open = false;
  private stopped = true;
  private recheck: NodeJS.Timeout | null = null;
  private readonly wakers: (() => void)[] = [];
  private readonly sentLog: SentLog;
  private readonly names: ProfileNames;

  constructor(
    private readonly host: ChannelHost,
    private readonly platform: MessagingPlatform<S>,
    private readonly opts: MessagingChannelOptions,
  ) {
    this.capabilities = platform.capabilities;
    this.settings = platform.settings.parse(host.account.settings ?? {});
    this.sentLog = new SentLog(host.state, host.clock);
    this.names = new ProfileNames(
      async (user) => platform.profileName(node.parse(await this.client().call('GET', `${encodeURIComponent(user)}?fields=${platform.profileFields}`))),
      async (user, name) => void (await host.receive({ type: 'profile', identities: [{ kind: platform.identity, value: user }], name })),
      (level, message, data) => host.log(level, message, data),
    );
  }

  get id() {
    return this.host.account.id;
  }

  ready(): boolean {
    return this.open;
  }

  onReady(wake: () => void) {
    this.wakers.push(wake);
  }

  /** Checks the token against the account's node: open, or an error with Meta's reason. */
  async start(): Promise<void> {
    this.stopped = false;
    this.clearRecheck();
    this.host.lifecycle({ state: 'connecting' });
    let graph: GraphClient;
    try {
      graph = this.client();
    } catch (e) {
      this.fail(`the access token cannot be read: ${(e as Error).message}`);
      return;
    }
    try {
      const answer = node.parse(await graph.call('GET', this.platform.checkPath(this.settings)));
      if (this.stopped) return;
      this.open = true;
      this.host.lifecycle({ state: 'open', me: { phone: null, name: this.platform.nameOfAccount(answer) } });
      for (const wake of this.wakers) wake();
    } catch (e) {
      if (this.stopped) return;
      const g = e instanceof GraphError ? e : null;
      this.fail(g?.reason ?? String(e), g?.code);
      // Meta or the network down: looked at again later. A refused token waits for a new one.
      if (!g || g.kind === 'retryable') {
        this.recheck = setTimeout(() => void this.start(), RECHECK_MS);
        this.recheck.unref?.();
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.open = false;
    this.clearRecheck();
  }

  reconfigure(account: ChannelAccount) {
    const next = this.platform.settings.safeParse(account.settings ?? {});
    if (!next.success) return;
    this.settings = next.data;
    this.graph = null;
    // New credentials are checked at once.
    if (!this.stopped) void this.start();
  }

  private clearRecheck() {
    if (this.recheck) clearTimeout(this.recheck);
    this.recheck = null;
  }

  private fail(detail: string, code?: number) {
    this.open = false;
    this.host.lifecycle({ state: 'error', detail, ...(code !== undefined ? { code } : {}) });
  }

  private client(): GraphClient {
    this.graph ??= new GraphClient({ baseUrl: this.opts.graphBaseUrl, token: this.host.secrets.open(this.settings.accessToken), fetch: this.opts.fetch });
    return this.graph;
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
    if (!this.open) throw new Error('the account is not connected');
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
