// The engine: one pure, deterministic step per event. Clock, randomness and I/O come in through
// `env`; the result says what to send, the new session, and effects (timers) for the caller
// to commit. The same step serves the test chat, the terminal chat, WhatsApp and the bench.
import {
  BlockError,
  type BlockExecutor,
  type ContactInfo,
  type ContactUpdate,
  type HandoffRequest,
  type Localized,
  type LogLevel,
  type Next,
  type OutgoingMessage,
  type Reply,
  type Services,
  type Variables,
} from '../../blocks/contract.js';
import { blockExecutors } from '../../blocks/runtime.js';
import { inputBaseOf } from '../../blocks/shared/input.js';
import { foldText } from '../../blocks/shared/values.js';
import type { FlowDocument } from '../../blocks/flow.js';
import { createContext, idFrom, seededRandom, type LogEntry } from '../context.js';
import { compileFlow, itemKey, type CompiledFlow, type Target } from './compile.js';
import { contactTexts, logTexts } from './texts.js';

export type Waiting =
  | { kind: 'reply'; blockId: string; failures: number; state?: unknown }
  | { kind: 'timer'; blockId: string; timerId: string; dueAt: string }
  /** Handed to a human: the bot stays paused until the inbox ends the session or hands it back. */
  | { kind: 'human'; blockId: string };

export interface SessionState {
  status: 'active' | 'ended';
  variables: Variables;
  waiting: Waiting | null;
  /** ISO time of the last event, for the session timeout. */
  lastActivityAt: string;
  /** Random state carried between turns, so a replay gives the same answers. */
  seed: number;
  startedAt: string;
}

export type EngineEvent =
  /** Start afresh: at the start event, or at a chosen group (test chat "start from here"). */
  | { type: 'start'; groupId?: string; blockId?: string }
  | { type: 'reply'; reply: Reply }
  | { type: 'timer'; timerId: string };

export type Effect =
  | { type: 'schedule_timer'; timerId: string; dueAt: string; blockId: string }
  | { type: 'cancel_timer'; timerId: string }
  | { type: 'handoff'; handoff: HandoffRequest; blockId: string };

export interface SentMessage {
  message: OutgoingMessage;
  blockId?: string;
  /**
   * How long the channel shows "typing…" before this message (the flow's `typingDelayMs`), so
   * messages arrive spaced as a person would type them. Absent when the flow sets no delay.
   */
  typingMs?: number;
}

export interface StepResult {
  messages: SentMessage[];
  session: SessionState;
  effects: Effect[];
  logs: LogEntry[];
  /** True when this event started a new session (first contact, timeout, ended flow, restart). */
  restarted: boolean;
  /** Blocks run this turn, in order: the test chat highlights the last one. */
  trail: string[];
  /** What Contact blocks wrote this turn, merged in order: the commit applies it with the session. */
  contact?: ContactUpdate;
}

export interface StepEnv {
  now: Date;
  contact: ContactInfo;
  /** Seed for a brand-new session; later turns continue from the session's own seed. */
  seed?: number;
  services?: Services;
  fileUrl?: (fileId: string) => string;
}

export function newSession(now: Date, seed: number, variables: Variables = {}): SessionState {
  return {
    status: 'active',
    variables,
    waiting: null,
    lastActivityAt: now.toISOString(),
    seed: seed >>> 0,
    startedAt: now.toISOString(),
  };
}

function keywordTarget(flow: CompiledFlow, text: string): Target | null {
  if (!flow.keywordEvents.length) return null;
  const said = foldText(text);
  if (!said) return null;
  for (const ev of flow.keywordEvents) {
    const hit = ev.keywords.some((k) => {
      const kw = foldText(k);
      if (ev.match === 'contains') return ` ${said} `.includes(` ${kw} `);
      if (ev.match === 'starts_with') return said === kw || said.startsWith(`${kw} `);
      return said === kw;
    });
    if (hit) return flow.eventEdge.get(ev.id) ?? null;
  }
  return null;
}

function timedOut(doc: FlowDocument, session: SessionState, now: Date): boolean {
  const minutes = doc.settings.sessionTimeoutMinutes;
  if (!minutes) return false;
  return now.getTime() - Date.parse(session.lastActivityAt) > minutes * 60_000;
}

class Turn {
  readonly messages: SentMessage[] = [];
  readonly effects: Effect[] = [];
  readonly logs: LogEntry[] = [];
  readonly trail: string[] = [];
  contact: ContactUpdate | undefined;
  private steps = 0;
  readonly random: () => number;

