// Indexes a parsed flow document for the engine: block positions and outgoing edges by handle.
// Compiled once per flow version and cached, so a turn does map look-ups, not scans.
import type { Block, Edge, FlowDocument, FlowEvent, Group } from '../../blocks/flow.js';

export interface Target {
  groupId: string;
  blockId?: string;
}

export interface CompiledFlow {
  doc: FlowDocument;
  groups: Map<string, Group>;
  blocks: Map<string, { block: Block; group: Group; index: number }>;
  defaultEdge: Map<string, Target>;
  itemEdge: Map<string, Target>; // key: blockId + '\u0000' + itemId
  fallbackEdge: Map<string, Target>;
  eventEdge: Map<string, Target>;
  startEvent?: FlowEvent;
  keywordEvents: Extract<FlowEvent, { kind: 'keyword' }>[];
}

const compiled = new WeakMap<FlowDocument, CompiledFlow>();

export const itemKey = (blockId: string, itemId: string) => `${blockId}\u0000${itemId}`;

export function compileFlow(doc: FlowDocument): CompiledFlow {
  const hit = compiled.get(doc);
  if (hit) return hit;
  const flow: CompiledFlow = {
    doc,
    groups: new Map(),
    blocks: new Map(),
    defaultEdge: new Map(),
    itemEdge: new Map(),
    fallbackEdge: new Map(),
    eventEdge: new Map(),
    keywordEvents: [],
  };
  for (const g of doc.groups) {
    flow.groups.set(g.id, g);
    g.blocks.forEach((block, index) => flow.blocks.set(block.id, { block, group: g, index }));
  }
  for (const e of doc.edges as Edge[]) {
    const to: Target = e.to.blockId ? { groupId: e.to.groupId, blockId: e.to.blockId } : { groupId: e.to.groupId };
    if ('eventId' in e.from) flow.eventEdge.set(e.from.eventId, to);
    else if ('itemId' in e.from) flow.itemEdge.set(itemKey(e.from.blockId, e.from.itemId), to);
    else if ('path' in e.from) flow.fallbackEdge.set(e.from.blockId, to);
    else flow.defaultEdge.set(e.from.blockId, to);
  }
  for (const ev of doc.events) {
    if (ev.kind === 'start') flow.startEvent ??= ev;
    else flow.keywordEvents.push(ev);
  }
  compiled.set(doc, flow);
  return flow;
}
