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
}

export interface AuthSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface LoginAttemptsTable {
  key: string;
  window_start: string;
  failures: number;
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

export interface ContactsTable {
  id: string;
  channel: string;
  external_id: string;
  name: string | null;
  phone: string | null;
  created_at: string;
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

export interface ConversationsTable {
  id: string;
  contact_id: string;
  channel: string;
  stage: 'bot' | 'waiting' | 'in_service' | 'closed';
  opened_at: string;
  closed_at: string | null;
  last_message_at: string;
}

export interface MessagesTable {
  id: Generated<number>;
  conversation_id: string;
  contact_id: string;
  channel: string;
  direction: 'in' | 'out';
  author: 'contact' | 'bot' | 'agent' | 'system';
  kind: string;
  body: string;
  block_id: string | null;
  created_at: string;
  /** 'received' for the contact's messages; 'pending' → 'sent' (or 'failed') for outgoing ones. */
  status: 'received' | 'pending' | 'sent' | 'failed';
  attempts: number;
  /** Not before: a failed delivery waits out its backoff. */
  available_at: string | null;
  sent_at: string | null;
  error: string | null;
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
  /** Random and unguessable: the id is the capability to read the file. */
  id: string;
  name: string;
  mime: string;
  size: number;
  created_at: string;
  created_by: string | null;
}

export interface Database {
  files: FilesTable;
  users: UsersTable;
  auth_sessions: AuthSessionsTable;
  login_attempts: LoginAttemptsTable;
  flows: FlowsTable;
  flow_versions: FlowVersionsTable;
  contacts: ContactsTable;
  sessions: SessionsTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  inbound: InboundTable;
  timers: TimersTable;
}

export type FlowRow = Selectable<FlowsTable>;
export type FlowVersionRow = Selectable<FlowVersionsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type MessageRow = Selectable<MessagesTable>;
export type NewMessage = Insertable<MessagesTable>;
