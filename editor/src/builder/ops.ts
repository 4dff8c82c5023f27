// Pure operations on the flow document. Every function returns a new document and leaves the
// one it was given untouched; parts that did not change keep their identity, so the canvas can
// memoize per group and re-render only what an operation touched.
import type { Block, Edge, EdgeSource, FlowDocument, FlowVariable, Group } from '../../../blocks/flow.js';
import { blockSchemas } from '../../../blocks/schemas.js';
import { templateVariableNames } from '../../../blocks/shared/template-names.js';

export type XY = { x: number; y: number };
export type IdGen = (prefix?: string) => string;

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A short random id ("b_k3x9q2m7ad"); 36^10 values, so collisions are not a practical concern. */
export const newId: IdGen = (prefix = '') => {
  const bytes = new Uint8Array(10);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += ALPHABET[b % ALPHABET.length];
  return prefix ? `${prefix}_${s}` : s;
};

// --- lookups -------------------------------------------------------------------------------

export function findBlock(doc: FlowDocument, blockId: string): { group: Group; block: Block; index: number } | null {
  for (const group of doc.groups) {
    const index = group.blocks.findIndex((b) => b.id === blockId);
    if (index >= 0) return { group, block: group.blocks[index], index };
  }
  return null;
}

/** The items of a block that own an outgoing edge (buttons, branches), or [] when the options are not readable. */
export function itemsOf(block: Pick<Block, 'kind' | 'options'>): { id: string; label: string }[] {
  const schema = blockSchemas[block.kind];
  if (!schema?.items) return [];
  try {
    return schema.items(block.options as never) ?? [];
  } catch {
    return [];
  }
}

export function sourceKey(from: EdgeSource): string {
  if ('eventId' in from) return `e:${from.eventId}`;
  if ('itemId' in from) return `i:${from.blockId}:${from.itemId}`;
  if ('path' in from) return `f:${from.blockId}`;
  return `b:${from.blockId}`;
}

function sourceBlockId(from: EdgeSource): string | null {
  return 'blockId' in from ? from.blockId : null;
}

function defaultGroupTitle(doc: FlowDocument): string {
  const word = doc.settings?.locale === 'en' ? 'Group' : 'Grupo';
  const taken = new Set(doc.groups.map((g) => g.title));
  let n = doc.groups.length + 1;
  while (taken.has(`${word} #${n}`)) n++;
  return `${word} #${n}`;
}

function newBlock(kind: string, gen: IdGen): Block {
  const schema = blockSchemas[kind];
  if (!schema) throw new Error(`unknown block kind "${kind}"`);
  return { id: gen('b'), kind, options: structuredClone(schema.defaults(() => gen())) };
}

function mapGroups(doc: FlowDocument, f: (g: Group) => Group): Group[] {
  let changed = false;
  const out = doc.groups.map((g) => {
    const n = f(g);
    if (n !== g) changed = true;
    return n;
  });
  return changed ? out : doc.groups;
}

// --- groups and blocks ---------------------------------------------------------------------

export function addGroupWithBlock(
  doc: FlowDocument,
  kind: string,
  position: XY,
  gen: IdGen = newId,
): { doc: FlowDocument; groupId: string; blockId: string } {
  const block = newBlock(kind, gen);
  const group: Group = { id: gen('g'), title: defaultGroupTitle(doc), position: { x: position.x, y: position.y }, blocks: [block] };
  return { doc: { ...doc, groups: [...doc.groups, group] }, groupId: group.id, blockId: block.id };
}

export function insertBlock(
  doc: FlowDocument,
  groupId: string,
  index: number,
  kind: string,
  gen: IdGen = newId,
): { doc: FlowDocument; blockId: string } {
  const block = newBlock(kind, gen);
  let found = false;
  const groups = mapGroups(doc, (g) => {
    if (g.id !== groupId) return g;
    found = true;
    const blocks = [...g.blocks];
    blocks.splice(clamp(index, 0, blocks.length), 0, block);
    return { ...g, blocks };
  });
  if (!found) throw new Error(`no group "${groupId}"`);
  return { doc: { ...doc, groups }, blockId: block.id };
}

