// One test session at a time: start (after pending edits are saved), the live event stream,
// sends, and the state every turn leaves (variables, current block, timer waits, logs).
// Responses and stream events are merged by transcript id, so either may arrive first.
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { api, errorMessage } from '../../api.js';
import type { VariableValue } from '../../../../blocks/contract.js';
import {
  changedIds,
  lastId,
  mergeEntries,
  nextHeld,
  rowsFromValues,
  type ChatEntry,
  type LogGroup,
  type LogLine,
  type PendingSend,
  type VariableRow,
} from './conversation.js';
import { forgetRun, keptRun, rememberRun } from './runs.js';

type StartResult = Awaited<ReturnType<typeof api.testChat.start.mutate>>;
type SendResult = Awaited<ReturnType<typeof api.testChat.send.mutate>>;
type TurnState = StartResult['state'];
type Transcript = Awaited<ReturnType<typeof api.testChat.transcript.query>>;
/** Who the run is to agents: "Teste 7", +55 11 90000-0007, or the name the bot collected. */
export type RunContact = TurnState['contact'];
export type FlowDoc = Awaited<ReturnType<typeof api.flows.version.query>>['document'];

/** A turn notice as the `events` subscription yields it. */
export interface TurnNotice {
  kind: 'turn';
  inboundMessageId: number | null;
  currentBlockId: string | null;
  status: 'active' | 'ended';
  variables: Record<string, VariableValue>;
  logs: LogLine[];
  trail: string[];
}

export interface LiveMessage {
  kind: 'message';
  id: number;
  message: ChatEntry['message'];
  blockId: string | null;
  createdAt: string;
}

export type RunStatus = 'idle' | 'saving' | 'starting' | 'rejoining' | 'active' | 'ended' | 'none' | 'failed';

export interface StartedFrom {
  groupId: string;
  title: string | null;
}

export interface ChatState {
  gen: number;
  status: RunStatus;
  sessionId: string | null;
  versionId: string | null;
  contact: RunContact | null;
  startedFrom: StartedFrom | null;
  entries: ChatEntry[];
  groups: LogGroup[];
  pending: PendingSend[];
  variables: VariableRow[];
  /** Variable ids whose value changed in the last turn. */
  changed: Set<string>;
  /** Identifies the last turn applied, so its notice and its response count once. */
  turnKey: string | null;
  currentBlockId: string | null;
  /** null: not waiting; undefined: waiting on a block whose kind the flow document tells. */
  waitingFor: 'reply' | 'timer' | 'human' | null | undefined;
  /** When the current wait began (client clock), for the timer countdown. */
  waitSince: number | null;
  /** The blocks the last turn ran, when a notice told them. */
  trail: string[];
  /** Bumped on every turn applied: the canvas follows the current block then. */
  turnSeq: number;
  inFlight: number;
  logSeq: number;
  /** The flow's typing delay: bot messages appear this long apart, "typing…" shown meanwhile. */
  typingDelayMs: number;
  /** Bot messages up to this id have been shown (only paced while `typingDelayMs` is above 0). */
  revealed: number;
}

export const initialChatState: ChatState = {
  gen: 0,
  status: 'idle',
  sessionId: null,
  versionId: null,
  contact: null,
  startedFrom: null,
  entries: [],
  groups: [],
  pending: [],
  variables: [],
  changed: new Set(),
  turnKey: null,
  currentBlockId: null,
  waitingFor: null,
  waitSince: null,
  trail: [],
  turnSeq: 0,
  inFlight: 0,
  logSeq: 0,
  typingDelayMs: 0,
  revealed: 0,
};

type Action =
  | { type: 'begin'; gen: number; status: 'saving' | 'starting'; startedFrom: StartedFrom | null }
  | { type: 'phase'; gen: number; status: 'starting' }
  | { type: 'started'; gen: number; result: StartResult; now: number }
  /** Reopening the panel: the run as the page kept it (or nothing but its id), until the server answers. */
  | { type: 'restore'; gen: number; kept: ChatState | null; sessionId: string }
  | { type: 'rejoined'; gen: number; messages: Transcript; state: TurnState; now: number }
  | { type: 'failed'; gen: number }
  | { type: 'sending'; gen: number; pending: PendingSend }
  | { type: 'sent'; gen: number; key: number; result: SendResult; now: number }
  | { type: 'sendFailed'; gen: number; key: number }
  | { type: 'message'; gen: number; message: LiveMessage }
  | { type: 'turn'; gen: number; notice: TurnNotice; now: number }
  | { type: 'reveal'; gen: number; upTo: number };

function toEntries(messages: StartResult['messages']): ChatEntry[] {
  return messages.map((m) => ({ id: m.id, direction: m.direction, message: m.message, blockId: m.blockId, createdAt: m.createdAt }));
}

