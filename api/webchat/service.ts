// The web chat's public side: what a visitor's browser may do on an account it knows only by its
// public id. No session: a visitor is their token (visitors.ts). Everything a visitor sends goes
// through the account's running channel (`host.receive`), like any channel's event; everything
// they see is read from the transcript of their own contact on that account, nothing else.
import { z } from 'zod';
import type { Attachment, OutgoingMessage, Reply } from '../../blocks/contract.js';
import { MAX_FILE_BYTES, megabytes } from '../../blocks/limits.js';
import type { Identity, InboundKind } from '../../runtime/channels/contract.js';
import type { WebchatHub, WebchatPort } from '../../runtime/channels/webchat/hub.js';
import { webchatSettings, type WebchatPublicConfig, type WebchatSettings } from '../../runtime/channels/webchat/settings.js';
import { OziaError } from '../../runtime/errors.js';
import type { Bus } from '../../runtime/bus.js';
import type { ChannelControl } from '../../runtime/channels/control.js';
import type { Db } from '../../runtime/db/connect.js';
import type { FileStore } from '../../runtime/files.js';
import type { FlowStore } from '../../runtime/flows.js';
import type { Runtime } from '../../runtime/runtime.js';
import { messageText } from '../message-text.js';
import { PerMinuteLimit } from './rate-limit.js';
import { newVisitorToken, visitorHash } from './visitors.js';

/** Files one message may carry. */
export const MAX_WEBCHAT_FILES = 5;

export class WebchatError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export interface WebchatAccount {
  id: string;
  settings: WebchatSettings;
}

export const sendInput = z.object({
  /** The browser's id for this message: a retried POST is the same message (stored once). */
  clientId: z.string().regex(/^[\w-]{8,64}$/, 'clientId: 8 to 64 letters, digits, - or _'),
  text: messageText().optional(),
  choiceIds: z.array(z.string().min(1).max(200)).max(50, 'choiceIds: at most 50').optional(),
  fileIds: z.array(z.string().min(1).max(64)).max(MAX_WEBCHAT_FILES, `fileIds: at most ${MAX_WEBCHAT_FILES} files`).optional(),
});
export type SendInput = z.input<typeof sendInput>;

/** One transcript row as the widget shows it. */
export interface WebchatFrame {
  id: number;
  direction: 'in' | 'out';
  author: 'contact' | 'bot' | 'agent' | 'system' | 'phone';
  /** The agent who wrote it (first name as the Inbox shows it). */
  agentName: string | null;
  body: OutgoingMessage | Record<string, unknown>;
  /** The visitor's own messages: the clientId they were sent with. */
  clientId: string | null;
  createdAt: string;
  status: string;
}

const CLIENT_PREFIX = 'wcv-';
const SHOWN_OUT = ['sent', 'delivered', 'read'] as const;

/** Who uploaded a visitor's file (files.created_by): no user, so nobody's session can reach it by ownership. */
const uploaderOf = (accountId: string, visitor: string) => `webchat:${accountId}:${visitor.slice(0, 16)}`;

/** What the visitor API uses of the app's services (named here, so this module imports no wiring). */
export interface WebchatServiceDeps {
  db: Db;
  bus: Bus;
  files: FileStore;
  runtime: Runtime;
  flows: FlowStore;
  channelControl: ChannelControl;
}

export class WebchatService {
  private readonly limit: PerMinuteLimit;
  private cache: { at: number; accounts: Map<string, WebchatAccount> } | null = null;

  constructor(
    private readonly app: WebchatServiceDeps,
    readonly hub: WebchatHub,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.limit = new PerMinuteLimit(() => this.clock().getTime());
  }

  private get k() {
    return this.app.db.kysely;
  }

  /** The live account with this public id; cached a few seconds (Settings changes show within them). */
  async account(publicId: string): Promise<WebchatAccount> {
    const now = this.clock().getTime();
    if (!this.cache || now - this.cache.at > 3000) {
      const rows = await this.k.selectFrom('channels').select(['id', 'settings']).where('kind', '=', 'webchat').where('deleted_at', 'is', null).execute();
      const accounts = new Map<string, WebchatAccount>();
      for (const r of rows) {
        const parsed = webchatSettings.safeParse(JSON.parse(r.settings));
        if (parsed.success) accounts.set(parsed.data.publicId, { id: r.id, settings: parsed.data });
      }
      this.cache = { at: now, accounts };
    }
    const found = this.cache.accounts.get(publicId);
    if (!found) throw new WebchatError(404, 'this chat does not exist (check the link)');
    return found;
  }

