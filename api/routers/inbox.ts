// The Inbox tab's API. Every procedure runs as the calling agent (`viewer`), and the desk and
// the lists check each conversation against the viewer's departments.
import { z } from 'zod';
import { messageText } from '../message-text.js';
import type { InboxNotice } from '../../runtime/bus.js';
import type { ChannelControl } from '../../runtime/channels/control.js';
import { notFound, OziaError } from '../../runtime/errors.js';
import type { FreeTextPolicy } from '../../runtime/inbox/channel-accounts.js';
import { canReadFile } from '../../runtime/file-access.js';
import { canSee, type Viewer } from '../../runtime/inbox/access.js';
import { contactMatches, listFilters, listInput } from '../../runtime/inbox/list.js';
import { channelCan } from '../../runtime/inbox/transcript-view.js';
import { quickReplyInput } from '../../runtime/inbox/quick-replies.js';
import { inboxSettingsSchema } from '../../runtime/inbox/settings.js';
import { tagInput } from '../../runtime/inbox/tags.js';
import { listen } from '../live.js';
import { templateChoice } from '../../runtime/channels/cloud-api/templates.js';
import { agentProcedure, router, supervisorProcedure } from '../trpc.js';

const id = z.string().min(1);
const conversationId = z.string().min(1, 'choose a conversation');
const messageId = z.number({ error: 'choose a message' }).int().positive('choose a message');

/** Whether a notice concerns what this agent may see. */
export function noticeFor(v: Viewer, n: InboxNotice): boolean {
  if (n.type === 'mention' || n.type === 'notification') return n.userId === v.id;
  if (v.role === 'supervisor') return true;
  if (n.agentIds.includes(v.id)) return true;
  return n.departmentIds.some((d) => v.departmentIds.includes(d));
}

/** The running channels' word on an agent's free-text first message. */
function freeTextPolicy(control: ChannelControl): FreeTextPolicy | undefined {
  return control.freeTextRefusal ? (channelId, facts) => control.freeTextRefusal!(channelId, facts) : undefined;
}

