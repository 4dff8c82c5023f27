import { describe, expect, it } from 'vitest';
import { parseFlowDocument, type FlowDocument } from '../../../blocks/flow.js';
import {
  addGroupWithBlock,
  addVariable,
  connect,
  copySelection,
  disconnect,
  duplicateSelection,
  insertBlock,
  moveBlock,
  moveBlockToNewGroup,
  moveGroups,
  newId,
  parseClipboard,
  parseSourceHandle,
  pasteClipboard,
  reconnect,
  removeBlocks,
  removeGroups,
  removeSelection,
  renameGroup,
  setBlockOptions,
  sourceKey,
  type IdGen,
} from './ops.js';

function counter(): IdGen {
  let n = 0;
  return (prefix = 'x') => `${prefix}_n${++n}`;
}

function sample(): FlowDocument {
  return parseFlowDocument({
    schemaVersion: 2,
    groups: [
      {
        id: 'g1',
        title: 'Welcome',
        position: { x: 0, y: 0 },
        blocks: [
          { id: 'b1', kind: 'bubble-text', options: { text: 'Hi {{name}}' } },
          {
            id: 'b2',
            kind: 'input-buttons',
            options: { variableId: 'v_choice', items: [{ id: 'yes', label: 'Yes' }, { id: 'no', label: 'No' }] },
          },
        ],
      },
      { id: 'g2', title: 'Yes', position: { x: 400, y: 0 }, blocks: [{ id: 'b3', kind: 'bubble-text', options: { text: 'Great' } }] },
      {
        id: 'g3',
        title: 'No',
        position: { x: 400, y: 300 },
        blocks: [
          { id: 'b4', kind: 'input-text', options: { variableId: 'v_reason' } },
          { id: 'b5', kind: 'jump', options: { target: { groupId: 'g2', blockId: 'b3' } } },
        ],
      },
    ],
    edges: [
      { id: 'e0', from: { eventId: 'start' }, to: { groupId: 'g1' } },
      { id: 'e1', from: { blockId: 'b2', itemId: 'yes' }, to: { groupId: 'g2' } },
      { id: 'e2', from: { blockId: 'b2', itemId: 'no' }, to: { groupId: 'g3' } },
      { id: 'e3', from: { blockId: 'b4', path: 'fallback' }, to: { groupId: 'g1' } },
      { id: 'e4', from: { blockId: 'b4' }, to: { groupId: 'g2', blockId: 'b3' } },
    ],
    events: [{ id: 'start', kind: 'start', position: { x: -200, y: 0 } }],
    variables: [
      { id: 'v_name', name: 'name' },
      { id: 'v_choice', name: 'choice' },
      { id: 'v_reason', name: 'reason' },
    ],
    settings: { locale: 'en' },
  });
}

/** Every id in the document, to check that nothing collides after pastes. */
function ids(doc: FlowDocument) {
  const groups = doc.groups.map((g) => g.id);
  const blocks = doc.groups.flatMap((g) => g.blocks.map((b) => b.id));
  const edges = doc.edges.map((e) => e.id);
  return { groups, blocks, edges };
}

function unique(xs: string[]) {
  return new Set(xs).size === xs.length;
}

describe('ids', () => {
  it('are short, random and prefixed', () => {
    const a = newId('b');
    expect(a).toMatch(/^b_[a-z0-9]{10}$/);
    expect(new Set(Array.from({ length: 1000 }, () => newId())).size).toBe(1000);
  });
});