function clamp(n: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, Math.round(n)));
}

/**
 * Moves a block to `toIndex` of `toGroupId`, where the index counts the target's cards as they are
 * shown now (so in its own group, dropping "between card 3 and 4" is index 3 whatever the block's
 * place). A group left empty by the move is removed along with its edges.
 */
export function moveBlock(doc: FlowDocument, blockId: string, toGroupId: string, toIndex: number): FlowDocument {
  const at = findBlock(doc, blockId);
  const target = doc.groups.find((g) => g.id === toGroupId);
  if (!at || !target) return doc;
  const { group: from, block, index } = at;
  if (from.id === toGroupId) {
    let dest = clamp(toIndex, 0, from.blocks.length);
    if (dest > index) dest -= 1;
    if (dest === index) return doc;
    const blocks = [...from.blocks];
    blocks.splice(index, 1);
    blocks.splice(dest, 0, block);
    return { ...doc, groups: doc.groups.map((g) => (g.id === from.id ? { ...g, blocks } : g)) };
  }
  const dest = clamp(toIndex, 0, target.blocks.length);
  const groups = doc.groups.map((g) => {
    if (g.id === from.id) return { ...g, blocks: g.blocks.filter((b) => b.id !== blockId) };
    if (g.id === toGroupId) {
      const blocks = [...g.blocks];
      blocks.splice(dest, 0, block);
      return { ...g, blocks };
    }
    return g;
  });
  // An edge aimed at this very block follows it to its new group.
  const edges = doc.edges.map((e) => (e.to.blockId === blockId ? { ...e, to: { groupId: toGroupId, blockId } } : e));
  let next: FlowDocument = { ...doc, groups, edges };
  if (from.blocks.length === 1) next = removeGroups(next, [from.id]);
  return next;
}

/** Takes a block out of its group into a new group of its own at `position` (dropped on empty canvas). */
export function moveBlockToNewGroup(
  doc: FlowDocument,
  blockId: string,
  position: XY,
  gen: IdGen = newId,
): { doc: FlowDocument; groupId: string } {
  const at = findBlock(doc, blockId);
  if (!at) return { doc, groupId: '' };
  const group: Group = { id: gen('g'), title: defaultGroupTitle(doc), position: { x: position.x, y: position.y }, blocks: [] };
  const withGroup = { ...doc, groups: [...doc.groups, group] };
  return { doc: moveBlock(withGroup, blockId, group.id, 0), groupId: group.id };
}

/** Removes blocks and every edge leaving them (default, item and fallback handles); edges aimed at them fall back to their group. */
export function removeBlocks(doc: FlowDocument, blockIds: Iterable<string>): FlowDocument {
  const ids = new Set(blockIds);
  if (ids.size === 0) return doc;
  const groups = mapGroups(doc, (g) => (g.blocks.some((b) => ids.has(b.id)) ? { ...g, blocks: g.blocks.filter((b) => !ids.has(b.id)) } : g));
  if (groups === doc.groups) return doc;
  const edges: Edge[] = [];
  for (const e of doc.edges) {
    const src = sourceBlockId(e.from);
    if (src && ids.has(src)) continue;
    if (e.to.blockId && ids.has(e.to.blockId)) edges.push({ ...e, to: { groupId: e.to.groupId } });
    else edges.push(e);
  }
  return { ...doc, groups, edges };
}

/** Removes groups, their blocks, and every edge touching them (in or out, item edges included). */
export function removeGroups(doc: FlowDocument, groupIds: Iterable<string>): FlowDocument {
  const ids = new Set(groupIds);
  const gone = doc.groups.filter((g) => ids.has(g.id));
  if (gone.length === 0) return doc;
  const goneBlocks = new Set(gone.flatMap((g) => g.blocks.map((b) => b.id)));
  return {
    ...doc,
    groups: doc.groups.filter((g) => !ids.has(g.id)),
    edges: doc.edges.filter((e) => {
      const src = sourceBlockId(e.from);
      return !ids.has(e.to.groupId) && !(src && goneBlocks.has(src));
    }),
  };
}

