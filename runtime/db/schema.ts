// Table types for Kysely. Times are ISO-8601 UTC strings (they sort as text on both SQLite and
// PostgreSQL); JSON is stored as text and parsed with zod where it crosses a boundary.
import type { Generated, Insertable, Selectable } from 'kysely';

export interface UsersTable {
  id: string;
  email: string;
  name: string;
  role: 'supervisor' | 'operator';
  password_hash: string;
  active: number;
  created_at: string;
  updated_at: string;
  status: Generated<UserStatus>;
  /** Most conversations served at once before round-robin skips this agent. */
  capacity: Generated<number>;
  /** 1: the server prefixes `*Name:*` to what this agent sends. */
  signature: Generated<number>;
  last_assigned_at: string | null;
}

export type UserStatus = 'online' | 'away' | 'offline';

export interface AuthSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  /** Last request on this session (updated at most once a minute), for the idle timeout. */
  last_seen_at: string | null;
}

/** Login attempts per `email:` or `ip:` key; times in epoch milliseconds. */
export interface LoginAttemptsTable {
  key: string;
  failures: number;
  last_at: number;
  /** The next attempt is refused before this moment. */
  not_before: number;
}

export interface FlowsTable {
  id: string;
  name: string;
  draft: string;
  draft_revision: number;
  published_version_id: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string | null;
}

export interface FlowVersionsTable {
  id: string;
  flow_id: string;
  /** 1, 2, 3… for published versions; null for test-chat snapshots of a draft. */
  number: number | null;
  kind: 'published' | 'snapshot';
  document: string;
  note: string;
  created_at: string;
  created_by: string | null;
}

/** A person. How channels know them is in `contact_identities`; `channel`/`external_id` are the first one. */
export interface ContactsTable {
  id: string;
  channel: string;
  external_id: string;
  name: string | null;
  phone: string | null;
  created_at: string;
  /** The bot stays silent for this contact until then (the business wrote from its phone). */
  bot_paused_until: Generated<string | null>;
  email: Generated<string | null>;
  notes: Generated<string | null>;
  /** Custom field values by key, JSON (runtime/contacts/fields.ts); null: none. */
  fields: Generated<string | null>;
  updated_at: Generated<string | null>;
  /** The last message exchanged with them (whispers aside), kept by a sweep behind the turns. */
  last_contact_at: Generated<string | null>;
  /** The digits of their CPF/CNPJ field values, space-separated, for search. */
  document: Generated<string | null>;
  /** Who added them by hand (an operator sees the contacts they added). */
  created_by: Generated<string | null>;
  /** Since when the contact is blocked: messages stored, nothing automated answers them. */
  blocked_at: Generated<string | null>;
  /** The user who blocked them. */
  blocked_by: Generated<string | null>;
  block_reason: Generated<string | null>;
}

/** A contact merged into another: where the person went (ids and who merged; no personal data). */
export interface ContactMergesTable {
  loser_id: string;
  survivor_id: string;
  merged_at: string;
  /** The user who merged them by hand; null when ingest found them to be one person. */
  merged_by: string | null;
}

/** A past flow run's variables, kept when its session was replaced (restart, timeout, merge). */
export interface FlowRunsTable {
  id: Generated<number>;
  contact_id: string;
  flow_id: string;
  flow_version_id: string;
  started_at: string;
  last_activity_at: string;
  /** Variables JSON by name (the names of the version it ran), as the session held them. */
  variables: string;
}

/** A tag on the person, whatever conversation they are in. */
export interface ContactTagsTable {
  contact_id: string;
  tag_id: string;
  created_at: string;
}

export type ContactFieldType = 'text' | 'number' | 'date' | 'list' | 'yes_no' | 'cpf_cnpj';

/** A custom field's definition (Settings → Campos personalizados). */
export interface ContactFieldsTable {
  id: string;
  /** What templates and stored values name it by (`{{contact.<key>}}`); never changes. */
  key: string;
  label: string;
  type: ContactFieldType;
  /** string[] JSON: a list field's options. */
  options: Generated<string>;
  position: number;
  created_at: string;
}

/** A user's saved filter of the contacts list (ContactQuery JSON). */
export interface ContactFiltersTable {
  id: string;
  user_id: string;
  name: string;
  query: string;
  created_at: string;
}

