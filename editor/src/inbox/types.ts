// The shapes the Inbox reads, taken from the API's own types so they follow the server.
import type { api } from '../api.js';

type Out<F extends (...args: never[]) => Promise<unknown>> = Awaited<ReturnType<F>>;

export type ListView = 'waiting' | 'mine' | 'department' | 'closed';
export const LIST_VIEWS: readonly ListView[] = ['waiting', 'mine', 'department', 'closed'];

export type Summary = Out<typeof api.inbox.list.query>['items'][number];
export type Counts = Out<typeof api.inbox.counts.query>;
export type Conversation = Out<typeof api.inbox.get.query>;
export type Message = Out<typeof api.inbox.messages.query>['messages'][number];
export type ContactPanelData = Out<typeof api.inbox.contactPanel.query>;
export type Department = Out<typeof api.departments.list.query>[number];
export type Person = Out<typeof api.users.directory.query>[number];
export type Tag = Out<typeof api.inbox.tags.list.query>[number];
export type QuickReply = Out<typeof api.inbox.quickReplies.list.query>[number];
export type HandBackFlow = Out<typeof api.inbox.flows.query>[number];
export type ContactHit = Out<typeof api.inbox.contacts.query>[number];
export type Account = Out<typeof api.inbox.accounts.query>[number];
export type StartChoice = Out<typeof api.inbox.startChoices.query>[number];
export type IdentityView = ContactPanelData['identities'][number];
export type Stage = Conversation['stage'];
/** What the conversation's channel lets agents do (ticks, native quotes, delete for everyone). */
export type ChannelActions = Conversation['can'];
export type AgentStatus = Person['status'];

/** The list filters the server understands (`listFilters` in runtime/inbox/list.ts). */
export interface Filters {
  departmentId?: string;
  agentId?: string;
  tagId?: string;
  /** A channel kind (whatsapp, webchat…). */
  channelKind?: string;
  /** A channel account id. */
  channel?: string;
  unread?: boolean;
  /** yyyy-mm-dd */
  from?: string;
  /** yyyy-mm-dd, inclusive */
  to?: string;
  search?: string;
}
