// The composer's pickers as pure text logic: `/` at the start opens the quick replies,
// `@` in an internal note opens the colleagues; choosing one rewrites the text and the caret.
import { fold } from './format.js';

/** What follows a `/` typed at the very start of the composer, or null when there is none. */
export function slashQuery(text: string): string | null {
  const m = /^\/([^\n]{0,40})$/.exec(text);
  return m ? m[1] : null;
}

export interface QuickReplyLike {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  departmentId: string | null;
}

/**
 * Quick replies matching a query, best first: the shortcut itself, a shortcut starting with
 * it, then a shortcut, title or text containing it. The conversation's department's own
 * replies come before the global ones at the same rank.
 */
export function filterQuickReplies<Q extends QuickReplyLike>(all: readonly Q[], query: string, departmentId: string | null = null): Q[] {
  const q = fold(query.trim());
  const rank = (r: Q): number => {
    if (!q) return 0;
    const s = fold(r.shortcut);
    if (s === q) return 0;
    if (s.startsWith(q)) return 1;
    if (s.includes(q)) return 2;
    if (fold(r.title).includes(q)) return 3;
    if (fold(r.body).includes(q)) return 4;
    return -1;
  };
  return all
    .map((r) => ({ r, rank: rank(r) }))
    .filter((x) => x.rank >= 0)
    .sort(
      (a, b) =>
        a.rank - b.rank ||
        Number(b.r.departmentId !== null && b.r.departmentId === departmentId) - Number(a.r.departmentId !== null && a.r.departmentId === departmentId) ||
        a.r.shortcut.localeCompare(b.r.shortcut),
    )
    .map((x) => x.r);
}

/** An `@mention` being typed just before the caret: where it starts and what is typed. */
export function mentionQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const at = before.lastIndexOf('@');
  if (at < 0) return null;
  if (at > 0 && !/\s/.test(before[at - 1])) return null; // e-mail addresses are not mentions
  const query = before.slice(at + 1);
  // A name is a few words: stop at a line break, a second space in a row, or punctuation.
  if (query.length > 40 || /\n|\s\s|[@,;:!?()[\]{}]/.test(query)) return null;
  if (query.split(' ').length > 3) return null;
  return { start: at, query };
}

/** Colleagues whose name (any word of it) starts with the query; the author is left out. */
export function filterPeople<P extends { id: string; name: string }>(people: readonly P[], query: string, selfId?: string): P[] {
  const q = fold(query.trim());
  return people
    .filter((p) => p.id !== selfId)
    .filter((p) => {
      if (!q) return true;
      const name = fold(p.name);
      return name.startsWith(q) || name.split(/\s+/).some((w) => w.startsWith(q));
    })
    .sort((a, b) => Number(fold(b.name).startsWith(q)) - Number(fold(a.name).startsWith(q)) || a.name.localeCompare(b.name));
}

/** Replaces the `@query` that starts at `start` (up to the caret) with `@Full Name `. */
export function insertMention(text: string, start: number, caret: number, name: string): { text: string; caret: number } {
  const mention = `@${name.replace(/\s+/g, ' ').trim()} `;
  const after = text.slice(caret).replace(/^ /, '');
  const next = text.slice(0, start) + mention + after;
  return { text: next, caret: start + mention.length };
}

/** Puts text at the caret (an emoji), returning the new text and caret. */
export function insertAt(text: string, selStart: number, selEnd: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, selStart) + insert + text.slice(selEnd), caret: selStart + insert.length };
}

/** The next index in a list of `length` items, wrapping around; -1 for an empty list. */
export function stepIndex(current: number, delta: number, length: number): number {
  if (length <= 0) return -1;
  if (current < 0) return delta > 0 ? 0 : length - 1;
  return (((current + delta) % length) + length) % length;
}
