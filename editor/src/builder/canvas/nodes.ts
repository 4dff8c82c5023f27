// React Flow nodes and edges derived from the document. Objects are cached and reused while
// their inputs are the same, so React Flow (and the memoized node components) only re-render
// what changed: dragging one group rebuilds one node, a selection change rebuilds the nodes whose
// selection flipped.
import type { Edge as RFEdge, Node } from '@xyflow/react';
import type { Block, FlowDocument, FlowEvent, Group } from '../../../../blocks/flow.js';
import { sourceKey } from '../ops.js';

export interface GroupData extends Record<string, unknown> {
  groupId: string;
  title: string;
  blocks: Block[];
}
export interface EventData extends Record<string, unknown> {
  event: FlowEvent;
}
export type GroupFlowNode = Node<GroupData, 'ozGroup'>;
export type EventFlowNode = Node<EventData, 'ozEvent'>;
export type FlowNode = GroupFlowNode | EventFlowNode;

export const groupNodeId = (groupId: string) => `g:${groupId}`;
export const eventNodeId = (eventId: string) => `ev:${eventId}`;
export const targetHandleId = (groupId: string) => `g:${groupId}`;

export type Measured = { width?: number; height?: number };

export class NodeCache {
  private nodes = new Map<string, FlowNode>();

  derive(groups: Group[], events: FlowEvent[], selected: ReadonlySet<string>, measured: Map<string, Measured>): FlowNode[] {
    const seen = new Set<string>();
    const out: FlowNode[] = [];
    for (const ev of events) {
      const id = eventNodeId(ev.id);
      seen.add(id);
      const prev = this.nodes.get(id) as EventFlowNode | undefined;
      const m = measured.get(id);
      if (prev && prev.data.event === ev && prev.measured === m) {
        out.push(prev);
        continue;
      }
      const node: EventFlowNode = {
        id,
        type: 'ozEvent',
        position: ev.position,
        data: prev && prev.data.event.kind === ev.kind && shallowSameEvent(prev.data.event, ev) ? prev.data : { event: ev },
        selectable: false,
        deletable: false,
        ...(m ? { measured: m } : {}),
      };
      this.nodes.set(id, node);
      out.push(node);
    }
    for (const g of groups) {
      const id = groupNodeId(g.id);
      seen.add(id);
      const prev = this.nodes.get(id) as GroupFlowNode | undefined;
      const isSel = selected.has(g.id);
      const m = measured.get(id);
      if (prev && prev.position === g.position && prev.data.blocks === g.blocks && prev.data.title === g.title && !!prev.selected === isSel && prev.measured === m) {
        out.push(prev);
        continue;
      }
      // Data keeps its identity through moves, so a dragged group does not re-render its cards.
      const data = prev && prev.data.blocks === g.blocks && prev.data.title === g.title ? prev.data : { groupId: g.id, title: g.title, blocks: g.blocks };
      const node: GroupFlowNode = {
        id,
        type: 'ozGroup',
        position: g.position,
        data,
        selected: isSel,
        deletable: false,
        ...(m ? { measured: m } : {}),
      };
      this.nodes.set(id, node);
      out.push(node);
    }
    for (const id of this.nodes.keys()) if (!seen.has(id)) this.nodes.delete(id);
    return out;
  }
}

function shallowSameEvent(a: FlowEvent, b: FlowEvent): boolean {
  if (a.kind !== b.kind || a.id !== b.id) return false;
  if (a.kind === 'keyword' && b.kind === 'keyword') return a.match === b.match && a.keywords.join('\u0000') === b.keywords.join('\u0000');
  return true;
}

export class EdgeCache {
  private edges = new Map<string, RFEdge>();

  derive(doc: Pick<FlowDocument, 'groups' | 'edges'>, selected: ReadonlySet<string>, highlighted: ReadonlySet<string>): RFEdge[] {
    const home = new Map<string, string>();
    for (const g of doc.groups) for (const b of g.blocks) home.set(b.id, g.id);
    const out: RFEdge[] = [];
    const seen = new Set<string>();
    for (const e of doc.edges) {
      let source: string;
      if ('eventId' in e.from) source = eventNodeId(e.from.eventId);
      else {
        const g = home.get(e.from.blockId);
        if (!g) continue;
        source = groupNodeId(g);
      }
      const sourceHandle = sourceKey(e.from);
      const target = groupNodeId(e.to.groupId);
      const isSel = selected.has(e.id);
      const className = [
        'eventId' in e.from ? 'oz-edge-event' : 'path' in e.from ? 'oz-edge-fallback' : 'itemId' in e.from ? 'oz-edge-item' : 'oz-edge-default',
        highlighted.has(e.id) ? 'oz-edge-related' : '',
      ]
        .filter(Boolean)
        .join(' ');
      seen.add(e.id);
      const prev = this.edges.get(e.id);
      if (
        prev &&
        prev.source === source &&
        prev.target === target &&
        prev.sourceHandle === sourceHandle &&
        !!prev.selected === isSel &&
        prev.className === className
      ) {
        out.push(prev);
        continue;
      }
      const edge: RFEdge = {
        id: e.id,
        source,
        target,
        sourceHandle,
        targetHandle: targetHandleId(e.to.groupId),
        selected: isSel,
        className,
        deletable: false,
      };
      this.edges.set(e.id, edge);
      out.push(edge);
    }
    for (const id of this.edges.keys()) if (!seen.has(id)) this.edges.delete(id);
    return out;
  }
}
