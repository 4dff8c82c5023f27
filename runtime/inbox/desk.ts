// The agents' side of a conversation: pick up, reply, whisper, tag, transfer, finish (with the
// satisfaction survey), hand back to a flow, start one, read the contact's side panel. Every
// change is one transaction through the runtime (so replies leave through the same outbox as
// the bot's messages) and is announced on the bus for the live inbox.
import { ANONYMOUS_CONTACT_ID } from '../contacts/anonymous.js';
import type { Locale, OutgoingMessage, VariableValue } from '../../blocks/contract.js';
import { noticeScope, type Bus, type InboxMessage, type InboxNotice } from '../bus.js';
import type { ConversationRow, NewMessage } from '../db/schema.js';
import { readValues } from '../contacts/fields.js';
import { notFound, OziaError } from '../errors.js';
import type { FileStore } from '../files.js';
import { newId } from '../ids.js';
import type { Runtime, WriteTx } from '../runtime.js';
import type { SessionState } from '../engine/step.js';
import { foldText } from '../../blocks/shared/values.js';
import { canSee, mustSee, mustServe, type Viewer } from './access.js';
import type { Assigner } from './assigner.js';
import { InboxChannels, type FreeTextPolicy } from './channel-accounts.js';
import { ContactDirectory } from './contacts.js';
import { conversationDetails, handBackFlows } from './details.js';
import type { Departments } from './departments.js';
import { contactTexts, inboxMessage, noteRow, outgoingRow, previewOf, withSignature } from './messages.js';
import { announceNotifications, insertNotifications } from './notifications.js';
import { renderInboxText } from './template-names.js';
import { withQuotes, type MessageView } from './transcript-view.js';

export interface ConversationContact {
  id: string;
  name: string | null;
  phone: string | null;
  channel: string;
}

// `contact_blocked_at`: a blocked contact gets no automated text (greeting, transfer notice,
// survey, auto-close message); agents may still write to them by hand.
type Row = ConversationRow & { contact_name: string | null; contact_phone: string | null; contact_fields: string | null; contact_blocked_at: string | null };

export interface ReplyInput {
  text?: string;
  /** A provider template instead of text (outside a reply window); the caller resolves it for the conversation's account. */
  template?: (channelId: string) => Promise<OutgoingMessage>;
  fileId?: string;
  /** A message of the same conversation this reply answers (WhatsApp shows it quoted). */
  quotedId?: number;
}

export class Desk {
  constructor(
    private readonly runtime: Runtime,
    private readonly departments: Departments,
    private readonly assigner: Assigner,
    private readonly files: FileStore,
    private readonly bus: Bus,
    private readonly clock: () => Date,
    private readonly contacts: ContactDirectory = new ContactDirectory(runtime.db),
    private readonly channels: InboxChannels = new InboxChannels(runtime.db, clock),
  ) {}

  private get k() {
    return this.runtime.db.kysely;
  }

  // --- reading -------------------------------------------------------------------------------

  async row(id: string): Promise<Row | null> {
    const r = await this.k
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .selectAll('conversations')
      .select(['contacts.name as contact_name', 'contacts.phone as contact_phone', 'contacts.fields as contact_fields', 'contacts.blocked_at as contact_blocked_at'])
      .where('conversations.id', '=', id)
      .executeTakeFirst();
    return (r as Row | undefined) ?? null;
  }

  async visible(v: Viewer, id: string): Promise<Row> {
    const row = await this.row(id);
    // An erased person's conversations remain for report counts only: nobody opens or acts on them.
    return mustSee(v, row?.contact_id === ANONYMOUS_CONTACT_ID ? null : row, id);
  }

  /** The conversation view's header: stage, contact, department, agent, tags, survey. */
  async details(v: Viewer, id: string) {
    return conversationDetails(this.runtime, v, await this.visible(v, id));
  }

  /** Flows the conversation can be handed back to. */
  handBackFlows() {
    return handBackFlows(this.runtime);
  }