describe('groups and blocks', () => {
  it('adds a group with a block built from the schema defaults', () => {
    const doc = sample();
    const r = addGroupWithBlock(doc, 'input-buttons', { x: 10, y: 20 }, counter());
    const g = r.doc.groups.find((x) => x.id === r.groupId)!;
    expect(g.position).toEqual({ x: 10, y: 20 });
    expect(g.title).toBe('Group #4');
    expect(g.blocks).toHaveLength(1);
    expect(g.blocks[0].id).toBe(r.blockId);
    expect(g.blocks[0].kind).toBe('input-buttons');
    expect(g.blocks[0].options.items).toHaveLength(2);
    expect(doc.groups).toHaveLength(3); // untouched
    expect(r.doc.groups[0]).toBe(doc.groups[0]); // unchanged parts keep their identity
    expect(() => parseFlowDocument(r.doc)).not.toThrow();
  });

  it('inserts a block at an index', () => {
    const r = insertBlock(sample(), 'g1', 1, 'wait', counter());
    expect(r.doc.groups[0].blocks.map((b) => b.id)).toEqual(['b1', r.blockId, 'b2']);
    expect(r.doc.groups[0].blocks[1].options).toEqual({ amount: 5, unit: 'seconds' });
  });

  it('reorders inside a group, counting slots as shown', () => {
    const doc = sample();
    expect(moveBlock(doc, 'b1', 'g1', 2).groups[0].blocks.map((b) => b.id)).toEqual(['b2', 'b1']);
    expect(moveBlock(doc, 'b2', 'g1', 0).groups[0].blocks.map((b) => b.id)).toEqual(['b2', 'b1']);
    expect(moveBlock(doc, 'b1', 'g1', 1)).toBe(doc); // dropped where it was
  });

  it('moves a block to another group; edges aimed at it follow', () => {
    const doc = sample();
    const next = moveBlock(doc, 'b3', 'g3', 1);
    // g2 is left empty: removed with the edges aimed at it
    expect(next.groups.map((g) => g.id)).toEqual(['g1', 'g3']);
    expect(next.groups[1].blocks.map((b) => b.id)).toEqual(['b4', 'b3', 'b5']);
    expect(next.edges.find((e) => e.id === 'e1')).toBeUndefined();
    expect(next.edges.find((e) => e.id === 'e4')?.to).toEqual({ groupId: 'g3', blockId: 'b3' });
    expect(() => parseFlowDocument(next)).not.toThrow();
  });

  it('keeps a group that still has blocks after a move', () => {
    const next = moveBlock(sample(), 'b1', 'g2', 0);
    expect(next.groups.map((g) => g.id)).toEqual(['g1', 'g2', 'g3']);
    expect(next.groups[0].blocks.map((b) => b.id)).toEqual(['b2']);
    expect(next.groups[1].blocks.map((b) => b.id)).toEqual(['b1', 'b3']);
  });

  it('moves a block onto empty canvas as a new group', () => {
    const r = moveBlockToNewGroup(sample(), 'b4', { x: 900, y: 900 }, counter());
    const g = r.doc.groups.find((x) => x.id === r.groupId)!;
    expect(g.blocks.map((b) => b.id)).toEqual(['b4']);
    expect(g.position).toEqual({ x: 900, y: 900 });
    expect(r.doc.edges.find((e) => e.id === 'e3')).toBeDefined(); // its own edges go with it
    expect(() => parseFlowDocument(r.doc)).not.toThrow();
  });

  it('removes blocks with every edge leaving them, item edges included', () => {
    const next = removeBlocks(sample(), ['b2', 'b3']);
    expect(next.groups[0].blocks.map((b) => b.id)).toEqual(['b1']);
    expect(next.edges.map((e) => e.id)).toEqual(['e0', 'e3', 'e4']);
    // the edge aimed at the removed block now enters its group
    expect(next.edges.find((e) => e.id === 'e4')?.to).toEqual({ groupId: 'g2' });
    expect(() => parseFlowDocument(next)).not.toThrow();
  });

  it('removes groups with every edge touching them', () => {
    const next = removeGroups(sample(), ['g3']);
    expect(next.groups.map((g) => g.id)).toEqual(['g1', 'g2']);
    expect(next.edges.map((e) => e.id)).toEqual(['e0', 'e1']);
    const none = removeGroups(sample(), ['g1']);
    expect(none.edges.map((e) => e.id)).toEqual(['e4']);
    expect(() => parseFlowDocument(none)).not.toThrow();
  });

  it('removes a mixed selection', () => {
    const next = removeSelection(sample(), { groupIds: ['g2'], blockIds: ['b4'], edgeIds: ['e0'] });
    expect(next.groups.map((g) => g.id)).toEqual(['g1', 'g3']);
    expect(next.edges.map((e) => e.id)).toEqual(['e2']);
  });

  it('renames and moves groups', () => {
    const doc = sample();
    expect(renameGroup(doc, 'g1', 'Hello').groups[0].title).toBe('Hello');
    expect(renameGroup(doc, 'g1', 'Welcome')).toBe(doc);
    const moved = moveGroups(doc, { g2: { x: 1, y: 2 } });
    expect(moved.groups[1].position).toEqual({ x: 1, y: 2 });
    expect(moved.groups[0]).toBe(doc.groups[0]);
  });
});

