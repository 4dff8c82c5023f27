import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emptyFlowDocument, type FlowDocument } from '../../../blocks/flow.js';
import { createBuilderStore, HISTORY_LIMIT, type FlowSaver } from './store.js';

function conflict() {
  return Object.assign(new Error('the draft changed since revision 1'), { data: { code: 'CONFLICT' } });
}

function setup(save: FlowSaver['save'] = async () => ({ revision: 2 })) {
  const saves: { document: FlowDocument; baseRevision: number; force?: boolean }[] = [];
  let clock = 0;
  const saver: FlowSaver = {
    load: async () => ({ name: 'Server', draft: emptyFlowDocument(), draftRevision: 9 }),
    save: async (input) => {
      saves.push(input);
      return save(input);
    },
  };
  const store = createBuilderStore({ flowId: 'f1', name: 'Flow', doc: emptyFlowDocument(), revision: 1, saver, now: () => clock });
  return { store, saves, tick: (ms: number) => (clock += ms) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('history', () => {
  it('undoes and redoes every document change', () => {
    const { store } = setup();
    const s = store.getState;
    const start = s().doc;
    const { groupId } = s().addGroupWithBlock('bubble-text', { x: 1, y: 2 });
    s().renameGroup(groupId, 'Hello');
    expect(s().past).toHaveLength(2);
    s().undo();
    expect(s().doc.groups.find((g) => g.id === groupId)?.title).not.toBe('Hello');
    s().undo();
    expect(s().doc).toBe(start);
    expect(s().dirty).toBe(false);
    s().redo();
    s().redo();
    expect(s().doc.groups.find((g) => g.id === groupId)?.title).toBe('Hello');
    expect(s().future).toHaveLength(0);
  });

  it('makes one step of a drag and of a burst of typing', () => {
    const { store, tick } = setup();
    const s = store.getState;
    const gid = s().doc.groups[0].id;
    for (let i = 1; i <= 30; i++) {
      tick(100);
      s().moveNodes({ groups: { [gid]: { x: i, y: i } } }, true);
    }
    s().endCoalesce();
    expect(s().past).toHaveLength(1);
    const { blockId } = s().addGroupWithBlock('bubble-text', { x: 0, y: 0 });
    for (const text of ['a', 'ab', 'abc']) {
      tick(200);
      s().setBlockOptions(blockId, { text });
    }
    expect(s().past).toHaveLength(3);
    tick(5000); // a pause ends the burst
    s().setBlockOptions(blockId, { text: 'abcd' });
    expect(s().past).toHaveLength(4);
    s().undo();
    expect(s().doc.groups.at(-1)?.blocks[0].options).toEqual({ text: 'abc' });
    s().undo();
    expect(s().doc.groups.at(-1)?.blocks[0].options).toEqual({ text: 'Olá!' });
  });

  it('is bounded', () => {
    const { store } = setup();
    const s = store.getState;
    const gid = s().doc.groups[0].id;
    for (let i = 0; i < HISTORY_LIMIT + 50; i++) s().moveNodes({ groups: { [gid]: { x: i + 1, y: 0 } } });
    expect(s().past).toHaveLength(HISTORY_LIMIT);
  });

  it('keeps the selection on what still exists', () => {
    const { store } = setup();
    const s = store.getState;
    const { groupId } = s().addGroupWithBlock('bubble-text', { x: 0, y: 0 });
    s().select({ groups: [groupId] });
    s().undo();
    expect(s().selection.groups.size).toBe(0);
  });

  it('copies, pastes and duplicates the selection', () => {
    const { store } = setup();
    const s = store.getState;
    const { groupId } = s().addGroupWithBlock('input-buttons', { x: 0, y: 0 });
    s().select({ groups: [groupId], blocks: [] });
    const clip = s().copy()!;
    s().paste(clip, { x: 500, y: 500 });
    expect(s().doc.groups).toHaveLength(3);
    expect([...s().selection.groups]).toHaveLength(1);
    s().duplicate();
    expect(s().doc.groups).toHaveLength(4);
    s().deleteSelection();
    expect(s().doc.groups).toHaveLength(3);
  });
});

describe('autosave', () => {
  it('saves once, 800 ms after the last change, on the latest revision', async () => {
    const { store, saves } = setup(async () => ({ revision: saves.length + 1 }));
    const s = store.getState;
    s().addGroupWithBlock('bubble-text', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(500);
    s().addGroupWithBlock('bubble-text', { x: 0, y: 0 });
    expect(s().saveStatus).toBe('unsaved');
    await vi.advanceTimersByTimeAsync(799);
    expect(saves).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toHaveLength(1);
    expect(saves[0].baseRevision).toBe(1);
    expect(saves[0].document.groups).toHaveLength(3);
    expect(s().saveStatus).toBe('saved');
    expect(s().dirty).toBe(false);
    expect(s().revision).toBe(1 + 1);
    s().renameGroup(s().doc.groups[0].id, 'X');
    await vi.advanceTimersByTimeAsync(800);
    expect(saves[1].baseRevision).toBe(2);
  });

  it('stops on a conflict until reloaded or overwritten', async () => {
    let fail = true;
    const { store, saves } = setup(async (input) => {
      if (fail && !input.force) throw conflict();
      return { revision: 7 };
    });
    const s = store.getState;
    s().addGroupWithBlock('bubble-text', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(800);
    expect(s().saveStatus).toBe('conflict');
    s().addGroupWithBlock('bubble-text', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(saves).toHaveLength(1);
    expect(s().saveStatus).toBe('conflict');
    await s().overwrite();
    expect(saves.at(-1)?.force).toBe(true);
    expect(s().saveStatus).toBe('saved');
    expect(s().revision).toBe(7);

    s().addGroupWithBlock('bubble-text', { x: 0, y: 0 });
    await vi.advanceTimersByTimeAsync(800);
    expect(s().saveStatus).toBe('conflict');
    await s().reloadFromServer();
    expect(s().saveStatus).toBe('saved');
    expect(s().revision).toBe(9);
    expect(s().name).toBe('Server');
    expect(s().past).toHaveLength(0);
    fail = false;
  });

  it('flushes before a test run and reports a refused save', async () => {
    const { store } = setup(async () => {
      throw Object.assign(new Error('groups[0].blocks[0].options.text: type the message text'), { data: { code: 'BAD_REQUEST' } });
    });
    const s = store.getState;
    s().addGroupWithBlock('bubble-text', { x: 0, y: 0 });
    await expect(s().flush()).rejects.toThrow(/type the message text/);
    expect(s().saveStatus).toBe('error');
    expect(s().saveError).toMatch(/options.text/);
  });
});

describe('a version on view', () => {
  it('selects but never changes, saves or records history', async () => {
    const doc = emptyFlowDocument();
    const save = vi.fn(async () => ({ revision: 2 }));
    const store = createBuilderStore({ flowId: 'f1', name: '', doc, revision: 0, saver: { load: vi.fn(), save }, readOnly: true });
    const s = store.getState;
    s().addGroupWithBlock('bubble-text', { x: 1, y: 2 });
    s().renameGroup(doc.groups[0].id, 'Outro');
    s().select({ groups: [doc.groups[0].id] });
    s().deleteSelection();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(s().doc).toBe(doc);
    expect(s().past).toEqual([]);
    expect(s().dirty).toBe(false);
    expect(save).not.toHaveBeenCalled();
    expect([...s().selection.groups]).toEqual([doc.groups[0].id]);
  });
});
