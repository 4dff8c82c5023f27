// A contact's message that the bot does not answer: the team is serving (it goes to them), the
// contact answers the satisfaction survey, the account has the bot off (straight to a
// department's queue), or the bot must stay silent (the business wrote from its phone, the bot
// is paused, a late message). Each is stored in one transaction with the inbound row's claim.
import type { Locale, OutgoingMessage } from '../../blocks/contract.js';
import { noticeScope, type InboxMessage } from '../bus.js';
import { StaleTurn, type RuntimeCore } from '../core.js';
import { inboundPreview } from '../transcript.js';
import { claimInbound, contactMessageRow, emitClosed, insertRows, openConversation, type TurnOrigin } from '../turns/commit.js';
import type { LiveConversation, LoadedContact } from '../turns/load.js';
import { contactTexts, inboxMessage, outgoingRow, readSurveyAnswer } from './messages.js';

function emitMessage(core: RuntimeCore, live: { id: string; departmentId: string | null; agentId: string | null }, message: InboxMessage) {
  core.bus.emit('inbox', { type: 'message', conversationId: live.id, message, ...noticeScope(live) });
}

/** Runs `work`; a claim another process won means the message was handled there. */
async function unlessStale<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof StaleTurn) return null;
    throw e;
  }
}

/**
 * Keeps the message on the transcript without a bot answer. `pauseMinutes`: the business
 * wrote from its phone, the bot stays silent that long. `queueTo`: the account has the bot
 * off, the conversation waits in that department.
 */
export async function storeOnly(core: RuntimeCore, origin: TurnOrigin, c: LoadedContact, now: Date, how: { pauseMinutes?: number; queueTo?: string }) {
  const nowIso = now.toISOString();
  const payload = origin.payload;
  const queueTo = how.queueTo && !(c.conversation && c.conversation.stage !== 'bot') ? how.queueTo : null;
  const stored = await unlessStale(() =>
    core.writer.run(async (sql) => {
      await claimInbound(core, sql, origin, nowIso);
      const conversationId = await openConversation(core, sql, c, nowIso);
      let row = null;
      let id = 0;
      if (payload) {
        row = await contactMessageRow(core, sql, c, conversationId, origin, nowIso);
        [id] = await insertRows(core, sql, [row]);
      }
      if (how.pauseMinutes) {
        const until = new Date(now.getTime() + how.pauseMinutes * 60_000).toISOString();
        await sql.exec(core.k.updateTable('contacts').set({ bot_paused_until: until }).where('id', '=', c.contactId));
      }
      if (queueTo) await sql.changes(core.q.enterQueue, queueTo, 'auto', null, nowIso, payload ? inboundPreview(payload) : null, conversationId);
      return { conversationId, row, id };
    }),
  );
  if (!stored) return;
  core.committed(stored.id, []);
  const live = { id: stored.conversationId, departmentId: queueTo ?? c.conversation?.departmentId ?? null, agentId: c.conversation?.agentId ?? null };
  if (stored.row) emitMessage(core, live, inboxMessage(stored.row, stored.id));
  if (queueTo) {
    core.bus.emit('inbox', { type: 'conversation', conversationId: stored.conversationId, reason: 'handoff', stage: 'waiting', ...noticeScope({ departmentId: queueTo }) });
    core.opts.onHandoff?.({ conversationId: stored.conversationId, contactId: c.contactId, handoff: { departmentId: queueTo, mode: 'auto' }, locale: 'pt-BR' });
  }
}

/** While humans serve, the contact's messages go to the transcript and the inbox, not to the bot. */
export async function storeForAgents(core: RuntimeCore, origin: TurnOrigin, c: LoadedContact, live: LiveConversation, now: Date) {
  const nowIso = now.toISOString();
  const stored = await unlessStale(() =>
    core.writer.run(async (sql) => {
      await claimInbound(core, sql, origin, nowIso);
      const row = await contactMessageRow(core, sql, c, live.id, origin, nowIso);
      const [id] = await insertRows(core, sql, [row]);
      await sql.changes(core.q.touchConversation, nowIso, inboundPreview(origin.payload!), 1, live.id);
      return { row, id };
    }),
  );
  if (!stored) return;
  core.committed(stored.id, []);
  emitMessage(core, live, inboxMessage(stored.row, stored.id));
}

/**
 * The contact answers the satisfaction survey an agent asked for when finishing. True when
 * it was an answer (recorded, thanked, closed); false when the survey was dropped because
 * the message was about something else, which the bot then answers in a new conversation.
 */
export async function answerSurvey(core: RuntimeCore, origin: TurnOrigin, c: LoadedContact, live: LiveConversation, now: Date, locale: Locale): Promise<boolean> {
  const nowIso = now.toISOString();
  const answer = readSurveyAnswer(origin.payload!.reply.text);
  if (!answer) {
    await core.writer.run(async (sql) => {
      await sql.changes(core.q.closeConversationAs, nowIso, 'system', 'survey unanswered', live.id);
    });
    emitClosed(core, live);
    return false;
  }
  const thanks: OutgoingMessage = { type: 'text', text: contactTexts[locale].surveyThanks };
  const stored = await unlessStale(() =>
    core.write(async (tx) => {
      await claimInbound(core, tx.sql, origin, nowIso);
      const rows = [await contactMessageRow(core, tx.sql, c, live.id, origin, nowIso), outgoingRow({ id: live.id, contact_id: c.contactId, channel: c.channel }, thanks, 'system', nowIso)];
      const ids = await tx.insertMessages(rows);
      await tx.sql.changes(core.q.recordSurvey, answer.score, answer.comment, nowIso, live.id);
      return { rows, ids };
    }),
  );
  if (!stored) return true;
  // Agents watching see the score arrive and the thanks go out, then the conversation close.
  stored.rows.forEach((r, i) => emitMessage(core, live, inboxMessage(r, stored.ids[i])));
  emitClosed(core, live);
  return stored.ids.length > 0;
}
