// The flow canvas: groups and events as React Flow nodes, edges from block/item/fallback/event
// handles to groups. The document in the store is the only source of truth; React Flow is fully
// controlled and every change it reports is turned into a document operation or a selection.
import '@xyflow/react/dist/style.css';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  SelectionMode,
  useNodesInitialized,
  useReactFlow,
  useStore,
  type Connection,
  type ReactFlowState,
  type EdgeChange,
  type FinalConnectionState,
  type HandleType,
  type IsValidConnection,
  type NodeChange,
  type NodeTypes,
  type Edge as RFEdge,
} from '@xyflow/react';
import { useCallback, useEffect, useMemo, useReducer, useRef, type DragEvent } from 'react';

const farSelector = (s: ReactFlowState) => s.transform[2] < 0.5;
import { blockSchemas } from '../../../../blocks/schemas.js';
import { useTexts } from '../../i18n.js';
import { useTheme } from '../../theme.js';
import { findBlock, parseSourceHandle, type XY } from '../ops.js';
import { useBuilder, useBuilderApi } from '../store.js';
import { builderTexts } from '../texts.js';
import { useCanvasShortcuts } from './shortcuts.js';
import { BLOCK_ID_MIME, BLOCK_KIND_MIME, draggedBlock } from './dnd.js';
import { EventNode } from './EventNode.js';
import { GroupNode } from './GroupNode.js';
import { EdgeCache, groupNodeId, NodeCache, type FlowNode, type Measured } from './nodes.js';
import { openingNodeSets, panToReveal, READABLE_ZOOM } from './view.js';

const nodeTypes: NodeTypes = { ozGroup: GroupNode, ozEvent: EventNode };
const fitViewOptions = { padding: 0.12, maxZoom: 1 };
const minimapStyle = { width: 180, height: 120 };
const MULTI_KEYS = ['Shift', 'Meta', 'Control'];
const PAN_BUTTONS = [1, 2];
const EMPTY = new Set<string>();

const isValidConnection: IsValidConnection = (c) =>
  !!c.targetHandle?.startsWith('g:') && !!c.target?.startsWith('g:') && !!parseSourceHandle(c.sourceHandle);

/** Error 008 (a handle not measured yet) is expected for one frame after a block moves between groups. */
const onFlowError = (code: string, message: string) => {
  if (code !== '008') console.warn(`[React Flow] ${message}`);
};

/** What lies under the pointer where a drag ended: the element, and the React Flow node holding it. */
function dropTarget(event: MouseEvent | TouchEvent): { under: Element | null; nodeId: string | undefined } | null {
  const point = 'changedTouches' in event ? event.changedTouches[0] : event;
  if (!point) return null;
  const under = document.elementFromPoint(point.clientX, point.clientY);
  return { under, nodeId: under?.closest<HTMLElement>('.react-flow__node')?.dataset.id };
}

function minimapColor(n: FlowNode): string {
  return n.type === 'ozEvent' ? 'var(--accent)' : 'var(--oz-minimap-node)';
}