export function removeEdges(doc: FlowDocument, edgeIds: Iterable<string>): FlowDocument {
  const ids = new Set(edgeIds);
  if (!doc.edges.some((e) => ids.has(e.id))) return doc;
  return { ...doc, edges: doc.edges.filter((e) => !ids.has(e.id)) };
}

export const disconnect = (doc: FlowDocument, edgeId: string): FlowDocument => removeEdges(doc, [edgeId]);

/** Groups, blocks and edges at once, as the Delete key does. */
export function removeSelection(
  doc: FlowDocument,
  sel: { groupIds?: Iterable<string>; blockIds?: Iterable<string>; edgeIds?: Iterable<string> },
): FlowDocument {
  let next = removeEdges(doc, sel.edgeIds ?? []);
  next = removeGroups(next, sel.groupIds ?? []);
  next = removeBlocks(next, sel.blockIds ?? []);
  return next;
}

/**
 * Connects a source handle to a group (or a block inside it). A handle has one outgoing edge:
 * connecting it again replaces the old edge.
 */
export function connect(
  doc: FlowDocument,
  from: EdgeSource,
  toGroupId: string,
  toBlockId?: string,
  gen: IdGen = newId,
): { doc: FlowDocument; edgeId: string } {
  if (!doc.groups.some((g) => g.id === toGroupId)) return { doc, edgeId: '' };
  const key = sourceKey(from);
  const edge: Edge = { id: gen('e'), from: { ...from } as EdgeSource, to: toBlockId ? { groupId: toGroupId, blockId: toBlockId } : { groupId: toGroupId } };
  return { doc: { ...doc, edges: [...doc.edges.filter((e) => sourceKey(e.from) !== key), edge] }, edgeId: edge.id };
}

/**
 * Moves one end of an existing edge: to another group (the target end dragged) or to another
 * source handle (the source end dragged). The edge keeps its id, and its block target when it
 * still points into the same group. An edge already leaving the new handle is replaced.
 */
export function reconnect(doc: FlowDocument, edgeId: string, from: EdgeSource, toGroupId: string): FlowDocument {
  const old = doc.edges.find((e) => e.id === edgeId);
  if (!old || !doc.groups.some((g) => g.id === toGroupId)) return doc;
  const to = old.to.groupId === toGroupId ? old.to : { groupId: toGroupId };
  if (sourceKey(old.from) === sourceKey(from) && to === old.to) return doc;
  const key = sourceKey(from);
  const edges: Edge[] = [];
  for (const e of doc.edges) {
    if (e.id === edgeId) edges.push({ ...e, from: { ...from } as EdgeSource, to: { ...to } });
    else if (sourceKey(e.from) !== key) edges.push(e);
  }
  return { ...doc, edges };
}

export function renameGroup(doc: FlowDocument, groupId: string, title: string): FlowDocument {
  const groups = mapGroups(doc, (g) => (g.id === groupId && g.title !== title ? { ...g, title } : g));
  return groups === doc.groups ? doc : { ...doc, groups };
}

export function moveGroups(doc: FlowDocument, positions: Record<string, XY>): FlowDocument {
  const groups = mapGroups(doc, (g) => {
    const p = positions[g.id];
    return p && (p.x !== g.position.x || p.y !== g.position.y) ? { ...g, position: { x: p.x, y: p.y } } : g;
  });
  return groups === doc.groups ? doc : { ...doc, groups };
}

export function moveEvents(doc: FlowDocument, positions: Record<string, XY>): FlowDocument {
  let changed = false;
  const events = doc.events.map((ev) => {
    const p = positions[ev.id];
    if (!p || (p.x === ev.position.x && p.y === ev.position.y)) return ev;
    changed = true;
    return { ...ev, position: { x: p.x, y: p.y } };
  });
  return changed ? { ...doc, events } : doc;
}