  constructor(
    readonly flow: CompiledFlow,
    public session: SessionState,
    readonly env: StepEnv,
  ) {
    this.random = seededRandom(session.seed);
  }

  get doc() {
    return this.flow.doc;
  }

  context(blockId: string) {
    return createContext({
      now: this.env.now,
      random: this.random,
      variables: this.session.variables,
      variableDefs: this.doc.variables,
      contact: this.env.contact,
      timeZone: this.doc.settings.timeZone,
      locale: this.doc.settings.locale,
      services: this.env.services,
      fileUrl: this.env.fileUrl,
      blockId,
      log: (e) => this.logs.push(e),
    });
  }

  send(messages: OutgoingMessage[] | undefined, blockId?: string) {
    if (!messages) return;
    const typingMs = this.doc.settings.typingDelayMs;
    for (const message of messages) this.messages.push(typingMs > 0 ? { message, blockId, typingMs } : { message, blockId });
  }

  setVariables(set: Variables | undefined) {
    if (set && Object.keys(set).length) this.session = { ...this.session, variables: { ...this.session.variables, ...set } };
  }

  /** A later block's value for the same field wins; tags add up. */
  updateContact(u: ContactUpdate) {
    const c = this.contact ?? {};
    const fields = u.fields || c.fields ? { ...c.fields, ...u.fields } : undefined;
    const addTags = u.addTags || c.addTags ? [...new Set([...(c.addTags ?? []), ...(u.addTags ?? [])])] : undefined;
    this.contact = { ...c, ...u, ...(fields ? { fields } : {}), ...(addTags ? { addTags } : {}) };
  }

  get locale() {
    return this.doc.settings.locale;
  }

  /** A line for the author, in the flow's language (the test chat shows it beside the messages). */
  log(level: LogLevel, text: Localized, blockId?: string, data?: unknown) {
    this.logs.push({ level, message: text[this.locale], ...(blockId ? { blockId } : {}), ...(data === undefined ? {} : { data }) });
  }

  /** Ends the flow after an error, telling the contact rather than going silent. */
  fail(text: Localized, blockId?: string, data?: unknown) {
    this.log('error', text, blockId, data);
    const reply = this.doc.settings.fallbackMessage.trim()
      ? this.context(blockId ?? '').render(this.doc.settings.fallbackMessage)
      : contactTexts.fallback[this.locale];
    this.send([{ type: 'text', text: reply }], blockId);
    this.end();
  }

  /** An executor threw: its own words when it said why (a BlockError), else the error's message. */
  failed(e: unknown, blockId: string) {
    const why = e instanceof BlockError ? e.text[this.locale] : e instanceof Error ? e.message : String(e);
    return this.fail(logTexts.blockFailed(why), blockId);
  }

  end() {
    this.session = { ...this.session, status: 'ended', waiting: null };
  }

  /** Where a block's path leads: an explicit edge, else the next block of its group, else the end. */
  resolve(blockId: string, next: Next): Target | 'end' | 'fallback-missing' {
    const where = this.flow.blocks.get(blockId)!;
    switch (next.path) {
      case 'end':
        return 'end';
      case 'jump':
        return { groupId: next.groupId, blockId: next.blockId };
      case 'fallback':
        return this.flow.fallbackEdge.get(blockId) ?? 'fallback-missing';
      case 'item': {
        const t = this.flow.itemEdge.get(itemKey(blockId, next.itemId));
        if (t) return t;
        break; // an unconnected item continues like the default path
      }
    }
    const t = this.flow.defaultEdge.get(blockId);
    if (t) return t;
    const following = where.group.blocks[where.index + 1];
    return following ? { groupId: where.group.id, blockId: following.id } : 'end';
  }

  async follow(blockId: string, next: Next): Promise<void> {
    const to = this.resolve(blockId, next);
    if (to === 'end') return this.end();
    if (to === 'fallback-missing') return this.fail(logTexts.fallbackMissing, blockId);
    return this.runFrom(to);
  }