  /** The transcript, oldest first: what the contact told the bot, the bot, agents and whispers. */
  async messages(v: Viewer, id: string, opts: { beforeId?: number; limit?: number } = {}): Promise<{ messages: MessageView[]; more: boolean }> {
    await this.visible(v, id);
    const limit = opts.limit ?? 300;
    let q = this.k
      .selectFrom('messages')
      .select([
        'id',
        'conversation_id',
        'direction',
        'author',
        'user_id',
        'kind',
        'body',
        'status',
        'created_at',
        'error',
        'delivered_at',
        'read_at',
        'quoted_id',
        'reactions',
        'edited_at',
        'deleted_at',
      ])
      .where('conversation_id', '=', id)
      .orderBy('id', 'desc')
      .limit(limit + 1);
    if (opts.beforeId) q = q.where('id', '<', opts.beforeId);
    const rows = await q.execute();
    const more = rows.length > limit;
    const messages = rows.slice(0, limit).reverse().map((r) => inboxMessage(r, r.id));
    return { messages: await withQuotes(this.k, v, id, messages), more };
  }

  // --- notices -------------------------------------------------------------------------------

  private scopeOf(...rows: { department_id: string | null; agent_id: string | null }[]) {
    return noticeScope(...rows.map((r) => ({ departmentId: r.department_id, agentId: r.agent_id })));
  }

  private announce(before: ConversationRow, after: ConversationRow | null, reason: Extract<InboxNotice, { type: 'conversation' }>['reason']) {
    const now = after ?? before;
    this.bus.emit('inbox', {
      type: 'conversation',
      conversationId: before.id,
      reason,
      stage: now.stage,
      ...this.scopeOf(before, now),
    });
  }

  private announceMessages(conv: Row, messages: InboxMessage[]) {
    for (const message of messages) this.bus.emit('inbox', { type: 'message', conversationId: conv.id, message, ...this.scopeOf(conv) });
  }

  // --- actions ------------------------------------------------------------------------------

  private async insert(tx: WriteTx, rows: NewMessage[]): Promise<InboxMessage[]> {
    const ids = await tx.insertMessages(rows);
    return rows.map((r, i) => inboxMessage(r, ids[i]));
  }

  private async localeOf(contactId: string): Promise<Locale> {
    return this.runtime.localeOf(await this.runtime.contactState(contactId));
  }

  /** "Atender": takes a waiting conversation. Refused when someone else got there first. */
  async pickUp(v: Viewer, id: string): Promise<Row> {
    const conv = await this.visible(v, id);
    if (conv.stage !== 'waiting') {
      throw new OziaError('CONFLICT', conv.stage === 'in_service' ? 'someone else is already serving this conversation' : 'this conversation is not waiting');
    }
    const at = this.clock().toISOString();
    const dept = conv.department_id ? this.departments.get(conv.department_id) : null;
    const messages = await this.runtime.write(async (tx) => {
      const r = await tx.sql.exec(
        this.k
          .updateTable('conversations')
          .set({ stage: 'in_service', agent_id: v.id, assigned_at: at, preferred_agent_id: null })
          .where('id', '=', id)
          .where('stage', '=', 'waiting'),
      );
      if (r.changes !== 1) throw new OziaError('CONFLICT', 'someone else is already serving this conversation');
      await tx.sql.exec(this.k.updateTable('users').set({ last_assigned_at: at }).where('id', '=', v.id));
      if (!dept?.greeting.trim() || conv.contact_blocked_at) return [];
      const text = renderInboxText(dept.greeting, {
        agent: { name: v.name },
        department: { name: dept.name },
        contact: { name: conv.contact_name, phone: conv.contact_phone, id: conv.contact_id, fields: readValues(conv.contact_fields) },
      });
      return this.insert(tx, [outgoingRow(conv, { type: 'text', text }, 'system', at)]);
    });
    const after = (await this.row(id))!;
    this.announce(conv, after, 'assigned');
    this.announceMessages(after, messages);
    return after;
  }

