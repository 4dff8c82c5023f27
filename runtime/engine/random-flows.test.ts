import { describe, expect, it } from 'vitest';
import { parseFlowDocument } from '../../blocks/flow.js';
import { seededRandom } from '../context.js';
import { step, type SessionState } from './step.js';

/** Builds a random but schema-valid flow: any block may point anywhere, loops included. */
function randomFlow(rand: () => number) {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const nGroups = 1 + Math.floor(rand() * 8);
  const groupIds = Array.from({ length: nGroups }, (_, i) => `g${i}`);
  const vars = ['a', 'b', 'list'];
  const edges: unknown[] = [{ id: 'start_edge', from: { eventId: 'start' }, to: { groupId: pick(groupIds) } }];
  let blockN = 0;
  const blockFactories: (() => { kind: string; options: unknown; items?: string[]; input?: boolean })[] = [
    () => ({ kind: 'bubble-text', options: { text: pick(['oi {{a}}', 'tudo bem?', '{{#if b}}b={{b}}{{/if}}', '{{default a "x"}}']) } }),
    () => ({ kind: 'input-text', options: { variableId: pick(vars), maxRetries: Math.floor(rand() * 3) }, input: true }),
    () => ({ kind: 'input-number', options: { variableId: pick(vars), min: 0, max: 10 }, input: true }),
    () => ({ kind: 'input-email', options: { variableId: 'b' }, input: true }),
    () => ({
      kind: 'input-buttons',
      options: { variableId: 'a', items: [{ id: 'x', label: 'Sim' }, { id: 'y', label: 'Não' }, { id: 'z', label: 'Talvez' }] },
      items: ['x', 'y', 'z'],
      input: true,
    }),
    () => ({
      kind: 'condition',
      options: {
        items: [
          {
            id: 'c1',
            group: {
              logicalOperator: pick(['and', 'or']),
              comparisons: [{ id: 'k', variableId: pick(vars), operator: pick(['equal', 'greater', 'is_set', 'contains', 'matches_regex']), value: pick(['1', 'sim', '^\\d+$', '']) }],
            },
          },
        ],
      },
      items: ['c1'],
    }),
    () => ({ kind: 'set-variable', options: { variableId: pick(vars), operation: pick([{ kind: 'expression', expression: 'a + 1' }, { kind: 'append', value: '{{a}}' }, { kind: 'template', value: 'v{{b}}' }, { kind: 'random_id' }]) } }),
    () => ({ kind: 'jump', options: { target: { groupId: pick(groupIds) } } }),
    () => ({ kind: 'wait', options: { seconds: 1 + Math.floor(rand() * 5) } }),
    () => ({ kind: 'ab-test', options: { items: [{ id: 'a', label: 'A', percent: 30 }, { id: 'b', label: 'B', percent: 70 }] }, items: ['a', 'b'] }),
    () => ({ kind: 'end', options: {} }),
  ];
  const groups = groupIds.map((id, gi) => {
    const n = Math.floor(rand() * 5);
    const blocks = Array.from({ length: n }, () => {
      const f = pick(blockFactories)();
      const bid = `b${blockN++}`;
      if (rand() < 0.4) edges.push({ id: `e${edges.length}`, from: { blockId: bid }, to: { groupId: pick(groupIds) } });
      for (const item of f.items ?? []) {
        if (rand() < 0.7) edges.push({ id: `e${edges.length}`, from: { blockId: bid, itemId: item }, to: { groupId: pick(groupIds) } });
      }
      if (f.input && rand() < 0.5) edges.push({ id: `e${edges.length}`, from: { blockId: bid, path: 'fallback' }, to: { groupId: pick(groupIds) } });
      return { id: bid, kind: f.kind, options: f.options };
    });
    return { id, title: id, position: { x: gi * 300, y: 0 }, blocks };
  });
  return parseFlowDocument({
    schemaVersion: 2,
    groups,
    edges,
    events: [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }],
    variables: vars.map((v) => ({ id: v, name: v })),
    settings: { stepLimit: 200, maxRetries: 2 },
  });
}

describe('engine on random flows', () => {
  it('never throws and always ends the turn within the step limit', async () => {
    const rand = seededRandom(20261124);
    const replies = ['1', '2', 'sim', 'abc', '', '7', 'a@b.co', 'talvez', '99', 'Não'];
    let turns = 0;
    let loopsStopped = 0;
    for (let f = 0; f < 400; f++) {
      const doc = randomFlow(rand);
      let session: SessionState | null = null;
      let now = Date.parse('2026-03-10T12:00:00Z');
      for (let t = 0; t < 12; t++) {
        let event;
        if (t === 0) event = { type: 'start' as const };
        else if (session?.waiting?.kind === 'timer' && rand() < 0.7) event = { type: 'timer' as const, timerId: session.waiting.timerId };
        else event = { type: 'reply' as const, reply: { text: replies[Math.floor(rand() * replies.length)] } };
        now += 60_000;
        const r = await step(doc, session, event, { now: new Date(now), contact: { id: 'c' }, seed: f });
        turns++;
        // Every block sends at most one message, plus one fallback: the step limit bounds a turn.
        expect(r.messages.length).toBeLessThanOrEqual(201);
        expect(r.trail.length).toBeLessThanOrEqual(201);
        expect(['active', 'ended']).toContain(r.session.status);
        if (r.session.status === 'active') expect(r.session.waiting).not.toBeNull();
        if (r.logs.some((l) => /step limit|limite de \d+ blocos/.test(l.message))) loopsStopped++;
        session = r.session;
      }
    }
    expect(turns).toBe(4800);
    // The generator makes loops often enough that the limit is really exercised.
    expect(loopsStopped).toBeGreaterThan(10);
  });
});
