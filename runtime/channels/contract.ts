// The channel contract: the only thing a channel folder (`runtime/channels/<kind>/`) needs
// from the rest of Ozia, and the only thing the runtime knows of a channel.
//
// A channel account (a WhatsApp number, the test chat) is a `channels` row. Its kind's folder
// turns provider events into `InboundEvent`s given to the `ChannelHost`, and sends the outbox
// rows the runtime hands its adapter. Capabilities tell the renderer what the channel can show,
// so a block never hard-codes one channel's limits.
import type { z } from 'zod';
import type { Attachment, Localized, MediaType, OutgoingMessage, Reply } from '../../blocks/contract.js';

/** Kinds of channel account; each is one folder and one line in `registry.ts`. */
export type ChannelKind = 'test' | 'whatsapp' | 'webchat' | 'cloud-api' | 'messenger' | 'instagram';

/**
 * How a person is known on one channel account. A contact has one or more.
 * bsuid: Meta's business-scoped user id (Cloud API `user_id`, e.g. `BR.1502…`).
 * psid: a Facebook Page's page-scoped id of a Messenger user; igsid: an Instagram professional
 * account's Instagram-scoped id of a user. Both are opaque digits, one per person and account.
 */
export type IdentityKind = 'phone' | 'lid' | 'bsuid' | 'psid' | 'igsid' | 'username' | 'visitor' | 'email';

export interface Identity {
  kind: IdentityKind;
  /** Normalised: phone = E.164 digits without '+', lid = the LID user part, email lower-cased, others as given. */
  value: string;
}

/** Who sent an inbound event, as the channel knows them. */
export interface ContactAddress {
  /** Every identity the event carries (WhatsApp: the LID and, when known, the phone number). */
  identities: Identity[];
  /** The name the person gave the provider (WhatsApp push name). */
  name?: string | null;
  /** E.164 digits, when the provider told it. */
  phone?: string | null;
}

/** What a channel shows. The renderer (`render.ts`) turns block output into what fits. */
export interface ChannelCapabilities {
  /** Real reply buttons, or null: choices go as numbered text (and polls, where enabled). */
  buttons: { max: number; labelMax: number } | null;
  /** Real list messages, or null. */
  lists: { max: number } | null;
  /** Polls a vote on which answers a choice (WhatsApp), or null. */
  polls: { maxOptions: number; labelMax: number } | null;
  media: readonly MediaType[];
  /** Longest text one message may carry; longer texts are split (when the account allows) or cut. */
  maxText: number;
  typing: boolean;
  /** The provider reports delivered and read. */
  receipts: boolean;
  /** A sent message can be deleted for everyone / quoted. */
  revoke: boolean;
  quote: boolean;
  /** Sends provider-approved message templates (the Cloud API): the Inbox offers them where free text is refused. */
  templates?: boolean;
}

/** Inbound transcript kinds beyond text; the body shapes live in `runtime/transcript.ts`. */
export type InboundKind = 'text' | MediaType | 'sticker' | 'location' | 'contact' | 'undecryptable' | 'unsupported';

/** A message a person sent (or the business sent from its phone: `fromMe`). */
export interface InboundMessageEvent {
  type: 'message';
  /** The provider's message id; unique per channel account (a repeat is a duplicate). */
  externalId: string;
  /** The provider's timestamp (ISO-8601). */
  at: string;
  from: ContactAddress;
  kind: InboundKind;
  /** What the engine reads: text (or caption), choice ids of a real click, attachments already saved. */
  reply: Reply;
  /** The provider id of the message this one answers (reply-to). */
  quotedExternalId?: string;
  /** Sent by the business from the phone: shown in the Inbox, pauses the bot for this contact. */
  fromMe?: boolean;
  /** Arrived late (WhatsApp `append`): stored for the Inbox, answered only if newer than `answerAfter`. */
  late?: boolean;
  /** Why the content is missing: a file over the size limit, a message that could not be decrypted. */
  unavailable?: { reason: string };
  /** Contact cards (kind 'contact'). */
  contacts?: { name: string; phones: string[] }[];
  /** An audio recorded as a voice note. */
  voice?: boolean;
  /** What an 'unsupported' message was (WhatsApp's message type), for the Inbox. */
  what?: string;
  /** An Instagram story the message answers (`reply`) or that mentioned the business (`mention`). */
  story?: StoryRef;
}

/** A story a message is about, with its media when it could be downloaded (stories expire in 24 h). */
export interface StoryRef {
  type: 'reply' | 'mention';
  /** The provider's id of the story, when given. */
  storyId?: string;
  media?: Attachment;
  /** Why the story's media is missing (expired, over the size limit). */
  unavailable?: { reason: string };
}

export interface ReactionEvent {
  type: 'reaction';
  /** The provider id of the message reacted to. */
  externalId: string;
  from: ContactAddress;
  /** The emoji; '' removes the reaction. */
  emoji: string;
  at: string;
  fromMe?: boolean;
}