  /** Sends the agent's message to the contact, signed on the server when the agent signs. */
  /**
   * `policy`: the account kind's word on free text now; a refused free-form reply (text or file)
   * is refused here with its reason, whatever the browser showed. A template goes regardless.
   */
  async reply(v: Viewer, id: string, input: ReplyInput, policy?: FreeTextPolicy): Promise<MessageView> {
    const conv = await this.visible(v, id);
    mustServe(v, conv);
    const text = (input.text ?? '').trim();
    let message: OutgoingMessage;
    if (!input.template && policy) {
      const { refusal } = await this.channels.freeText(conv.contact_id, conv.channel, policy);
      if (refusal) throw new OziaError('CONFLICT', `text: ${refusal.en}`);
    }
    if (input.template) {
      message = await input.template(conv.channel);
    } else if (input.fileId) {
      const file = await this.files.info(input.fileId);
      if (!file) throw new OziaError('BAD_REQUEST', 'fileId: the attachment was not found; upload it again');
      message = { type: file.media, url: file.url, fileName: file.name, ...(text ? { caption: text } : {}) };
    } else {
      if (!text) throw new OziaError('BAD_REQUEST', 'text: type a message or attach a file');
      message = { type: 'text', text };
    }
    const quotedId = input.quotedId === undefined ? null : await this.quotable(id, input.quotedId);
    const me = await this.k.selectFrom('users').select(['name', 'signature']).where('id', '=', v.id).executeTakeFirstOrThrow();
    if (me.signature) message = withSignature(message, me.name);
    const at = this.clock().toISOString();
    const [sent] = await this.runtime.write(async (tx) => {
      await tx.sql.exec(
        this.k
          .updateTable('conversations')
          .set({ last_message_at: at, last_preview: previewOf(message), unread: 0, first_reply_at: conv.first_reply_at ?? at })
          .where('id', '=', id),
      );
      return this.insert(tx, [{ ...outgoingRow(conv, message, 'agent', at, v.id), quoted_id: quotedId }]);
    });
    this.announceMessages(conv, [sent]);
    const [view] = await withQuotes(this.k, v, id, [sent]);
    return view;
  }

  /** A reply may quote what was said in this conversation, and nothing else (never a note). */
  private async quotable(conversationId: string, quotedId: number): Promise<number> {
    const q = await this.k.selectFrom('messages').select(['conversation_id', 'direction']).where('id', '=', quotedId).executeTakeFirst();
    if (!q || q.conversation_id !== conversationId) throw new OziaError('BAD_REQUEST', 'quotedId: choose a message of this conversation to reply to');
    if (q.direction === 'note') throw new OziaError('BAD_REQUEST', 'quotedId: an internal note cannot be quoted to the contact');
    return quotedId;
  }

  /** A note only agents see; `@Name` notifies that colleague. Never sent to the contact. */
  async whisper(v: Viewer, id: string, text: string): Promise<{ message: InboxMessage; mentioned: string[] }> {
    const conv = await this.visible(v, id);
    const body = text.trim();
    if (!body) throw new OziaError('BAD_REQUEST', 'text: type the note');
    // Only colleagues who may see the conversation can be called into it.
    const mentioned = (await this.mentionsIn(body, v.id)).filter((u) =>
      canSee({ id: u.id, name: u.name, role: u.role, departmentIds: this.departments.of(u.id) }, conv),
    );
    const at = this.clock().toISOString();
    const mentionsOf = (messageId: number) => mentioned.map((u) => ({ userId: u.id, kind: 'mention' as const, conversationId: id, messageId, byUserId: v.id }));
    const message = await this.runtime.write(async (tx) => {
      const [m] = await this.insert(tx, [noteRow(conv, body, 'agent', at, v.id)]);
      await insertNotifications(tx, this.runtime.db, mentionsOf(m.id), at);
      return m;
    });
    this.announceMessages(conv, [message]);
    announceNotifications(this.bus, mentionsOf(message.id));
    for (const u of mentioned) {
      this.bus.emit('inbox', {
        type: 'mention',
        conversationId: id,
        messageId: message.id,
        userId: u.id,
        byName: v.name,
        departmentIds: [],
        agentIds: [u.id],
      });
    }
    return { message, mentioned: mentioned.map((u) => u.id) };
  }

