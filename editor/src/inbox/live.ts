// What a live inbox notice does to what the agent sees, as pure functions: the list is patched
// at once (a conversation picked up leaves Waiting, a new message moves its row up), then the
// server's answer replaces it; new waiting conversations count in the title until seen.
import type { InboxNotice } from '../../../runtime/bus.js';
import { previewText, readBody, type MediaKind } from './messages.js';
import type { ListView, Stage, Summary } from './types.js';

export type Notice = InboxNotice;

/** Whether a conversation in this stage (served by this agent) belongs in a list. */
export function belongsTo(view: ListView, stage: Stage, agentId: string | null, me: string): boolean {
  switch (view) {
    case 'waiting':
      return stage === 'waiting';
    case 'mine':
      return stage === 'in_service' && agentId === me;
    case 'department':
      return stage === 'waiting' || stage === 'in_service';
    case 'closed':
      return stage === 'closed';
  }
}

/** Lists sorted by the latest activity (a new message moves the row to the top). */
const byActivity = (view: ListView) => view === 'mine' || view === 'department';

export const MEDIA_ICONS: Record<MediaKind | 'location' | 'contact' | 'undecryptable' | 'unsupported', string> = {
  image: '📷',
  video: '🎬',
  audio: '🎤',
  document: '📄',
  sticker: '🏷️',
  location: '📍',
  contact: '👤',
  undecryptable: '⚠️',
  unsupported: '❔',
};

/**
 * The list right after a notice, before the server confirms it. Returns the same array when
 * nothing visible changes. `openId` is the conversation on screen: its messages are read.
 */
export function applyNotice(items: readonly Summary[], n: Notice, view: ListView, me: string, openId: string | null): readonly Summary[] {
  if (n.type === 'conversation') {
    const i = items.findIndex((s) => s.id === n.conversationId);
    if (i < 0) return items;
    const item = items[i];
    // Mine: a transfer or an assignment may have given it to someone else; the refresh tells.
    const stays = view === 'mine' ? n.stage === 'in_service' && item.agentId === me : belongsTo(view, n.stage, item.agentId, me);
    if (!stays) return items.filter((_, k) => k !== i);
    if (item.stage === n.stage) return items;
    const next = items.slice();
    next[i] = { ...item, stage: n.stage };
    return next;
  }
  if (n.type === 'message') {
    const i = items.findIndex((s) => s.id === n.conversationId);
    if (i < 0) return items;
    const m = n.message;
    // Internal notes and the system's own lines do not change the preview (as on the server).
    const fromContact = m.direction === 'in';
    const fromAgent = m.direction === 'out' && m.author === 'agent';
    if (!fromContact && !fromAgent) return items;
    const item = items[i];
    const updated: Summary = {
      ...item,
      preview: previewText(readBody(m.body), MEDIA_ICONS) || item.preview,
      lastMessageAt: m.createdAt > item.lastMessageAt ? m.createdAt : item.lastMessageAt,
      unread: fromContact ? (openId === item.id ? 0 : item.unread + 1) : 0,
    };
    const rest = items.filter((_, k) => k !== i);
    if (byActivity(view)) return [updated, ...rest];
    const next = items.slice();
    next[i] = updated;
    return next;
  }
  return items;
}

/** A conversation that just started waiting: a handoff from a flow, or a transfer to a queue. */
export function isNewWaiting(n: Notice): boolean {
  return n.type === 'conversation' && n.stage === 'waiting' && (n.reason === 'handoff' || n.reason === 'transferred');
}

/** What to load again after a notice. */
export interface RefreshPlan {
  list: boolean;
  counts: boolean;
  /** The open conversation's header (stage, agent, tags). */
  conversation: boolean;
  /** The contact side panel (variables, earlier conversations). */
  panel: boolean;
}

export function refreshPlan(n: Notice, openId: string | null): RefreshPlan {
  const open = !!openId && 'conversationId' in n && n.conversationId === openId;
  switch (n.type) {
    case 'conversation':
      return { list: true, counts: true, conversation: open, panel: open && (n.reason === 'closed' || n.reason === 'bot' || n.reason === 'reopened' || n.reason === 'contact') };
    case 'message':
      return { list: true, counts: n.message.direction === 'in', conversation: false, panel: false };
    case 'mention':
    case 'notification':
    case 'presence':
    case 'status':
      return { list: false, counts: false, conversation: false, panel: false };
  }
}

/**
 * Waiting conversations the agent has not seen yet (the number in the page title). Nothing
 * counts while the agent looks at the Waiting list in a visible page.
 */
export function nextUnseen(unseen: number, n: Notice, looking: { waitingTab: boolean; visible: boolean }): number {
  if (!isNewWaiting(n)) return unseen;
  if (looking.waitingTab && looking.visible) return 0;
  return unseen + 1;
}
