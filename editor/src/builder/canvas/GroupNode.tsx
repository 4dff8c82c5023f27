// A group on the canvas: its title (renamed in place) and the ordered stack of block cards.
// Cards carry the source handles (default path, one per item, fallback); the group has the one
// target handle. Cards are HTML5-draggable to reorder or move blocks; palette items drop here too.
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { memo, useCallback, useEffect, useMemo, useRef, useState, type DragEvent, type KeyboardEvent, type MouseEvent } from 'react';
import type { Block } from '../../../../blocks/flow.js';
import { blockSchemas } from '../../../../blocks/schemas.js';
import { useLocale, useTexts } from '../../i18n.js';
import { itemsOf } from '../ops.js';
import { useBuilder, useBuilderApi } from '../store.js';
import { itemLabel, summarize, variableLookup, type SummaryContext } from '../summary.js';
import { builderTexts } from '../texts.js';
import { BLOCK_ID_MIME, BLOCK_KIND_MIME, draggedBlock, dropIndexAt } from './dnd.js';
import { targetHandleId, type GroupFlowNode } from './nodes.js';
import { useBlockProblems } from '../problems.js';
import { useContactFieldLabels } from '../settings/ContactFieldPicker.js';

function GroupNodeView({ id, data, selected }: NodeProps<GroupFlowNode>) {
  const t = useTexts(builderTexts);
  const api = useBuilderApi();
  const { groupId, title, blocks } = data;
  const [editing, setEditing] = useState(false);
  const [dropIndex, setDropIndex] = useState<number | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  // Handles moved (a block added, reordered, an item removed): React Flow must measure them again.
  const updateNodeInternals = useUpdateNodeInternals();
  const handleSignature = useMemo(
    () => blocks.map((b) => `${b.id}:${itemsOf(b).map((i) => i.id).join(',')}`).join('|'),
    [blocks],
  );
  const mounted = useRef(false);
  useEffect(() => {
    if (!mounted.current) {
      mounted.current = true;
      return;
    }
    updateNodeInternals(id);
  }, [handleSignature, id, updateNodeInternals]);

  const readOnly = useBuilder((s) => s.readOnly);
  const onDragOver = useCallback((e: DragEvent<HTMLDivElement>) => {
    const what = draggedBlock(e.dataTransfer);
    if (!what || !listRef.current || readOnly) return;
    e.preventDefault();
    e.stopPropagation();
    e.dataTransfer.dropEffect = what === 'kind' ? 'copy' : 'move';
    const i = dropIndexAt(listRef.current, e.clientY);
    setDropIndex((cur) => (cur === i ? cur : i));
  }, [readOnly]);

  // relatedTarget is often null on dragleave, so leaving is judged by the pointer position.
  const onDragLeave = useCallback((e: DragEvent<HTMLDivElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    if (e.clientX <= r.left || e.clientX >= r.right || e.clientY <= r.top || e.clientY >= r.bottom) setDropIndex(null);
  }, []);

  const onDrop = useCallback(
    (e: DragEvent<HTMLDivElement>) => {
      const what = draggedBlock(e.dataTransfer);
      if (!what || !listRef.current) return;
      e.preventDefault();
      e.stopPropagation();
      const index = dropIndexAt(listRef.current, e.clientY);
      setDropIndex(null);
      const s = api.getState();
      if (what === 'kind') {
        const kind = e.dataTransfer.getData(BLOCK_KIND_MIME);
        if (blockSchemas[kind]) s.insertBlock(groupId, index, kind);
      } else {
        const blockId = e.dataTransfer.getData(BLOCK_ID_MIME);
        if (blockId) s.moveBlock(blockId, groupId, index);
      }
    },
    [api, groupId],
  );

  useEffect(() => {
    if (dropIndex === null) return;
    const reset = () => setDropIndex(null);
    window.addEventListener('dragend', reset);
    window.addEventListener('drop', reset);
    return () => {
      window.removeEventListener('dragend', reset);
      window.removeEventListener('drop', reset);
    };
  }, [dropIndex]);

  return (
    <div
      className={`oz-group${selected ? ' is-selected' : ''}${dropIndex !== null ? ' is-drop-target' : ''}`}
      data-group-id={groupId}
      onDragOver={onDragOver}
      onDragLeave={onDragLeave}
      onDrop={onDrop}
    >
      <Handle type="target" position={Position.Left} id={targetHandleId(groupId)} className="oz-handle oz-handle-target" isConnectableStart={false} />
      <div className="oz-group-header">
        {editing ? (
          <TitleEditor
            initial={title}
            onDone={(value) => {
              setEditing(false);
              if (value !== null && value.trim() !== title) api.getState().renameGroup(groupId, value);
            }}
          />
        ) : (
          <span
            className="oz-group-title"
            title={readOnly ? undefined : t.renameHint}
            onDoubleClick={(e) => {
              e.stopPropagation();
              if (!readOnly) setEditing(true);
            }}
          >
            {title || <em className="oz-muted">{t.untitledGroup}</em>}
          </span>
        )}
        <span className="oz-group-count">{blocks.length}</span>
      </div>
      <div className={`oz-cards${dropIndex === blocks.length && blocks.length ? ' drop-end' : ''}`} ref={listRef}>
        {blocks.map((b, i) => (
          <BlockCard key={b.id} block={b} dropBefore={dropIndex === i} />
        ))}
        {blocks.length === 0 && <div className={`oz-empty-drop${dropIndex !== null ? ' active' : ''}`}>{t.dropHere}</div>}
      </div>
    </div>
  );
}

