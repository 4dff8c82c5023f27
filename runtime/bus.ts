// In-process notifications after a commit: the test chat's SSE stream and (later) the inbox
// listen here. Nothing is lost if nobody listens: the database is the record.
import { EventEmitter } from 'node:events';
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

interface Events {
  delivered: [DeliveredMessage];
  turn: [TurnNotice];
}

export class Bus {
  private emitter = new EventEmitter();
  constructor() {
    this.emitter.setMaxListeners(0);
  }
  emit<K extends keyof Events>(event: K, ...args: Events[K]) {
    this.emitter.emit(event, ...args);
  }
  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    this.emitter.on(event, fn as (...a: unknown[]) => void);
    return () => this.emitter.off(event, fn as (...a: unknown[]) => void);
  }
}