export interface EditEvent {
  type: 'edit';
  externalId: string;
  from: ContactAddress;
  text: string;
  at: string;
}

export interface DeleteEvent {
  type: 'delete';
  externalId: string;
  from: ContactAddress;
  at: string;
}

export type DeliveryState = 'sent' | 'delivered' | 'read' | 'failed';

/** The provider's word on a message Ozia sent. States only move forward (read never becomes delivered). */
export interface StatusEvent {
  type: 'status';
  externalId: string;
  status: DeliveryState;
  error?: string;
  at: string;
}

/** Two identities are one person (WhatsApp `lid-mapping.update`): their contacts merge. */
export interface LinkEvent {
  type: 'link';
  identities: Identity[];
}

/**
 * The name the provider's profile gives a person, learnt after their message was stored (Meta's
 * Graph profile is asked apart so storing never waits for it): a contact without a name gets it.
 */
export interface ProfileEvent {
  type: 'profile';
  identities: Identity[];
  name: string;
}

export type InboundEvent = InboundMessageEvent | ReactionEvent | EditEvent | DeleteEvent | StatusEvent | LinkEvent | ProfileEvent;

/** What Settings shows about an account, live. */
export type ChannelState =
  | 'stopped'
  | 'connecting'
  | 'qr'
  | 'pairing_code'
  | 'open'
  | 'reconnecting'
  | 'logged_out'
  | 'forbidden'
  | 'replaced'
  | 'error';

export interface ChannelStatus {
  state: ChannelState;
  /** When the account entered this state (ISO-8601). */
  since: string;
  /** The QR code's text while `qr` (the browser draws it), the pairing code while `pairing_code`. */
  qr?: string;
  pairingCode?: string;
  /** QR codes shown so far in this attempt, and the cap after which Settings offers "Gerar novo QR". */
  qrAttempt?: number;
  qrLimit?: number;
  /** Reconnecting: attempt n, the next try's moment. */
  attempt?: number;
  nextAt?: string;
  /** Connected as: E.164 digits and the name WhatsApp shows. */
  me?: { phone: string | null; name: string | null };
  /** The provider's code and words for why it closed (401, 403, 440…). */
  code?: number;
  detail?: string;
}

/** One outgoing transcript row, as an adapter sends it. */
export interface OutboxItem {
  /** Transcript id (messages.id). */
  id: number;
  /** Channel account id. */
  channel: string;
  contactId: string;
  conversationId: string;
  /** Where it goes: the contact's identity on this account most recently seen. */
  to: Identity | null;
  message: OutgoingMessage;
  blockId: string | null;
  /**
   * Who wrote it: the bot (a flow's block), an agent in the Inbox, or the system (queue notices,
   * CSAT). Meta lets only a person's reply past its 24-hour window (the HUMAN_AGENT tag).
   */
  author: OutboxAuthor;
  /** The provider id of the message this one quotes. */
  quotedExternalId: string | null;
  createdAt: string;
  attempts: number;
  /**
   * No send of this row can have begun before: it came straight from the commit that wrote it, on
   * its first try. When false a part may already be out (a crash, a retry, another process), so an
   * adapter that records parts as it sends looks them up first.
   */
  firstTry: boolean;
}

export type OutboxAuthor = 'bot' | 'agent' | 'system';

/** Thrown by `send` when trying again cannot help ("not on WhatsApp"): the row fails at once with the reason. */
export class PermanentSendError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PermanentSendError';
  }
}

/** A channel account's row, its common settings parsed. */
export interface ChannelAccount<Settings = unknown> {
  id: string;
  kind: ChannelKind;
  name: string;
  /** The flow whose published version new sessions run; null with `botOff`, or nothing bound yet. */
  flowId: string | null;
  delivery: DeliverySettings;
  /** Kind-specific settings, validated by the kind's `settings` schema. */
  settings: Settings;
}

/** How the outbox paces one account's messages (Settings → Canais). */
export interface DeliverySettings {
  /** Every new conversation goes straight to this department, the bot never answers. */
  botOffDepartmentId: string | null;
  /** Typing shown before a text, per character, capped (ms). 0: none. */
  typingMsPerChar: number;
  typingMaxMs: number;
  /** Texts longer than the channel's limit go as several messages instead of being cut. */
  splitLong: boolean;
  /** At most this many messages a minute leave this account (0: no limit), each spaced with jitter. */
  perMinute: number;
  /** Minutes the bot stays silent for a contact after the business wrote from its phone. */
  pauseAfterPhoneMinutes: number;
}

/** Storage a channel keeps for itself, scoped to its account (WhatsApp's auth keys). */
export interface ChannelStateStore {
  get(type: string, ids: string[]): Promise<Record<string, string>>;
  /** Every entry of one type (a channel's journal of work not yet done). */
  list(type: string): Promise<Record<string, string>>;
  /** Writes (string) and deletes (null) in one transaction. */
  set(data: Record<string, Record<string, string | null>>): Promise<void>;
  clear(): Promise<void>;
}