export function Canvas() {
  const t = useTexts(builderTexts);
  const api = useBuilderApi();
  const rf = useReactFlow<FlowNode>();
  const theme = useTheme();
  const wrapper = useRef<HTMLDivElement>(null);
  const pointer = useRef<{ x: number; y: number } | null>(null);

  const groups = useBuilder((s) => s.doc.groups);
  const events = useBuilder((s) => s.doc.events);
  const docEdges = useBuilder((s) => s.doc.edges);
  const selection = useBuilder((s) => s.selection);
  const highlightBlockId = useBuilder((s) => s.highlightBlockId);

  // Sizes React Flow measured: kept on the node objects so it does not measure them again.
  const measured = useRef(new Map<string, Measured>());
  const [measureTick, bumpMeasure] = useReducer((x: number) => x + 1, 0);
  const nodeCache = useRef(new NodeCache());
  const edgeCache = useRef(new EdgeCache());

  const nodes = useMemo(
    () => nodeCache.current.derive(groups, events, selection.groups, measured.current),
    [groups, events, selection.groups, measureTick],
  );

  // Edges touching the selection stand out.
  const related = useMemo(() => {
    if (!selection.groups.size && !selection.blocks.size) return EMPTY;
    const blocks = new Set(selection.blocks);
    for (const g of groups) if (selection.groups.has(g.id)) for (const b of g.blocks) blocks.add(b.id);
    const out = new Set<string>();
    for (const e of docEdges) {
      if (selection.groups.has(e.to.groupId) || ('blockId' in e.from && blocks.has(e.from.blockId))) out.add(e.id);
    }
    return out;
  }, [selection.groups, selection.blocks, groups, docEdges]);

  const edges = useMemo(
    () => edgeCache.current.derive({ groups, edges: docEdges }, selection.edges, related),
    [groups, docEdges, selection.edges, related],
  );

  // --- changes from React Flow ---------------------------------------------------------------

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      let dims = false;
      let dragging = false;
      const gpos: Record<string, XY> = {};
      const epos: Record<string, XY> = {};
      let moved = false;
      let selGroups: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'dimensions' && c.dimensions) {
          measured.current.set(c.id, c.dimensions);
          dims = true;
        } else if (c.type === 'position' && c.position) {
          moved = true;
          if (c.dragging) dragging = true;
          if (c.id.startsWith('g:')) gpos[c.id.slice(2)] = c.position;
          else if (c.id.startsWith('ev:')) epos[c.id.slice(3)] = c.position;
        } else if (c.type === 'select' && c.id.startsWith('g:')) {
          selGroups ??= new Set(api.getState().selection.groups);
          if (c.selected) selGroups.add(c.id.slice(2));
          else selGroups.delete(c.id.slice(2));
        }
      }
      if (moved) api.getState().moveNodes({ groups: gpos, events: epos }, dragging);
      if (selGroups) api.getState().select({ groups: selGroups });
      if (dims) bumpMeasure();
    },
    [api],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange<RFEdge>[]) => {
      let sel: Set<string> | null = null;
      for (const c of changes) {
        if (c.type === 'select') {
          sel ??= new Set(api.getState().selection.edges);
          if (c.selected) sel.add(c.id);
          else sel.delete(c.id);
        }
      }
      if (sel) api.getState().select({ edges: sel });
    },
    [api],
  );

  const onConnect = useCallback(
    (c: Connection) => {
      const from = parseSourceHandle(c.sourceHandle);
      if (!from || !c.target.startsWith('g:')) return;
      api.getState().connect(from, c.target.slice(2));
    },
    [api],
  );

  // A connection dropped anywhere on a group (not just on its handle) connects to that group.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid || state.toHandle || !state.fromHandle) return;
      const target = dropTarget(event)?.nodeId;
      const from = parseSourceHandle(state.fromHandle.id);
      if (from && target?.startsWith('g:')) api.getState().connect(from, target.slice(2));
    },
    [api],
  );

  // Dragging an edge's end: onto another group (its handle or its body) moves the edge there;
  // the source end onto another handle moves where it leaves from; onto empty canvas removes it.
  const reconnected = useRef(false);
  const onReconnectStart = useCallback(() => {
    reconnected.current = false;
  }, []);
  const onReconnect = useCallback(
    (old: RFEdge, c: Connection) => {
      const from = parseSourceHandle(c.sourceHandle);
      if (!from || !c.target.startsWith('g:')) return;
      reconnected.current = true;
      api.getState().reconnect(old.id, from, c.target.slice(2));
    },
    [api],
  );
  const onReconnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, edge: RFEdge, _handle: HandleType, state: FinalConnectionState) => {
      const drop = reconnected.current ? null : dropTarget(event);
      if (!drop) return;
      const node = drop.nodeId;
      if (!node) {
        if (drop.under?.closest('.react-flow__pane')) api.getState().disconnect(edge.id);
        return;
      }
      // The target end dropped on a group's body: the connection starts from the fixed source.
      const from = state.fromHandle?.type === 'source' ? parseSourceHandle(state.fromHandle.id) : null;
      if (from && node.startsWith('g:')) api.getState().reconnect(edge.id, from, node.slice(2));
    },
    [api],
  );

  const endDrag = useCallback(() => api.getState().endCoalesce(), [api]);
  const clearBlocks = useCallback(
    (e: { shiftKey: boolean; metaKey: boolean; ctrlKey: boolean }) => {
      if (!(e.shiftKey || e.metaKey || e.ctrlKey)) api.getState().select({ blocks: [] });
    },
    [api],
  );
  const onPaneClick = useCallback(() => api.getState().clearSelection(), [api]);

  // --- drops from the palette or of block cards onto empty canvas -----------------------------

  const onDragOver = useCallback((e: DragEvent) => {
    const what = draggedBlock(e.dataTransfer);
    if (!what) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = what === 'kind' ? 'copy' : 'move';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const what = draggedBlock(e.dataTransfer);
      if (!what) return;
      e.preventDefault();
      const p = rf.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const at = { x: Math.round(p.x - 24), y: Math.round(p.y - 20) };
      if (what === 'kind') {
        const kind = e.dataTransfer.getData(BLOCK_KIND_MIME);
        if (blockSchemas[kind]) api.getState().addGroupWithBlock(kind, at);
      } else {
        const id = e.dataTransfer.getData(BLOCK_ID_MIME);
        if (id) api.getState().moveBlockToNewGroup(id, at);
      }
    },
    [api, rf],
  );

  // --- view helpers shared with the palette and shortcuts ------------------------------------

  const viewCenter = useCallback((): XY => {
    const r = wrapper.current?.getBoundingClientRect();
    if (!r) return { x: 0, y: 0 };
    return rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
  }, [rf]);

  useEffect(() => {
    api.setState({ viewCenter });
    return () => api.setState({ viewCenter: null });
  }, [api, viewCenter]);

  const pastePoint = useCallback((): XY => {
    const p = pointer.current;
    return p ? rf.screenToFlowPosition(p) : viewCenter();
  }, [rf, viewCenter]);

  const readOnly = useBuilder((s) => s.readOnly);
  useCanvasShortcuts(pastePoint, !readOnly);

  // The block the test chat is at: pan to it when it is off-screen.
  useEffect(() => {
    if (!highlightBlockId) return;
    const found = findBlock(api.getState().doc, highlightBlockId);
    if (!found) return;
    const frame = requestAnimationFrame(() => {
      const box = wrapper.current?.getBoundingClientRect();
      const card = wrapper.current?.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(highlightBlockId)}"]`);
      if (box && card) {
        const r = card.getBoundingClientRect();
        const inside = r.top >= box.top && r.bottom <= box.bottom && r.left >= box.left && r.right <= box.right;
        if (inside) return;
        const c = rf.screenToFlowPosition({ x: r.left + r.width / 2, y: r.top + r.height / 2 });
        void rf.setCenter(c.x, c.y, { zoom: Math.max(rf.getZoom(), 0.8), duration: 400 });
        return;
      }
      const node = rf.getInternalNode(groupNodeId(found.group.id));
      const w = node?.measured.width ?? 300;
      const h = node?.measured.height ?? 200;
      const pos = node?.internals.positionAbsolute ?? found.group.position;
      void rf.setCenter(pos.x + w / 2, pos.y + Math.min(h / 2, 120), { zoom: Math.max(rf.getZoom(), 0.8), duration: 400 });
    });
    return () => cancelAnimationFrame(frame);
  }, [api, highlightBlockId, rf]);

  // Once everything has been measured (the first time the canvas opens): the start and its
  // neighbours at a zoom where their texts read, not the whole flow shrunk to fit.
  const initialized = useNodesInitialized();
  const fitted = useRef(false);
  useEffect(() => {
    if (!initialized || fitted.current) return;
    fitted.current = true;
    const box = wrapper.current?.getBoundingClientRect();
    const sets = openingNodeSets(api.getState().doc);
    if (!box || sets.length === 0) return void rf.fitView(fitViewOptions);
    const fits = (ids: string[]) => {
      const b = rf.getNodesBounds(ids);
      const pad = 1 + 2 * fitViewOptions.padding;
      return Math.min(box.width / (b.width * pad), box.height / (b.height * pad)) >= READABLE_ZOOM;
    };
    const ids = sets.find(fits) ?? sets[sets.length - 1];
    void rf.fitView({ ...fitViewOptions, nodes: ids.map((id) => ({ id })), minZoom: READABLE_ZOOM });
  }, [api, initialized, rf]);

  // The block being edited stays in view: opening its settings narrows the canvas, and a card
  // near the right edge would end up under the panel.
  const editedBlockId = selection.blocks.size === 1 && selection.groups.size === 0 ? selection.blocks.values().next().value! : null;
  useEffect(() => {
    if (!editedBlockId) return;
    const frame = requestAnimationFrame(() => {
      const card = wrapper.current?.querySelector<HTMLElement>(`[data-block-id="${CSS.escape(editedBlockId)}"]`);
      const view = wrapper.current?.getBoundingClientRect();
      if (!card || !view) return;
      const move = panToReveal(card.getBoundingClientRect(), view);
      if (!move) return;
      const vp = rf.getViewport();
      void rf.setViewport({ x: vp.x + move.dx, y: vp.y + move.dy, zoom: vp.zoom }, { duration: 300 });
    });
    return () => cancelAnimationFrame(frame);
  }, [editedBlockId, rf]);

  // Big flows: render only what is in view once there is a lot to draw.
  const many = groups.length > 120;
  // Zoomed far out, card texts are too small to read: not painting them keeps panning smooth.
  const far = useStore(farSelector);

  return (
    <div
      className={`oz-canvas${far ? ' oz-far' : ''}`}
      ref={wrapper}
      onPointerMove={(e) => {
        pointer.current = { x: e.clientX, y: e.clientY };
      }}
      onPointerLeave={() => {
        pointer.current = null;
      }}
    >
      <ReactFlow<FlowNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        onReconnectStart={onReconnectStart}
        onReconnect={readOnly ? undefined : onReconnect}
        onReconnectEnd={onReconnectEnd}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        edgesReconnectable={!readOnly}
        isValidConnection={isValidConnection}
        onNodeDragStop={endDrag}
        onSelectionDragStop={endDrag}
        onNodeClick={clearBlocks}
        onEdgeClick={clearBlocks}
        onPaneClick={onPaneClick}
        onDragOver={readOnly ? undefined : onDragOver}
        onDrop={readOnly ? undefined : onDrop}
        colorMode={theme}
        minZoom={0.08}
        maxZoom={2}
        deleteKeyCode={null}
        selectionOnDrag
        selectionMode={SelectionMode.Partial}
        panOnDrag={PAN_BUTTONS}
        panOnScroll
        multiSelectionKeyCode={MULTI_KEYS}
        zoomOnDoubleClick={false}
        elevateEdgesOnSelect
        onlyRenderVisibleElements={many}
        connectionRadius={28}
        onError={onFlowError}
        autoPanOnNodeDrag
      >
        <Background variant={BackgroundVariant.Dots} gap={22} size={1.4} />
        <MiniMap<FlowNode> pannable zoomable nodeColor={minimapColor} nodeStrokeWidth={0} nodeBorderRadius={6} className="oz-minimap" style={minimapStyle} />
        <Controls className="oz-controls" showInteractive={false} fitViewOptions={fitViewOptions} />
      </ReactFlow>
      {groups.length === 0 && (
        <div className="oz-canvas-empty">
          <strong>{t.emptyCanvasTitle}</strong>
          <span>{t.emptyCanvasBody}</span>
        </div>
      )}
    </div>
  );
}
