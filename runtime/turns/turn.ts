// One engine step for a contact: load, decide who answers (the bot, the team, nobody), step,
// commit. Runs inside the contact's queue; retries when another process committed the same
// session in between (optimistic lock on `sessions.version`).
import type { Locale } from '../../blocks/contract.js';
import type { FlowDocument } from '../../blocks/flow.js';
import { collectedContactName } from '../../blocks/shared/contact-name.js';
import { noticeScope } from '../bus.js';
import { currentBlockId, step, type EngineEvent, type SessionState, type StepResult } from '../engine/step.js';
import { OziaError } from '../errors.js';
import { readValues } from '../contacts/fields.js';
import { pastRunOf } from '../contacts/flow-runs.js';
import { answerSurvey, storeForAgents, storeOnly } from '../inbox/arrival.js';
import { StaleTurn, type RuntimeCore } from '../core.js';
import { commitTurn, type TurnOrigin, emitClosed } from './commit.js';
import { loadContact, type LoadedContact } from './load.js';

export type { TurnOrigin } from './commit.js';

const SESSION_RETRIES = 5;
/** A message that arrives this late (WhatsApp `append` after downtime) is kept for agents, not answered. */
const LATE_ANSWER_MS = 24 * 60 * 60_000;

/** What a committed turn did: the engine's result and the transcript ids it was stored under. */
export interface TurnOutcome {
  result: StepResult;
  flowId: string;
  versionId: string;
  doc: FlowDocument;
  inboundMessageId: number | null;
  /** Transcript ids of `result.messages`, in order (also their outbox ids). */
  messageIds: number[];
  at: string;
}

export class Turns {
  constructor(private readonly core: RuntimeCore) {}

  private isExpired(doc: FlowDocument, s: SessionState, now: Date): boolean {
    const minutes = doc.settings.sessionTimeoutMinutes;
    return s.status === 'ended' || (minutes > 0 && now.getTime() - Date.parse(s.lastActivityAt) > minutes * 60_000);
  }

  /** Why the bot stays out of this message, or null when it answers. */
  private silence(c: LoadedContact, origin: TurnOrigin, now: Date): 'phone' | 'paused' | 'late' | null {
    const p = origin.payload;
    if (!p || origin.forceVersionId) return null;
    if (p.fromMe) return 'phone';
    if (c.botPausedUntil && Date.parse(c.botPausedUntil) > now.getTime()) return 'paused';
    if (p.late && p.at) {
      const at = Date.parse(p.at);
      // Sent while Ozia was down: answered unless a newer exchange already happened or it is a day old.
      if (now.getTime() - at > LATE_ANSWER_MS) return 'late';
      if (c.session && Date.parse(c.session.state.lastActivityAt) > at) return 'late';
    }
    return null;
  }