/** New options for a block; edges of items that no longer exist (a removed button) go too. */
export function setBlockOptions(doc: FlowDocument, blockId: string, options: unknown): FlowDocument {
  const at = findBlock(doc, blockId);
  if (!at || at.block.options === options) return doc;
  const block = { ...at.block, options };
  const groups = doc.groups.map((g) => (g === at.group ? { ...g, blocks: g.blocks.map((b) => (b.id === blockId ? block : b)) } : g));
  let edges = doc.edges;
  if (blockSchemas[block.kind]?.items && edges.some((e) => 'itemId' in e.from && e.from.blockId === blockId)) {
    const live = new Set(itemsOf(block).map((i) => i.id));
    edges = edges.filter((e) => !('itemId' in e.from) || e.from.blockId !== blockId || live.has(e.from.itemId));
  }
  return { ...doc, groups, edges };
}

/** The id of the variable with this name, created when missing. */
export function addVariable(doc: FlowDocument, name: string, gen: IdGen = newId): { doc: FlowDocument; id: string } {
  const clean = name.trim();
  const existing = doc.variables.find((v) => v.name === clean);
  if (existing) return { doc, id: existing.id };
  const id = gen('v');
  return { doc: { ...doc, variables: [...doc.variables, { id, name: clean }] }, id };
}

// --- copy and paste ------------------------------------------------------------------------

export interface Clipboard {
  ozia: 'clipboard';
  version: 1;
  /** Whole groups, with their positions. */
  groups: Group[];
  /** Loose blocks (selected without their group): pasted together into one new group. */
  blocks: Block[];
  /** Edges leaving the copied blocks; those aimed outside the copy survive a paste into the same flow. */
  edges: Edge[];
  /** Variables the copied blocks use, so a paste into another flow can add them by name. */
  variables: FlowVariable[];
}

export function isClipboard(x: unknown): x is Clipboard {
  const c = x as Clipboard;
  return !!c && c.ozia === 'clipboard' && c.version === 1 && Array.isArray(c.groups) && Array.isArray(c.blocks) && Array.isArray(c.edges) && Array.isArray(c.variables);
}

export function parseClipboard(text: string | null | undefined): Clipboard | null {
  if (!text || !text.includes('"ozia"')) return null;
  try {
    const x = JSON.parse(text);
    return isClipboard(x) ? x : null;
  } catch {
    return null;
  }
}

const VAR_KEY = /^(variableId|listVariableId|\w+VariableId)$/;

function walk(value: unknown, visit: (key: string, v: unknown, parent: Record<string, unknown>) => void): void {
  if (Array.isArray(value)) value.forEach((v) => walk(v, visit));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      visit(k, v, value as Record<string, unknown>);
      walk(v, visit);
    }
  }
}

function variablesUsed(blocks: Block[], doc: FlowDocument): FlowVariable[] {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const b of blocks) {
    walk(b.options, (k, v) => {
      if (typeof v !== 'string') return;
      if (VAR_KEY.test(k)) ids.add(v);
      else for (const name of templateVariableNames(v)) names.add(name);
    });
  }
  return doc.variables.filter((v) => ids.has(v.id) || names.has(v.name));
}

/**
 * The clipboard for the selected groups and blocks. A block selected inside a selected group is
 * copied once, with its group.
 */
export function copySelection(doc: FlowDocument, groupIds: Iterable<string>, blockIds: Iterable<string>): Clipboard {
  const gset = new Set(groupIds);
  const bset = new Set(blockIds);
  const groups = doc.groups.filter((g) => gset.has(g.id));
  const blocks: Block[] = [];
  for (const g of doc.groups) {
    if (gset.has(g.id)) continue;
    for (const b of g.blocks) if (bset.has(b.id)) blocks.push(b);
  }
  const all = [...groups.flatMap((g) => g.blocks), ...blocks];
  const copied = new Set(all.map((b) => b.id));
  const edges = doc.edges.filter((e) => {
    const src = sourceBlockId(e.from);
    return src !== null && copied.has(src);
  });
  return structuredClone({ ozia: 'clipboard' as const, version: 1 as const, groups, blocks, edges, variables: variablesUsed(all, doc) });
}

