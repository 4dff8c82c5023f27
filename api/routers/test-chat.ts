import { tracked } from '@trpc/server';
import { z } from 'zod';
import { listenToContact } from '../live.js';
import type { AppServices } from '../services.js';
import { messageText } from '../message-text.js';
import { designerProcedure, router } from '../trpc.js';
import { MAX_TEST_ATTACHMENTS } from '../../runtime/test-chat.js';

const sessionId = z.string().min(1, 'start a test session first');

export const testChatRouter = router({
  start: designerProcedure
    .input(
      z.object({
        flowId: z.string().min(1, 'choose a flow'),
        /** "draft" (default) or a version id. */
        version: z.string().optional(),
        groupId: z.string().optional(),
        blockId: z.string().optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.app.testChat.start({ ...input, ownerId: ctx.user.id })),

  send: designerProcedure
    .input(
      z.object({
        sessionId,
        text: messageText().optional(),
        choiceIds: z.array(z.string().min(1)).max(50).optional(),
        /** Files this user uploaded (POST /api/files) for this run; the caption is `text`. */
        attachments: z
          .array(z.object({ fileId: z.string().min(1).max(64) }))
          .max(MAX_TEST_ATTACHMENTS)
          .optional(),
      }),
    )
    .mutation(({ ctx, input }) => ctx.app.testChat.send({ ...input, userId: ctx.user.id })),

  restart: designerProcedure
    .input(z.object({ sessionId, groupId: z.string().optional(), blockId: z.string().optional() }))
    .mutation(({ ctx, input }) => ctx.app.testChat.restart(input)),

  state: designerProcedure.input(z.object({ sessionId })).query(({ ctx, input }) => ctx.app.testChat.state(input.sessionId)),

  transcript: designerProcedure
    .input(z.object({ sessionId, afterId: z.number().int().min(0).optional() }))
    .query(({ ctx, input }) => ctx.app.testChat.transcript(input.sessionId, input.afterId)),

  /**
   * Live bot messages (tracked by transcript id, so a reconnect resumes where it left off) and
   * turn notices (current block, variables, logs) as they happen, including after a Wait.
   */
  events: designerProcedure
    .input(z.object({ sessionId, lastEventId: z.string().nullish() }))
    .subscription(async function* ({ ctx, input, signal }) {
      await ctx.app.testChat.state(input.sessionId); // 404 for unknown sessions before streaming
      yield* ctx.app.streams.run(ctx.user.id, ctx.token, signal, (s) => testChatEvents(ctx.app, input, s));
    }),
});

/** Replays what a reconnecting tester missed, then streams bot messages and turn notices as they happen. */
async function* testChatEvents(app: AppServices, input: { sessionId: string; lastEventId?: string | null }, signal: AbortSignal) {
  const live = listenToContact(app.bus, input.sessionId, signal);
  let last = Number(input.lastEventId ?? 0) || 0;
  if (input.lastEventId) {
    for (const m of await app.testChat.transcript(input.sessionId, last)) {
      if (m.direction !== 'out') continue;
      last = m.id;
      yield tracked(String(m.id), { kind: 'message' as const, id: m.id, message: m.message, blockId: m.blockId, createdAt: m.createdAt });
    }
  }
  for await (const e of live) {
    if (e.kind === 'message') {
      if (e.data.messageId <= last) continue;
      last = e.data.messageId;
      yield tracked(String(e.data.messageId), {
        kind: 'message' as const,
        id: e.data.messageId,
        message: e.data.message,
        blockId: e.data.blockId,
        createdAt: e.data.createdAt,
      });
    } else {
      yield { kind: 'turn' as const, ...e.data };
    }
  }
}