/** One way a channel account knows a person (WhatsApp phone number and LID, a web visitor id). */
export interface ContactIdentitiesTable {
  channel_id: string;
  kind: 'phone' | 'lid' | 'bsuid' | 'psid' | 'igsid' | 'username' | 'visitor' | 'email';
  value: string;
  contact_id: string;
  created_at: string;
  /** Replies go to the identity seen last on that account. */
  last_seen_at: string;
}

/** A channel account: a WhatsApp number, the test chat (id 'test'). `messages.channel` holds its id. */
export interface ChannelsTable {
  id: string;
  kind: string;
  name: string;
  /** The flow whose published version new sessions run. */
  flow_id: string | null;
  /** DeliverySettings JSON (runtime/channels/contract.ts). */
  delivery: string;
  /** The kind's own settings JSON. */
  settings: string;
  /** ChannelStatus JSON, last reported. */
  status: string;
  created_at: string;
  updated_at: string;
  /** Deleted accounts keep their row so their conversations still name them. */
  deleted_at: string | null;
}

/** What a channel keeps for itself, per account (WhatsApp's creds and signal keys, one row each). */
export interface ChannelStateTable {
  channel_id: string;
  type: string;
  id: string;
  value: string;
}

/** A Cloud API account's message template, as Meta last told it (runtime/channels/message-templates.ts). */
export interface MessageTemplatesTable {
  channel_id: string;
  /** Meta's template id. */
  provider_id: string;
  name: string;
  /** Meta's code: `pt_BR`, `en_US`. */
  language: string;
  /** MARKETING, UTILITY, AUTHENTICATION. */
  category: string;
  /** APPROVED, PENDING, REJECTED, PAUSED, DISABLED… */
  status: string;
  rejected_reason: string | null;
  /** POSITIONAL (`{{1}}`) or NAMED (`{{nome}}`). */
  parameter_format: string;
  /** JSON: the components exactly as Meta returns them. */
  components: string;
  /** JSON: TemplateVariable[] (component, name, example). */
  variables: string;
  synced_at: string;
}

/** Who holds an exclusive account (one WhatsApp socket per number across processes); epoch ms. */
export interface ChannelLeasesTable {
  channel_id: string;
  holder: string;
  expires_at: number;
}

export interface SessionsTable {
  contact_id: string;
  flow_id: string;
  flow_version_id: string;
  state: string;
  /** Optimistic lock: a turn commits only if nobody else committed since it loaded. */
  version: number;
  updated_at: string;
}

export type Stage = 'bot' | 'waiting' | 'in_service' | 'closed';
export type HandoffMode = 'agent' | 'auto' | 'queue';

export interface ConversationsTable {
  id: string;
  contact_id: string;
  channel: string;
  stage: Stage;
  opened_at: string;
  closed_at: string | null;
  last_message_at: string;
  department_id: string | null;
  agent_id: string | null;
  /** A handoff to a specific agent waits for that agent when they are away or full. */
  preferred_agent_id: string | null;
  handoff_mode: HandoffMode | null;
  waiting_since: string | null;
  assigned_at: string | null;
  first_reply_at: string | null;
  /** When an agent finished it; `closed_at` follows once the CSAT survey is answered or skipped. */
  finished_at: string | null;
  /** A user id, or 'system' (auto-close), or 'bot' (the flow ended). */
  closed_by: string | null;
  close_reason: string | null;
  /** 'asked' while the contact's CSAT answer is awaited. */
  csat_state: 'asked' | null;
  csat_score: number | null;
  csat_comment: string | null;
  /** The contact's messages the agents have not read yet (or 1 when marked unread). */
  unread: Generated<number>;
  last_preview: string | null;
  /** The retention cutoff the last sweep applied to it (runtime/retention/job.ts). */
  retention_through: Generated<string | null>;
  /** Its messages before this moment were deleted by the retention policy. */
  purged_before: Generated<string | null>;
}