describe('edges', () => {
  it('keeps one edge per source handle', () => {
    const doc = sample();
    const r = connect(doc, { blockId: 'b2', itemId: 'yes' }, 'g3', undefined, counter());
    const fromYes = r.doc.edges.filter((e) => sourceKey(e.from) === 'i:b2:yes');
    expect(fromYes).toHaveLength(1);
    expect(fromYes[0].to).toEqual({ groupId: 'g3' });
    expect(r.doc.edges).toHaveLength(doc.edges.length);
    const start = connect(doc, { eventId: 'start' }, 'g2', undefined, counter());
    expect(start.doc.edges.filter((e) => 'eventId' in e.from)).toHaveLength(1);
    const d = connect(doc, { blockId: 'b1' }, 'g2', undefined, counter());
    expect(d.doc.edges).toHaveLength(doc.edges.length + 1);
    expect(connect(doc, { blockId: 'b1' }, 'nope').doc).toBe(doc);
  });

  it('moves either end of an edge, keeping its id and replacing what left the new handle', () => {
    const doc = sample();
    // The target end of "yes" dragged to another group.
    const moved = reconnect(doc, 'e1', { blockId: 'b2', itemId: 'yes' }, 'g3');
    expect(moved.edges.find((e) => e.id === 'e1')).toEqual({ id: 'e1', from: { blockId: 'b2', itemId: 'yes' }, to: { groupId: 'g3' } });
    expect(moved.edges).toHaveLength(doc.edges.length);
    // The source end of "yes" dragged onto "no", which had its own edge: that one goes.
    const swapped = reconnect(doc, 'e1', { blockId: 'b2', itemId: 'no' }, 'g2');
    expect(swapped.edges.map((e) => e.id)).toEqual(['e0', 'e1', 'e3', 'e4']);
    expect(swapped.edges[1]).toEqual({ id: 'e1', from: { blockId: 'b2', itemId: 'no' }, to: { groupId: 'g2' } });
    // A block target survives when the group stays the same.
    const fallback = reconnect(doc, 'e4', { blockId: 'b1' }, 'g2');
    expect(fallback.edges.find((e) => e.id === 'e4')!.to).toEqual({ groupId: 'g2', blockId: 'b3' });
    expect(reconnect(doc, 'e1', { blockId: 'b2', itemId: 'yes' }, 'g2')).toBe(doc);
    expect(reconnect(doc, 'nope', { blockId: 'b1' }, 'g2')).toBe(doc);
    expect(reconnect(doc, 'e1', { blockId: 'b1' }, 'nope')).toBe(doc);
  });

  it('disconnects', () => {
    expect(disconnect(sample(), 'e1').edges.map((e) => e.id)).toEqual(['e0', 'e2', 'e3', 'e4']);
  });

  it('parses handle ids back to edge sources', () => {
    for (const from of [{ blockId: 'b' }, { blockId: 'b', itemId: 'i:x' }, { blockId: 'b', path: 'fallback' as const }, { eventId: 's' }]) {
      expect(parseSourceHandle(sourceKey(from))).toEqual(from);
    }
    expect(parseSourceHandle('zz')).toBeNull();
    expect(parseSourceHandle(null)).toBeNull();
  });
});

describe('options and variables', () => {
  it('drops the edges of items removed from the options', () => {
    const doc = sample();
    const b2 = doc.groups[0].blocks[1];
    const next = setBlockOptions(doc, 'b2', { ...b2.options, items: [b2.options.items[0]] });
    expect(next.edges.map((e) => e.id)).toEqual(['e0', 'e1', 'e3', 'e4']);
    const text = setBlockOptions(doc, 'b1', { text: 'Bye' });
    expect(text.groups[0].blocks[0].options).toEqual({ text: 'Bye' });
    expect(text.edges).toBe(doc.edges);
  });

  it('adds a variable once per name', () => {
    const r = addVariable(sample(), 'city', counter());
    expect(r.doc.variables.at(-1)).toEqual({ id: r.id, name: 'city' });
    expect(addVariable(r.doc, 'city').id).toBe(r.id);
    expect(addVariable(sample(), 'name').id).toBe('v_name');
  });
});

