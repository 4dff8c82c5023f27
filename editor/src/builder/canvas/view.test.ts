import { describe, expect, it } from 'vitest';
import { parseFlowDocument } from '../../../../blocks/flow.js';
import { openingNodeSets, panToReveal } from './view.js';

const group = (id: string, blockIds: string[]) => ({
  id,
  title: id,
  position: { x: 0, y: 0 },
  blocks: blockIds.map((b) => ({ id: b, kind: 'bubble-text', options: { text: b } })),
});

describe('the opening view', () => {
  it('offers the start with the groups two steps away, then one, then the start alone', () => {
    const doc = parseFlowDocument({
      schemaVersion: 2,
      groups: [group('a', ['a1']), group('b', ['b1']), group('c', ['c1']), group('far', ['f1'])],
      edges: [
        { id: 'e0', from: { eventId: 'start' }, to: { groupId: 'a' } },
        { id: 'e1', from: { blockId: 'a1' }, to: { groupId: 'b' } },
        { id: 'e2', from: { blockId: 'b1' }, to: { groupId: 'c' } },
        { id: 'e3', from: { blockId: 'c1' }, to: { groupId: 'far' } },
      ],
      events: [
        { id: 'start', kind: 'start', position: { x: 0, y: 0 } },
        { id: 'kw', kind: 'keyword', position: { x: 0, y: 0 }, keywords: ['oi'] },
      ],
      variables: [],
    });
    expect(openingNodeSets(doc)).toEqual([['ev:start', 'g:a', 'g:b'], ['ev:start', 'g:a'], ['ev:start']]);
  });

  it('has nothing to offer for a flow without triggers, and no repeats for a lone start', () => {
    const lone = parseFlowDocument({ schemaVersion: 2, groups: [], edges: [], events: [{ id: 's', kind: 'start', position: { x: 0, y: 0 } }], variables: [] });
    expect(openingNodeSets(lone)).toEqual([['ev:s']]);
    expect(openingNodeSets({ ...lone, events: [] })).toEqual([]);
  });
});

describe('keeping a card in view', () => {
  const view = { left: 0, top: 0, right: 800, bottom: 600 };
  it('moves a card hidden on the right back inside, and leaves a visible one alone', () => {
    expect(panToReveal({ left: 700, top: 100, right: 980, bottom: 160 }, view)).toEqual({ dx: -204, dy: 0 });
    expect(panToReveal({ left: 100, top: 100, right: 380, bottom: 160 }, view)).toBeNull();
  });
  it('aligns a card taller than the view on its top', () => {
    expect(panToReveal({ left: 100, top: -50, right: 380, bottom: 900 }, view)).toEqual({ dx: 0, dy: 74 });
  });
});
