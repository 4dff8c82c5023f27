// The Inbox tab's API. Every procedure runs as the calling agent (`viewer`), and the desk and
// the lists check each conversation against the viewer's departments.
import { z } from 'zod';
import { messageText } from '../message-text.js';
import type { InboxNotice } from '../../runtime/bus.js';
import { canSee, type Viewer } from '../../runtime/inbox/access.js';
import { contactMatches, listFilters, listInput } from '../../runtime/inbox/list.js';
import { quickReplyInput } from '../../runtime/inbox/quick-replies.js';
import { inboxSettingsSchema } from '../../runtime/inbox/settings.js';
import { tagInput } from '../../runtime/inbox/tags.js';
import { listen } from '../live.js';
import { agentProcedure, router, supervisorProcedure } from '../trpc.js';

const id = z.string().min(1);
const conversationId = z.string().min(1, 'choose a conversation');

/** Whether a notice concerns what this agent may see. */
export function noticeFor(v: Viewer, n: InboxNotice): boolean {
  if (n.type === 'mention') return n.userId === v.id;
  if (v.role === 'supervisor') return true;
  if (n.agentIds.includes(v.id)) return true;
  return n.departmentIds.some((d) => v.departmentIds.includes(d));
}

export const inboxRouter = router({
  list: agentProcedure.input(listInput).query(({ ctx, input }) => ctx.app.inbox.lists.list(ctx.viewer, input)),
  counts: agentProcedure.input(listFilters).query(({ ctx, input }) => ctx.app.inbox.lists.counts(ctx.viewer, input)),

  get: agentProcedure.input(z.object({ id: conversationId })).query(async ({ ctx, input }) => {
    const row = await ctx.app.inbox.desk.visible(ctx.viewer, input.id);
    const tags = await ctx.app.db.kysely
      .selectFrom('conversation_tags')
      .innerJoin('tags', 'tags.id', 'conversation_tags.tag_id')
      .select(['tags.id', 'tags.name', 'tags.color'])
      .where('conversation_tags.conversation_id', '=', input.id)
      .orderBy('tags.name')
      .execute();
    const agent = row.agent_id ? await ctx.app.db.kysely.selectFrom('users').select('name').where('id', '=', row.agent_id).executeTakeFirst() : null;
    return {
      id: row.id,
      stage: row.stage,
      channel: row.channel,
      contact: { id: row.contact_id, name: row.contact_name, phone: row.contact_phone },
      departmentId: row.department_id,
      agentId: row.agent_id,
      agentName: agent?.name ?? null,
      openedAt: row.opened_at,
      waitingSince: row.waiting_since,
      assignedAt: row.assigned_at,
      firstReplyAt: row.first_reply_at,
      finishedAt: row.finished_at,
      closedAt: row.closed_at,
      closeReason: row.close_reason,
      unread: Number(row.unread),
      csatState: row.csat_state,
      csatScore: row.csat_score,
      csatComment: row.csat_comment,
      tags,
      canServe: row.stage === 'in_service' && (row.agent_id === ctx.viewer.id || ctx.viewer.role === 'supervisor'),
    };
  }),
  messages: agentProcedure
    .input(z.object({ id: conversationId, beforeId: z.number().int().positive().optional(), limit: z.number().int().min(1).max(500).optional() }))
    .query(({ ctx, input }) => ctx.app.inbox.desk.messages(ctx.viewer, input.id, input)),
  contactPanel: agentProcedure.input(z.object({ id: conversationId })).query(({ ctx, input }) => ctx.app.inbox.desk.contactPanel(ctx.viewer, input.id)),

  pickUp: agentProcedure.input(z.object({ id: conversationId })).mutation(async ({ ctx, input }) => {
    await ctx.app.inbox.desk.pickUp(ctx.viewer, input.id);
    return { ok: true as const };
  }),
  reply: agentProcedure
    .input(
      z
        .object({
          id: conversationId,
          text: messageText().optional(),
          fileId: z.string().min(1).optional(),
        })
        .refine((r) => (r.text ?? '').trim() || r.fileId, { path: ['text'], message: 'type a message or attach a file' }),
    )
    .mutation(({ ctx, input }) => ctx.app.inbox.desk.reply(ctx.viewer, input.id, input)),
  whisper: agentProcedure
    .input(z.object({ id: conversationId, text: messageText(z.string().trim().min(1, 'type the note')) }))
    .mutation(({ ctx, input }) => ctx.app.inbox.desk.whisper(ctx.viewer, input.id, input.text)),
  setTags: agentProcedure.input(z.object({ id: conversationId, tagIds: z.array(id).max(20, 'at most 20 tags') })).mutation(async ({ ctx, input }) => {
    await ctx.app.inbox.desk.setTags(ctx.viewer, input.id, input.tagIds);
    return { ok: true as const };
  }),
  markUnread: agentProcedure.input(z.object({ id: conversationId })).mutation(async ({ ctx, input }) => {
    await ctx.app.inbox.desk.markUnread(ctx.viewer, input.id);
    return { ok: true as const };
  }),
  markRead: agentProcedure.input(z.object({ id: conversationId })).mutation(async ({ ctx, input }) => {
    await ctx.app.inbox.desk.markRead(ctx.viewer, input.id);
    return { ok: true as const };
  }),
  transfer: agentProcedure
    .input(
      z
        .object({
          id: conversationId,
          departmentId: id.optional(),
          agentId: id.optional(),
          note: z.string().max(1000, 'at most 1000 characters').optional(),
          notifyContact: z.boolean().default(true),
        })
        .refine((t) => t.departmentId || t.agentId, { path: ['departmentId'], message: 'choose a department or an agent' }),
    )
    .mutation(async ({ ctx, input }) => {
      await ctx.app.inbox.desk.transfer(ctx.viewer, input.id, input);
      return { ok: true as const };
    }),
  finish: agentProcedure.input(z.object({ id: conversationId, survey: z.boolean().default(false) })).mutation(async ({ ctx, input }) => {
    await ctx.app.inbox.desk.finish(ctx.viewer, input.id, input);
    return { ok: true as const };
  }),
  handBack: agentProcedure.input(z.object({ id: conversationId, flowId: z.string().min(1, 'choose a flow'), groupId: id.optional() })).mutation(async ({ ctx, input }) => {
    await ctx.app.inbox.desk.handBack(ctx.viewer, input.id, input);
    return { ok: true as const };
  }),
  /** Flows an agent can hand a conversation back to: published ones, with their groups. */
  flows: agentProcedure.query(async ({ ctx }) => {
    const rows = await ctx.app.db.kysely.selectFrom('flows').select(['id', 'name', 'published_version_id']).where('published_version_id', 'is not', null).orderBy('name').execute();
    return Promise.all(
      rows.map(async (f) => {
        const { doc } = await ctx.app.flows.versionDocument(f.published_version_id!);
        return { id: f.id, name: f.name, groups: doc.groups.map((g) => ({ id: g.id, title: g.title })) };
      }),
    );
  }),
  start: agentProcedure
    .input(z.object({ contactId: z.string().min(1, 'choose a contact'), departmentId: z.string().min(1, 'choose a department'), text: messageText(z.string().trim().min(1, 'type the first message')) }))
    .mutation(async ({ ctx, input }) => {
      const row = await ctx.app.inbox.desk.start(ctx.viewer, input);
      return { id: row.id };
    }),
  /** Contacts to start a conversation with, by name or phone. */
  contacts: agentProcedure.input(z.object({ search: z.string().trim().max(100).default('') })).query(async ({ ctx, input }) => {
    let q = ctx.app.db.kysely.selectFrom('contacts').select(['id', 'name', 'phone', 'channel']).orderBy('created_at', 'desc').limit(20);
    if (input.search) q = q.where(contactMatches(input.search, ctx.app.db.dialect));
    return q.execute();
  }),
  renderQuickReply: agentProcedure
    .input(z.object({ id: conversationId, quickReplyId: id }))
    .mutation(({ ctx, input }) => ctx.app.inbox.desk.renderQuickReply(ctx.viewer, input.id, input.quickReplyId)),

  notifications: agentProcedure.query(async ({ ctx }) => {
    const rows = await ctx.app.db.kysely
      .selectFrom('notifications')
      .leftJoin('users', 'users.id', 'notifications.by_user_id')
      .innerJoin('conversations', 'conversations.id', 'notifications.conversation_id')
      .select(['notifications.id', 'notifications.kind', 'notifications.conversation_id', 'notifications.message_id', 'notifications.created_at', 'notifications.read_at', 'users.name as by_name', 'conversations.department_id', 'conversations.agent_id'])
      .where('notifications.user_id', '=', ctx.user.id)
      .orderBy('notifications.id', 'desc')
      .limit(50)
      .execute();
    return rows
      .filter((r) => canSee(ctx.viewer, r))
      .map((r) => ({ id: Number(r.id), kind: r.kind, conversationId: r.conversation_id, messageId: r.message_id, byName: r.by_name, createdAt: r.created_at, read: !!r.read_at }));
  }),
  readNotifications: agentProcedure.mutation(async ({ ctx }) => {
    await ctx.app.db.kysely.updateTable('notifications').set({ read_at: new Date().toISOString() }).where('user_id', '=', ctx.user.id).where('read_at', 'is', null).execute();
    return { ok: true as const };
  }),

  /** Live inbox: new conversations, messages, assignments, transfers, mentions, presence. */
  events: agentProcedure.subscription(async function* ({ ctx, signal }) {
    const { app, user } = ctx;
    // Departments can change while connected: the check runs for every notice.
    yield* listen<InboxNotice>((push) => app.bus.on('inbox', (n) => noticeFor(app.inbox.viewer(user), n) && push(n)), signal);
  }),

  tags: router({
    list: agentProcedure.query(({ ctx }) => ctx.app.inbox.tags.list()),
    create: agentProcedure.input(tagInput).mutation(({ ctx, input }) => ctx.app.inbox.tags.create(input)),
    update: supervisorProcedure.input(tagInput.extend({ id })).mutation(async ({ ctx, input }) => {
      await ctx.app.inbox.tags.update(input.id, input);
      return { ok: true as const };
    }),
    remove: supervisorProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
      await ctx.app.inbox.tags.remove(input.id);
      return { ok: true as const };
    }),
  }),

  quickReplies: router({
    list: agentProcedure.query(({ ctx }) => ctx.app.inbox.quickReplies.list(ctx.viewer)),
    create: supervisorProcedure.input(quickReplyInput).mutation(({ ctx, input }) => ctx.app.inbox.quickReplies.create(input, ctx.user.id)),
    update: supervisorProcedure.input(z.object({ id, reply: quickReplyInput })).mutation(async ({ ctx, input }) => {
      await ctx.app.inbox.quickReplies.update(input.id, input.reply);
      return { ok: true as const };
    }),
    remove: supervisorProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
      await ctx.app.inbox.quickReplies.remove(input.id);
      return { ok: true as const };
    }),
  }),

  settings: router({
    get: agentProcedure.query(({ ctx }) => ctx.app.inbox.settings.get()),
    set: supervisorProcedure.input(inboxSettingsSchema).mutation(({ ctx, input }) => ctx.app.inbox.settings.set(input)),
  }),
});
