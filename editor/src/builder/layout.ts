// Auto-layout: groups left to right along their edges, with dagre. Pure, so it is unit-tested.
import { graphlib, layout } from '@dagrejs/dagre';
import type { FlowDocument } from '../../../blocks/flow.js';
import type { XY } from './ops.js';

export interface Size {
  width: number;
  height: number;
}

export interface LayoutResult {
  groups: Record<string, XY>;
  events: Record<string, XY>;
}

export const GROUP_WIDTH = 300;
export const EVENT_SIZE: Size = { width: 150, height: 44 };

/** A group's size before the canvas has measured it: header plus a card per block (taller with items). */
export function estimateGroupSize(group: FlowDocument['groups'][number]): Size {
  let height = 52 + 12;
  for (const b of group.blocks) {
    const items = Array.isArray((b.options as { items?: unknown[] } | null)?.items) ? (b.options as { items: unknown[] }).items.length : 0;
    height += 58 + items * 30 + 8;
  }
  return { width: GROUP_WIDTH, height: Math.max(height, 110) };
}

/**
 * New positions for every group and event. `sizes` gives measured node sizes by group or event
 * id; missing ones are estimated. The top-left of the result stays where the flow's top-left
 * was, so the view does not jump away.
 */
export function autoLayout(doc: FlowDocument, sizes: (kind: 'group' | 'event', id: string) => Size | undefined = () => undefined): LayoutResult {
  const g = new graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 48, ranksep: 110, edgesep: 20, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));

  for (const ev of doc.events) {
    const s = sizes('event', ev.id) ?? EVENT_SIZE;
    g.setNode(`e:${ev.id}`, { width: s.width, height: s.height });
  }
  const home = new Map<string, string>();
  for (const grp of doc.groups) {
    const s = sizes('group', grp.id) ?? estimateGroupSize(grp);
    g.setNode(`g:${grp.id}`, { width: s.width, height: s.height });
    for (const b of grp.blocks) home.set(b.id, grp.id);
  }

  // Columns follow the shortest path from where conversations enter (events first, then groups
  // nothing leads to, in document order). Only edges from one column to the next go to dagre:
  // loops back to a menu and long jumps would not move anything, and on big flows they make
  // dagre's crossing reduction take seconds.
  const succ = new Map<string, string[]>();
  for (const e of doc.edges) {
    const src = 'eventId' in e.from ? `e:${e.from.eventId}` : home.has(e.from.blockId) ? `g:${home.get(e.from.blockId)}` : null;
    const dst = `g:${e.to.groupId}`;
    if (!src || !g.hasNode(src) || !g.hasNode(dst) || src === dst) continue;
    const list = succ.get(src);
    if (list) {
      if (!list.includes(dst)) list.push(dst);
    } else succ.set(src, [dst]);
  }
  const depth = new Map<string, number>();
  const hasIncoming = new Set([...succ.values()].flat());
  const roots = [...doc.events.map((ev) => `e:${ev.id}`), ...doc.groups.map((x) => `g:${x.id}`).filter((id) => !hasIncoming.has(id))];
  const bfs = (starts: string[]) => {
    const queue = starts.filter((id) => !depth.has(id));
    for (const id of queue) depth.set(id, 0);
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i];
      for (const next of succ.get(id) ?? []) {
        if (depth.has(next)) continue;
        depth.set(next, depth.get(id)! + 1);
        queue.push(next);
      }
    }
  };
  bfs(roots);
  // Cycles nothing enters from outside: start from their first group.
  for (const grp of doc.groups) if (!depth.has(`g:${grp.id}`)) bfs([`g:${grp.id}`]);
  for (const [src, list] of succ) {
    for (const dst of list) if (depth.get(dst) === depth.get(src)! + 1) g.setEdge(src, dst);
  }
  layout(g);

  const positioned: { id: string; x: number; y: number }[] = [];
  for (const id of g.nodes()) {
    const n = g.node(id) as { x: number; y: number; width: number; height: number };
    positioned.push({ id, x: n.x - n.width / 2, y: n.y - n.height / 2 });
  }
  const all = [...doc.groups.map((x) => x.position), ...doc.events.map((x) => x.position)];
  const anchor = all.length ? { x: Math.min(...all.map((p) => p.x)), y: Math.min(...all.map((p) => p.y)) } : { x: 0, y: 0 };
  const minX = Math.min(...positioned.map((p) => p.x));
  const minY = Math.min(...positioned.map((p) => p.y));

  const out: LayoutResult = { groups: {}, events: {} };
  for (const p of positioned) {
    const xy = { x: Math.round(p.x - minX + anchor.x), y: Math.round(p.y - minY + anchor.y) };
    if (p.id.startsWith('g:')) out.groups[p.id.slice(2)] = xy;
    else out.events[p.id.slice(2)] = xy;
  }
  return out;
}
