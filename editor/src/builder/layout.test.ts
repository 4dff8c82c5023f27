import { describe, expect, it } from 'vitest';
import type { FlowDocument } from '../../../blocks/flow.js';
import { autoLayout, estimateGroupSize, EVENT_SIZE, type Size } from './layout.js';

function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) % 4294967296;
    return seed / 4294967296;
  };
}

/** A random flow: every group at the origin (the worst start), edges between random groups. */
function randomFlow(groups: number, seed: number): FlowDocument {
  const r = rng(seed);
  const gs = Array.from({ length: groups }, (_, i) => ({
    id: `g${i}`,
    title: `G${i}`,
    position: { x: 0, y: 0 },
    blocks: Array.from({ length: 1 + Math.floor(r() * 6) }, (_, j) => ({ id: `b${i}_${j}`, kind: 'bubble-text', options: { text: 'x' } })),
  }));
  const edges = [{ id: 'start', from: { eventId: 'start' }, to: { groupId: 'g0' } }] as FlowDocument['edges'];
  gs.forEach((g, i) => {
    for (const b of g.blocks) {
      if (r() < 0.5) edges.push({ id: `e_${b.id}`, from: { blockId: b.id }, to: { groupId: `g${Math.floor(r() * groups)}` } });
    }
    if (i > 0 && r() < 0.7) edges.push({ id: `t_${i}`, from: { blockId: gs[Math.floor(r() * i)].blocks[0].id + '' }, to: { groupId: g.id } });
  });
  return {
    schemaVersion: 2,
    groups: gs,
    edges,
    events: [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }],
    variables: [],
    settings: {} as FlowDocument['settings'],
  };
}

type Rect = { id: string; x: number; y: number; w: number; h: number };

function rects(doc: FlowDocument, sizes?: (kind: 'group' | 'event', id: string) => Size | undefined): Rect[] {
  const out = autoLayout(doc, sizes);
  const list: Rect[] = [];
  for (const g of doc.groups) {
    const s = sizes?.('group', g.id) ?? estimateGroupSize(g);
    list.push({ id: g.id, ...out.groups[g.id], w: s.width, h: s.height });
  }
  for (const e of doc.events) list.push({ id: e.id, ...out.events[e.id], w: EVENT_SIZE.width, h: EVENT_SIZE.height });
  return list;
}

function overlaps(a: Rect, b: Rect) {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

function firstOverlap(list: Rect[]): [string, string] | null {
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) if (overlaps(list[i], list[j])) return [list[i].id, list[j].id];
  return null;
}

describe('autoLayout', () => {
  it('places every group and event with no two overlapping', () => {
    for (const [n, seed] of [[2, 1], [12, 2], [40, 3], [120, 4]]) {
      const doc = randomFlow(n, seed);
      const list = rects(doc);
      expect(list).toHaveLength(n + 1);
      for (const r of list) expect(Number.isFinite(r.x) && Number.isFinite(r.y)).toBe(true);
      expect(firstOverlap(list)).toBeNull();
    }
  });

  it('uses measured sizes when given', () => {
    const doc = randomFlow(30, 9);
    const sizes = (kind: 'group' | 'event', id: string) => (kind === 'group' ? { width: 280 + (id.length % 3) * 40, height: 500 } : undefined);
    expect(firstOverlap(rects(doc, sizes))).toBeNull();
  });

  it('runs left to right: the start is left of what it leads to, which is left of what follows', () => {
    const doc = randomFlow(3, 5);
    doc.edges = [
      { id: 's', from: { eventId: 'start' }, to: { groupId: 'g0' } },
      { id: 'a', from: { blockId: 'b0_0' }, to: { groupId: 'g1' } },
      { id: 'b', from: { blockId: 'b1_0' }, to: { groupId: 'g2' } },
    ];
    const out = autoLayout(doc);
    expect(out.events.start.x).toBeLessThan(out.groups.g0.x);
    expect(out.groups.g0.x).toBeLessThan(out.groups.g1.x);
    expect(out.groups.g1.x).toBeLessThan(out.groups.g2.x);
  });

  it('keeps the top-left corner where the flow was', () => {
    const doc = randomFlow(5, 7);
    doc.groups.forEach((g, i) => (g.position = { x: 500 + i * 10, y: 300 + i * 5 }));
    doc.events[0].position = { x: 600, y: 400 };
    const out = autoLayout(doc);
    const xs = [...Object.values(out.groups), ...Object.values(out.events)];
    expect(Math.min(...xs.map((p) => p.x))).toBe(500);
    expect(Math.min(...xs.map((p) => p.y))).toBe(300);
  });

  it('stays fast on a big, densely cross-linked flow (200 groups, 800 edges)', () => {
    const doc = randomFlow(200, 11);
    for (let i = 0; i < 200; i++) {
      for (let k = 0; k < 4; k++) doc.edges.push({ id: `x${i}_${k}`, from: { blockId: `b${i}_0` }, to: { groupId: `g${(i * 7 + k * 13 + 1) % 200}` } });
    }
    const t = performance.now();
    const list = rects(doc);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(firstOverlap(list)).toBeNull();
  });

  it('places groups in a loop nothing leads into', () => {
    const doc = randomFlow(3, 5);
    doc.edges = [
      { id: 'a', from: { blockId: 'b0_0' }, to: { groupId: 'g1' } },
      { id: 'b', from: { blockId: 'b1_0' }, to: { groupId: 'g0' } },
    ];
    const out = autoLayout(doc);
    expect(Object.keys(out.groups).sort()).toEqual(['g0', 'g1', 'g2']);
    expect(out.groups.g0.x).toBeLessThan(out.groups.g1.x);
  });

  it('handles an empty flow', () => {
    const doc = randomFlow(1, 1);
    doc.groups = [];
    doc.edges = [];
    expect(autoLayout(doc).events.start).toEqual({ x: 0, y: 0 });
  });
});