  async runFrom(target: Target): Promise<void> {
    let group = this.flow.groups.get(target.groupId);
    if (!group) return this.fail(logTexts.missingGroup(target.groupId));
    let index = 0;
    if (target.blockId) {
      index = group.blocks.findIndex((b) => b.id === target.blockId);
      if (index < 0) return this.fail(logTexts.missingBlock(target.blockId, group.id));
    }
    // Iterative over blocks in a group; edges restart the loop at the new target.
    for (;;) {
      const block = group.blocks[index];
      if (!block) return this.end(); // an empty group ends the flow
      if (++this.steps > this.doc.settings.stepLimit) {
        return this.fail(logTexts.stepLimit(this.doc.settings.stepLimit), block.id);
      }
      this.trail.push(block.id);
      const executor: BlockExecutor | undefined = blockExecutors[block.kind];
      if (!executor) return this.fail(logTexts.unknownKind(block.kind), block.id);
      let result;
      try {
        result = await executor.run(block.options, this.context(block.id));
      } catch (e) {
        return this.failed(e, block.id);
      }
      this.send(result.messages, block.id);
      this.setVariables(result.set);
      if (result.contact) this.updateContact(result.contact);
      if (result.wait) {
        if (result.wait.for === 'reply') {
          this.session = { ...this.session, waiting: { kind: 'reply', blockId: block.id, failures: 0, state: result.wait.state } };
        } else if (result.wait.for === 'human') {
          this.session = { ...this.session, waiting: { kind: 'human', blockId: block.id } };
          this.effects.push({ type: 'handoff', handoff: result.wait.handoff, blockId: block.id });
        } else {
          const timerId = idFrom(this.random, 16);
          const dueAt = new Date(this.env.now.getTime() + result.wait.seconds * 1000).toISOString();
          this.session = { ...this.session, waiting: { kind: 'timer', blockId: block.id, timerId, dueAt } };
          this.effects.push({ type: 'schedule_timer', timerId, dueAt, blockId: block.id });
        }
        return;
      }
      const next = result.next ?? { path: 'default' };
      const to = this.resolve(block.id, next);
      if (to === 'end') return this.end();
      if (to === 'fallback-missing') return this.fail(logTexts.fallbackMissing, block.id);
      if (to.groupId === group.id && to.blockId && group.blocks[index + 1]?.id === to.blockId) {
        index++;
        continue;
      }
      const g = this.flow.groups.get(to.groupId);
      if (!g) return this.fail(logTexts.missingGroup(to.groupId), block.id);
      group = g;
      index = to.blockId ? g.blocks.findIndex((b) => b.id === to.blockId) : 0;
      if (index < 0) return this.fail(logTexts.missingBlock(to.blockId!, g.id), block.id);
    }
  }

  startAtBeginning(): Promise<void> {
    const start = this.flow.startEvent;
    const target = start ? this.flow.eventEdge.get(start.id) : undefined;
    if (!target) {
      this.log('warn', logTexts.startNotConnected);
      this.end();
      return Promise.resolve();
    }
    return this.runFrom(target);
  }

  cancelTimer() {
    const w = this.session.waiting;
    if (w?.kind === 'timer') this.effects.push({ type: 'cancel_timer', timerId: w.timerId });
  }

  async reply(reply: Reply): Promise<void> {
    const w = this.session.waiting;
    if (!w) return this.startAtBeginning();
    if (w.kind === 'timer') {
      // The contact wrote during a Wait: the flow resumes when the timer fires, not earlier.
      this.log('info', logTexts.duringTimer, w.blockId);
      return;
    }
    if (w.kind === 'human') {
      // Agents answer now; the runtime normally routes such messages to the inbox without a step.
      this.log('info', logTexts.duringHuman, w.blockId);
      return;
    }
    const where = this.flow.blocks.get(w.blockId);
    if (!where) return this.fail(logTexts.waitingBlockGone(w.blockId));
    const block = where.block;
    const executor = blockExecutors[block.kind];
    if (!executor?.reply) return this.fail(logTexts.cannotReply(block.kind), block.id);
    this.trail.push(block.id);
    let result;
    try {
      result = await executor.reply(block.options, reply, this.context(block.id), w.state);
    } catch (e) {
      return this.failed(e, block.id);
    }
    if (result.ok && result.more) {
      this.send(result.messages, block.id);
      this.setVariables(result.set);
      this.session = { ...this.session, waiting: { ...w, failures: 0, state: result.more.state } };
      return;
    }
    if (result.ok) {
      this.session = { ...this.session, waiting: null };
      this.send(result.messages, block.id);
      this.setVariables(result.set);
      return this.follow(block.id, result.next ?? { path: 'default' });
    }
    const base = inputBaseOf(block.options);
    const failures = w.failures + 1;
    const limit = base.maxRetries ?? this.doc.settings.maxRetries;
    const exhausted = failures >= limit && limit > 0;
    if (exhausted && this.flow.fallbackEdge.has(block.id)) {
      this.session = { ...this.session, waiting: null };
      this.log('info', logTexts.takingFallback(failures), block.id);
      return this.follow(block.id, { path: 'fallback' });
    }
    // Text the author wrote wins (block, then flow); otherwise the block's reason tells the contact what was wrong.
    const template = base.retryMessage.trim() || this.doc.settings.retryMessage.trim();
    const reason = result.reason?.trim().replace(/[.!?…]+$/, '');
    if (reason) this.log('info', logTexts.invalidAnswer(reason), block.id);
    const text = template
      ? this.context(block.id).render(template)
      : reason
        ? `${reason[0].toUpperCase()}${reason.slice(1)}. ${contactTexts.tryAgain[this.locale]}`
        : contactTexts.retry[this.locale];
    this.send([{ type: 'text', text }], block.id);
    this.session = { ...this.session, waiting: { ...w, failures } };
    if (exhausted) {
      // No fallback path to take: ending here would drop the contact in the middle of a question,
      // so the block asks again (a choice shows its options anew) and counts the tries afresh.
      this.log('info', logTexts.askingAgain(failures), block.id);
      return this.askAgain(block.id, block.options, executor, w);
    }
  }