describe('copy and paste', () => {
  it('brings along the variables a template reads through helpers, paths and each', () => {
    const src = parseFlowDocument({
      schemaVersion: 2,
      groups: [
        {
          id: 'g',
          position: { x: 0, y: 0 },
          blocks: [
            { id: 't1', kind: 'bubble-text', options: { text: 'Cidade: {{default city "—"}}' } },
            { id: 't2', kind: 'bubble-text', options: { text: 'Pedido {{order.status}}' } },
            { id: 't3', kind: 'bubble-text', options: { text: '{{#each items}}{{this.name}} {{qty}}{{/each}}' } },
            { id: 't4', kind: 'bubble-text', options: { text: '{{#if (eq plan "pro")}}VIP{{/if}}' } },
          ],
        },
      ],
      edges: [],
      events: [],
      variables: ['city', 'order', 'items', 'plan', 'name', 'qty', 'unused'].map((name) => ({ id: `v_${name}`, name })),
    });
    const empty = parseFlowDocument({ schemaVersion: 2, groups: [], edges: [], events: [], variables: [] });
    const names = (doc: FlowDocument) => doc.variables.map((v) => v.name).sort();
    for (const [id, expected] of [
      ['t1', ['city']],
      ['t2', ['order']],
      ['t3', ['items']],
      ['t4', ['plan']],
    ] as const) {
      const clip = copySelection(src, [], [id]);
      expect(clip.variables.map((v) => v.name), id).toEqual(expected);
      expect(names(pasteClipboard(empty, clip, { x: 0, y: 0 }).doc), id).toEqual(expected);
    }
    // Duplicating a group keeps using the same variables: none is added twice.
    expect(names(duplicateSelection(src, ['g'], []).doc)).toEqual(names(src));
  });

  it('copies groups, loose blocks, their edges and variables as JSON', () => {
    const clip = copySelection(sample(), ['g1'], ['b4', 'b1']);
    expect(clip.ozia).toBe('clipboard');
    expect(clip.version).toBe(1);
    expect(clip.groups.map((g) => g.id)).toEqual(['g1']);
    expect(clip.blocks.map((b) => b.id)).toEqual(['b4']); // b1 comes with its group
    expect(clip.edges.map((e) => e.id).sort()).toEqual(['e1', 'e2', 'e3', 'e4']);
    expect(clip.variables.map((v) => v.id).sort()).toEqual(['v_choice', 'v_name', 'v_reason']);
    expect(parseClipboard(JSON.stringify(clip))).toEqual(clip);
    expect(parseClipboard('hello')).toBeNull();
    expect(parseClipboard('{"ozia":1}')).toBeNull();
  });

  it('pastes twice into the same flow without id collisions', () => {
    const doc = sample();
    const clip = copySelection(doc, ['g1', 'g2'], []);
    const once = pasteClipboard(doc, clip, { x: 1000, y: 1000 });
    const twice = pasteClipboard(once.doc, clip, { x: 2000, y: 2000 });
    const all = ids(twice.doc);
    expect(all.groups).toHaveLength(7);
    expect(unique(all.groups) && unique(all.blocks) && unique(all.edges)).toBe(true);
    expect(() => parseFlowDocument(twice.doc)).not.toThrow();
    // layout kept, top-left at the paste point
    const pasted = twice.doc.groups.filter((g) => twice.groupIds.includes(g.id));
    expect(pasted.map((g) => g.position)).toEqual([
      { x: 2000, y: 2000 },
      { x: 2400, y: 2000 },
    ]);
    // the copy of "Yes" is wired to the copy of Welcome's button, item ids remapped
    const [w, y] = pasted;
    const buttons = w.blocks[1];
    expect(buttons.options.items.map((i: { id: string }) => i.id)).not.toContain('yes');
    const yesEdge = twice.doc.edges.find((e) => 'itemId' in e.from && e.from.blockId === buttons.id && e.from.itemId === buttons.options.items[0].id);
    expect(yesEdge?.to).toEqual({ groupId: y.id });
    // "No" was not copied: in the same flow the copy still points at the original
    const noEdge = twice.doc.edges.find((e) => 'itemId' in e.from && e.from.blockId === buttons.id && e.from.itemId === buttons.options.items[1].id);
    expect(noEdge?.to).toEqual({ groupId: 'g3' });
    expect(twice.blockIds).toHaveLength(3);
  });

  it('remaps jump targets inside the copy and keeps those outside it', () => {
    const doc = sample();
    const both = pasteClipboard(doc, copySelection(doc, ['g2', 'g3'], []), { x: 0, y: 900 }, counter());
    const [ng2, ng3] = both.groupIds;
    const jump = both.doc.groups.find((g) => g.id === ng3)!.blocks[1];
    const nb3 = both.doc.groups.find((g) => g.id === ng2)!.blocks[0].id;
    expect(jump.options.target).toEqual({ groupId: ng2, blockId: nb3 });
    // e4 (to a block) follows the copy of that block
    const e4 = both.doc.edges.find((e) => 'blockId' in e.from && e.from.blockId === both.doc.groups.find((g) => g.id === ng3)!.blocks[0].id && !('path' in e.from));
    expect(e4?.to).toEqual({ groupId: ng2, blockId: nb3 });

    const alone = pasteClipboard(doc, copySelection(doc, ['g3'], []), { x: 0, y: 900 }, counter());
    const j2 = alone.doc.groups.find((g) => g.id === alone.groupIds[0])!.blocks[1];
    expect(j2.options.target).toEqual({ groupId: 'g2', blockId: 'b3' });
    expect(() => parseFlowDocument(alone.doc)).not.toThrow();
  });

  it('pastes into another flow: adds missing variables by name, drops edges and targets that do not exist there', () => {
    const src = sample();
    const clip = JSON.parse(JSON.stringify(copySelection(src, ['g3'], ['b2'])));
    const other = parseFlowDocument({
      schemaVersion: 2,
      groups: [{ id: 'g1', title: 'Other', position: { x: 0, y: 0 }, blocks: [] }],
      edges: [],
      events: [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }],
      variables: [{ id: 'other_choice', name: 'choice' }],
    });
    const r = pasteClipboard(other, clip, { x: 100, y: 100 });
    const names = Object.fromEntries(r.doc.variables.map((v) => [v.name, v.id]));
    expect(Object.keys(names).sort()).toEqual(['choice', 'reason']);
    expect(names.choice).toBe('other_choice');
    const loose = r.doc.groups.find((g) => g.id === r.groupIds[0])!;
    expect(loose.position).toEqual({ x: 100, y: 100 });
    expect(loose.blocks[0].kind).toBe('input-buttons');
    expect(loose.blocks[0].options.variableId).toBe('other_choice');
    const g3 = r.doc.groups.find((g) => g.id === r.groupIds[1])!;
    expect(g3.blocks[0].options.variableId).toBe(names.reason);
    expect(g3.blocks[1].options.target).toEqual({ groupId: '' }); // g2 does not exist here
    // e1 (to g2) dropped; e2 (to g3, copied) kept; e3 fallback to g1 → "g1" exists in the other flow too
    expect(() => parseFlowDocument(r.doc)).not.toThrow();
    const all = ids(r.doc);
    expect(unique(all.groups) && unique(all.blocks) && unique(all.edges)).toBe(true);
  });

  it('duplicates next to the originals', () => {
    const doc = sample();
    const r = duplicateSelection(doc, ['g2'], []);
    const copy = r.doc.groups.find((g) => g.id === r.groupIds[0])!;
    expect(copy.position).toEqual({ x: 440, y: 40 });
    expect(copy.title).toBe('Yes');
    expect(copy.blocks[0].options).toEqual({ text: 'Great' });
    const blocks = duplicateSelection(doc, [], ['b1']);
    const g = blocks.doc.groups.find((x) => x.id === blocks.groupIds[0])!;
    expect(g.blocks[0].options.text).toBe('Hi {{name}}');
    expect(g.position).toEqual({ x: 380, y: 40 });
    expect(() => parseFlowDocument(blocks.doc)).not.toThrow();
  });
});