function TitleEditor({ initial, onDone }: { initial: string; onDone: (value: string | null) => void }) {
  const [value, setValue] = useState(initial);
  const done = useRef(false);
  const finish = (v: string | null) => {
    if (done.current) return;
    done.current = true;
    onDone(v);
  };
  return (
    <input
      className="oz-title-input nodrag"
      value={value}
      autoFocus
      maxLength={200}
      onFocus={(e) => e.currentTarget.select()}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
        e.stopPropagation();
        if (e.key === 'Enter') finish(value);
        else if (e.key === 'Escape') finish(null);
      }}
      onBlur={() => finish(value)}
      onMouseDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
    />
  );
}

export const GroupNode = memo(GroupNodeView, (a, b) => a.id === b.id && a.data === b.data && a.selected === b.selected);

// --- block card ----------------------------------------------------------------------------

const BlockCard = memo(function BlockCard({ block, dropBefore }: { block: Block; dropBefore: boolean }) {
  const api = useBuilderApi();
  const locale = useLocale();
  const t = useTexts(builderTexts);
  const selected = useBuilder((s) => s.selection.blocks.has(block.id));
  const readOnly = useBuilder((s) => s.readOnly);
  const highlighted = useBuilder((s) => s.highlightBlockId === block.id);
  const variables = useBuilder((s) => s.doc.variables);
  const jumpGroupId = block.kind === 'jump' ? (block.options?.target?.groupId as string | undefined) : undefined;
  const jumpTitle = useBuilder((s) => (jumpGroupId ? (s.doc.groups.find((g) => g.id === jumpGroupId)?.title ?? null) : null));
  const [dragging, setDragging] = useState(false);
  // A press on a handle starts a connection, not a card drag.
  const fromHandle = useRef(false);

  const schema = blockSchemas[block.kind];
  const fieldLabel = useContactFieldLabels(block.kind === 'contact');
  const ctx: SummaryContext = useMemo(
    () => ({ locale, t, variableName: variableLookup(variables), groupTitle: (id) => (id && id === jumpGroupId ? (jumpTitle ?? id) : null), fieldLabel }),
    [locale, t, variables, jumpGroupId, jumpTitle, fieldLabel],
  );
  const summary = useMemo(() => summarize(block, ctx), [block, ctx]);
  const items = useMemo(() => itemsOf(block), [block]);
  const hasDefault = schema?.hasDefaultPath !== false;
  const label = schema ? schema.label[locale] : block.kind;

  const onClick = (e: MouseEvent) => {
    e.stopPropagation();
    api.getState().clickBlock(block.id, e.shiftKey || e.metaKey || e.ctrlKey);
  };

  const onDragStart = (e: DragEvent<HTMLDivElement>) => {
    e.stopPropagation();
    if (fromHandle.current) {
      e.preventDefault();
      return;
    }
    e.dataTransfer.setData(BLOCK_ID_MIME, block.id);
    e.dataTransfer.effectAllowed = 'move';
    setDragging(true);
  };

  const category = schema?.category ?? 'logic';
  // The linter's badges describe the draft being edited, not a version on view.
  const draftProblem = useBlockProblems((s) => s.byBlock.get(block.id));
  const problem = readOnly ? undefined : draftProblem;
  return (
    <div
      className={`oz-card nodrag cat-${category}${selected ? ' is-selected' : ''}${highlighted ? ' is-current' : ''}${dragging ? ' is-dragging' : ''}${dropBefore ? ' drop-before' : ''}`}
      data-block-card=""
      data-block-id={block.id}
      draggable={!readOnly}
      onDragStart={onDragStart}
      onDragEnd={() => setDragging(false)}
      onPointerDown={(e) => {
        fromHandle.current = !!(e.target as Element).closest('.react-flow__handle');
      }}
      onClick={onClick}
    >
      <div className="oz-card-main">
        <span className="oz-card-icon" aria-hidden>
          {schema?.icon ?? '▫️'}
        </span>
        <div className="oz-card-text">
          <span className="oz-card-label">{label}</span>
          {summary && <span className="oz-card-summary">{summary}</span>}
        </div>
        {problem && (
          <span className={`oz-card-badge is-${problem.severity}`} title={problem.text} role="img" aria-label={problem.text}>
            {problem.severity === 'error' ? '!' : '⚠'}
          </span>
        )}
        {hasDefault && items.length === 0 && (
          <Handle type="source" position={Position.Right} id={`b:${block.id}`} className="oz-handle oz-handle-source" isConnectableEnd={false} />
        )}
      </div>
      {items.length > 0 && (
        <div className="oz-items">
          {items.map((item) => (
            <div className="oz-item" key={item.id}>
              <span className="oz-item-label">{itemLabel(block, item, ctx)}</span>
              <Handle type="source" position={Position.Right} id={`i:${block.id}:${item.id}`} className="oz-handle oz-handle-source" isConnectableEnd={false} />
            </div>
          ))}
          {hasDefault && (
            <div className="oz-item oz-item-default">
              <span className="oz-item-label">{block.kind === 'condition' ? t.otherwise : block.kind === 'contact' && block.options?.mode !== 'save' ? t.unknownPath : t.defaultPath}</span>
              <Handle type="source" position={Position.Right} id={`b:${block.id}`} className="oz-handle oz-handle-source" isConnectableEnd={false} />
            </div>
          )}
        </div>
      )}
      {schema?.isInput && (
        <div className="oz-fallback">
          <span>{t.fallback}</span>
          <Handle type="source" position={Position.Right} id={`f:${block.id}`} className="oz-handle oz-handle-fallback" isConnectableEnd={false} />
        </div>
      )}
    </div>
  );
});