  /** Active colleagues named after an `@`: full name or first name, accents and case ignored. */
  private async mentionsIn(text: string, authorId: string): Promise<{ id: string; name: string; role: 'supervisor' | 'operator' }[]> {
    if (!text.includes('@')) return [];
    const users = await this.k.selectFrom('users').select(['id', 'name', 'role']).where('active', '=', 1).execute();
    const folded = foldText(text);
    const found = new Map<string, { id: string; name: string; role: 'supervisor' | 'operator' }>();
    // Longest names first, so "@Ana Maria" is Ana Maria and not Ana.
    const candidates = users
      .filter((u) => u.id !== authorId)
      .flatMap((u) => {
        const full = foldText(u.name);
        const first = full.split(' ')[0];
        return [
          { u, key: full },
          { u, key: first },
        ];
      })
      .sort((a, b) => b.key.length - a.key.length);
    for (const m of folded.matchAll(/@([^\s@][^@]*)/g)) {
      const after = m[1];
      const hit = candidates.find((c) => c.key && (after === c.key || after.startsWith(`${c.key} `) || after.startsWith(c.key) && !/[\p{L}\p{N}]/u.test(after[c.key.length] ?? '')));
      if (hit) found.set(hit.u.id, { id: hit.u.id, name: hit.u.name, role: hit.u.role });
    }
    return [...found.values()];
  }

  async setTags(v: Viewer, id: string, tagIds: string[]): Promise<void> {
    const conv = await this.visible(v, id);
    const ids = [...new Set(tagIds)];
    if (ids.length) {
      const known = await this.k.selectFrom('tags').select('id').where('id', 'in', ids).execute();
      const set = new Set(known.map((t) => t.id));
      const bad = ids.findIndex((t) => !set.has(t));
      if (bad >= 0) throw new OziaError('BAD_REQUEST', `tagIds[${bad}]: no tag "${ids[bad]}"`);
    }
    await this.k.transaction().execute(async (tx) => {
      await tx.deleteFrom('conversation_tags').where('conversation_id', '=', id).execute();
      if (ids.length) await tx.insertInto('conversation_tags').values(ids.map((t) => ({ conversation_id: id, tag_id: t }))).execute();
    });
    this.announce(conv, conv, 'updated');
  }

  async markUnread(v: Viewer, id: string): Promise<void> {
    const conv = await this.visible(v, id);
    await this.k.updateTable('conversations').set({ unread: Math.max(1, conv.unread) }).where('id', '=', id).execute();
    this.announce(conv, conv, 'updated');
  }

  async markRead(v: Viewer, id: string): Promise<void> {
    const conv = await this.visible(v, id);
    if (!conv.unread) return;
    await this.k.updateTable('conversations').set({ unread: 0 }).where('id', '=', id).execute();
    this.announce(conv, conv, 'updated');
  }

  /**
   * To a department (back to its queue, served like a handoff) or to an agent (served by them
   * at once). An optional note goes in as a whisper; the contact is told where they went.
   */
  async transfer(v: Viewer, id: string, input: { departmentId?: string; agentId?: string; note?: string; notifyContact?: boolean }): Promise<Row> {
    const conv = await this.visible(v, id);
    if (conv.stage !== 'in_service' && conv.stage !== 'waiting') throw new OziaError('CONFLICT', 'only open conversations can be transferred');
    if (conv.stage === 'in_service' && conv.agent_id !== v.id && v.role !== 'supervisor') {
      throw new OziaError('FORBIDDEN', 'another agent is serving this conversation');
    }
    if (!input.departmentId && !input.agentId) throw new OziaError('BAD_REQUEST', 'departmentId: choose a department or an agent');
    const deptId = input.departmentId ?? conv.department_id;
    const dept = deptId ? this.departments.get(deptId) : null;
    if (input.departmentId && !dept) throw new OziaError('BAD_REQUEST', `departmentId: no department "${input.departmentId}"`);
    let agent: { id: string; name: string } | null = null;
    if (input.agentId) {
      const a = await this.k.selectFrom('users').select(['id', 'name', 'active']).where('id', '=', input.agentId).executeTakeFirst();
      if (!a || !a.active) throw new OziaError('BAD_REQUEST', `agentId: no active user "${input.agentId}"`);
      if (dept && !dept.memberIds.includes(a.id)) throw new OziaError('BAD_REQUEST', `agentId: ${a.name} is not a member of ${dept.name}`);
      agent = { id: a.id, name: a.name };
    }
    if (!agent && input.departmentId === conv.department_id && conv.stage === 'waiting') {
      throw new OziaError('BAD_REQUEST', 'departmentId: the conversation is already waiting in this department');
    }
    const at = this.clock().toISOString();
    const locale = await this.localeOf(conv.contact_id);
    const texts = contactTexts[locale];
    // Transferred to someone else by name: they find it in their notifications even if away.
    const toAgent = agent && agent.id !== v.id ? [{ userId: agent.id, kind: 'transfer' as const, conversationId: id, byUserId: v.id }] : [];
    const messages = await this.runtime.write(async (tx) => {
      await tx.sql.exec(
        this.k
          .updateTable('conversations')
          .set(
            agent
              ? { stage: 'in_service', department_id: deptId, agent_id: agent.id, assigned_at: at, preferred_agent_id: null }
              : { stage: 'waiting', department_id: deptId, agent_id: null, assigned_at: null, waiting_since: at, preferred_agent_id: null, handoff_mode: conv.handoff_mode ?? 'auto' },
          )
          .where('id', '=', id),
      );
      const rows: NewMessage[] = [];
      const note = input.note?.trim();
      const where = agent ? agent.name : dept!.name;
      rows.push(noteRow(conv, note ? `${v.name} → ${where}: ${note}` : `${v.name} → ${where}`, 'system', at, v.id));
      if (input.notifyContact !== false && !conv.contact_blocked_at) {
        const text = agent ? texts.transferredToAgent(agent.name) : texts.transferredToDepartment(dept!.name);
        rows.push(outgoingRow(conv, { type: 'text', text }, 'system', at));
      }
      await insertNotifications(tx, this.runtime.db, toAgent, at);
      return this.insert(tx, rows);
    });
    const after = (await this.row(id))!;
    announceNotifications(this.bus, toAgent);
    this.announce(conv, after, 'transferred');
    this.announceMessages(after, messages);
    // The previous agent has a free slot now; the new department may serve the conversation at once.
    const touched = new Set<string>();
    if (!agent && deptId) touched.add(deptId);
    if (conv.agent_id) for (const d of this.departments.of(conv.agent_id)) touched.add(d);
    void this.assigner.runAll(touched);
    return after;
  }

