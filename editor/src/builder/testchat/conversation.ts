// The test chat's conversation model, kept pure so it is unit-testable: transcript entries
// merged from responses and the live stream, log lines placed after the turn that wrote them,
// the contact's messages still in flight, and which choice messages can still be answered.
import type { OutgoingMessage, VariableValue } from '../../../../blocks/contract.js';
import type { InboundMediaMessage } from '../../../../runtime/test-chat.js';

/** A file the tester sent, as the transcript keeps it (a channel's inbound image or document row). */
export type ContactMediaMessage = InboundMediaMessage;

export type ChatMessage = OutgoingMessage | { type: 'text'; text: string; choiceIds?: string[] } | ContactMediaMessage;

const MEDIA = new Set(['image', 'video', 'audio', 'document', 'sticker']);

/** The files of a contact's message, or null when it is text (or a click). */
export function contactMedia(m: ChatMessage): ContactMediaMessage | null {
  return MEDIA.has(m.type) ? (m as ContactMediaMessage) : null;
}

export interface ChatEntry {
  id: number;
  direction: 'in' | 'out';
  message: ChatMessage;
  blockId: string | null;
  createdAt: string;
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
  blockId?: string;
}

/** The logs of one turn. `base` is the contact's message the turn answered, or the last id known when it arrived. */
export interface LogGroup {
  key: number;
  base: number;
  trail: string[];
  logs: LogLine[];
}

/** A message the contact sent whose answer has not come back yet. */
export interface PendingSend {
  key: number;
  text: string;
  /** The last transcript id known when it was sent: it shows after that. */
  afterId: number;
}

export type TimelineItem =
  | { kind: 'entry'; entry: ChatEntry }
  | { kind: 'log'; key: string; line: LogLine }
  | { kind: 'pending'; pending: PendingSend };

/** Adds entries, dropping ids already known, in id order. Returns `prev` itself when nothing is new. */
export function mergeEntries(prev: readonly ChatEntry[], incoming: readonly ChatEntry[]): ChatEntry[] {
  const known = new Set(prev.map((e) => e.id));
  const fresh: ChatEntry[] = [];
  for (const e of incoming) {
    if (known.has(e.id)) continue;
    known.add(e.id);
    fresh.push(e);
  }
  if (!fresh.length) return prev as ChatEntry[];
  return [...prev, ...fresh].sort((a, b) => a.id - b.id);
}

export function lastId(entries: readonly ChatEntry[]): number {
  return entries.length ? entries[entries.length - 1].id : 0;
}

/**
 * Where a turn's logs go: after the last bot message of that turn, i.e. the last message at or
 * after `base` from a block on the turn's trail, before the contact speaks again and before the
 * next turn began.
 */
export function logAnchor(entries: readonly ChatEntry[], group: LogGroup, nextBase: number | null): number {
  const trail = new Set(group.trail);
  let anchor = group.base;
  for (const e of entries) {
    if (e.id <= group.base) continue;
    if (nextBase !== null && e.id > nextBase) break;
    if (e.direction === 'in') break;
    if (e.blockId && trail.has(e.blockId)) anchor = e.id;
  }
  return anchor;
}

/** Entries, log lines and pending sends in the order the conversation reads. */
export function timeline(entries: readonly ChatEntry[], groups: readonly LogGroup[], pending: readonly PendingSend[]): TimelineItem[] {
  const ordered = [...groups].sort((a, b) => a.key - b.key);
  // Everything that is not an entry, keyed by the id it follows.
  const extras: { after: number; order: number; item: TimelineItem }[] = [];
  ordered.forEach((g, gi) => {
    const next = ordered.slice(gi + 1).find((x) => x.base >= g.base);
    const after = logAnchor(entries, g, next ? next.base : null);
    g.logs.forEach((line, li) => extras.push({ after, order: gi, item: { kind: 'log', key: `${g.key}.${li}`, line } }));
  });
  pending.forEach((p) => extras.push({ after: p.afterId, order: Number.MAX_SAFE_INTEGER, item: { kind: 'pending', pending: p } }));
  extras.sort((a, b) => a.after - b.after || a.order - b.order);

  const out: TimelineItem[] = [];
  let x = 0;
  for (const e of entries) {
    while (x < extras.length && extras[x].after < e.id) out.push(extras[x++].item);
    out.push({ kind: 'entry', entry: e });
  }
  while (x < extras.length) out.push(extras[x++].item);
  return out;
}

/**
 * With a typing delay, bot messages appear one at a time as on WhatsApp: the first one not yet
 * shown (id above `revealed`), which the panel shows "typing…" for. Null when none waits.
 */
export function nextHeld(entries: readonly ChatEntry[], revealed: number): ChatEntry | null {
  return entries.find((e) => e.direction === 'out' && e.id > revealed) ?? null;
}