function statusOf(s: TurnState['status'] | TurnNotice['status']): RunStatus {
  return s === 'active' ? 'active' : s === 'ended' ? 'ended' : 'none';
}

/** Applies what a turn left: variables (with what changed), status, current block, wait. */
function applyTurn(
  s: ChatState,
  turnKey: string,
  now: number,
  next: { variables: VariableRow[]; status: RunStatus; currentBlockId: string | null; waitingFor: ChatState['waitingFor']; trail: string[] },
): ChatState {
  const sameTurn = turnKey === s.turnKey;
  const before = s.variables.length ? s.variables : next.variables.map((v) => ({ ...v, value: undefined }));
  const diff = changedIds(before, next.variables);
  const changed = sameTurn ? new Set([...s.changed, ...diff]) : diff;
  const waiting = next.status === 'active' && next.currentBlockId !== null;
  const keepSince = sameTurn && s.currentBlockId === next.currentBlockId && s.waitSince !== null;
  const after: ChatState = {
    ...s,
    variables: next.variables,
    changed,
    status: next.status,
    currentBlockId: next.currentBlockId,
    waitingFor: waiting ? next.waitingFor : null,
    waitSince: waiting ? (keepSince ? s.waitSince : now) : null,
    trail: next.trail.length || !sameTurn ? next.trail : s.trail,
    turnKey,
  };
  // A turn's notice and its response both land here: the canvas is told once, unless they differ.
  const same = sameTurn && focusBlock(s) === focusBlock(after) && s.status === after.status;
  return { ...after, turnSeq: same ? s.turnSeq : s.turnSeq + 1 };
}

function fromState(state: TurnState) {
  return {
    variables: state.variables,
    status: statusOf(state.status),
    currentBlockId: state.currentBlockId,
    waitingFor: state.waitingFor,
    trail: [] as string[],
  };
}

export function reducer(s: ChatState, a: Action): ChatState {
  if (a.type === 'begin') {
    return { ...initialChatState, gen: a.gen, status: a.status, startedFrom: a.startedFrom, turnSeq: s.turnSeq + 1 };
  }
  if (a.type === 'restore') {
    // Sends that were in flight when the panel closed come back with the transcript.
    const base = a.kept ? { ...a.kept, pending: [], inFlight: 0 } : { ...initialChatState, status: 'rejoining' as const, sessionId: a.sessionId };
    return { ...base, gen: a.gen, changed: new Set(), turnSeq: s.turnSeq + 1 };
  }
  if (a.gen !== s.gen) return s; // a superseded run
  switch (a.type) {
    case 'phase':
      return { ...s, status: a.status };
    case 'failed':
      return { ...s, status: 'failed' };
    case 'started': {
      const entries = mergeEntries(s.entries, toEntries(a.result.messages));
      // The first turn's logs come with the answer: the live stream opens after it.
      const logs = a.result.turn.logs;
      const logSeq = logs.length ? s.logSeq + 1 : s.logSeq;
      const groups = logs.length
        ? [...s.groups, { key: logSeq, base: lastId(entries), trail: a.result.turn.trail, logs: logs.map(({ level, message, blockId }) => ({ level, message, blockId })) }]
        : s.groups;
      const typingDelayMs = a.result.state.typingDelayMs ?? 0;
      const base = { ...s, groups, logSeq, sessionId: a.result.sessionId, versionId: a.result.versionId, contact: a.result.state.contact, entries, typingDelayMs };
      return applyTurn(base, 'start', a.now, fromState(a.result.state));
    }
    case 'rejoined': {
      const entries = mergeEntries(s.entries, toEntries(a.messages));
      // What the tester saw before closing is shown at once, never paced again like new messages.
      const base = { ...s, entries, versionId: a.state.versionId, contact: a.state.contact, typingDelayMs: a.state.typingDelayMs ?? 0, revealed: lastId(entries) };
      // Nothing counts as changed: the tester saw those values before closing the panel.
      return { ...applyTurn(base, `rejoin:${lastId(entries)}`, a.now, fromState(a.state)), changed: new Set<string>() };
    }
    case 'sending':
      return { ...s, pending: [...s.pending, a.pending], inFlight: s.inFlight + 1 };
    case 'sendFailed':
      return { ...s, pending: s.pending.filter((p) => p.key !== a.key), inFlight: Math.max(0, s.inFlight - 1) };
    case 'sent': {
      const entries = toEntries(a.result.messages);
      const inbound = entries.find((e) => e.direction === 'in');
      const base = {
        ...s,
        contact: a.result.state.contact,
        entries: mergeEntries(s.entries, entries),
        pending: s.pending.filter((p) => p.key !== a.key),
        inFlight: Math.max(0, s.inFlight - 1),
        typingDelayMs: a.result.state.typingDelayMs ?? s.typingDelayMs,
      };
      return applyTurn(base, inbound ? `in:${inbound.id}` : `send:${a.key}`, a.now, fromState(a.result.state));
    }
    case 'reveal':
      return a.upTo > s.revealed ? { ...s, revealed: a.upTo } : s;
    case 'message': {
      const m = a.message;
      const entries = mergeEntries(s.entries, [{ id: m.id, direction: 'out', message: m.message, blockId: m.blockId, createdAt: m.createdAt }]);
      return entries === s.entries ? s : { ...s, entries };
    }
    case 'turn': {
      const n = a.notice;
      const logSeq = s.logSeq + 1;
      const groups = n.logs.length
        ? [...s.groups, { key: logSeq, base: n.inboundMessageId ?? lastId(s.entries), trail: n.trail, logs: n.logs.map(({ level, message, blockId }) => ({ level, message, blockId })) }]
        : s.groups;
      const key = n.inboundMessageId !== null ? `in:${n.inboundMessageId}` : `timer:${logSeq}`;
      return applyTurn({ ...s, groups, logSeq }, key, a.now, {
        variables: rowsFromValues(s.variables, n.variables),
        status: statusOf(n.status),
        currentBlockId: n.currentBlockId,
        waitingFor: undefined,
        trail: n.trail,
      });
    }
  }
}