  /**
   * A supervisor's way out when an agent left (went offline, or away for the day) with contacts
   * still in service: every one goes back to its department's queue, as a transfer to the
   * department would, and round-robin hands it to whoever is online. The contact is not told:
   * for them nothing changed until the next agent greets them.
   */
  async returnToQueue(v: Viewer, agentId: string): Promise<{ moved: number }> {
    if (v.role !== 'supervisor') throw new OziaError('FORBIDDEN', 'only supervisors can move another agent\'s conversations');
    const rows = await this.k.selectFrom('conversations').select('id').where('agent_id', '=', agentId).where('stage', '=', 'in_service').execute();
    let moved = 0;
    for (const r of rows) {
      const conv = await this.row(r.id);
      // Finished or transferred by someone else meanwhile: not ours to move.
      if (!conv || conv.stage !== 'in_service' || conv.agent_id !== agentId || !conv.department_id) continue;
      await this.transfer(v, r.id, { departmentId: conv.department_id, notifyContact: false });
      moved++;
    }
    return { moved };
  }

  /** Ends the human part. With the survey, the bot asks for a 1–5 score and closes when answered. */
  async finish(v: Viewer, id: string, input: { survey: boolean }): Promise<Row> {
    const conv = await this.visible(v, id);
    if (conv.stage === 'closed') throw new OziaError('CONFLICT', 'this conversation is already closed');
    if (conv.stage === 'in_service' && conv.agent_id !== v.id && v.role !== 'supervisor') {
      throw new OziaError('FORBIDDEN', 'another agent is serving this conversation');
    }
    if (conv.stage === 'bot' && v.role !== 'supervisor') throw new OziaError('CONFLICT', 'the bot is serving this conversation');
    const at = this.clock().toISOString();
    const locale = await this.localeOf(conv.contact_id);
    const messages = await this.runtime.forContact(conv.contact_id, () =>
      this.runtime.write(async (tx) => {
        if (input.survey && !conv.contact_blocked_at) {
          await tx.sql.exec(
            this.k
              .updateTable('conversations')
              .set({ stage: 'bot', csat_state: 'asked', finished_at: at, closed_by: v.id, last_message_at: at })
              .where('id', '=', id),
          );
          // The bot is done with this contact too: a message that is not a score starts it afresh.
          await this.runtime.endSessionIn(tx.sql, conv.contact_id, at);
          return this.insert(tx, [outgoingRow(conv, { type: 'text', text: contactTexts[locale].surveyQuestion }, 'system', at)]);
        }
        await tx.sql.exec(
          this.k
            .updateTable('conversations')
            .set({ stage: 'closed', finished_at: at, closed_at: at, closed_by: v.id, close_reason: 'finished', last_message_at: at })
            .where('id', '=', id),
        );
        await this.runtime.endSessionIn(tx.sql, conv.contact_id, at);
        return [];
      }),
    );
    const after = (await this.row(id))!;
    this.announce(conv, after, input.survey ? 'updated' : 'closed');
    this.announceMessages(after, messages);
    if (conv.agent_id) void this.assigner.runAll(this.departments.of(conv.agent_id));
    return after;
  }