/**
 * Pastes a clipboard with `at` as the top-left corner of what is pasted. Every group, block, item
 * and edge gets a new id, and references inside options (jump targets, variables) follow, so
 * pasting twice, or into another flow, never collides. Variables missing here are added by name.
 */
export function pasteClipboard(
  doc: FlowDocument,
  clip: Clipboard,
  at: XY,
  gen: IdGen = newId,
): { doc: FlowDocument; groupIds: string[]; blockIds: string[] } {
  if (!isClipboard(clip) || (clip.groups.length === 0 && clip.blocks.length === 0)) return { doc, groupIds: [], blockIds: [] };
  const c = structuredClone(clip);

  // Variables: same name here → that variable; otherwise added (keeping its id when it is free).
  const varMap = new Map<string, string>();
  const variables = [...doc.variables];
  const takenVarIds = new Set(variables.map((v) => v.id));
  for (const v of c.variables) {
    const same = variables.find((x) => x.name === v.name);
    if (same) varMap.set(v.id, same.id);
    else {
      const id = takenVarIds.has(v.id) ? gen('v') : v.id;
      takenVarIds.add(id);
      variables.push({ id, name: v.name });
      varMap.set(v.id, id);
    }
  }

  const groupMap = new Map<string, string>();
  const blockMap = new Map<string, string>();
  /** New block id → the new group that holds it. */
  const blockHome = new Map<string, string>();
  const itemMap = new Map<string, Map<string, string>>();

  // Positions: groups keep their layout relative to each other; loose blocks open a group at `at`.
  const loose = c.blocks.length > 0;
  const minX = c.groups.length ? Math.min(...c.groups.map((g) => g.position.x)) : 0;
  const minY = c.groups.length ? Math.min(...c.groups.map((g) => g.position.y)) : 0;
  const dx = at.x - minX + (loose ? 360 : 0);
  const dy = at.y - minY;

  for (const g of c.groups) groupMap.set(g.id, gen('g'));
  const looseGroupId = loose ? gen('g') : '';
  const allBlocks = [...c.groups.flatMap((g) => g.blocks.map((b) => ({ b, home: groupMap.get(g.id)! }))), ...c.blocks.map((b) => ({ b, home: looseGroupId }))];
  for (const { b, home } of allBlocks) {
    const nid = gen('b');
    blockMap.set(b.id, nid);
    blockHome.set(nid, home);
  }
  const existingGroups = new Set(doc.groups.map((g) => g.id));
  const existingBlocks = new Map<string, string>();
  for (const g of doc.groups) for (const b of g.blocks) existingBlocks.set(b.id, g.id);

  const remapBlock = (b: Block): Block => {
    const options = structuredClone(b.options ?? {}) as any;
    // Items that own edges: fresh ids, remembered for the edges below.
    if (options && Array.isArray(options.items)) {
      const m = new Map<string, string>();
      for (const item of options.items) {
        if (item && typeof item === 'object' && typeof item.id === 'string') {
          const nid = gen('i');
          m.set(item.id, nid);
          item.id = nid;
        }
      }
      itemMap.set(b.id, m);
    }
    walk(options, (k, v, parent) => {
      if (typeof v !== 'string') return;
      if (VAR_KEY.test(k)) {
        if (varMap.has(v)) parent[k] = varMap.get(v);
      } else if (k === 'groupId' && v) {
        if (groupMap.has(v)) parent[k] = groupMap.get(v);
        else if (!existingGroups.has(v)) {
          parent[k] = '';
          delete parent.blockId;
        }
      } else if (k === 'blockId' && v) {
        if (blockMap.has(v)) {
          parent[k] = blockMap.get(v);
          if (typeof parent.groupId === 'string') parent.groupId = blockHome.get(blockMap.get(v)!);
        } else if (!existingBlocks.has(v)) delete parent[k];
      }
    });
    return { id: blockMap.get(b.id)!, kind: b.kind, options };
  };

  const newGroups: Group[] = c.groups.map((g) => ({
    id: groupMap.get(g.id)!,
    title: g.title,
    position: { x: g.position.x + dx, y: g.position.y + dy },
    blocks: g.blocks.map(remapBlock),
  }));
  if (loose) {
    newGroups.unshift({ id: looseGroupId, title: defaultGroupTitle(doc), position: { x: at.x, y: at.y }, blocks: c.blocks.map(remapBlock) });
  }

  const newEdges: Edge[] = [];
  for (const e of c.edges) {
    const src = sourceBlockId(e.from);
    if (!src || !blockMap.has(src)) continue;
    const nsrc = blockMap.get(src)!;
    let from: EdgeSource;
    if ('itemId' in e.from) {
      const item = itemMap.get(src)?.get(e.from.itemId);
      if (!item) continue;
      from = { blockId: nsrc, itemId: item };
    } else if ('path' in e.from) from = { blockId: nsrc, path: 'fallback' };
    else from = { blockId: nsrc };
    let to: Edge['to'] | null = null;
    if (e.to.blockId && blockMap.has(e.to.blockId)) {
      const nb = blockMap.get(e.to.blockId)!;
      to = { groupId: blockHome.get(nb)!, blockId: nb };
    } else if (groupMap.has(e.to.groupId)) to = { groupId: groupMap.get(e.to.groupId)! };
    else if (existingGroups.has(e.to.groupId)) {
      to = e.to.blockId && existingBlocks.get(e.to.blockId) === e.to.groupId ? { groupId: e.to.groupId, blockId: e.to.blockId } : { groupId: e.to.groupId };
    }
    if (to) newEdges.push({ id: gen('e'), from, to });
  }

  return {
    doc: { ...doc, groups: [...doc.groups, ...newGroups], edges: [...doc.edges, ...newEdges], variables },
    groupIds: newGroups.map((g) => g.id),
    blockIds: newGroups.flatMap((g) => g.blocks.map((b) => b.id)),
  };
}

