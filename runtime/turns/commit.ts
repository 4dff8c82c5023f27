// A turn's writes, in one transaction: the inbound row claimed, the session moved on (optimistic
// lock on its version), the conversation opened or closed, the contact's message and the bot's
// answers as transcript rows (the answers 'pending': the outbox), timers, the handoff.
import type { FlowDocument } from '../../blocks/flow.js';
import { noticeScope } from '../bus.js';
import { newId } from '../ids.js';
import type { Sql } from '../db/prepared.js';
import type { NewMessage } from '../db/schema.js';
import type { LogEntry } from '../context.js';
import { applyContactUpdate } from '../contacts/flow-writes.js';
import { recordRun, type PastRun } from '../contacts/flow-runs.js';
import type { StepResult } from '../engine/step.js';
import { previewOf } from '../inbox/messages.js';
import { inboundPreview, inboundRow, type InboundPayload } from '../transcript.js';
import { StaleTurn, type RuntimeCore } from '../core.js';
import type { LoadedContact } from './load.js';

/** What started a turn: a stored inbound row, a timer, or a test-chat start. */
export interface TurnOrigin {
  inboundId?: number;
  /** The stored message (with `inboundId`). */
  payload?: InboundPayload;
  externalId?: string;
  channel?: string;
  timerId?: string;
  forceVersionId?: string;
}

/** Claims the inbound row this turn answers: another process may have answered it already. */
export async function claimInbound(core: RuntimeCore, sql: Sql, origin: TurnOrigin, nowIso: string): Promise<void> {
  if (origin.inboundId !== undefined && (await sql.changes(core.q.claimInbound, nowIso, origin.inboundId)) !== 1) {
    throw new StaleTurn('inbound');
  }
}

export async function openConversation(core: RuntimeCore, sql: Sql, c: LoadedContact, nowIso: string): Promise<string> {
  if (c.conversationId) return c.conversationId;
  const id = newId();
  await sql.changes(core.q.insertConversation, id, c.contactId, c.channel, nowIso);
  return id;
}

/** The contact's message as a row of `conversationId`, with its provider id and the row it quotes. */
export async function contactMessageRow(core: RuntimeCore, sql: Sql, c: LoadedContact, conversationId: string, origin: TurnOrigin, nowIso: string): Promise<NewMessage> {
  const p = origin.payload!;
  const row = inboundRow(c, conversationId, p, nowIso);
  const channel = origin.channel ?? c.channel;
  if (origin.externalId && channel !== 'test') row.external_id = origin.externalId;
  if (p.quotedExternalId) {
    const [quoted] = await sql.rows(core.q.findMessageByExternal, channel, p.quotedExternalId);
    if (quoted) row.quoted_id = Number(quoted.id);
  }
  return row;
}

export function insertRows(core: RuntimeCore, sql: Sql, rows: NewMessage[]): Promise<number[]> {
  if (!rows.length) return Promise.resolve([]);
  const [insert, args] = core.q.insertMessages(rows);
  return sql.rows(insert, ...args).then((r) => r.map((x) => Number(x.id)));
}

export interface Committed {
  inboundMessageId: number | null;
  messageIds: number[];
  conversationId: string;
  /** Contact values a Contact block gave that were refused (skipped), for the author. */
  contactLogs: LogEntry[];
}

export async function commitTurn(
  core: RuntimeCore,
  loadedContact: LoadedContact,
  flow: { flowId: string; versionId: string; doc: FlowDocument },
  result: StepResult,
  origin: TurnOrigin,
  now: Date,
  contactName: string | null,
  replaced: PastRun | null = null,
): Promise<Committed> {
  const nowIso = now.toISOString();
  const q = core.q;
  const state = JSON.stringify(result.session);
  return core.writer.run(async (sql) => {
    let c = loadedContact;
    // Claims first: if another process answered this message or moved this session since we
    // loaded it, throwing rolls the batch back and the batcher retries the others alone.
    await claimInbound(core, sql, origin, nowIso);
    if (c.session && !origin.forceVersionId) {
      const n = await sql.changes(q.updateSession, state, flow.flowId, flow.versionId, c.session.version + 1, nowIso, c.contactId, c.session.version);
      if (n !== 1) throw new StaleTurn('session');
    } else if (c.session) {
      // A restart from the test chat replaces the session whatever its state.
      await sql.changes(q.replaceSession, state, flow.flowId, flow.versionId, c.session.version + 1, nowIso, c.contactId);
    } else if ((await sql.changes(q.insertSession, c.contactId, flow.flowId, flow.versionId, state, nowIso)) !== 1) {
      throw new StaleTurn('session');
    }
    if (origin.forceVersionId && c.conversation && c.conversation.stage !== 'bot') {
      // The test chat restarted while humans served: that conversation ends, a new one begins.
      await sql.changes(q.closeConversationAs, nowIso, 'system', 'restarted', c.conversation.id);
      c = { ...c, conversationId: null };
    }
    if (replaced) await recordRun(sql, core.k, c.contactId, replaced);
    const conversationId = await openConversation(core, sql, c, nowIso);
    if (contactName && contactName !== c.name) await sql.changes(q.renameContact, contactName, c.contactId);
    // After the rename above: a name the Contact block saves is the author's explicit choice.
    const contactLogs = result.contact ? await applyContactUpdate(core, sql, c.contactId, result.contact, flow.doc.settings.locale, nowIso) : [];
    // The contact's message and the bot's answers go in as one insert: ids keep their order.
    const rows: NewMessage[] = [];
    if (origin.payload) rows.push(await contactMessageRow(core, sql, c, conversationId, origin, nowIso));
    for (const m of result.messages) {
      rows.push({
        conversation_id: conversationId,
        contact_id: c.contactId,
        channel: c.channel,
        direction: 'out',
        author: 'bot',
        kind: m.message.type,
        body: JSON.stringify(m.message),
        block_id: m.blockId ?? null,
        created_at: nowIso,
        status: 'pending',
        attempts: 0,
        available_at: nowIso,
      });
    }
    const ids = await insertRows(core, sql, rows);
    const inboundMessageId = origin.payload ? ids.shift()! : null;
    for (const e of result.effects) {
      if (e.type === 'schedule_timer') await sql.changes(q.insertTimer, e.timerId, c.contactId, e.dueAt, nowIso);
      else if (e.type === 'cancel_timer') await sql.changes(q.cancelTimer, e.timerId);
    }
    if (origin.timerId) await sql.changes(q.fireTimer, origin.timerId);
    // The conversation's last activity is its session's updated_at; only its end and its
    // handoff are written here (agents' lists sort by activity from then on).
    if (result.session.status === 'ended') await sql.changes(q.closeConversation, nowIso, conversationId);
    for (const e of result.effects) {
      if (e.type !== 'handoff') continue;
      const last = result.messages[result.messages.length - 1]?.message;
      const preview = last ? previewOf(last) : origin.payload ? inboundPreview(origin.payload) : null;
      await sql.changes(q.enterQueue, e.handoff.departmentId, e.handoff.mode, e.handoff.agentId ?? null, nowIso, preview, conversationId);
    }
    return { inboundMessageId, messageIds: ids, conversationId, contactLogs };
  });
}

/** Tells the Inbox a conversation closed (a new flow run or a survey answer ended it). */
export function emitClosed(core: RuntimeCore, live: { id: string; departmentId: string | null; agentId: string | null }) {
  core.bus.emit('inbox', { type: 'conversation', conversationId: live.id, reason: 'closed', stage: 'closed', ...noticeScope(live) });
}
