// One store per open flow: the document, the selection, undo/redo over every document change,
// and the autosave state. Document changes go through `update`, which records history; the
// actions below wrap the pure operations of ops.ts.
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { EdgeSource, FlowDocument } from '../../../blocks/flow.js';
import { autoLayout, type Size } from './layout.js';
import * as ops from './ops.js';
import type { Clipboard, XY } from './ops.js';

export type SaveStatus = 'saved' | 'saving' | 'unsaved' | 'error' | 'conflict';

export interface Selection {
  groups: ReadonlySet<string>;
  blocks: ReadonlySet<string>;
  edges: ReadonlySet<string>;
}

/** How the store reaches the server; injected so tests and the page share the same store. */
export interface FlowSaver {
  load(id: string): Promise<{ name: string; draft: FlowDocument; draftRevision: number }>;
  save(input: { id: string; document: FlowDocument; baseRevision: number; force?: boolean }): Promise<{ revision: number }>;
}

export interface UpdateOptions {
  /**
   * Changes with the same key in a row make one undo step: a drag, typing in a field. The run
   * ends after `window` ms without a change, or at `endCoalesce()` (drag stop).
   */
  coalesce?: string;
  window?: number;
  /** Selection to set along with the change (e.g. the pasted groups). */
  select?: Partial<Record<keyof Selection, Iterable<string>>>;
}

export const HISTORY_LIMIT = 200;
export const AUTOSAVE_DELAY_MS = 800;
const RETRY_DELAY_MS = 5000;
const EMPTY: ReadonlySet<string> = new Set();

export interface BuilderState {
  flowId: string;
  name: string;
  doc: FlowDocument;
  /** Server revision the current draft is based on. */
  revision: number;
  /** The last document the server accepted. */
  savedDoc: FlowDocument;
  dirty: boolean;
  saveStatus: SaveStatus;
  saveError: string | null;
  past: FlowDocument[];
  future: FlowDocument[];
  selection: Selection;
  /** The block the test chat is at, highlighted on the canvas. */
  highlightBlockId: string | null;
  /** Set by the canvas: the flow position at the centre of the view (palette clicks land there). */
  viewCenter: (() => XY) | null;
  /** A published version on view: selection works, nothing changes the document. */
  readOnly: boolean;

  update(recipe: (doc: FlowDocument) => FlowDocument, opts?: UpdateOptions): void;
  endCoalesce(): void;
  undo(): void;
  redo(): void;

  select(sel: Partial<Record<keyof Selection, Iterable<string>>>): void;
  /** Click on a block card: selects it alone, or toggles it with Shift / Ctrl / Cmd. */
  clickBlock(blockId: string, additive: boolean): void;
  clearSelection(): void;
  setHighlight(blockId: string | null): void;

  addGroupWithBlock(kind: string, position: XY): { groupId: string; blockId: string };
  insertBlock(groupId: string, index: number, kind: string): string;
  moveBlock(blockId: string, toGroupId: string, toIndex: number): void;
  moveBlockToNewGroup(blockId: string, position: XY): void;
  deleteSelection(): void;
  connect(from: EdgeSource, toGroupId: string, toBlockId?: string): void;
  disconnect(edgeId: string): void;
  reconnect(edgeId: string, from: EdgeSource, toGroupId: string): void;
  renameGroup(groupId: string, title: string): void;
  /** Positions of groups and events; `dragging` coalesces a drag into one undo step. */
  moveNodes(positions: { groups?: Record<string, XY>; events?: Record<string, XY> }, dragging?: boolean): void;
  setBlockOptions(blockId: string, options: unknown): void;
  addVariable(name: string): string;
  /** The clipboard for the current selection, or null when nothing is selected. */
  copy(): Clipboard | null;
  cut(): Clipboard | null;
  paste(clip: Clipboard, at: XY): void;
  duplicate(): void;
  autoLayout(sizes?: (kind: 'group' | 'event', id: string) => Size | undefined): void;

  /** Saves now (skipping the debounce) and resolves once the server has the current document. */
  flush(): Promise<void>;
  /** After a conflict: take the server's draft, dropping local changes. */
  reloadFromServer(): Promise<void>;
  /** After a conflict: save the local document over the server's. */
  overwrite(): Promise<void>;
  dispose(): void;
}