  /** Gives the conversation back to a flow (its published version), at its start or at a group. */
  async handBack(v: Viewer, id: string, input: { flowId: string; groupId?: string }): Promise<Row> {
    const conv = await this.visible(v, id);
    mustServe(v, conv);
    const flow = await this.k.selectFrom('flows').select(['published_version_id', 'name']).where('id', '=', input.flowId).executeTakeFirst();
    if (!flow) throw new OziaError('BAD_REQUEST', `flowId: no flow "${input.flowId}"`);
    if (!flow.published_version_id) throw new OziaError('BAD_REQUEST', `flowId: "${flow.name}" has no published version yet`);
    if (input.groupId) {
      const { doc } = await this.runtime.flows.versionDocument(flow.published_version_id);
      if (!doc.groups.some((g) => g.id === input.groupId)) throw new OziaError('BAD_REQUEST', `groupId: no group "${input.groupId}" in "${flow.name}"`);
    }
    const at = this.clock().toISOString();
    await this.runtime.write(async (tx) => {
      await tx.sql.exec(this.k.updateTable('conversations').set({ stage: 'bot', agent_id: null, last_message_at: at }).where('id', '=', id));
      await this.insert(tx, [noteRow(conv, `${v.name} → ${flow.name}`, 'system', at, v.id)]);
    });
    await this.runtime.startSession({ contactId: conv.contact_id, versionId: flow.published_version_id, groupId: input.groupId });
    const after = (await this.row(id))!;
    this.announce(conv, after, 'bot');
    if (conv.agent_id) void this.assigner.runAll(this.departments.of(conv.agent_id));
    return after;
  }

