// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { focusBlock, initialChatState, reducer, waitKind, type FlowDoc } from './useTestChat.js';

const at = '2025-01-01T12:00:00.000Z';
const vars = (name?: string) => [
  { id: 'v1', name: 'nome', value: name },
  { id: 'v2', name: 'plano', value: undefined },
];
const state = (over: Partial<{ status: 'active' | 'ended' | 'none'; currentBlockId: string | null; waitingFor: 'reply' | 'timer' | null; name: string; typingDelayMs: number }> = {}) => ({
  sessionId: 's1',
  contact: { name: over.name === 'Ana' ? 'Ana' : 'Teste 7', phone: '+5511900000007' },
  flowId: 'f1',
  versionId: 'v1',
  status: over.status ?? 'active',
  currentBlockId: over.currentBlockId === undefined ? 'ask' : over.currentBlockId,
  waitingFor: over.waitingFor === undefined ? 'reply' : over.waitingFor,
  waitingUntil: null,
  variables: vars(over.name),
  typingDelayMs: over.typingDelayMs ?? 0,
});

function started() {
  let s = reducer(initialChatState, { type: 'begin', gen: 1, status: 'starting', startedFrom: null });
  s = reducer(s, {
    type: 'started',
    gen: 1,
    now: 1000,
    result: {
      sessionId: 's1',
      versionId: 'v1',
      messages: [{ id: 1, direction: 'out', author: 'bot', message: { type: 'text', text: 'Oi' }, blockId: 'hello', createdAt: at }],
      state: state({ name: 'Tester' }),
      turn: { logs: [], trail: ['hello'] },
    },
  });
  return s;
}