/** Copy + paste next to the originals. */
export function duplicateSelection(
  doc: FlowDocument,
  groupIds: Iterable<string>,
  blockIds: Iterable<string>,
  offset: XY = { x: 40, y: 40 },
  gen: IdGen = newId,
): { doc: FlowDocument; groupIds: string[]; blockIds: string[] } {
  const clip = copySelection(doc, groupIds, blockIds);
  let origin: XY;
  if (clip.groups.length) {
    origin = { x: Math.min(...clip.groups.map((g) => g.position.x)), y: Math.min(...clip.groups.map((g) => g.position.y)) };
    if (clip.blocks.length) origin = { x: origin.x - 360, y: origin.y };
  } else {
    const first = clip.blocks[0] && findBlock(doc, clip.blocks[0].id);
    origin = first ? { x: first.group.position.x + 340, y: first.group.position.y } : { x: 0, y: 0 };
  }
  return pasteClipboard(doc, clip, { x: origin.x + offset.x, y: origin.y + offset.y }, gen);
}

// --- canvas handle ids -----------------------------------------------------------------------

/** `b:<blockId>`, `i:<blockId>:<itemId>`, `f:<blockId>`, `e:<eventId>`. */
export const handleOf = sourceKey;

export function parseSourceHandle(handle: string | null | undefined): EdgeSource | null {
  if (!handle) return null;
  const kind = handle.slice(0, 2);
  const rest = handle.slice(2);
  if (!rest) return null;
  switch (kind) {
    case 'b:':
      return { blockId: rest };
    case 'f:':
      return { blockId: rest, path: 'fallback' };
    case 'e:':
      return { eventId: rest };
    case 'i:': {
      const cut = rest.indexOf(':');
      if (cut <= 0) return null;
      return { blockId: rest.slice(0, cut), itemId: rest.slice(cut + 1) };
    }
    default:
      return null;
  }
}