  /** Runs a waiting input's block again for its question, and waits on it with no failures counted. */
  private async askAgain(blockId: string, options: unknown, executor: BlockExecutor, w: Extract<Waiting, { kind: 'reply' }>) {
    let result;
    try {
      result = await executor.run(options, this.context(blockId));
    } catch (e) {
      return this.failed(e, blockId);
    }
    // A block that would not wait now (a choice left with no option) keeps the question it asked.
    const asked = result.wait?.for === 'reply' ? result.wait : null;
    if (asked) this.send(result.messages, blockId);
    this.session = { ...this.session, waiting: { ...w, failures: 0, state: asked ? asked.state : w.state } };
  }

  async timer(timerId: string): Promise<void> {
    const w = this.session.waiting;
    if (this.session.status !== 'active' || w?.kind !== 'timer' || w.timerId !== timerId) {
      this.log('info', logTexts.staleTimer);
      return;
    }
    this.session = { ...this.session, waiting: null };
    return this.follow(w.blockId, { path: 'default' });
  }
}

/**
 * Runs one event against a flow. `session` is null for a contact with no session yet.
 * Never throws for flow problems: they end the turn with a logged error and the fallback message.
 */
export async function step(
  doc: FlowDocument,
  session: SessionState | null,
  event: EngineEvent,
  env: StepEnv,
): Promise<StepResult> {
  const flow = compileFlow(doc);
  let restarted = false;
  let current = session;
  const fresh = () => {
    restarted = true;
    return newSession(env.now, env.seed ?? (current?.seed ?? 0x9e3779b9));
  };
  if (event.type === 'start') current = fresh();
  else if (!current || current.status === 'ended' || timedOut(doc, current, env.now)) {
    if (event.type === 'timer') {
      // A timer of a session that has since ended or restarted: nothing to do.
      const s = current ?? newSession(env.now, env.seed ?? 0);
      return { messages: [], session: s, effects: [], logs: [{ level: 'info', message: logTexts.staleTimer[doc.settings.locale] }], restarted: false, trail: [] };
    }
    current = fresh();
  }
  const turn = new Turn(flow, { ...current, lastActivityAt: env.now.toISOString() }, env);

  if (event.type === 'start') {
    if (event.groupId) await turn.runFrom({ groupId: event.groupId, blockId: event.blockId });
    else await turn.startAtBeginning();
  } else if (event.type === 'timer') {
    await turn.timer(event.timerId);
  } else {
    const keyword = keywordTarget(flow, event.reply.text);
    if (keyword) {
      turn.cancelTimer();
      turn.session = { ...turn.session, waiting: null };
      await turn.runFrom(keyword);
    } else if (restarted) {
      await turn.startAtBeginning();
    } else {
      await turn.reply(event.reply);
    }
  }
  const next = Math.floor(turn.random() * 4294967296);
  return {
    messages: turn.messages,
    session: { ...turn.session, seed: next },
    effects: turn.effects,
    logs: turn.logs,
    restarted,
    trail: turn.trail,
    ...(turn.contact ? { contact: turn.contact } : {}),
  };
}

/** The block the session is paused on, for the test chat's highlight. */
export function currentBlockId(session: SessionState | null): string | null {
  return session?.status === 'active' && session.waiting ? session.waiting.blockId : null;
}
