// A published version on a canvas of its own: drawn exactly as in the builder, with pan, zoom
// and selection, and nothing that edits (the store refuses every change to the document).
import { ReactFlowProvider } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import type { FlowDocument } from '../../../blocks/flow.js';
import { Canvas } from '../builder/canvas/Canvas.js';
import { BuilderContext, createBuilderStore, type FlowSaver } from '../builder/store.js';

const nothingToSave: FlowSaver = {
  load: () => Promise.reject(new Error('a version on view is not loaded through the builder')),
  save: () => Promise.reject(new Error('a version on view is read-only')),
};

export function VersionCanvas({ flowId, doc }: { flowId: string; doc: FlowDocument }) {
  const store = useMemo(() => createBuilderStore({ flowId, name: '', doc, revision: 0, saver: nothingToSave, readOnly: true }), [flowId, doc]);
  useEffect(() => () => store.getState().dispose(), [store]);
  return (
    <BuilderContext.Provider value={store}>
      <ReactFlowProvider>
        <div className="version-canvas">
          <Canvas />
        </div>
      </ReactFlowProvider>
    </BuilderContext.Provider>
  );
}