export interface MessagesTable {
  id: Generated<number>;
  conversation_id: string;
  contact_id: string;
  channel: string;
  /** 'note': a whisper between agents, never sent. */
  direction: 'in' | 'out' | 'note';
  /** 'phone': the business wrote it from the WhatsApp app on its phone. */
  author: 'contact' | 'bot' | 'agent' | 'system' | 'phone';
  kind: string;
  body: string;
  block_id: string | null;
  created_at: string;
  /** 'received' for the contact's messages; 'pending' → 'sent' → 'delivered' → 'read' (or 'failed') for outgoing ones. */
  status: 'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';
  attempts: number;
  /** Not before: a failed delivery waits out its backoff. */
  available_at: string | null;
  sent_at: Generated<string | null>;
  error: Generated<string | null>;
  /** The agent who wrote it (author 'agent'). */
  user_id: Generated<string | null>;
  /** The provider's id (WhatsApp key id); unique per channel account. */
  external_id: Generated<string | null>;
  delivered_at: Generated<string | null>;
  read_at: Generated<string | null>;
  /** The transcript id of the message this one answers. */
  quoted_id: Generated<number | null>;
  /** Reaction[] JSON: `{ by: 'contact' | 'agent', emoji, at }`. */
  reactions: Generated<string | null>;
  edited_at: Generated<string | null>;
  deleted_at: Generated<string | null>;
  /** What the provider needs to send it again (WhatsApp's message proto as JSON). */
  provider_payload: Generated<string | null>;
  /** PostgreSQL: the process sending this row, and until when (epoch ms) it holds it. */
  claimed_by: Generated<string | null>;
  claimed_until: Generated<number | null>;
}

export interface InboundTable {
  id: Generated<number>;
  channel: string;
  external_id: string;
  contact_id: string;
  payload: string;
  status: 'pending' | 'done';
  received_at: string;
  processed_at: string | null;
}

export interface TimersTable {
  id: string;
  contact_id: string;
  due_at: string;
  status: 'pending' | 'fired' | 'cancelled';
  created_at: string;
}

export interface FilesTable {
  /** Random and unguessable; reading it still needs a session allowed to see where it is used (file_links), or a signed link. */
  id: string;
  name: string;
  mime: string;
  size: number;
  created_at: string;
  created_by: string | null;
}

export type FileOwnerKind = 'conversation' | 'flow' | 'quick_reply';

/** A place a file is used; who may see the place may read the file. */
export interface FileLinksTable {
  file_id: string;
  owner_kind: FileOwnerKind;
  owner_id: string;
  created_at: string;
}

export interface DepartmentsTable {
  id: string;
  name: string;
  code: string | null;
  color: string;
  greeting: string;
  out_of_hours_message: string;
  /** BusinessHours JSON (runtime/inbox/business-hours.ts). */
  hours: string;
  created_at: string;
  updated_at: string;
}

export interface DepartmentMembersTable {
  department_id: string;
  user_id: string;
}

export interface TagsTable {
  id: string;
  name: string;
  color: string;
  created_at: string;
}

export interface ConversationTagsTable {
  conversation_id: string;
  tag_id: string;
}

export interface QuickRepliesTable {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  file_id: string | null;
  /** Null: available in every department. */
  department_id: string | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: string;
  kind: 'mention' | 'transfer' | 'assigned';
  conversation_id: string;
  message_id: number | null;
  by_user_id: string | null;
  created_at: string;
  read_at: string | null;
}

export interface AppSettingsTable {
  key: string;
  value: string;
}

/** Where a sweep behind the turns stopped (the last message id it looked at). */
export interface SweepCursorsTable {
  name: string;
  position: number;
}

/** One LGPD erasure: when, by whom, how much went; nothing about the person. */
export interface ErasuresTable {
  id: string;
  erased_at: string;
  /** The user who erased. */
  erased_by: string;
  conversations: number;
  messages: number;
  files: number;
}

export interface Database {
  erasures: ErasuresTable;
  departments: DepartmentsTable;
  department_members: DepartmentMembersTable;
  tags: TagsTable;
  conversation_tags: ConversationTagsTable;
  quick_replies: QuickRepliesTable;
  notifications: NotificationsTable;
  app_settings: AppSettingsTable;
  files: FilesTable;
  file_links: FileLinksTable;
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  login_attempts: LoginAttemptsTable;
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
  contacts: ContactsTable;
  contact_identities: ContactIdentitiesTable;
  contact_tags: ContactTagsTable;
  contact_merges: ContactMergesTable;
  flow_runs: FlowRunsTable;
  contact_fields: ContactFieldsTable;
  contact_filters: ContactFiltersTable;
  sweep_cursors: SweepCursorsTable;
  channels: ChannelsTable;
  channel_state: ChannelStateTable;
  channel_leases: ChannelLeasesTable;
  message_templates: MessageTemplatesTable;
  sessions: SessionsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  inbound: InboundTable;
  timers: TimersTable;
}

export type FlowRow = Selectable<FlowsTable>;
export type FlowVersionRow = Selectable<FlowVersionsTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
export type ConversationRow = Selectable<ConversationsTable>;
export type DepartmentRow = Selectable<DepartmentsTable>;
export type UserRow = Selectable<UsersTable>;