/** A message template's review at the provider, as it changed. */
export interface TemplateStatusChange {
  /** The provider's template id. */
  providerId: string;
  name: string;
  language: string;
  /** APPROVED, REJECTED, PAUSED, DISABLED… */
  status: string;
  /** Why (a rejection's reason); null when the provider gives none. */
  reason: string | null;
}

/** What Ozia gives a channel. Nothing else of the runtime is visible to it. */
export interface ChannelHost {
  readonly account: ChannelAccount;
  /** Stores the event durably (a message before any block runs); resolves once committed. */
  receive(e: InboundEvent): Promise<{ duplicate: boolean }>;
  /** Reports the account's state for Settings. */
  lifecycle(status: Omit<ChannelStatus, 'since'>): void;
  files: {
    save(data: Buffer, mime: string, name?: string): Promise<{ id: string; url: string }>;
    read(id: string): Promise<{ data: Buffer; mime: string; name: string } | null>;
  };
  state: ChannelStateStore;
  /** What a quoted message said, by provider id (a reply shows it above the answer). */
  quotable(externalId: string): Promise<{ fromMe: boolean; text: string } | null>;
  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>): void;
  clock(): Date;
  /**
   * When the contact last wrote on this account (ISO-8601), or null when they never did: where
   * Meta's reply windows start (free text only within 24 hours of it on the Cloud API).
   */
  lastInboundAt(contactId: string): Promise<string | null>;
  /** A provider template's review changed (Meta's `message_template_status_update`): the account's stored template follows. */
  templateStatus(change: TemplateStatusChange): Promise<void>;
  /** Opens a settings value sealed at rest (runtime/secrets): an access token, an app secret. Throws when it cannot. */
  secrets: { open(sealed: string): string };
}

/** An HTTP request a provider made to the account's webhook URL (`/api/meta/webhook/<id>`), body unparsed. */
export interface WebhookRequest {
  method: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes as received: signatures are over them. */
  body: Buffer;
}

export interface WebhookAnswer {
  status: number;
  body: string;
  contentType?: string;
  /** Keys (webhookKey) of other accounts this delivery also carried: the manager hands it to them too. */
  unclaimed?: string[];
}

/** A started channel account. */
export interface ChannelAdapter {
  /** Channel account id (messages.channel). */
  readonly id: string;
  readonly capabilities: ChannelCapabilities;
  /** False while it cannot send (disconnected): its rows wait in its lane instead of failing. */
  ready(): boolean;
  /** Called by the lane to be told when `ready()` turns true. */
  onReady?(wake: () => void): void;
  /** Sends one row; returns the provider's id. Throws `PermanentSendError`, or anything else to retry. */
  send(item: OutboxItem): Promise<{ externalId?: string; provider?: string }>;
  /** Shows "typing…" to `to` for about `ms`. */
  typing?(to: Identity, ms: number): Promise<void>;
  /** Deletes a sent message for everyone. */
  revoke?(to: Identity, externalId: string): Promise<void>;
}

/** What a channel kind is told when an agent wants to write first to a contact on one of its accounts. */
export interface FreeTextStartFacts {
  /** When the contact last wrote on this account (ISO-8601), or null when they never did. */
  lastInboundAt: string | null;
  now: Date;
}

/** One folder's export, registered with one line in `registry.ts`. */
export interface ChannelDefinition<Settings = unknown> {
  kind: ChannelKind;
  label: Localized;
  settings: z.ZodType<Settings>;
  capabilities: ChannelCapabilities;
  /** exclusive: one process holds the account at a time (a lease row on PostgreSQL). */
  placement: 'exclusive' | 'shared';
  /** Webhook kinds: the key a provider names the account by in a delivery (Meta's phone number id). */
  webhookKey?(settings: Settings): string | null;
  create(host: ChannelHost): ManagedChannel;
  /**
   * Whether an agent may open a conversation on this kind with a free text; the reason when not
   * (the Cloud API outside its 24-hour window takes only templates). Absent: always allowed. The
   * Inbox shows the reason in the composer and the server refuses such a start with it.
   */
  freeTextStart?(facts: FreeTextStartFacts): { reason: Localized } | null;
}

/** A channel account as the manager drives it: the adapter the outbox sends through, plus its lifecycle. */
export interface ManagedChannel extends ChannelAdapter {
  /** Connects (a QR code, or a pairing code for `pairingPhone`); restarts an expired QR. */
  start(how?: { pairingPhone?: string }): Promise<void>;
  /** Closes and keeps the session. */
  stop(): Promise<void>;
  /** Logs out at the provider and forgets the session: the next start asks for a new QR. */
  logout?(): Promise<void>;
  /** The account's settings changed (Settings → Canais). */
  reconfigure?(account: ChannelAccount): void;
  reconnectsToday?(): number;
  /** A provider's call to the account's webhook URL; answered once what it carried is stored. */
  webhook?(req: WebhookRequest): Promise<WebhookAnswer>;
}

export type { Attachment, Reply };