/** The block a wait is on and how long it lasts, from the flow document. */
export function blockOf(doc: FlowDoc | null, blockId: string | null) {
  if (!doc || !blockId) return null;
  for (const g of doc.groups) {
    const b = g.blocks.find((x) => x.id === blockId);
    if (b) return { block: b, group: g };
  }
  return null;
}

/** Whether the session waits on a timer: told by the state, or by the kind of the block it waits on. */
export function waitKind(s: ChatState, doc: FlowDoc | null): 'reply' | 'timer' | 'human' | null {
  if (s.waitingFor !== undefined) return s.waitingFor;
  const hit = blockOf(doc, s.currentBlockId);
  if (!hit) return 'reply';
  return hit.block.kind === 'wait' ? 'timer' : hit.block.kind === 'agent' ? 'human' : 'reply';
}

/** The block to show on the canvas: the one the session waits on, else the last one run when the flow ended. */
export function focusBlock(s: ChatState): string | null {
  if (s.currentBlockId) return s.currentBlockId;
  if (s.status !== 'ended' && s.status !== 'none') return null;
  if (s.trail.length) return s.trail[s.trail.length - 1];
  for (let i = s.entries.length - 1; i >= 0; i--) if (s.entries[i].direction === 'out' && s.entries[i].blockId) return s.entries[i].blockId;
  return null;
}

export interface TestChatOptions {
  flowId: string;
  beforeStart?: () => Promise<void>;
  onError(message: string): void;
  liveLost(error: string): string;
}

