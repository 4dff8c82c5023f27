// Where a conversation enters the flow: the start, or a keyword the contact types.
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { createPortal } from 'react-dom';
import { useBuilderApi } from '../store.js';
import { KeywordDialog, useKeywordEditor } from './KeywordEvent.js';
import { useTexts } from '../../i18n.js';
import { builderTexts } from '../texts.js';
import type { EventFlowNode } from './nodes.js';

function EventNodeView({ data }: NodeProps<EventFlowNode>) {
  const t = useTexts(builderTexts);
  const store = useBuilderApi();
  const ev = data.event;
  const isStart = ev.kind === 'start';
  const editing = useKeywordEditor((s) => s.editing === ev.id);
  const editor = useKeywordEditor();
  return (
    <div
      className={`oz-event ${isStart ? 'oz-event-start' : 'oz-event-keyword'}`}
      data-event-id={ev.id}
      onDoubleClick={(e) => {
        if (isStart) return;
        e.stopPropagation();
        editor.open(ev.id);
      }}
      title={isStart ? undefined : t.keyword}
    >
      {editing && ev.kind === 'keyword' && createPortal(<KeywordDialog store={store} event={ev} onClose={editor.close} />, document.body)}
      <span className="oz-event-icon" aria-hidden>
        {isStart ? '▶' : '#'}
      </span>
      <span className="oz-event-text">
        <span className="oz-event-label">{isStart ? t.start : t.keyword}</span>
        {ev.kind === 'keyword' && <span className="oz-event-keywords">{ev.keywords.join(', ')}</span>}
      </span>
      <Handle type="source" position={Position.Right} id={`e:${ev.id}`} className="oz-handle oz-handle-source" isConnectableEnd={false} />
    </div>
  );
}

export const EventNode = memo(EventNodeView, (a, b) => a.data === b.data);