export const inboxRouter = router({
  list: agentProcedure.input(listInput).query(({ ctx, input }) => ctx.app.inbox.lists.list(ctx.viewer, input)),
  counts: agentProcedure.input(listFilters).query(({ ctx, input }) => ctx.app.inbox.lists.counts(ctx.viewer, input)),

  get: agentProcedure.input(z.object({ id: conversationId })).query(async ({ ctx, input }) => {
    const details = await ctx.app.inbox.desk.details(ctx.viewer, input.id);
    // Whether free text may go now (a reply window): the composer offers only templates when not.
    const freeText = await ctx.app.inbox.channels.freeText(details.contact.id, details.channel, freeTextPolicy(ctx.app.channelControl));
    // What the conversation's channel lets agents do: ticks, native quotes, delete for everyone.
    return { ...details, freeText, can: channelCan(ctx.app.channelControl.capabilities(details.channel)) };
  }),
  /** The approved message templates the conversation's account can send (Cloud API; none elsewhere). */
  templates: agentProcedure.input(z.object({ id: conversationId })).query(async ({ ctx, input }) => {
    const details = await ctx.app.inbox.desk.details(ctx.viewer, input.id);
    return ctx.app.messageTemplates.offered(details.channel);
  }),
  /** The approved templates of an account a contact can be written first on ("Nova conversa"). */
  startTemplates: agentProcedure.input(z.object({ contactId: z.string().min(1, 'choose a contact'), channelId: z.string().min(1, 'choose a channel') })).query(async ({ ctx, input }) => {
    if (!(await ctx.app.inbox.contacts.visible(ctx.viewer, input.contactId))) throw notFound(`contact "${input.contactId}"`);
    const choices = await ctx.app.inbox.channels.startChoices(input.contactId);
    if (!choices.some((c) => c.channelId === input.channelId)) throw new OziaError('BAD_REQUEST', 'channelId: this contact is not reachable on that channel; choose one of theirs');
    return ctx.app.messageTemplates.offered(input.channelId);
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
          quotedId: messageId.optional(),
          /** An approved template with its variables' values (outside a reply window). */
          template: templateChoice.optional(),
        })
        .refine((r) => (r.text ?? '').trim() || r.fileId || r.template, { path: ['text'], message: 'type a message or attach a file' }),
    )
    .mutation(async ({ ctx, input }) => {
      // Sending a file makes it readable to the conversation's agents: only a file the sender may read can be sent.
      if (input.fileId) {
        const file = await ctx.app.files.row(input.fileId);
        if (!file || !(await canReadFile(ctx.app.db, ctx.viewer, file))) throw new OziaError('BAD_REQUEST', 'fileId: the attachment was not found; upload it again');
      }
      const { template, ...rest } = input;
      const sent = await ctx.app.inbox.desk.reply(
        ctx.viewer,
        input.id,
        { ...rest, ...(template ? { template: (channelId: string) => ctx.app.messageTemplates.message(channelId, template) } : {}) },
        freeTextPolicy(ctx.app.channelControl),
      );
      // Who may see the conversation may now read its attachment.
      if (input.fileId) await ctx.app.files.link(input.fileId, 'conversation', input.id);
      return sent;
    }),
  /** "Reenviar": a failed outgoing message goes out again. */
  resend: agentProcedure.input(z.object({ messageId })).mutation(({ ctx, input }) => ctx.app.inbox.actions.resend(ctx.viewer, input.messageId)),
  /** "Apagar para todos": deletes a sent message on the contact's phone too. */
  revoke: agentProcedure
    .input(z.object({ messageId }))
    .mutation(({ ctx, input }) => ctx.app.inbox.actions.revoke(ctx.viewer, input.messageId, ctx.app.channelControl)),
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
  /** Supervisors: every conversation an agent serves goes back to its queue (an agent who left without finishing). */
  returnToQueue: supervisorProcedure.input(z.object({ agentId: z.string().min(1, 'choose an agent') })).mutation(({ ctx, input }) =>
    ctx.app.inbox.desk.returnToQueue(ctx.app.inbox.viewer(ctx.user), input.agentId),
  ),
  finish: agentProcedure.input(z.object({ id: conversationId, survey: z.boolean().default(false) })).mutation(async ({ ctx, input }) => {
    await ctx.app.inbox.desk.finish(ctx.viewer, input.id, input);
    return { ok: true as const };
  }),
  handBack: agentProcedure.input(z.object({ id: conversationId, flowId: z.string().min(1, 'choose a flow'), groupId: id.optional() })).mutation(async ({ ctx, input }) => {
    await ctx.app.inbox.desk.handBack(ctx.viewer, input.id, input);
    return { ok: true as const };
  }),
  /** Flows an agent can hand a conversation back to: published ones, with their groups. */
  flows: agentProcedure.query(({ ctx }) => ctx.app.inbox.desk.handBackFlows()),
  start: agentProcedure
    .input(
      z.object({
        contactId: z.string().min(1, 'choose a contact'),
        departmentId: z.string().min(1, 'choose a department'),
        /** The account it goes out through (one of `startChoices`); by default the one the contact used last. */
        channelId: z.string().min(1, 'choose a channel').optional(),
        text: messageText(z.string().trim().min(1, 'type the first message')).optional(),
        /** An approved template instead of text (an account outside its reply window). */
        template: templateChoice.optional(),
      }).refine((s) => s.text || s.template, { path: ['text'], message: 'type the first message' }),
    )
    .mutation(async ({ ctx, input }) => {
      const { template, ...rest } = input;
      const row = await ctx.app.inbox.desk.start(
        ctx.viewer,
        { ...rest, ...(template ? { template: (channelId: string) => ctx.app.messageTemplates.message(channelId, template) } : {}) },
        freeTextPolicy(ctx.app.channelControl),
      );
      return { id: row.id };
    }),
  /** The accounts an agent can write first to this contact on, the one they used last first, each with its kind's refusal if any. */
  startChoices: agentProcedure.input(z.object({ contactId: z.string().min(1, 'choose a contact') })).query(async ({ ctx, input }) => {
    if (!(await ctx.app.inbox.contacts.visible(ctx.viewer, input.contactId))) throw notFound(`contact "${input.contactId}"`);
    const choices = await ctx.app.inbox.channels.startChoices(input.contactId, freeTextPolicy(ctx.app.channelControl));
    // Where free text is refused, whether the kind has templates to offer instead.
    return choices.map((c) => ({ ...c, templates: !!ctx.app.channelControl.capabilities(c.channelId)?.templates }));
  }),
  /** The channel accounts the caller may filter the lists by (operators: those their departments' conversations came through). */
  accounts: agentProcedure.query(({ ctx }) => ctx.app.inbox.channels.accounts(ctx.viewer)),
  /** Contacts the caller may start a conversation with (their departments' contacts; supervisors: all), by name or phone. */
  contacts: agentProcedure
    .input(z.object({ search: z.string().trim().max(100).default('') }))
    .query(({ ctx, input }) => ctx.app.inbox.contacts.search(ctx.viewer, input.search)),
  renderQuickReply: agentProcedure
    .input(z.object({ id: conversationId, quickReplyId: id }))
    .mutation(({ ctx, input }) => ctx.app.inbox.desk.renderQuickReply(ctx.viewer, input.id, input.quickReplyId)),

  /** The caller's mentions, transfers to them and assignments, newest first (the bell in the top bar). */
  notifications: agentProcedure.query(({ ctx }) => ctx.app.inbox.notifications.list(ctx.viewer)),
  /** How many of the caller's notifications are unread (the bell's count). */
  notificationCount: agentProcedure.query(async ({ ctx }) => ({ unread: await ctx.app.inbox.notifications.unread(ctx.viewer) })),
  /** Marks the caller's notifications read: those named, or all of them. */
  readNotifications: agentProcedure
    .input(z.object({ ids: z.array(z.number().int().positive()).max(100, 'at most 100 notifications at a time').optional() }).optional())
    .mutation(async ({ ctx, input }) => ({ ok: true as const, read: await ctx.app.inbox.notifications.markRead(ctx.user.id, input?.ids) })),

  /** Live inbox: new conversations, messages, assignments, transfers, mentions, presence. */
  events: agentProcedure.subscription(async function* ({ ctx, signal }) {
    const { app, user } = ctx;
    // Every open page holds this stream: while one is open the user is present.
    const leave = app.inbox.presence.connect(user.id);
    try {
      // Departments can change while connected: the check runs for every notice.
      yield* app.streams.run(user.id, ctx.token, signal, (s) =>
        listen<InboxNotice>((push) => app.bus.on('inbox', (n) => noticeFor(app.inbox.viewer(user), n) && push(n)), s),
      );
    } finally {
      leave();
    }
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
    create: supervisorProcedure.input(quickReplyInput).mutation(async ({ ctx, input }) => {
      const reply = await ctx.app.inbox.quickReplies.create(input, ctx.user.id);
      if (reply.fileId) await ctx.app.files.link(reply.fileId, 'quick_reply', reply.id);
      return reply;
    }),
    update: supervisorProcedure.input(z.object({ id, reply: quickReplyInput })).mutation(async ({ ctx, input }) => {
      await ctx.app.inbox.quickReplies.update(input.id, input.reply);
      if (input.reply.fileId) await ctx.app.files.link(input.reply.fileId, 'quick_reply', input.id);
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