  /**
   * Outbound: an agent writes first. Always opens a new conversation in the chosen department,
   * served by the agent, so nothing of an earlier conversation (another department's transcript
   * and internal notes) comes with it. The contact can have one live conversation: one with the
   * team is refused; one with the bot ends (the bot stops, the conversation closes and stays in
   * its department's history), unless it belongs to a department the agent is not in, which is
   * refused rather than taken over. A bot conversation that never reached a department ends too.
   *
   * It goes out through `channelId`, one of the accounts the contact is known on (by default the
   * one they wrote on last), whose outbox lane then carries the whole conversation; an account
   * whose kind refuses a free-text start now (`policy`) refuses it with its reason.
   */
  async start(
    v: Viewer,
    input: { contactId: string; departmentId: string; text?: string; channelId?: string; template?: ReplyInput['template'] },
    policy?: FreeTextPolicy,
  ): Promise<Row> {
    const dept = this.departments.get(input.departmentId);
    if (!dept) throw new OziaError('BAD_REQUEST', `departmentId: no department "${input.departmentId}"`);
    if (v.role !== 'supervisor' && !v.departmentIds.includes(dept.id)) throw new OziaError('FORBIDDEN', `departmentId: you are not a member of ${dept.name}`);
    const contact = await this.contacts.visible(v, input.contactId);
    if (!contact) throw new OziaError('BAD_REQUEST', `contactId: no contact "${input.contactId}"`);
    const text = (input.text ?? '').trim();
    if (!text && !input.template) throw new OziaError('BAD_REQUEST', 'text: type the first message');
    const choices = await this.channels.startChoices(contact.id, policy);
    const choice = input.channelId ? choices.find((c) => c.channelId === input.channelId) : choices[0];
    if (input.channelId && !choice) throw new OziaError('BAD_REQUEST', 'channelId: this contact is not reachable on that channel; choose one of theirs');
    if (choice?.refusal && !input.template) throw new OziaError('CONFLICT', `channelId: ${choice.refusal.en}`);
    // A contact known only on an account with no row (tests' bare channels) keeps its first one.
    const channel = choice?.channelId ?? contact.channel;
    // Checked before anything is written: a template that cannot go leaves no empty conversation.
    const first = input.template ? await input.template(channel) : null;
    const at = this.clock().toISOString();
    const { id, ended } = await this.runtime.forContact(contact.id, async () => {
      const live = await this.k.selectFrom('conversations').selectAll().where('contact_id', '=', contact.id).where('stage', '!=', 'closed').executeTakeFirst();
      if (live && (live.stage === 'waiting' || live.stage === 'in_service')) {
        throw new OziaError('CONFLICT', 'this contact already has an open conversation with the team');
      }
      if (live?.department_id && !canSee(v, live)) throw new OziaError('CONFLICT', 'this contact is in a conversation of another department');
      const convId = newId();
      await this.runtime.write(async (tx) => {
        if (live) {
          await tx.sql.exec(
            this.k
              .updateTable('conversations')
              .set({ stage: 'closed', closed_at: at, closed_by: v.id, close_reason: 'outbound started', csat_state: null, last_message_at: at })
              .where('id', '=', live.id)
              .where('stage', '!=', 'closed'),
          );
        }
        await tx.sql.exec(
          this.k.insertInto('conversations').values({
            id: convId,
            contact_id: contact.id,
            channel,
            stage: 'in_service',
            opened_at: at,
            closed_at: null,
            last_message_at: at,
            department_id: dept.id,
            agent_id: v.id,
            preferred_agent_id: null,
            handoff_mode: 'agent',
            waiting_since: at,
            assigned_at: at,
            first_reply_at: null,
            finished_at: null,
            closed_by: null,
            close_reason: null,
            csat_state: null,
            csat_score: null,
            csat_comment: null,
            last_preview: null,
          }),
        );
        // The bot must not answer this contact's reply: whatever it was doing is over.
        await this.runtime.endSessionIn(tx.sql, contact.id, at);
      });
      return { id: convId, ended: live };
    });
    if (ended?.department_id) this.announce(ended, (await this.row(ended.id))!, 'closed');
    await this.reply(v, id, first ? { template: async () => first } : { text });
    const after = (await this.row(id))!;
    this.announce(after, after, 'assigned');
    return after;
  }

  /** The side panel: who the contact is, what the bot collected, and earlier conversations. */
  async contactPanel(v: Viewer, id: string) {
    const conv = await this.visible(v, id);
    const contact = await this.k.selectFrom('contacts').selectAll().where('id', '=', conv.contact_id).executeTakeFirstOrThrow();
    const state = await this.runtime.contactState(conv.contact_id);
    let variables: { name: string; value: VariableValue }[] = [];
    let flowName: string | null = null;
    if (state?.session) {
      const { doc } = await this.runtime.flows.versionDocument(state.session.flowVersionId);
      const s: SessionState = state.session.state;
      variables = doc.variables.filter((d) => s.variables[d.id] !== undefined && s.variables[d.id] !== '').map((d) => ({ name: d.name, value: s.variables[d.id] }));
      const f = await this.k.selectFrom('flows').select('name').where('id', '=', state.session.flowId).executeTakeFirst();
      flowName = f?.name ?? null;
    }
    const previous = await this.k
      .selectFrom('conversations')
      .leftJoin('users', 'users.id', 'conversations.agent_id')
      .select([
        'conversations.id',
        'conversations.stage',
        'conversations.opened_at',
        'conversations.closed_at',
        'conversations.department_id',
        'conversations.agent_id',
        'conversations.csat_score',
        'conversations.last_preview',
        'users.name as agent_name',
      ])
      .where('conversations.contact_id', '=', conv.contact_id)
      .where('conversations.id', '!=', id)
      .orderBy('conversations.opened_at', 'desc')
      .limit(20)
      .execute();
    // `contacts.channel` is an account id: agents are shown the account's kind and name, not the id.
    const account = await this.k.selectFrom('channels').select(['kind', 'name']).where('id', '=', contact.channel).executeTakeFirst();
    return {
      contact: {
        id: contact.id,
        name: contact.name,
        phone: contact.phone,
        channel: contact.channel,
        channelKind: account?.kind ?? contact.channel,
        /** Null for the test chat, which has one account only. */
        channelName: account && account.kind !== 'test' ? account.name : null,
        createdAt: contact.created_at,
      },
      block: contact.blocked_at
        ? {
            at: contact.blocked_at,
            byName: contact.blocked_by ? ((await this.k.selectFrom('users').select('name').where('id', '=', contact.blocked_by).executeTakeFirst())?.name ?? null) : null,
            reason: contact.block_reason,
          }
        : null,
      flowName,
      variables,
      /** How every account knows this person (phone, LID, username, visitor), the one seen last first. */
      identities: await this.channels.identities(conv.contact_id),
      previous: previous
        .filter((p) => canSee(v, p))
        .map((p) => ({
          id: p.id,
          stage: p.stage,
          openedAt: p.opened_at,
          closedAt: p.closed_at,
          departmentId: p.department_id,
          agentName: p.agent_name,
          csatScore: p.csat_score,
          preview: p.last_preview,
        })),
    };
  }

