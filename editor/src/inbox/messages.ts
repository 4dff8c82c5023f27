// The transcript's pure logic: merging what was loaded with what arrives live, grouping by
// day, reading message bodies and deciding how each row is drawn.
import type { InboxMessage } from '../../../runtime/bus.js';

export type MediaKind = 'image' | 'video' | 'audio' | 'document' | 'sticker';

export interface EditedText {
  text: string;
  at: string;
}

export type Body =
  /** `template`: sent as this provider template (WhatsApp official API); `text` is what the contact read. */
  | { type: 'text'; text: string; previous?: EditedText[]; template?: string }
  | {
      type: MediaKind;
      /** Absent when the file could not be kept (`unavailable` says why). */
      url?: string;
      caption?: string;
      fileName?: string;
      mime?: string;
      size?: number;
      voice?: boolean;
      unavailable?: { reason: string };
      previous?: EditedText[];
    }
  | { type: 'choice'; text?: string; items: { id: string; label: string }[] }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  | { type: 'contact'; contacts: { name: string; phones: string[] }[] }
  | { type: 'undecryptable'; reason: string }
  | { type: 'unsupported'; what: string }
  | { type: 'unknown' };

const MEDIA = new Set(['image', 'video', 'audio', 'document', 'sticker']);

function previousOf(v: unknown): EditedText[] | undefined {
  if (!Array.isArray(v)) return undefined;
  const list = v
    .filter((p): p is { text: unknown; at: unknown } => !!p && typeof p === 'object')
    .map((p) => ({ text: typeof p.text === 'string' ? p.text : '', at: typeof p.at === 'string' ? p.at : '' }));
  return list.length ? list : undefined;
}

/** A message body as stored (JSON of an outgoing message or a contact's message of any kind), checked. */
export function readBody(raw: unknown): Body {
  if (!raw || typeof raw !== 'object') return { type: 'unknown' };
  const b = raw as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const previous = previousOf(b.previous);
  if (b.type === 'text' && typeof b.text === 'string') return { type: 'text', text: b.text, ...(previous ? { previous } : {}) };
  if (b.type === 'template' && typeof b.text === 'string') return { type: 'text', text: b.text, ...(str(b.name) ? { template: str(b.name) } : {}) };
  if (typeof b.type === 'string' && MEDIA.has(b.type)) {
    const url = str(b.url);
    const unavailable = b.unavailable && typeof b.unavailable === 'object' ? { reason: String((b.unavailable as { reason?: unknown }).reason ?? '') } : undefined;
    if (!url && !unavailable && b.type !== 'sticker') return { type: 'unknown' };
    return {
      type: b.type as MediaKind,
      ...(url ? { url } : {}),
      ...(str(b.caption) ? { caption: str(b.caption) } : {}),
      ...(str(b.fileName) ? { fileName: str(b.fileName) } : {}),
      ...(str(b.mime) ? { mime: str(b.mime) } : {}),
      ...(num(b.size) !== undefined ? { size: num(b.size) } : {}),
      ...(b.voice === true ? { voice: true } : {}),
      ...(unavailable ? { unavailable } : {}),
      ...(previous ? { previous } : {}),
    };
  }
  if (b.type === 'choice' && Array.isArray(b.items)) {
    const items = b.items
      .filter((i): i is { id: unknown; label: unknown } => !!i && typeof i === 'object')
      .map((i, n) => ({ id: typeof i.id === 'string' ? i.id : String(n), label: typeof i.label === 'string' ? i.label : '' }));
    return { type: 'choice', text: str(b.text), items };
  }
  if (b.type === 'location' && num(b.latitude) !== undefined && num(b.longitude) !== undefined) {
    return { type: 'location', latitude: num(b.latitude)!, longitude: num(b.longitude)!, ...(str(b.name) ? { name: str(b.name) } : {}), ...(str(b.address) ? { address: str(b.address) } : {}) };
  }
  if (b.type === 'contact' && Array.isArray(b.contacts)) {
    const contacts = b.contacts
      .filter((c): c is { name: unknown; phones: unknown } => !!c && typeof c === 'object')
      .map((c) => ({ name: typeof c.name === 'string' ? c.name : '', phones: Array.isArray(c.phones) ? c.phones.filter((p): p is string => typeof p === 'string') : [] }));
    return { type: 'contact', contacts };
  }
  if (b.type === 'undecryptable') return { type: 'undecryptable', reason: str(b.reason) ?? '' };
  if (b.type === 'unsupported') return { type: 'unsupported', what: str(b.what) ?? '' };
  // A contact's reply with only a text (older rows).
  if (typeof b.text === 'string') return { type: 'text', text: b.text };
  return { type: 'unknown' };
}

/** An Instagram story a contact's message answers or mentions the business in (`body.story`), with its media when kept. */
export interface StoryBody {
  type: 'reply' | 'mention';
  url?: string;
  kind?: 'image' | 'video';
  unavailable: boolean;
}

export function readStory(raw: unknown): StoryBody | null {
  const s = raw && typeof raw === 'object' ? (raw as { story?: unknown }).story : null;
  if (!s || typeof s !== 'object') return null;
  const o = s as Record<string, unknown>;
  if (o.type !== 'reply' && o.type !== 'mention') return null;
  const url = typeof o.url === 'string' && o.url ? o.url : undefined;
  const kind = o.kind === 'video' || (typeof o.mime === 'string' && o.mime.startsWith('video/')) ? 'video' : 'image';
  return { type: o.type, ...(url ? { url, kind } : {}), unavailable: !url };
}