describe('test chat state', () => {
  it('starts with the start response: messages, state, and the set variables as changed', () => {
    const s = started();
    expect(s.status).toBe('active');
    expect(s.entries.map((e) => e.id)).toEqual([1]);
    expect([...s.changed]).toEqual(['v1']);
    expect(focusBlock(s)).toBe('ask');
  });

  it('merges live messages with responses, deduped by id', () => {
    let s = started();
    s = reducer(s, { type: 'message', gen: 1, message: { kind: 'message', id: 3, message: { type: 'text', text: 'c' }, blockId: 'b', createdAt: at } });
    s = reducer(s, { type: 'sending', gen: 1, pending: { key: 1, text: 'x', afterId: 1 } });
    s = reducer(s, {
      type: 'sent',
      gen: 1,
      key: 1,
      now: 2000,
      result: {
        messages: [
          { id: 2, direction: 'in', author: 'contact', message: { type: 'text', text: 'x' }, blockId: null, createdAt: at },
          { id: 3, direction: 'out', author: 'bot', message: { type: 'text', text: 'c' }, blockId: 'b', createdAt: at },
        ],
        state: state({ name: 'x' }),
        turn: { logs: [], trail: [] },
      },
    });
    expect(s.entries.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(s.pending).toEqual([]);
    expect(s.inFlight).toBe(0);
  });

  it('counts a turn once when both its notice and its response arrive', () => {
    let s = started();
    const seq = s.turnSeq;
    s = reducer(s, {
      type: 'turn',
      gen: 1,
      now: 2000,
      notice: { kind: 'turn', inboundMessageId: 2, currentBlockId: 'menu', status: 'active', variables: { v1: 'Ana' }, logs: [{ level: 'warn', message: 'hmm' }], trail: ['ask', 'menu'] },
    });
    s = reducer(s, { type: 'sending', gen: 1, pending: { key: 1, text: 'Ana', afterId: 1 } });
    s = reducer(s, {
      type: 'sent',
      gen: 1,
      key: 1,
      now: 2100,
      result: {
        messages: [{ id: 2, direction: 'in', author: 'contact', message: { type: 'text', text: 'Ana' }, blockId: null, createdAt: at }],
        state: state({ name: 'Ana', currentBlockId: 'menu' }),
        turn: { logs: [], trail: [] },
      },
    });
    expect(s.turnSeq).toBe(seq + 1);
    expect([...s.changed]).toEqual(['v1']);
    expect(s.groups).toEqual([{ key: 1, base: 2, trail: ['ask', 'menu'], logs: [{ level: 'warn', message: 'hmm', blockId: undefined }] }]);
  });

  it('follows the last block run when the flow ends', () => {
    let s = started();
    s = reducer(s, {
      type: 'turn',
      gen: 1,
      now: 2000,
      notice: { kind: 'turn', inboundMessageId: null, currentBlockId: null, status: 'ended', variables: {}, logs: [], trail: ['bye', 'end'] },
    });
    expect(s.status).toBe('ended');
    expect(focusBlock(s)).toBe('end');
    expect(s.variables.map((v) => v.value)).toEqual([undefined, undefined]);
  });

  it('tells a timer wait from the flow document when a notice does not', () => {
    let s = started();
    s = reducer(s, {
      type: 'turn',
      gen: 1,
      now: 2000,
      notice: { kind: 'turn', inboundMessageId: null, currentBlockId: 'w', status: 'active', variables: {}, logs: [], trail: ['w'] },
    });
    const doc = { groups: [{ id: 'g', title: 'G', position: { x: 0, y: 0 }, blocks: [{ id: 'w', kind: 'wait', options: { seconds: 5 } }] }] } as unknown as FlowDoc;
    expect(waitKind(s, doc)).toBe('timer');
    expect(waitKind(s, null)).toBe('reply');
    expect(s.waitSince).toBe(2000);
  });

  it('ignores what a superseded run reports', () => {
    let s = started();
    s = reducer(s, { type: 'begin', gen: 2, status: 'saving', startedFrom: { groupId: 'g', title: 'G' } });
    const after = reducer(s, { type: 'message', gen: 1, message: { kind: 'message', id: 9, message: { type: 'text', text: 'old' }, blockId: null, createdAt: at } });
    expect(after).toBe(s);
    expect(s.entries).toEqual([]);
  });

  it("keeps the flow's typing delay and reveals bot messages up to an id, never back", () => {
    let s = reducer(initialChatState, { type: 'begin', gen: 1, status: 'starting', startedFrom: null });
    s = reducer(s, {
      type: 'started',
      gen: 1,
      now: 1000,
      result: {
        sessionId: 's1',
        versionId: 'v1',
        messages: [
          { id: 1, direction: 'out', author: 'bot', message: { type: 'text', text: 'Oi' }, blockId: 'a', createdAt: at },
          { id: 2, direction: 'out', author: 'bot', message: { type: 'text', text: 'Tudo bem?' }, blockId: 'b', createdAt: at },
        ],
        state: state({ typingDelayMs: 800 }),
        turn: { logs: [], trail: ['a', 'b'] },
      },
    });
    expect(s.typingDelayMs).toBe(800);
    expect(s.revealed).toBe(0);
    s = reducer(s, { type: 'reveal', gen: 1, upTo: 1 });
    expect(s.revealed).toBe(1);
    expect(reducer(s, { type: 'reveal', gen: 1, upTo: 0 }).revealed).toBe(1);
    expect(reducer(s, { type: 'reveal', gen: 2, upTo: 2 })).toBe(s);
  });

  it('keeps who the run is: the numbered test contact, then the name the bot collected', () => {
    let s = started();
    expect(s.contact).toEqual({ name: 'Teste 7', phone: '+5511900000007' });
    s = reducer(s, { type: 'sending', gen: 1, pending: { key: 1, text: 'Ana', afterId: 1 } });
    s = reducer(s, {
      type: 'sent',
      gen: 1,
      key: 1,
      now: 2000,
      result: { messages: [], state: state({ name: 'Ana' }), turn: { logs: [], trail: [] } },
    });
    expect(s.contact?.name).toBe('Ana');
  });

  it('rejoins a kept run: its messages and logs stay, what came while closed is added, nothing in flight is left pending', () => {
    let kept = started();
    kept = reducer(kept, { type: 'turn', gen: 1, now: 1500, notice: { kind: 'turn', inboundMessageId: null, currentBlockId: 'ask', status: 'active', variables: { v1: 'Ana' }, logs: [{ level: 'info', message: 'ok' }], trail: ['ask'] } });
    kept = reducer(kept, { type: 'sending', gen: 1, pending: { key: 1, text: 'oi', afterId: 1 } });
    let s = reducer(initialChatState, { type: 'restore', gen: 5, kept, sessionId: 's1' });
    expect(s.gen).toBe(5);
    expect(s.pending).toEqual([]);
    expect(s.inFlight).toBe(0);
    expect(s.groups).toHaveLength(1);
    s = reducer(s, {
      type: 'rejoined',
      gen: 5,
      now: 3000,
      messages: [
        { id: 2, direction: 'in', author: 'contact', message: { type: 'text', text: 'oi' }, blockId: null, createdAt: at },
        { id: 3, direction: 'out', author: 'bot', message: { type: 'text', text: 'Olá de novo' }, blockId: 'b', createdAt: at },
      ],
      state: state({ name: 'Ana', currentBlockId: 'b' }),
    });
    expect(s.entries.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(s.status).toBe('active');
    expect(s.currentBlockId).toBe('b');
    expect(s.changed.size).toBe(0);
    expect(s.sessionId).toBe('s1');
  });

  it('rejoins from the session id alone after a reload', () => {
    let s = reducer(initialChatState, { type: 'restore', gen: 2, kept: null, sessionId: 's1' });
    expect(s.status).toBe('rejoining');
    s = reducer(s, { type: 'rejoined', gen: 2, now: 10, messages: [{ id: 1, direction: 'out', author: 'bot', message: { type: 'text', text: 'Oi' }, blockId: 'hello', createdAt: at }], state: state() });
    expect(s.status).toBe('active');
    expect(s.entries).toHaveLength(1);
    expect(s.contact?.name).toBe('Teste 7');
  });
});
