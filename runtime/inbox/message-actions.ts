// What an agent does to one message already on the transcript: send again one that failed, and
// delete for everyone one that went out. Both act on a conversation the agent may act on (the
// one serving it, or a supervisor), and both are announced so every agent watching sees it.
import { noticeScope, type Bus, type InboxMessage } from '../bus.js';
import type { ChannelControl } from '../channels/control.js';
import type { MessageRow } from '../db/schema.js';
import { notFound, OziaError } from '../errors.js';
import type { Runtime } from '../runtime.js';
import { mustSee, type Viewer } from './access.js';
import { inboxMessage } from './messages.js';
import { channelCan, REVOKE_WINDOW_MS } from './transcript-view.js';

interface Scope {
  id: string;
  stage: string;
  department_id: string | null;
  agent_id: string | null;
}

/** Acting on a conversation's messages: the agent serving it, or a supervisor. */
export function mayAct(v: Viewer, c: Scope): boolean {
  return v.role === 'supervisor' || (c.stage === 'in_service' && c.agent_id === v.id);
}

export class MessageActions {
  constructor(
    private readonly runtime: Runtime,
    private readonly bus: Bus,
    private readonly clock: () => Date,
  ) {}

  private get k() {
    return this.runtime.db.kysely;
  }

  /** The message and its conversation; "not found" for a message the viewer may not see, so its existence does not leak. */
  private async load(v: Viewer, messageId: number): Promise<{ row: MessageRow; conv: Scope }> {
    const row = await this.k.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
    const conv = row
      ? await this.k.selectFrom('conversations').select(['id', 'stage', 'department_id', 'agent_id']).where('id', '=', row.conversation_id).executeTakeFirst()
      : undefined;
    if (!row || !conv || row.direction === 'note') throw notFound(`message ${messageId}`);
    mustSee(v, conv, conv.id);
    if (!mayAct(v, conv)) throw new OziaError('FORBIDDEN', 'only the agent serving this conversation or a supervisor can do this');
    return { row, conv };
  }

  private async announce(conv: Scope, id: number): Promise<InboxMessage> {
    const row = await this.k.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const message = inboxMessage(row, row.id);
    this.bus.emit('inbox', { type: 'message', conversationId: conv.id, message, ...noticeScope({ departmentId: conv.department_id, agentId: conv.agent_id }) });
    return message;
  }

  /** "Reenviar": a failed message goes back to the outbox from scratch. */
  async resend(v: Viewer, messageId: number): Promise<InboxMessage> {
    const { row, conv } = await this.load(v, messageId);
    if (row.direction !== 'out' || row.author === 'phone') throw new OziaError('BAD_REQUEST', 'messageId: only a message Ozia sent to the contact can be sent again');
    if (row.status !== 'failed') throw new OziaError('CONFLICT', 'only a message whose delivery failed can be sent again');
    if (row.deleted_at) throw new OziaError('CONFLICT', 'this message was deleted');
    const at = this.clock().toISOString();
    const changed = await this.runtime.write(async (tx) => {
      const r = await tx.sql.exec(
        this.k
          .updateTable('messages')
          .set({ status: 'pending', attempts: 0, error: null, available_at: at, claimed_by: null, claimed_until: null })
          .where('id', '=', row.id)
          .where('status', '=', 'failed'),
      );
      return r.changes;
    });
    if (changed !== 1) throw new OziaError('CONFLICT', 'this message is already being sent again');
    // An old row: the dispatcher's cursor is past it and must look from the start.
    this.runtime.kick({ reread: true });
    return this.announce(conv, row.id);
  }

  /** "Apagar para todos": the agent's own messages and the bot's, on a channel that can, within WhatsApp's window. */
  async revoke(v: Viewer, messageId: number, control: ChannelControl): Promise<InboxMessage> {
    const { row, conv } = await this.load(v, messageId);
    if (row.direction !== 'out') throw new OziaError('BAD_REQUEST', "messageId: only messages sent to the contact can be deleted for everyone; the contact's own cannot");
    const automatic = row.author === 'bot' || row.author === 'system';
    const mine = row.author === 'agent' && (row.user_id === v.id || v.role === 'supervisor');
    if (!automatic && !mine) throw new OziaError('FORBIDDEN', "you can delete for everyone only your own messages and the bot's");
    if (row.deleted_at) throw new OziaError('CONFLICT', 'this message was already deleted');
    if (!channelCan(control.capabilities(row.channel)).revoke) throw new OziaError('BAD_REQUEST', "messageId: this message's channel cannot delete messages for everyone");
    if (row.status === 'pending' || row.status === 'failed' || !row.external_id) {
      throw new OziaError('CONFLICT', row.status === 'failed' ? 'this message never reached the contact: there is nothing to delete' : 'this message has not been sent yet');
    }
    const sentAt = Date.parse(row.sent_at ?? row.created_at);
    if (this.clock().getTime() - sentAt > REVOKE_WINDOW_MS) {
      throw new OziaError('CONFLICT', 'WhatsApp deletes a message for everyone only within 60 hours of sending it');
    }
    await control.revoke(row.id);
    const at = this.clock().toISOString();
    await this.runtime.write((tx) => tx.sql.exec(this.k.updateTable('messages').set({ deleted_at: at }).where('id', '=', row.id).where('deleted_at', 'is', null)));
    return this.announce(conv, row.id);
  }
}
