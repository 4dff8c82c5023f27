// The transcript's pure logic: merging what was loaded with what arrives live, grouping by
// day, reading message bodies and deciding how each row is drawn.
import type { InboxMessage } from '../../../runtime/bus.js';

export type MediaKind = 'image' | 'video' | 'audio' | 'document';

export type Body =
  | { type: 'text'; text: string }
  | { type: MediaKind; url: string; caption?: string; fileName?: string }
  | { type: 'choice'; text?: string; items: { id: string; label: string }[] }
  | { type: 'unknown' };

const MEDIA = new Set(['image', 'video', 'audio', 'document']);

/** A message body as stored (JSON of an outgoing message or a contact's reply), checked. */
export function readBody(raw: unknown): Body {
  if (!raw || typeof raw !== 'object') return { type: 'unknown' };
  const b = raw as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if (b.type === 'text' && typeof b.text === 'string') return { type: 'text', text: b.text };
  if (typeof b.type === 'string' && MEDIA.has(b.type) && typeof b.url === 'string') {
    return { type: b.type as MediaKind, url: b.url, caption: str(b.caption), fileName: str(b.fileName) };
  }
  if (b.type === 'choice' && Array.isArray(b.items)) {
    const items = b.items
      .filter((i): i is { id: unknown; label: unknown } => !!i && typeof i === 'object')
      .map((i, n) => ({ id: typeof i.id === 'string' ? i.id : String(n), label: typeof i.label === 'string' ? i.label : '' }));
    return { type: 'choice', text: str(b.text), items };
  }
  // A contact's reply with only a text (older rows).
  if (typeof b.text === 'string') return { type: 'text', text: b.text };
  return { type: 'unknown' };
}

/** One line for lists and notifications, like the server's preview. */
export function previewText(body: Body, mediaLabels: Record<MediaKind, string>): string {
  let text: string;
  switch (body.type) {
    case 'text':
      text = body.text;
      break;
    case 'choice':
      text = body.text ?? body.items.map((i) => i.label).join(' / ');
      break;
    case 'unknown':
      text = '';
      break;
    default:
      text = `${mediaLabels[body.type]} ${body.caption || body.fileName || ''}`.trim();
  }
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

/**
 * How a row is drawn:
 * contact (left), bot (right, muted), agent (right, with the agent's name), auto (the system
 * wrote to the contact: queue position, transfer notice, survey), notice (an internal system
 * line: "Ana → Support"), whisper (an agent's internal note).
 */
export type RowKind = 'contact' | 'bot' | 'agent' | 'auto' | 'notice' | 'whisper';

export function rowKind(m: Pick<InboxMessage, 'direction' | 'author'>): RowKind {
  if (m.direction === 'note') return m.author === 'agent' ? 'whisper' : 'notice';
  if (m.direction === 'in' || m.author === 'contact') return 'contact';
  if (m.author === 'bot') return 'bot';
  if (m.author === 'agent') return 'agent';
  return 'auto';
}

/**
 * Loaded and live messages together: one per id (the newer copy wins, but an author known from
 * the live copy is kept when a reloaded copy lacks it, and so is a delivery status further on:
 * a copy read before the message went out must not make it pending again), oldest first.
 */
export function mergeMessages<M extends { id: number; userId?: string | null; status?: string }>(current: readonly M[], incoming: readonly M[]): M[] {
  if (!incoming.length) return current as M[];
  const byId = new Map<number, M>();
  for (const m of current) byId.set(m.id, m);
  let changed = false;
  for (const raw of incoming) {
    const had = byId.get(raw.id);
    let m = had && had.userId && !raw.userId ? { ...raw, userId: had.userId } : raw;
    if (had && statusRank(had.status) > statusRank(m.status)) m = { ...m, status: had.status };
    if (had && JSON.stringify(had) === JSON.stringify(m)) continue;
    byId.set(m.id, m);
    changed = true;
  }
  if (!changed) return current as M[];
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** yyyy-mm-dd of an instant in the browser's time zone. */
export function dayKey(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export interface DayGroup<M> {
  key: string;
  messages: M[];
}

/** Consecutive messages of the same local day together, in order. */
export function groupByDay<M extends { createdAt: string }>(messages: readonly M[]): DayGroup<M>[] {
  const out: DayGroup<M>[] = [];
  for (const m of messages) {
    const key = dayKey(m.createdAt);
    const last = out[out.length - 1];
    if (last && last.key === key) last.messages.push(m);
    else out.push({ key, messages: [m] });
  }
  return out;
}

/** "Hoje", "Ontem", a weekday within the week, else the date. */
export function dayLabel(key: string, now: Date, locale: string, words: { today: string; yesterday: string }): string {
  const [y, mo, d] = key.split('-').map(Number);
  const day = new Date(y, mo - 1, d);
  const today = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const diff = Math.round((today.getTime() - day.getTime()) / 86_400_000);
  if (diff === 0) return words.today;
  if (diff === 1) return words.yesterday;
  if (diff > 1 && diff < 7) {
    const w = day.toLocaleDateString(locale, { weekday: 'long' });
    return w.charAt(0).toUpperCase() + w.slice(1);
  }
  return day.toLocaleDateString(locale, { day: 'numeric', month: 'long', ...(y !== now.getFullYear() ? { year: 'numeric' } : {}) });
}

/**
 * Whether a row shows its author's name: not when the same author wrote the previous row of
 * the same kind less than five minutes earlier (as chat apps group bubbles).
 */
export function showsAuthor(prev: Pick<InboxMessage, 'direction' | 'author' | 'userId' | 'createdAt'> | undefined, m: Pick<InboxMessage, 'direction' | 'author' | 'userId' | 'createdAt'>): boolean {
  if (!prev) return true;
  if (rowKind(prev) !== rowKind(m) || prev.userId !== m.userId) return true;
  return new Date(m.createdAt).getTime() - new Date(prev.createdAt).getTime() > 5 * 60_000;
}

/** The id to load older messages before, or undefined when nothing is loaded. */
export function oldestId(messages: readonly { id: number }[]): number | undefined {
  return messages.length ? messages[0].id : undefined;
}

/** Delivery moves one way: pending, then sent or failed. */
function statusRank(status: string | undefined): number {
  return status === 'pending' ? 0 : status === 'sent' || status === 'failed' ? 1 : -1;
}

/**
 * Messages with the delivery statuses the live stream reported (id → status). A status may
 * arrive before the copy of its message that a reload brings, so the view keeps what it heard
 * and applies it to whatever it loads. Returns the same array when nothing changes.
 */
export function withStatuses<M extends { id: number; status?: string }>(messages: readonly M[], heard: ReadonlyMap<number, string>): M[] {
  if (!heard.size) return messages as M[];
  let out: M[] | null = null;
  messages.forEach((m, i) => {
    const s = heard.get(m.id);
    if (s === undefined || statusRank(s) <= statusRank(m.status)) return;
    out ??= messages.slice();
    out[i] = { ...m, status: s };
  });
  return out ?? (messages as M[]);
}