export type BuilderStore = StoreApi<BuilderState>;

function errorCode(e: unknown): string | undefined {
  const x = e as { data?: { code?: string }; shape?: { data?: { code?: string } }; code?: string } | null;
  return x?.data?.code ?? x?.shape?.data?.code ?? x?.code;
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function prune(sel: Selection, doc: FlowDocument): Selection {
  const groups = new Set(doc.groups.map((g) => g.id));
  const blocks = new Set(doc.groups.flatMap((g) => g.blocks.map((b) => b.id)));
  const edges = new Set(doc.edges.map((e) => e.id));
  const keep = (s: ReadonlySet<string>, all: Set<string>) => {
    if (s.size === 0) return s;
    const out = new Set([...s].filter((x) => all.has(x)));
    return out.size === s.size ? s : out;
  };
  const next = { groups: keep(sel.groups, groups), blocks: keep(sel.blocks, blocks), edges: keep(sel.edges, edges) };
  return next.groups === sel.groups && next.blocks === sel.blocks && next.edges === sel.edges ? sel : next;
}

export function createBuilderStore(init: {
  flowId: string;
  name: string;
  doc: FlowDocument;
  revision: number;
  saver: FlowSaver;
  autosaveDelayMs?: number;
  now?: () => number;
  readOnly?: boolean;
}): BuilderStore {
  const delay = init.autosaveDelayMs ?? AUTOSAVE_DELAY_MS;
  const now = init.now ?? (() => Date.now());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inflight: Promise<void> | null = null;
  let run: { key: string; at: number; window: number } | null = null;
  let disposed = false;

  const store = createStore<BuilderState>()((set, get) => {
    function schedule() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (disposed || get().saveStatus === 'conflict') return;
      timer = setTimeout(() => {
        timer = null;
        save().catch((e) => {
          // A lost connection is retried; a refused document waits for the next edit.
          const code = errorCode(e);
          if (code !== 'CONFLICT' && code !== 'BAD_REQUEST' && !timer && !disposed) timer = setTimeout(() => schedule(), RETRY_DELAY_MS);
        });
      }, delay);
    }

    /** Sends the current document; one request at a time, the latest document wins. */
    async function save(force = false): Promise<void> {
      if (inflight) {
        await inflight.catch(() => {});
        if (!force && get().doc === get().savedDoc) return;
      }
      const { doc, savedDoc, saveStatus } = get();
      if (saveStatus === 'conflict' && !force) return;
      if (doc === savedDoc && !force) {
        if (saveStatus !== 'saved') set({ saveStatus: 'saved', saveError: null });
        return;
      }
      set({ saveStatus: 'saving' });
      const p = (async () => {
        try {
          const r = await init.saver.save({ id: init.flowId, document: doc, baseRevision: get().revision, ...(force ? { force: true } : {}) });
          const same = get().doc === doc;
          set({ revision: r.revision, savedDoc: doc, dirty: !same, saveStatus: same ? 'saved' : 'unsaved', saveError: null });
          if (!same) schedule();
        } catch (e) {
          if (errorCode(e) === 'CONFLICT') set({ saveStatus: 'conflict', saveError: messageOf(e) });
          else set({ saveStatus: 'error', saveError: messageOf(e) });
          throw e;
        }
      })();
      inflight = p;
      try {
        await p;
      } finally {
        if (inflight === p) inflight = null;
      }
    }

    function commit(next: FlowDocument, opts: UpdateOptions = {}) {
      const s = get();
      // Read-only: an edit is refused whole, with the selection it would have made.
      if (init.readOnly && next !== s.doc) return;
      if (next === s.doc && !opts.select) return;
      let past = s.past;
      if (next !== s.doc) {
        const t = now();
        const continues = opts.coalesce && run && run.key === opts.coalesce && t - run.at <= run.window;
        if (!continues) {
          past = [...s.past, s.doc];
          if (past.length > HISTORY_LIMIT) past = past.slice(past.length - HISTORY_LIMIT);
        }
        run = opts.coalesce ? { key: opts.coalesce, at: t, window: opts.window ?? 1000 } : null;
      }
      let selection = s.selection;
      if (opts.select) {
        selection = {
          groups: new Set(opts.select.groups ?? []),
          blocks: new Set(opts.select.blocks ?? []),
          edges: new Set(opts.select.edges ?? []),
        };
      }
      if (next !== s.doc) selection = prune(selection, next);
      const changed = next !== s.doc;
      set({
        doc: next,
        past,
        future: changed ? [] : s.future,
        selection,
        dirty: next !== s.savedDoc,
        saveStatus: s.saveStatus === 'conflict' ? 'conflict' : changed ? (s.saveStatus === 'saving' ? 'saving' : 'unsaved') : s.saveStatus,
      });
      if (changed) schedule();
    }

    const selected = () => get().selection;

    return {
      flowId: init.flowId,
      name: init.name,
      doc: init.doc,
      revision: init.revision,
      savedDoc: init.doc,
      dirty: false,
      saveStatus: 'saved',
      saveError: null,
      past: [],
      future: [],
      selection: { groups: EMPTY, blocks: EMPTY, edges: EMPTY },
      highlightBlockId: null,
      viewCenter: null,
      readOnly: !!init.readOnly,

      update: (recipe, opts) => commit(recipe(get().doc), opts),
      endCoalesce: () => {
        run = null;
      },
      undo: () => {
        const s = get();
        const prev = s.past[s.past.length - 1];
        if (!prev) return;
        run = null;
        set({
          doc: prev,
          past: s.past.slice(0, -1),
          future: [s.doc, ...s.future].slice(0, HISTORY_LIMIT),
          selection: prune(s.selection, prev),
          dirty: prev !== s.savedDoc,
          saveStatus: s.saveStatus === 'conflict' ? 'conflict' : prev === s.savedDoc ? 'saved' : 'unsaved',
        });
        schedule();
      },
      redo: () => {
        const s = get();
        const next = s.future[0];
        if (!next) return;
        run = null;
        set({
          doc: next,
          past: [...s.past, s.doc].slice(-HISTORY_LIMIT),
          future: s.future.slice(1),
          selection: prune(s.selection, next),
          dirty: next !== s.savedDoc,
          saveStatus: s.saveStatus === 'conflict' ? 'conflict' : next === s.savedDoc ? 'saved' : 'unsaved',
        });
        schedule();
      },

      select: (sel) => {
        const cur = get().selection;
        set({
          selection: {
            groups: sel.groups ? new Set(sel.groups) : cur.groups,
            blocks: sel.blocks ? new Set(sel.blocks) : cur.blocks,
            edges: sel.edges ? new Set(sel.edges) : cur.edges,
          },
        });
      },
      clickBlock: (blockId, additive) => {
        const cur = get().selection;
        if (!additive) {
          if (cur.blocks.size === 1 && cur.blocks.has(blockId) && cur.groups.size === 0 && cur.edges.size === 0) return;
          set({ selection: { groups: EMPTY, blocks: new Set([blockId]), edges: EMPTY } });
          return;
        }
        const blocks = new Set(cur.blocks);
        if (blocks.has(blockId)) blocks.delete(blockId);
        else blocks.add(blockId);
        set({ selection: { ...cur, blocks } });
      },
      clearSelection: () => {
        const cur = get().selection;
        if (cur.groups.size || cur.blocks.size || cur.edges.size) set({ selection: { groups: EMPTY, blocks: EMPTY, edges: EMPTY } });
      },
      setHighlight: (blockId) => {
        if (get().highlightBlockId !== blockId) set({ highlightBlockId: blockId });
      },

      addGroupWithBlock: (kind, position) => {
        const r = ops.addGroupWithBlock(get().doc, kind, position);
        commit(r.doc, { select: { blocks: [r.blockId] } });
        return { groupId: r.groupId, blockId: r.blockId };
      },
      insertBlock: (groupId, index, kind) => {
        const r = ops.insertBlock(get().doc, groupId, index, kind);
        commit(r.doc, { select: { blocks: [r.blockId] } });
        return r.blockId;
      },
      moveBlock: (blockId, toGroupId, toIndex) => commit(ops.moveBlock(get().doc, blockId, toGroupId, toIndex)),
      moveBlockToNewGroup: (blockId, position) => commit(ops.moveBlockToNewGroup(get().doc, blockId, position).doc),
      deleteSelection: () => {
        const sel = selected();
        if (!sel.groups.size && !sel.blocks.size && !sel.edges.size) return;
        commit(ops.removeSelection(get().doc, { groupIds: sel.groups, blockIds: sel.blocks, edgeIds: sel.edges }), { select: {} });
      },
      connect: (from, toGroupId, toBlockId) => {
        const r = ops.connect(get().doc, from, toGroupId, toBlockId);
        commit(r.doc);
      },
      disconnect: (edgeId) => commit(ops.disconnect(get().doc, edgeId)),
      reconnect: (edgeId, from, toGroupId) => commit(ops.reconnect(get().doc, edgeId, from, toGroupId)),
      renameGroup: (groupId, title) => commit(ops.renameGroup(get().doc, groupId, title.trim())),
      moveNodes: (positions, dragging) => {
        let next = get().doc;
        if (positions.groups) next = ops.moveGroups(next, positions.groups);
        if (positions.events) next = ops.moveEvents(next, positions.events);
        commit(next, dragging ? { coalesce: 'drag', window: Number.POSITIVE_INFINITY } : {});
      },
      setBlockOptions: (blockId, options) =>
        commit(ops.setBlockOptions(get().doc, blockId, options), { coalesce: `options:${blockId}`, window: 1000 }),
      addVariable: (name) => {
        const r = ops.addVariable(get().doc, name);
        commit(r.doc);
        return r.id;
      },
      copy: () => {
        const sel = selected();
        if (!sel.groups.size && !sel.blocks.size) return null;
        return ops.copySelection(get().doc, sel.groups, sel.blocks);
      },
      cut: () => {
        const sel = selected();
        if (!sel.groups.size && !sel.blocks.size) return null;
        const clip = ops.copySelection(get().doc, sel.groups, sel.blocks);
        commit(ops.removeSelection(get().doc, { groupIds: sel.groups, blockIds: sel.blocks }), { select: {} });
        return clip;
      },
      paste: (clip, at) => {
        const r = ops.pasteClipboard(get().doc, clip, at);
        if (r.groupIds.length) commit(r.doc, { select: { groups: r.groupIds } });
      },
      duplicate: () => {
        const sel = selected();
        if (!sel.groups.size && !sel.blocks.size) return;
        const r = ops.duplicateSelection(get().doc, sel.groups, sel.blocks);
        if (r.groupIds.length) commit(r.doc, { select: { groups: r.groupIds } });
      },
      autoLayout: (sizes) => {
        const doc = get().doc;
        const out = autoLayout(doc, sizes);
        commit(ops.moveEvents(ops.moveGroups(doc, out.groups), out.events));
      },

      flush: async () => {
        if (timer) clearTimeout(timer);
        timer = null;
        const s = get();
        if (s.saveStatus === 'conflict') throw new Error(s.saveError ?? 'the draft changed elsewhere: reload it or overwrite');
        await save();
      },
      reloadFromServer: async () => {
        if (timer) clearTimeout(timer);
        timer = null;
        await inflight?.catch(() => {});
        const f = await init.saver.load(init.flowId);
        run = null;
        set({
          name: f.name,
          doc: f.draft,
          savedDoc: f.draft,
          revision: f.draftRevision,
          dirty: false,
          saveStatus: 'saved',
          saveError: null,
          past: [],
          future: [],
          selection: prune(get().selection, f.draft),
        });
      },
      overwrite: async () => {
        if (timer) clearTimeout(timer);
        timer = null;
        set({ saveStatus: 'unsaved', saveError: null });
        await save(true);
      },
      dispose: () => {
        disposed = true;
        if (timer) clearTimeout(timer);
        timer = null;
      },
    };
  });
  return store;
}

// --- React access --------------------------------------------------------------------------

export const BuilderContext = createContext<BuilderStore | null>(null);

export function useBuilderApi(): BuilderStore {
  const store = useContext(BuilderContext);
  if (!store) throw new Error('useBuilder outside <BuilderContext.Provider>');
  return store;
}

/** Reads the open flow's store; pick a small slice so the component re-renders only when it changes. */
export function useBuilder<T>(selector: (s: BuilderState) => T): T {
  return useStore(useBuilderApi(), selector);
}