  /** A quick reply with `{{contact.name}}`, `{{agent.name}}`, `{{department.name}}` and the flow's variables filled in for this conversation. */
  async renderQuickReply(v: Viewer, id: string, quickReplyId: string): Promise<{ text: string; fileId: string | null }> {
    const conv = await this.visible(v, id);
    const qr = await this.k.selectFrom('quick_replies').selectAll().where('id', '=', quickReplyId).executeTakeFirst();
    if (!qr || (qr.department_id && qr.department_id !== conv.department_id && v.role !== 'supervisor' && !v.departmentIds.includes(qr.department_id))) {
      throw notFound(`quick reply "${quickReplyId}"`);
    }
    const state = await this.runtime.contactState(conv.contact_id);
    const scope: Record<string, unknown> = {};
    if (state?.session) {
      const { doc } = await this.runtime.flows.versionDocument(state.session.flowVersionId);
      for (const d of doc.variables) scope[d.name] = state.session.state.variables[d.id] ?? '';
    }
    const department = { name: conv.department_id ? (this.departments.get(conv.department_id)?.name ?? '') : '' };
    const text = renderInboxText(qr.body, { contact: { name: conv.contact_name, phone: conv.contact_phone, id: conv.contact_id, fields: readValues(conv.contact_fields) }, agent: { name: v.name }, department }, scope);
    return { text, fileId: qr.file_id };
  }

  /** Closes open conversations nobody wrote in for `minutes`, telling the contact. */
  async autoClose(minutes: number, message: (locale: Locale) => string): Promise<number> {
    if (minutes <= 0) return 0;
    const before = new Date(this.clock().getTime() - minutes * 60_000).toISOString();
    const stale = await this.k
      .selectFrom('conversations')
      .select('id')
      .where((eb) => eb.or([eb('stage', 'in', ['waiting', 'in_service']), eb('csat_state', '=', 'asked')]))
      .where('last_message_at', '<', before)
      .limit(200)
      .execute();
    let closed = 0;
    for (const { id } of stale) {
      const conv = await this.row(id);
      if (!conv || conv.stage === 'closed' || conv.last_message_at >= before) continue;
      const at = this.clock().toISOString();
      const locale = await this.localeOf(conv.contact_id);
      const surveyPending = conv.csat_state === 'asked';
      const messages = await this.runtime.forContact(conv.contact_id, () =>
        this.runtime.write(async (tx) => {
          const r = await tx.sql.exec(
            this.k
              .updateTable('conversations')
              .set({ stage: 'closed', closed_at: at, closed_by: conv.closed_by ?? 'system', close_reason: surveyPending ? 'survey unanswered' : 'inactivity', csat_state: null, last_message_at: at })
              .where('id', '=', id)
              .where('stage', '!=', 'closed')
              .where('last_message_at', '<', before),
          );
          if (r.changes !== 1) return null;
          await this.runtime.endSessionIn(tx.sql, conv.contact_id, at);
          return surveyPending || conv.contact_blocked_at ? [] : this.insert(tx, [outgoingRow(conv, { type: 'text', text: message(locale) }, 'system', at)]);
        }),
      );
      if (!messages) continue;
      closed++;
      const after = (await this.row(id))!;
      this.announce(conv, after, 'closed');
      this.announceMessages(after, messages);
      if (conv.agent_id) void this.assigner.runAll(this.departments.of(conv.agent_id));
    }
    return closed;
  }
}
