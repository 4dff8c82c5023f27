import { describe, expect, it } from 'vitest';
import { applyNotice, belongsTo, isNewWaiting, nextUnseen, refreshPlan, type Notice } from './live.js';
import type { Summary } from './types.js';

const item = (id: string, extra: Partial<Summary> = {}): Summary => ({
  id,
  stage: 'in_service',
  channel: 'test',
  channelKind: 'test',
  channelName: 'Chat de teste',
  contact: { id: `c-${id}`, name: id, phone: null, blocked: false },
  departmentId: 'd1',
  agentId: 'me',
  agentName: 'Me',
  openedAt: '2026-01-01T10:00:00.000Z',
  waitingSince: '2026-01-01T10:00:00.000Z',
  assignedAt: null,
  lastMessageAt: '2026-01-01T10:00:00.000Z',
  closedAt: null,
  preview: 'old',
  unread: 0,
  csatScore: null,
  csatPending: false,
  tags: [],
  ...extra,
});

const conv = (conversationId: string, reason: Extract<Notice, { type: 'conversation' }>['reason'], stage: Extract<Notice, { type: 'conversation' }>['stage']): Notice => ({
  type: 'conversation',
  conversationId,
  reason,
  stage,
  departmentIds: ['d1'],
  agentIds: [],
});

const message = (conversationId: string, id: number, direction: 'in' | 'out' | 'note', author: 'contact' | 'bot' | 'agent' | 'system', text: string): Notice => ({
  type: 'message',
  conversationId,
  message: { id, conversationId, direction, author, userId: null, kind: 'text', body: { type: 'text', text }, status: 'received', createdAt: '2026-01-01T11:00:00.000Z' },
  departmentIds: ['d1'],
  agentIds: [],
});

describe('belongsTo', () => {
  it('follows the server views', () => {
    expect(belongsTo('waiting', 'waiting', null, 'me')).toBe(true);
    expect(belongsTo('waiting', 'in_service', 'me', 'me')).toBe(false);
    expect(belongsTo('mine', 'in_service', 'me', 'me')).toBe(true);
    expect(belongsTo('mine', 'in_service', 'other', 'me')).toBe(false);
    expect(belongsTo('department', 'waiting', null, 'me')).toBe(true);
    expect(belongsTo('department', 'bot', null, 'me')).toBe(false);
    expect(belongsTo('closed', 'closed', 'x', 'me')).toBe(true);
  });
});

describe('applyNotice', () => {
  it('takes a conversation picked up by someone out of Waiting at once', () => {
    const list = [item('a', { stage: 'waiting', agentId: null }), item('b', { stage: 'waiting', agentId: null })];
    expect(applyNotice(list, conv('a', 'assigned', 'in_service'), 'waiting', 'me', null).map((s) => s.id)).toEqual(['b']);
  });
  it('keeps the same array when nothing visible changes', () => {
    const list = [item('a')];
    expect(applyNotice(list, conv('zzz', 'closed', 'closed'), 'mine', 'me', null)).toBe(list);
    expect(applyNotice(list, conv('a', 'updated', 'in_service'), 'mine', 'me', null)).toBe(list);
    expect(applyNotice(list, { type: 'presence', userId: 'u', status: 'away', departmentIds: [], agentIds: [] }, 'mine', 'me', null)).toBe(list);
  });
  it('removes a closed conversation from Mine and from Department', () => {
    const list = [item('a'), item('b')];
    expect(applyNotice(list, conv('a', 'closed', 'closed'), 'mine', 'me', null).map((s) => s.id)).toEqual(['b']);
    expect(applyNotice(list, conv('b', 'bot', 'bot'), 'department', 'me', null).map((s) => s.id)).toEqual(['a']);
  });
  it('moves a row with a new contact message to the top, with the preview and one more unread', () => {
    const list = [item('a'), item('b', { unread: 2 })];
    const next = applyNotice(list, message('b', 7, 'in', 'contact', 'tem *pix*?'), 'mine', 'me', null);
    expect(next.map((s) => s.id)).toEqual(['b', 'a']);
    expect(next[0]).toMatchObject({ preview: 'tem *pix*?', unread: 3, lastMessageAt: '2026-01-01T11:00:00.000Z' });
  });
  it('does not count unread for the open conversation nor reorder Waiting', () => {
    const list = [item('a', { stage: 'waiting' }), item('b', { stage: 'waiting' })];
    const next = applyNotice(list, message('b', 7, 'in', 'contact', 'alô'), 'waiting', 'me', 'b');
    expect(next.map((s) => s.id)).toEqual(['a', 'b']);
    expect(next[1]).toMatchObject({ preview: 'alô', unread: 0 });
  });
  it('ignores internal notes and system lines for the preview', () => {
    const list = [item('a')];
    expect(applyNotice(list, message('a', 8, 'note', 'agent', 'segredo'), 'mine', 'me', null)).toBe(list);
    expect(applyNotice(list, message('a', 9, 'out', 'system', 'Você é o 1º'), 'mine', 'me', null)).toBe(list);
    expect(applyNotice(list, message('a', 10, 'out', 'agent', 'Oi!'), 'mine', 'me', null)[0].preview).toBe('Oi!');
  });
});

describe('new waiting conversations', () => {
  it('are handoffs and transfers into a queue', () => {
    expect(isNewWaiting(conv('a', 'handoff', 'waiting'))).toBe(true);
    expect(isNewWaiting(conv('a', 'transferred', 'waiting'))).toBe(true);
    expect(isNewWaiting(conv('a', 'transferred', 'in_service'))).toBe(false);
    expect(isNewWaiting(conv('a', 'updated', 'waiting'))).toBe(false);
  });
  it('count in the title until the Waiting list is looked at', () => {
    let n = 0;
    n = nextUnseen(n, conv('a', 'handoff', 'waiting'), { waitingTab: false, visible: true });
    n = nextUnseen(n, conv('b', 'handoff', 'waiting'), { waitingTab: true, visible: false });
    expect(n).toBe(2);
    expect(nextUnseen(n, conv('c', 'assigned', 'in_service'), { waitingTab: false, visible: true })).toBe(2);
    expect(nextUnseen(n, conv('c', 'handoff', 'waiting'), { waitingTab: true, visible: true })).toBe(0);
  });
});

describe('refreshPlan', () => {
  it('reloads the open conversation only when the notice is about it', () => {
    expect(refreshPlan(conv('a', 'assigned', 'in_service'), 'a')).toEqual({ list: true, counts: true, conversation: true, panel: false });
    expect(refreshPlan(conv('a', 'closed', 'closed'), 'a').panel).toBe(true);
    expect(refreshPlan(conv('a', 'assigned', 'in_service'), 'b').conversation).toBe(false);
    expect(refreshPlan(message('a', 1, 'in', 'contact', 'x'), 'a')).toEqual({ list: true, counts: true, conversation: false, panel: false });
    expect(refreshPlan(message('a', 1, 'note', 'agent', 'x'), 'a').counts).toBe(false);
    expect(refreshPlan({ type: 'mention', conversationId: 'a', messageId: 1, userId: 'me', byName: 'Ana', departmentIds: [], agentIds: [] }, 'a').list).toBe(false);
  });
});