  /** Settings saved: the next request reads them. */
  forget() {
    this.cache = null;
  }

  /** The running channel; a web chat account runs whenever the server does, so a miss starts it. */
  private async channel(account: WebchatAccount): Promise<WebchatPort> {
    const running = this.hub.channel(account.id);
    if (running) return running;
    await this.app.channelControl.connect(account.id);
    const started = this.hub.channel(account.id);
    if (!started) throw new WebchatError(503, 'the chat is not available right now; try again in a minute');
    return started;
  }

  async config(account: WebchatAccount): Promise<WebchatPublicConfig> {
    const s = account.settings;
    return {
      publicId: s.publicId,
      title: s.title,
      color: s.color,
      avatarUrl: s.avatarFileId ? await this.app.files.signedPath(s.avatarFileId, 24 * 3600_000) : null,
      greeting: s.greeting,
      greetingDelaySeconds: s.greetingDelaySeconds,
      position: s.position,
      language: s.language,
    };
  }

  /** A new visitor gets a token; a returning one keeps theirs (the server cannot tell a made-up one from a new one). */
  start(token: string | null): { token: string } {
    return { token: token ?? newVisitorToken() };
  }

  /** The visitor's contact on the account, or null before their first message. */
  async contactOf(accountId: string, visitor: string): Promise<string | null> {
    const row = await this.k
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('channel_id', '=', accountId)
      .where('kind', '=', 'visitor')
      .where('value', '=', visitor)
      .executeTakeFirst();
    return row?.contact_id ?? null;
  }

  async send(account: WebchatAccount, token: string, raw: SendInput): Promise<{ duplicate: boolean }> {
    const input = sendInput.parse(raw);
    const visitor = visitorHash(token);
    const text = input.text ?? '';
    if (!text.trim() && !input.choiceIds?.length && !input.fileIds?.length) throw new WebchatError(400, 'text: write a message, choose an option or attach a file');
    const slot = this.limit.take(`${account.id}\u0000${visitor}`, account.settings.messagesPerMinute);
    if (!slot.ok) {
      throw new WebchatError(429, `too many messages: at most ${account.settings.messagesPerMinute} a minute; wait ${slot.retryAfterSeconds} s and send it again`, slot.retryAfterSeconds);
    }
    const channel = await this.channel(account);
    const attachments = await this.attachments(account.id, visitor, input.fileIds ?? []);
    const reply: Reply = { text, ...(input.choiceIds?.length ? { choiceIds: input.choiceIds } : {}), ...(attachments.length ? { attachments } : {}) };
    const before = await this.contactOf(account.id, visitor);
    const question = before ? await this.identityQuestion(before) : null;
    const externalId = CLIENT_PREFIX + input.clientId;
    const identity: Identity = { kind: 'visitor', value: visitor };
    // Listening starts before the message is stored: its turn may end before `receive` returns.
    const turnEnded = before ? this.turnOf(before, externalId) : null;
    const r = await channel.receive({
      type: 'message',
      externalId,
      at: this.clock().toISOString(),
      from: { identities: [identity] },
      kind: (attachments[0]?.kind as InboundKind | undefined) ?? 'text',
      reply,
    });
    const contactId = before ?? (await this.contactOf(account.id, visitor));
    if (!r.duplicate && contactId) {
      // By visitor: a first message's stream does not know its contact yet.
      this.hub.toVisitor(account.id, visitor, { type: 'typing', on: true });
      const ended = turnEnded ?? this.turnOf(contactId, externalId);
      void ended
        .then(async (variables) => {
          if (attachments.length) await this.linkFiles(account.id, externalId, attachments);
          const value = question && variables ? variables[question.variableId] : undefined;
          if (question && typeof value === 'string' && value) await this.becomeKnown(channel, identity, question.kind, value);
        })
        .catch((e) => channel.log('warn', 'after a visitor message', { error: String(e) }));
    } else turnEnded?.catch(() => {});
    return { duplicate: r.duplicate };
  }