export function useTestChat(opts: TestChatOptions) {
  const [state, dispatch] = useReducer(reducer, initialChatState);
  const gen = useRef(0);
  const sub = useRef<{ unsubscribe(): void } | null>(null);
  const pendingKey = useRef(0);
  const docs = useRef(new Map<string, FlowDoc>());
  const [, bump] = useReducer((n: number) => n + 1, 0);
  const optsRef = useRef(opts);
  optsRef.current = opts;
  const stateRef = useRef(state);
  stateRef.current = state;

  const stop = useCallback(() => {
    sub.current?.unsubscribe();
    sub.current = null;
  }, []);

  const subscribe = useCallback(
    (g: number, sessionId: string, after: number) => {
      stop();
      sub.current = api.testChat.events.subscribe(
        // Replays what the session said after `after`: nothing falls between start and the stream.
        { sessionId, lastEventId: String(after) },
        {
          onData(ev) {
            if (g !== gen.current) return;
            const e = ('data' in ev ? ev.data : ev) as LiveMessage | TurnNotice;
            if (e.kind === 'message') dispatch({ type: 'message', gen: g, message: e });
            else if (e.kind === 'turn') dispatch({ type: 'turn', gen: g, notice: e, now: Date.now() });
          },
          onError(err) {
            if (g !== gen.current) return;
            optsRef.current.onError(optsRef.current.liveLost(errorMessage(err)));
          },
        },
      );
    },
    [stop],
  );

  const loadDoc = useCallback(async (flowId: string, versionId: string) => {
    if (docs.current.has(versionId)) return;
    try {
      const v = await api.flows.version.query({ id: flowId, versionId });
      docs.current.set(versionId, v.document);
      bump();
    } catch {
      // Only for timer lengths and group names: the chat works without it.
    }
  }, []);

  const start = useCallback(
    async (from?: StartedFrom) => {
      const g = ++gen.current;
      stop();
      const { beforeStart, flowId } = optsRef.current;
      dispatch({ type: 'begin', gen: g, status: beforeStart ? 'saving' : 'starting', startedFrom: from ?? null });
      try {
        if (beforeStart) {
          await beforeStart();
          if (g !== gen.current) return;
          dispatch({ type: 'phase', gen: g, status: 'starting' });
        }
        const result = await api.testChat.start.mutate({ flowId, ...(from ? { groupId: from.groupId } : {}) });
        if (g !== gen.current) return;
        dispatch({ type: 'started', gen: g, result, now: Date.now() });
        subscribe(g, result.sessionId, lastId(toEntries(result.messages)));
        void loadDoc(flowId, result.versionId);
      } catch (e) {
        if (g !== gen.current) return;
        dispatch({ type: 'failed', gen: g });
        optsRef.current.onError(errorMessage(e));
      }
    },
    [stop, subscribe, loadDoc],
  );

  /**
   * Rejoins the run this flow's panel had open, while it still runs (talking to the bot, waiting
   * on a timer or served by an agent); otherwise starts a new one.
   */
  const resume = useCallback(async () => {
    const { flowId } = optsRef.current;
    const run = keptRun<ChatState>(flowId);
    if (!run) return start();
    const g = ++gen.current;
    stop();
    dispatch({ type: 'restore', gen: g, kept: run.state, sessionId: run.sessionId });
    const afterId = run.state ? lastId(run.state.entries) : 0;
    let messages: Transcript;
    let state: TurnState;
    try {
      [messages, state] = await Promise.all([
        api.testChat.transcript.query({ sessionId: run.sessionId, afterId }),
        api.testChat.state.query({ sessionId: run.sessionId }),
      ]);
    } catch {
      // The run is gone (another server's data, a deleted flow): a new one starts.
      if (g !== gen.current) return;
      forgetRun(flowId);
      return start();
    }
    if (g !== gen.current) return;
    if (state.status !== 'active' || state.flowId !== flowId) {
      forgetRun(flowId);
      return start();
    }
    dispatch({ type: 'rejoined', gen: g, messages, state, now: Date.now() });
    subscribe(g, run.sessionId, Math.max(afterId, lastId(toEntries(messages))));
    void loadDoc(flowId, state.versionId);
  }, [start, stop, subscribe, loadDoc]);

  /**
   * Sends what the contact typed, clicked or attached (files already uploaded, `text` their
   * caption); false when it failed (the error is reported).
   */
  const send = useCallback(async (text: string, choiceIds?: string[], attachments?: { fileId: string; name: string }[]): Promise<boolean> => {
    const s = stateRef.current;
    // After the end, writing again starts the flow afresh, as it does for a real contact.
    if (!s.sessionId || (s.status !== 'active' && s.status !== 'ended')) return false;
    const g = s.gen;
    const key = ++pendingKey.current;
    const shown = attachments?.length ? [attachments.map((a) => `📎 ${a.name}`).join(', '), text].filter((x) => x.trim()).join('\n') : text;
    dispatch({ type: 'sending', gen: g, pending: { key, text: shown, afterId: lastId(s.entries) } });
    try {
      const result = await api.testChat.send.mutate({
        sessionId: s.sessionId,
        text,
        ...(choiceIds?.length ? { choiceIds } : {}),
        ...(attachments?.length ? { attachments: attachments.map((a) => ({ fileId: a.fileId })) } : {}),
      });
      dispatch({ type: 'sent', gen: g, key, result, now: Date.now() });
      return true;
    } catch (e) {
      dispatch({ type: 'sendFailed', gen: g, key });
      if (g === gen.current) optsRef.current.onError(errorMessage(e));
      return false;
    }
  }, []);

  // Rejoin or start when opened (deferred a tick, so StrictMode's mount-unmount-mount starts one
  // session); the run is kept when the panel closes.
  useEffect(() => {
    const flowId = opts.flowId;
    const t = setTimeout(() => void resume(), 0);
    return () => {
      clearTimeout(t);
      gen.current++;
      stop();
      rememberRun(flowId, stateRef.current);
    };
  }, [opts.flowId, resume, stop]);

  // Paced bot messages: each waits the flow's typing delay after the one before it shows.
  const held = state.typingDelayMs > 0 ? nextHeld(state.entries, state.revealed) : null;
  const heldId = held?.id ?? null;
  useEffect(() => {
    if (heldId === null) return;
    const g = state.gen;
    const t = setTimeout(() => dispatch({ type: 'reveal', gen: g, upTo: heldId }), state.typingDelayMs);
    return () => clearTimeout(t);
  }, [heldId, state.gen, state.typingDelayMs]);

  const doc = state.versionId ? (docs.current.get(state.versionId) ?? null) : null;
  return { state, doc, start, send, held };
}