  async turn(contactId: string, event: EngineEvent, origin: TurnOrigin): Promise<TurnOutcome | null> {
    const core = this.core;
    for (let attempt = 0; ; attempt++) {
      const now = core.clock();
      const stored = await loadContact(core, contactId);
      // Answers go back through the account the contact just wrote on.
      const c = origin.channel && origin.channel !== stored.channel ? { ...stored, channel: origin.channel } : stored;
      const live = c.conversation;
      // A flow's timer (a wait, a reminder) says nothing to a blocked contact; null marks it fired.
      if (event.type === 'timer' && c.blockedAt) return null;
      if (origin.payload && !origin.forceVersionId) {
        if (c.blockedAt) {
          // Stored for the team to read (unread while they serve), answered by nobody automated:
          // no flow, no survey thanks, no handoff and so no greeting or queue texts.
          if (live && (live.stage === 'waiting' || live.stage === 'in_service')) await storeForAgents(core, origin, c, live, now);
          else await storeOnly(core, origin, c, now, {});
          return null;
        }
        const silent = this.silence(c, origin, now);
        if (silent) {
          const pauseMinutes = silent === 'phone' ? (core.delivery(c.channel)?.pauseAfterPhoneMinutes ?? 0) : 0;
          await storeOnly(core, origin, c, now, { pauseMinutes });
          return null;
        }
        if (live && (live.stage === 'waiting' || live.stage === 'in_service')) {
          await storeForAgents(core, origin, c, live, now);
          return null;
        }
        if (live?.csatState === 'asked') {
          const answered = await answerSurvey(core, origin, c, live, now, await this.localeOf(c));
          if (answered) return null;
          continue; // not an answer: the survey is dropped and the bot takes the message afresh
        }
        const botOff = core.delivery(c.channel)?.botOffDepartmentId;
        if (botOff) {
          await storeOnly(core, origin, c, now, { queueTo: botOff });
          return null;
        }
      }
      let versionId = origin.forceVersionId ?? c.session?.flowVersionId ?? null;
      let session = origin.forceVersionId ? null : (c.session?.state ?? null);
      if (event.type === 'reply' && !origin.forceVersionId) {
        const currentDoc = versionId ? (await core.flows.versionDocument(versionId)).doc : null;
        if (!session || !currentDoc || this.isExpired(currentDoc, session, now)) {
          // A new session takes the channel's current published flow, if it has one.
          const bound = core.opts.flowForChannel ? await core.opts.flowForChannel(c.channel) : null;
          if (bound) {
            versionId = bound;
            session = null;
          }
        }
      }
      if (!versionId) {
        await storeOnly(core, origin, c, now, {});
        core.opts.logger?.({ level: 'warn', message: `no flow is bound to channel "${c.channel}"`, contactId });
        return null;
      }
      const { flowId, doc } = await core.flows.versionDocument(versionId);
      const result = await step(doc, session, event, {
        now,
        contact: { id: contactId, name: c.name, phone: c.phone, email: c.email, fields: c.fields ? readValues(c.fields) : undefined },
        seed: Math.floor(Math.random() * 2 ** 31), // a seed, not a secret
        services: core.opts.services,
      });
      // An answer saved into the flow's `nome`/`name` variable becomes the contact's name.
      const contactName = collectedContactName(doc.variables, session?.variables ?? {}, result.session.variables);
      // A run this turn replaces keeps its variables (the contact page's "Dados coletados").
      const replaced = c.session && result.restarted ? pastRunOf(c.session, (await core.flows.versionDocument(c.session.flowVersionId).catch(() => null))?.doc ?? null) : null;
      try {
        const { contactLogs, ...committed } = await commitTurn(core, c, { flowId, versionId, doc }, result, origin, now, contactName, replaced);
        if (contactLogs.length) result.logs.push(...contactLogs);
        const at = now.toISOString();
        this.afterCommit(contactId, c.channel, result, { ...committed, at });
        if (origin.forceVersionId && live && live.stage !== 'bot') emitClosed(core, live);
        for (const e of result.effects) {
          if (e.type !== 'handoff') continue;
          core.bus.emit('inbox', { type: 'conversation', conversationId: committed.conversationId, reason: 'handoff', stage: 'waiting', ...noticeScope(e.handoff) });
          core.opts.onHandoff?.({ conversationId: committed.conversationId, contactId, handoff: e.handoff, locale: doc.settings.locale });
        }
        return { result, flowId, versionId, doc, ...committed, at };
      } catch (e) {
        if (!(e instanceof StaleTurn)) throw e;
        if (e.what === 'inbound') return null; // another process answered it
        if (attempt >= SESSION_RETRIES) throw new OziaError('CONFLICT', `session of contact ${contactId} keeps changing`);
      }
    }
  }

  private afterCommit(contactId: string, channel: string, result: StepResult, committed: { messageIds: number[]; inboundMessageId: number | null; conversationId: string; at: string }) {
    const core = this.core;
    for (const e of result.effects) if (e.type === 'schedule_timer') core.wakeAt(e.dueAt);
    for (const log of result.logs) core.opts.logger?.({ ...log, contactId });
    core.bus.emit('turn', {
      contactId,
      inboundMessageId: committed.inboundMessageId,
      currentBlockId: currentBlockId(result.session),
      status: result.session.status,
      variables: result.session.variables,
      logs: result.logs,
      trail: result.trail,
    });
    const ids = committed.messageIds;
    core.committed(
      ids.length ? ids[ids.length - 1] : 0,
      result.messages.map((m, i) => ({
        id: ids[i],
        channel,
        contact_id: contactId,
        conversation_id: committed.conversationId,
        message: m.message,
        block_id: m.blockId ?? null,
        author: 'bot',
        attempts: 0,
        available_at: null,
        created_at: committed.at,
        quoted_id: null,
      })),
    );
  }

  /** The language of the contact's flow, for what the system itself tells them. */
  async localeOf(c: { session: LoadedContact['session'] } | null): Promise<Locale> {
    if (!c?.session) return 'pt-BR';
    try {
      return (await this.core.flows.versionDocument(c.session.flowVersionId)).doc.settings.locale;
    } catch {
      return 'pt-BR';
    }
  }
}