/** The words a body carries (text, caption, file name…), for previews, quotes and the signature check. */
export function bodyText(body: Body): string {
  switch (body.type) {
    case 'text':
      return body.text;
    case 'choice':
      return body.text ?? body.items.map((i) => i.label).join(' / ');
    case 'location':
      return body.name ?? body.address ?? '';
    case 'contact':
      return body.contacts.map((c) => c.name).join(', ');
    case 'undecryptable':
    case 'unsupported':
    case 'unknown':
      return '';
    default:
      return body.caption || body.fileName || '';
  }
}

/** An OpenStreetMap link to a shared location (no key, opens in any browser). */
export function mapUrl(lat: number, lng: number): string {
  const f = (n: number) => String(Math.round(n * 1e6) / 1e6);
  return `https://www.openstreetmap.org/?mlat=${f(lat)}&mlon=${f(lng)}#map=17/${f(lat)}/${f(lng)}`;
}

/** One line for lists and notifications, like the server's preview. */
export function previewText(body: Body, mediaLabels: Record<string, string>): string {
  const icon = mediaLabels[body.type] ?? '';
  const words = bodyText(body);
  const text = body.type === 'text' || body.type === 'choice' || body.type === 'unknown' ? words : `${icon} ${words}`.trim();
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 139)}…` : line;
}

/**
 * How a row is drawn:
 * contact (left), bot (right, muted), agent (right, with the agent's name), auto (the system
 * wrote to the contact: queue position, transfer notice, survey), notice (an internal system
 * line: "Ana → Support"), whisper (an agent's internal note).
 */
export type RowKind = 'contact' | 'bot' | 'agent' | 'auto' | 'phone' | 'notice' | 'whisper';

export function rowKind(m: Pick<InboxMessage, 'direction' | 'author'>): RowKind {
  if (m.direction === 'note') return m.author === 'agent' ? 'whisper' : 'notice';
  if (m.direction === 'in' || m.author === 'contact') return 'contact';
  if (m.author === 'bot') return 'bot';
  if (m.author === 'agent') return 'agent';
  // The business wrote it in the WhatsApp app on its phone.
  if (m.author === 'phone') return 'phone';
  return 'auto';
}

/**
 * Loaded and live messages together: one per id (the newer copy wins, but an author known from
 * the live copy is kept when a reloaded copy lacks it, and so is a delivery status further on:
 * a copy read before the message went out must not make it pending again), oldest first.
 * `live`: the copies come from the live stream, in commit order, so a failed message that was
 * resent may go back to pending.
 */
export function mergeMessages<M extends { id: number; userId?: string | null; status?: string; quoted?: unknown }>(current: readonly M[], incoming: readonly M[], opts: { live?: boolean } = {}): M[] {
  if (!incoming.length) return current as M[];
  const byId = new Map<number, M>();
  for (const m of current) byId.set(m.id, m);
  let changed = false;
  for (const raw of incoming) {
    const had = byId.get(raw.id);
    let m = had && had.userId && !raw.userId ? { ...raw, userId: had.userId } : raw;
    // Live copies carry no quote preview (it depends on who looks): the loaded one stays.
    if (had?.quoted && m.quoted === undefined) m = { ...m, quoted: had.quoted };
    const resent = opts.live && had?.status === 'failed' && m.status === 'pending';
    if (had && !resent && statusRank(had.status) > statusRank(m.status)) m = { ...m, status: had.status, ...('error' in had ? { error: (had as { error?: unknown }).error } : {}) };
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

/** Delivery moves one way: pending, sent, delivered, read; failed ends it (until resent). */
export function statusRank(status: string | undefined): number {
  switch (status) {
    case 'pending':
      return 0;
    case 'sent':
      return 1;
    case 'delivered':
      return 2;
    case 'read':
      return 3;
    case 'failed':
      return 4;
    default:
      return -1;
  }
}

/** What the live stream said about a message's delivery. */
export interface HeardStatus {
  status: string;
  error?: string;
}

/**
 * Messages with the delivery statuses the live stream reported (id → status). A status may
 * arrive before the copy of its message that a reload brings, so the view keeps what it heard
 * and applies it to whatever it loads. Returns the same array when nothing changes.
 */
export function withStatuses<M extends { id: number; status?: string; error?: string | null }>(messages: readonly M[], heard: ReadonlyMap<number, HeardStatus>): M[] {
  if (!heard.size) return messages as M[];
  let out: M[] | null = null;
  messages.forEach((m, i) => {
    const s = heard.get(m.id);
    if (s === undefined || statusRank(s.status) <= statusRank(m.status)) return;
    out ??= messages.slice();
    out[i] = { ...m, status: s.status, ...(s.error ? { error: s.error } : {}) };
  });
  return out ?? (messages as M[]);
}

/** Deleting for everyone is possible this long after sending (WhatsApp's window, as the server checks it). */
export const REVOKE_WINDOW_MS = 60 * 60 * 60_000;

/** Whether "Apagar para todos" is offered on a message: sent, not deleted, the agent's own or automatic, in the window. */
export function canRevoke(m: Pick<InboxMessage, 'direction' | 'author' | 'userId' | 'status' | 'createdAt' | 'deletedAt'>, me: { id: string; role: string }, nowMs: number): boolean {
  if (m.direction !== 'out' || m.deletedAt) return false;
  if (m.status !== 'sent' && m.status !== 'delivered' && m.status !== 'read') return false;
  const mine = m.author === 'bot' || m.author === 'system' || (m.author === 'agent' && (m.userId === me.id || me.role === 'supervisor'));
  return mine && nowMs - Date.parse(m.createdAt) <= REVOKE_WINDOW_MS;
}
