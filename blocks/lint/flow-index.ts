// The flow as the rules read it: every block with its parsed options and items, groups and
// blocks by id, and the outgoing edges by handle. It mirrors runtime/engine/compile.ts but is
// tolerant of drafts (dangling edges, invalid options, duplicate ids): it never throws.
import type { z } from 'zod';
import type { BlockSchema } from '../contract.js';
import type { Block, Edge, FlowDocument, Group } from '../flow.js';
import { blockSchemaList, blockSchemas } from '../schemas.js';
import { fieldsWithInput } from '../shared/schema-meta.js';

export interface BlockInfo {
  block: Block;
  group: Group;
  gi: number;
  bi: number;
  def: BlockSchema | undefined;
  /** Parsed options when valid (defaults filled in), else the raw options. */
  options: any;
  issues: z.core.$ZodIssue[] | null;
  /** Items that own an edge, or null when they cannot be computed (invalid options). */
  items: { id: string; label: string }[] | null;
}

export type Target = { groupId: string; blockId?: string };

export interface GroupInfo {
  group: Group;
  gi: number;
  blockIndex: Map<string, number>;
}

export interface FlowIndex {
  groups: Group[];
  edges: Edge[];
  events: FlowDocument['events'];
  infos: BlockInfo[];
  /** The first group / block of each id. */
  groupById: Map<string, GroupInfo>;
  blockById: Map<string, BlockInfo>;
  /** Outgoing edges by handle (the last one wins, as in the engine). */
  defaultEdge: Map<string, Edge>;
  fallbackEdge: Map<string, Edge>;
  itemEdges: Map<string, Map<string, Edge>>;
  eventEdge: Map<string, Edge>;
  eventIds: Set<string>;
  variableIds: Set<string>;
  variableNames: Set<string>;
  /** Whether a target names an existing group (and block of it). */
  targetExists(t: Target | undefined | null): boolean;
}

/** Option keys whose form input is a jump target, per kind (Jump's `target`). */
const targetKeys = new Map<string, string[]>();
for (const def of blockSchemaList) {
  const keys = fieldsWithInput(def.options, 'target');
  if (keys.length) targetKeys.set(def.kind, keys);
}

/** The option keys of a kind that hold a jump target. */
export const targetKeysOf = (kind: string): readonly string[] => targetKeys.get(kind) ?? [];

export function indexFlow(doc: FlowDocument): FlowIndex {
  const groups = Array.isArray(doc.groups) ? doc.groups : [];
  const edges: Edge[] = Array.isArray(doc.edges) ? doc.edges : [];
  const events = Array.isArray(doc.events) ? doc.events : [];
  const variables = Array.isArray(doc.variables) ? doc.variables : [];

  const groupById = new Map<string, GroupInfo>();
  const blockById = new Map<string, BlockInfo>();
  const infos: BlockInfo[] = [];

  groups.forEach((group, gi) => {
    const blocks = Array.isArray(group.blocks) ? group.blocks : [];
    const blockIndex = new Map<string, number>();
    blocks.forEach((block, bi) => {
      if (!blockIndex.has(block.id)) blockIndex.set(block.id, bi);
      const def = blockSchemas[block.kind];
      let options: any = block.options ?? {};
      let issues: z.core.$ZodIssue[] | null = null;
      let items: { id: string; label: string }[] | null = null;
      if (def) {
        const parsed = def.options.safeParse(options);
        if (parsed.success) options = parsed.data;
        else issues = parsed.error.issues;
        if (def.items) {
          try {
            items = def.items(options as never);
          } catch {
            items = null;
          }
        } else items = [];
      }
      const info: BlockInfo = { block, group, gi, bi, def, options, issues, items };
      infos.push(info);
      if (!blockById.has(block.id)) blockById.set(block.id, info);
    });
    if (!groupById.has(group.id)) groupById.set(group.id, { group, gi, blockIndex });
  });

  const defaultEdge = new Map<string, Edge>();
  const fallbackEdge = new Map<string, Edge>();
  const itemEdges = new Map<string, Map<string, Edge>>();
  const eventEdge = new Map<string, Edge>();
  for (const e of edges) {
    const from = e.from as Record<string, unknown>;
    if (typeof from.eventId === 'string') eventEdge.set(from.eventId, e);
    else if (typeof from.blockId === 'string') {
      if (typeof from.itemId === 'string') {
        let m = itemEdges.get(from.blockId);
        if (!m) itemEdges.set(from.blockId, (m = new Map()));
        m.set(from.itemId, e);
      } else if (from.path === 'fallback') fallbackEdge.set(from.blockId, e);
      else defaultEdge.set(from.blockId, e);
    }
  }

  const targetExists = (t: Target | undefined | null): boolean => {
    if (!t || typeof t.groupId !== 'string' || !t.groupId) return false;
    const g = groupById.get(t.groupId);
    if (!g) return false;
    return !t.blockId || g.blockIndex.has(t.blockId);
  };

  return {
    groups,
    edges,
    events,
    infos,
    groupById,
    blockById,
    defaultEdge,
    fallbackEdge,
    itemEdges,
    eventEdge,
    eventIds: new Set(events.map((ev) => ev.id)),
    variableIds: new Set(variables.map((v) => v.id)),
    variableNames: new Set(variables.map((v) => v.name)),
    targetExists,
  };
}