/**
 * What reads so far while bot messages are paced: everything before the first held bot message;
 * after it only the contact's own messages and sends, so what the tester types never waits.
 */
export function pacedTimeline(items: readonly TimelineItem[], held: ChatEntry | null): TimelineItem[] {
  if (!held) return items as TimelineItem[];
  const out: TimelineItem[] = [];
  let holding = false;
  for (const it of items) {
    if (it.kind === 'entry' && it.entry.id === held.id) holding = true;
    if (!holding || it.kind === 'pending' || (it.kind === 'entry' && it.entry.direction === 'in')) out.push(it);
  }
  return out;
}

export type ChoiceMessage = Extract<OutgoingMessage, { type: 'choice' }>;

export function isChoice(m: ChatMessage): m is ChoiceMessage {
  return m.type === 'choice';
}

/**
 * The items a contact's message picked from a choice message: by the ids a click sent, else by
 * what was typed (an option's number or text; several separated by commas when multiple).
 */
export function pickedItems(choice: ChoiceMessage, answer: ChatMessage): string[] {
  if (answer.type !== 'text') return [];
  const ids = new Set(choice.items.map((i) => i.id));
  if ('choiceIds' in answer && answer.choiceIds?.length) return answer.choiceIds.filter((id) => ids.has(id));
  const parts = choice.multiple ? answer.text.split(/[,;]|\s+e\s+|\s+and\s+/i) : [answer.text];
  const picked: string[] = [];
  for (const raw of parts) {
    const p = raw.trim().toLowerCase();
    if (!p) continue;
    const n = /^\d+$/.test(p) ? Number(p) : NaN;
    const item = Number.isInteger(n) ? choice.items[n - 1] : choice.items.find((i) => i.label.trim().toLowerCase() === p);
    if (item && !picked.includes(item.id)) picked.push(item.id);
  }
  return picked;
}

export interface ChoiceStatus {
  /** The session waits on this very message: its buttons answer. */
  open: boolean;
  /** Items the contact picked in answer to it. */
  picked: string[];
}

/**
 * For each choice message: whether it can still be answered (the session waits on its block and
 * no later choice was sent) and what the contact picked after it.
 */
export function choiceStatuses(
  entries: readonly ChatEntry[],
  session: { active: boolean; currentBlockId: string | null },
): Map<number, ChoiceStatus> {
  const out = new Map<number, ChoiceStatus>();
  let lastChoice = -1;
  entries.forEach((e, i) => {
    if (e.direction === 'out' && isChoice(e.message)) lastChoice = i;
  });
  entries.forEach((e, i) => {
    if (e.direction !== 'out' || !isChoice(e.message)) return;
    const choice = e.message;
    let picked: string[] = [];
    for (let j = i + 1; j < entries.length; j++) {
      const a = entries[j];
      if (a.direction === 'out' && isChoice(a.message)) break;
      if (a.direction !== 'in') continue;
      picked = pickedItems(choice, a.message);
      if (picked.length) break;
    }
    const open = i === lastChoice && session.active && e.blockId !== null && e.blockId === session.currentBlockId;
    out.set(e.id, { open, picked: open ? [] : picked });
  });
  return out;
}

/** What a contact's message reads as: its text, else the labels of the items it clicked. */
export function answerText(entries: readonly ChatEntry[], entry: ChatEntry): string {
  const m = entry.message;
  if (m.type !== 'text') return '';
  if (m.text.trim() || !('choiceIds' in m) || !m.choiceIds?.length) return m.text;
  const labels: string[] = [];
  for (const id of m.choiceIds) {
    for (let j = entries.length - 1; j >= 0; j--) {
      const c = entries[j].message;
      if (entries[j].id > entry.id || !isChoice(c)) continue;
      const item = c.items.find((x) => x.id === id);
      if (item) {
        labels.push(item.label);
        break;
      }
    }
  }
  return labels.join(', ');
}

export interface VariableRow {
  id: string;
  name: string;
  value?: VariableValue | undefined;
}

/** Ids whose value differs between two snapshots. */
export function changedIds(before: readonly VariableRow[], after: readonly VariableRow[]): Set<string> {
  const prev = new Map(before.map((v) => [v.id, JSON.stringify(v.value ?? null)]));
  const out = new Set<string>();
  for (const v of after) {
    const was = prev.get(v.id);
    if (was !== JSON.stringify(v.value ?? null)) out.add(v.id);
  }
  return out;
}

/** Applies a turn notice's variables (by id; unset ones absent) to the known rows. */
export function rowsFromValues(rows: readonly VariableRow[], values: Record<string, VariableValue>): VariableRow[] {
  const known = new Set(rows.map((r) => r.id));
  const out = rows.map((r) => ({ ...r, value: values[r.id] }));
  for (const [id, value] of Object.entries(values)) if (!known.has(id)) out.push({ id, name: id, value });
  return out;
}
