// In-process notifications after a commit: the test chat's and the inbox's SSE streams
// listen here. Nothing is lost if nobody listens: the database is the record.
import { EventEmitter } from 'node:events';
import type { ChannelStatus } from './channels/contract.js';
import type { OutgoingMessage } from '../blocks/contract.js';
import type { LogEntry } from './context.js';
import type { Variables } from '../blocks/contract.js';

export interface DeliveredMessage {
  contactId: string;
  messageId: number;
  message: OutgoingMessage;
  blockId: string | null;
  createdAt: string;
}

export interface TurnNotice {
  contactId: string;
  /** The last inbound transcript id this turn answered, or null for starts and timers. */
  inboundMessageId: number | null;
  currentBlockId: string | null;
  status: 'active' | 'ended';
  variables: Variables;
  logs: LogEntry[];
  trail: string[];
}

/** Outgoing messages whose delivery state changed, once that change is committed. */
export interface DeliveryStatus {
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** `error`: why it failed, the provider's words. */
  messages: { id: number; conversationId: string; error?: string }[];
}

/** A reaction under a message: who reacted ('contact', or 'phone': the business from its phone). */
export interface MessageReaction {
  by: string;
  emoji: string;
  at: string;
}

/** A row of a conversation's transcript as agents see it. The channel fields are absent on rows that have none. */
export interface InboxMessage {
  id: number;
  conversationId: string;
  direction: 'in' | 'out' | 'note';
  author: 'contact' | 'bot' | 'agent' | 'system' | 'phone';
  userId: string | null;
  kind: string;
  body: unknown;
  status: string;
  createdAt: string;
  /** Why delivery failed (status 'failed'), the provider's words. */
  error?: string | null;
  deliveredAt?: string | null;
  readAt?: string | null;
  /** The transcript id of the message this one answers. */
  quotedId?: number | null;
  reactions?: MessageReaction[];
  editedAt?: string | null;
  deletedAt?: string | null;
}

/**
 * Something changed in the inbox. `departmentIds` and `agentIds` name everyone whose view it
 * touches, before and after (a transfer leaves one department's list and enters another's),
 * so the stream can send each agent only what their departments allow.
 */
export type InboxNotice =
  | {
      type: 'conversation';
      conversationId: string;
      /** 'contact': the person changed (blocked, unblocked): the header and the contact panel show it. */
      reason: 'handoff' | 'assigned' | 'transferred' | 'closed' | 'updated' | 'reopened' | 'bot' | 'contact';
      stage: 'bot' | 'waiting' | 'in_service' | 'closed';
      departmentIds: string[];
      agentIds: string[];
    }
  | { type: 'message'; conversationId: string; message: InboxMessage; departmentIds: string[]; agentIds: string[] }
  | { type: 'mention'; conversationId: string; messageId: number; userId: string; byName: string; departmentIds: string[]; agentIds: string[] }
  | { type: 'notification'; userId: string; kind: 'mention' | 'transfer' | 'assigned'; conversationId: string; departmentIds: string[]; agentIds: string[] }
  | { type: 'presence'; userId: string; status: 'online' | 'away' | 'offline'; departmentIds: string[]; agentIds: string[] }
  | {
      type: 'status';
      conversationId: string;
      messageIds: number[];
      status: 'sent' | 'delivered' | 'read' | 'failed';
      /** Failed: why, per message id. */
      errors?: Record<number, string>;
      departmentIds: string[];
      agentIds: string[];
    };

/**
 * Who a notice concerns: the departments and agents of each state of the conversation given
 * (before and after a transfer, say), without blanks or repeats.
 */
export function noticeScope(...sides: { departmentId?: string | null; agentId?: string | null }[]): { departmentIds: string[]; agentIds: string[] } {
  const present = (xs: (string | null | undefined)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  return { departmentIds: present(sides.map((s) => s.departmentId)), agentIds: present(sides.map((s) => s.agentId)) };
}

/** A channel account's state changed (Settings → Canais shows it live). */
export interface ChannelNotice {
  channelId: string;
  status: ChannelStatus;
}

interface Events {
  channel: [ChannelNotice];
  delivered: [DeliveredMessage];
  turn: [TurnNotice];
  inbox: [InboxNotice];
  status: [DeliveryStatus];
}

export class Bus {
  private emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  emit<K extends keyof Events>(event: K, ...args: Events[K]) {
    this.emitter.emit(event, ...args);
  }
  /** Whether anyone listens: lets a producer skip work whose only use is the notice. */
  listened(event: keyof Events): boolean {
    return this.emitter.listenerCount(event) > 0;
  }
  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    this.emitter.on(event, fn as (...a: unknown[]) => void);
    return () => this.emitter.off(event, fn as (...a: unknown[]) => void);
  }
}
