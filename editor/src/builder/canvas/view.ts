// Where the canvas looks: the opening view of a flow, and the pan that keeps a card clear of
// whatever covers part of the canvas. Pure, so the choices are tested without a browser.
import type { FlowDocument } from '../../../../blocks/flow.js';
import { eventNodeId, groupNodeId } from './nodes.js';

/** The smallest zoom at which card texts read comfortably (12.5 px text at about 9.5 px). */
export const READABLE_ZOOM = 0.75;

/**
 * Node sets to open a flow on, widest first: the start (or, without one, every trigger) with the
 * groups up to two steps from it, then one step, then the start alone. The canvas shows the widest
 * that fits at a readable zoom; a whole template at once would be too small to read.
 */
export function openingNodeSets(doc: FlowDocument): string[][] {
  const starts = doc.events.filter((e) => e.kind === 'start');
  const roots = starts.length ? starts : doc.events;
  if (roots.length === 0) return [];
  const groupOfBlock = new Map<string, string>();
  for (const g of doc.groups) for (const b of g.blocks) groupOfBlock.set(b.id, g.id);
  const rootIds = new Set(roots.map((e) => e.id));
  const next = new Map<string, Set<string>>();
  const link = (from: string, to: string) => {
    if (!next.has(from)) next.set(from, new Set());
    next.get(from)!.add(to);
  };
  const first = new Set<string>();
  for (const e of doc.edges) {
    if ('eventId' in e.from) {
      if (rootIds.has(e.from.eventId)) first.add(e.to.groupId);
    } else {
      const g = groupOfBlock.get(e.from.blockId);
      if (g) link(g, e.to.groupId);
    }
  }
  const second = new Set(first);
  for (const g of first) for (const n of next.get(g) ?? []) second.add(n);
  const events = roots.map((e) => eventNodeId(e.id));
  const sets = [
    [...events, ...[...second].map(groupNodeId)],
    [...events, ...[...first].map(groupNodeId)],
    events,
  ];
  // Drop repeats (a start with no neighbours gives the same set three times).
  return sets.filter((s, i) => sets.findIndex((x) => x.length === s.length) === i);
}

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * How far to move the view so that `card` lies inside `view` with `margin` to spare, or null when
 * it already does. A card larger than the view is aligned on its top-left corner.
 */
export function panToReveal(card: Box, view: Box, margin = 24): { dx: number; dy: number } | null {
  const axis = (lo: number, hi: number, vlo: number, vhi: number) => {
    if (hi - lo > vhi - vlo - 2 * margin) return vlo + margin - lo;
    if (lo < vlo + margin) return vlo + margin - lo;
    if (hi > vhi - margin) return vhi - margin - hi;
    return 0;
  };
  const dx = axis(card.left, card.right, view.left, view.right);
  const dy = axis(card.top, card.bottom, view.top, view.bottom);
  return dx === 0 && dy === 0 ? null : { dx, dy };
}