  /** The variables after the turn that answered the message `externalId` (null after 30 s without one). */
  private turnOf(contactId: string, externalId: string): Promise<Record<string, unknown> | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        off();
        resolve(null);
      }, 30_000);
      timer.unref?.();
      const off = this.app.bus.on('turn', (t) => {
        if (t.contactId !== contactId || t.inboundMessageId === null) return;
        void this.k
          .selectFrom('messages')
          .select('external_id')
          .where('id', '=', t.inboundMessageId)
          .executeTakeFirst()
          .then((m) => {
            if (m?.external_id !== externalId) return;
            clearTimeout(timer);
            off();
            resolve(t.variables as Record<string, unknown>);
          });
      });
    });
  }

  /** The e-mail or phone input the contact's session waits on, with the variable it saves into. */
  private async identityQuestion(contactId: string): Promise<{ kind: 'email' | 'phone'; variableId: string } | null> {
    const state = await this.app.runtime.contactState(contactId);
    const waiting = state?.session?.state.waiting;
    if (!state?.session || waiting?.kind !== 'reply') return null;
    const { doc } = await this.app.flows.versionDocument(state.session.flowVersionId);
    const block = doc.groups.flatMap((g) => g.blocks).find((b) => b.id === waiting.blockId);
    const variableId = (block?.options as { variableId?: string } | undefined)?.variableId;
    if (!block || !variableId) return null;
    if (block.kind === 'input-email') return { kind: 'email', variableId };
    if (block.kind === 'input-phone') return { kind: 'phone', variableId };
    return null;
  }

  /**
   * The visitor said who they are: their e-mail or phone becomes an identity of theirs on the
   * account, and when another visitor (another browser) gave it before, the two are one contact —
   * the runtime's own link event and merge, as WhatsApp's LID mapping uses.
   */
  private async becomeKnown(channel: WebchatPort, visitor: Identity, kind: 'email' | 'phone', value: string) {
    const normalised = kind === 'email' ? value.trim().toLowerCase() : value.replace(/\D/g, '');
    if (!normalised) return;
    await channel.receive({ type: 'link', identities: [visitor, { kind, value: normalised }] });
  }

  /** Each file uploaded by this very visitor on this account, and not used anywhere yet. */
  private async attachments(accountId: string, visitor: string, fileIds: string[]): Promise<Attachment[]> {
    const out: Attachment[] = [];
    for (const [i, fileId] of [...new Set(fileIds)].entries()) {
      const row = await this.app.files.row(fileId);
      const missing = new WebchatError(400, `fileIds.${i}: the file was not found; attach it again`);
      if (!row || row.created_by !== uploaderOf(accountId, visitor)) throw missing;
      const used = await this.k.selectFrom('file_links').select('owner_id').where('file_id', '=', row.id).executeTakeFirst();
      if (used) throw missing;
      const info = await this.app.files.info(row.id);
      if (!info) throw missing;
      out.push({ fileId: info.id, url: info.url, kind: info.media, mime: info.mime, name: info.name, size: info.size });
    }
    return out;
  }

  /** The agents serving the conversation may open the visitor's files. */
  private async linkFiles(accountId: string, externalId: string, attachments: Attachment[]) {
    const row = await this.k.selectFrom('messages').select('conversation_id').where('channel', '=', accountId).where('external_id', '=', externalId).executeTakeFirst();
    if (row) await this.app.files.link(attachments.map((a) => a.fileId), 'conversation', row.conversation_id);
  }

  /** A file the visitor attaches: the test chat's limits (16 MB, the types WhatsApp takes, content matching its type). */
  async upload(account: WebchatAccount, token: string, file: { data: Buffer; mime: string; name: string }): Promise<{ fileId: string; name: string; mime: string; size: number }> {
    const visitor = visitorHash(token);
    const slot = this.limit.take(`${account.id}\u0000${visitor}\u0000files`, account.settings.messagesPerMinute);
    if (!slot.ok) throw new WebchatError(429, `too many files: wait ${slot.retryAfterSeconds} s and attach it again`, slot.retryAfterSeconds);
    if (file.data.length > MAX_FILE_BYTES) throw new WebchatError(413, `file: larger than ${megabytes(MAX_FILE_BYTES)} MB`);
    try {
      const saved = await this.app.files.save({ ...file, userId: uploaderOf(account.id, visitor) });
      return { fileId: saved.id, name: saved.name, mime: saved.mime, size: saved.size };
    } catch (e) {
      if (e instanceof OziaError) throw new WebchatError(400, e.message.replace('cannot be sent on WhatsApp', 'cannot be sent here'));
      throw e;
    }
  }

  /**
   * The visitor's transcript rows after `afterId`: their messages, and what was sent to them
   * (rows still waiting in the outbox are not shown yet, unless the channel just handed them over).
   */
  async frames(accountId: string, contactId: string, afterId: number, handed: ReadonlySet<number> = new Set()): Promise<{ frames: WebchatFrame[]; waitingFor: number | null }> {
    const rows = await this.k
      .selectFrom('messages as m')
      .leftJoin('users as u', 'u.id', 'm.user_id')
      .select(['m.id', 'm.direction', 'm.author', 'm.body', 'm.status', 'm.created_at', 'm.external_id', 'm.deleted_at', 'u.name as agent_name'])
      .where('m.contact_id', '=', contactId)
      .where('m.channel', '=', accountId)
      .where('m.id', '>', afterId)
      .where('m.direction', 'in', ['in', 'out'])
      .orderBy('m.id')
      .limit(200)
      .execute();
    const out: WebchatFrame[] = [];
    let waitingFor: number | null = null;
    for (const r of rows) {
      // In order: nothing after a row still waiting in the outbox. A failed one never reached the visitor.
      if (r.direction === 'out' && r.status === 'pending' && !handed.has(r.id)) {
        waitingFor = r.id;
        break;
      }
      if (r.direction === 'out' && !(SHOWN_OUT as readonly string[]).includes(r.status) && !handed.has(r.id)) continue;
      if (r.deleted_at) continue;
      out.push({
        id: r.id,
        direction: r.direction as 'in' | 'out',
        author: r.author,
        agentName: r.author === 'agent' ? (r.agent_name ?? null) : null,
        body: await this.visible(JSON.parse(r.body) as Record<string, unknown>),
        clientId: r.direction === 'in' && r.external_id?.startsWith(CLIENT_PREFIX) ? r.external_id.slice(CLIENT_PREFIX.length) : null,
        createdAt: r.created_at,
        status: r.status,
      });
    }
    return { frames: out, waitingFor };
  }

  /** Ozia's own file links become signed ones (the visitor has no session); nothing internal leaves. */
  private async visible(body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const sign = async (url: unknown) => {
      const m = typeof url === 'string' ? /^\/api\/files\/([\w-]+)$/.exec(url) : null;
      return m ? this.app.files.signedPath(m[1], 24 * 3600_000) : url;
    };
    const { fileId: _f, previous: _p, ...rest } = body as Record<string, unknown> & { fileId?: unknown; previous?: unknown };
    if ('url' in rest) rest.url = await sign(rest.url);
    if (Array.isArray(rest.items)) rest.items = await Promise.all((rest.items as { imageUrl?: string }[]).map(async (i) => (i.imageUrl ? { ...i, imageUrl: await sign(i.imageUrl) } : i)));
    if (Array.isArray(rest.more)) rest.more = await Promise.all((rest.more as Attachment[]).map(async ({ fileId: _id, ...a }) => ({ ...a, url: await sign(a.url) })));
    return rest;
  }

  /** The widget showed these rows (delivered) or the visitor saw them with the chat open (read). */
  async ack(account: WebchatAccount, token: string, ids: number[], status: 'delivered' | 'read'): Promise<void> {
    const contactId = await this.contactOf(account.id, visitorHash(token));
    if (!contactId || !ids.length) return;
    // Only the visitor's own rows: a forged id of someone else's message changes nothing.
    const own = await this.k
      .selectFrom('messages')
      .select('id')
      .where('contact_id', '=', contactId)
      .where('channel', '=', account.id)
      .where('direction', '=', 'out')
      .where('id', 'in', ids.slice(0, 200))
      .execute();
    const channel = this.hub.channel(account.id);
    if (channel && own.length) await channel.report(own.map((r) => r.id), status);
  }
}
