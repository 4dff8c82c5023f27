// The flow builder page: top bar, block palette, canvas, and a right panel with the selected
// block's settings or the test chat. Loads the flow, keeps it in a per-flow store and autosaves.
//
// For the integrator: the bar's right end is `<div className="builder-actions">`, holding `actions`
// when given (save status, Publish…) and the built-in SaveStatusIndicator otherwise. Anything
// rendered there can read the flow with useBuilder(s => s.saveStatus) / useBuilderApi().getState()
// (flush() before publishing, reloadFromServer(), overwrite()).
import { ReactFlowProvider, useReactFlow } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { FlowDocument } from '../../../blocks/flow.js';
import { api, errorMessage } from '../api.js';
import { confirmDialog } from '../dialog.js';
import { fmt, getLocale, useTexts } from '../i18n.js';
import { navigate, setLeaveGuard } from '../router.js';
import { readableServerError } from '../server-errors.js';
import { Canvas } from './canvas/Canvas.js';
import { eventNodeId, groupNodeId } from './canvas/nodes.js';
import { findBlock } from './ops.js';
import { Palette } from './palette/Palette.js';
import { PanelBoundary } from './PanelBoundary.js';
import { SaveStatusIndicator } from './SaveStatus.js';
import { BlockSettings } from './settings/BlockSettings.js';
import { BuilderContext, createBuilderStore, useBuilder, useBuilderApi, type BuilderStore, type FlowSaver } from './store.js';
import { TestChatPanel } from './testchat/TestChatPanel.js';
import { builderTexts } from './texts.js';
import './builder.css';

const saver: FlowSaver = {
  async load(id) {
    const f = await api.flows.get.query({ id });
    return { name: f.name, draft: f.draft as FlowDocument, draftRevision: f.draftRevision };
  },
  save: (input) => api.flows.saveDraft.mutate(input),
};

type LoadState =
  | { status: 'loading' }
  | { status: 'error'; notFound: boolean; message: string }
  | { status: 'ready'; store: BuilderStore };

function codeOf(e: unknown): string | undefined {
  return (e as { data?: { code?: string } } | null)?.data?.code;
}

export function BuilderPage({ flowId, actions }: { flowId: string; actions?: ReactNode }) {
  const t = useTexts(builderTexts);
  const [state, setState] = useState<LoadState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let alive = true;
    let store: BuilderStore | null = null;
    setState({ status: 'loading' });
    saver.load(flowId).then(
      (f) => {
        if (!alive) return;
        store = createBuilderStore({ flowId, name: f.name, doc: f.draft, revision: f.draftRevision, saver });
        setState({ status: 'ready', store });
      },
      (e) => {
        if (alive) setState({ status: 'error', notFound: codeOf(e) === 'NOT_FOUND', message: errorMessage(e) });
      },
    );
    return () => {
      alive = false;
      if (store) {
        // Leaving the page: send what the debounce still holds, then stop.
        const s = store.getState();
        if (s.dirty && s.saveStatus !== 'conflict') s.flush().catch(() => {});
        s.dispose();
      }
    };
  }, [flowId, attempt]);

  if (state.status === 'loading') {
    return (
      <div className="builder builder-state" aria-busy="true">
        <span className="spinner" />
        <p className="muted">{t.loading}</p>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="builder builder-state">
        <div className="builder-state-card" role="alert">
          <h2>{state.notFound ? t.notFoundTitle : t.loadErrorTitle}</h2>
          <p className="muted">{state.notFound ? t.notFoundBody : state.message}</p>
          <div className="builder-state-actions">
            {!state.notFound && (
              <button type="button" className="ghost" onClick={() => setAttempt((n) => n + 1)}>
                {t.retry}
              </button>
            )}
            <a
              className="btn"
              href="/flows"
              onClick={(e) => {
                e.preventDefault();
                navigate('/flows');
              }}
            >
              {t.backToFlows}
            </a>
          </div>
        </div>
      </div>
    );
  }
  return (
    <BuilderContext.Provider value={state.store}>
      <ReactFlowProvider>
        <BuilderView flowId={flowId} actions={actions} />
      </ReactFlowProvider>
    </BuilderContext.Provider>
  );
}

function BuilderView({ flowId, actions }: { flowId: string; actions?: ReactNode }) {
  const t = useTexts(builderTexts);
  const store = useBuilderApi();
  const rf = useReactFlow();
  const name = useBuilder((s) => s.name);
  const canUndo = useBuilder((s) => s.past.length > 0);
  const canRedo = useBuilder((s) => s.future.length > 0);
  const [testOpen, setTestOpen] = useState(false);

  // The right panel: one selected block's settings, or the test chat.
  const selectedBlockId = useBuilder((s) => (s.selection.blocks.size === 1 ? s.selection.blocks.values().next().value! : null));
  const selectedBlock = useBuilder((s) => (selectedBlockId ? (findBlock(s.doc, selectedBlockId)?.block ?? null) : null));
  const doc = useBuilder((s) => (selectedBlockId ? s.doc : null));
  const testGroup = useBuilder((s) => {
    let id: string | undefined;
    if (s.selection.groups.size === 1) id = s.selection.groups.values().next().value;
    else if (selectedBlockId) id = findBlock(s.doc, selectedBlockId)?.group.id;
    return id ? (s.doc.groups.find((g) => g.id === id) ?? null) : null;
  });

  useEffect(() => {
    const previous = document.title;
    document.title = `${name} · Ozia`;
    return () => {
      document.title = previous;
    };
  }, [name]);

  // Warn before leaving while the server does not have the latest document: closing or
  // reloading the tab (the browser asks), and every way out inside the app (we ask).
  const texts = useRef(t);
  texts.current = t;
  useEffect(() => {
    const unsaved = () => {
      const s = store.getState();
      return s.dirty || s.saveStatus !== 'saved';
    };
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!unsaved()) return undefined;
      e.preventDefault();
      e.returnValue = texts.current.leaveWarning;
      return texts.current.leaveWarning;
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    const lift = setLeaveGuard(() => {
      if (!unsaved()) return true;
      const s = store.getState();
      const tx = texts.current;
      const failed = s.saveStatus === 'error' || s.saveStatus === 'conflict';
      // Send what the debounce holds now rather than after the question.
      if (!failed) s.flush().catch(() => {});
      const reason = s.saveStatus === 'conflict' ? tx.conflictText : readableServerError(s.saveError ?? '', getLocale());
      return confirmDialog({
        title: tx.leaveTitle,
        message: failed ? tx.leaveFailed(reason) : tx.leavePending,
        confirm: tx.leaveAnyway,
        cancel: tx.stay,
        danger: true,
      });
    });
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      lift();
    };
  }, [store]);

  const autoLayout = useCallback(() => {
    store.getState().autoLayout((kind, id) => {
      const n = rf.getInternalNode(kind === 'group' ? groupNodeId(id) : eventNodeId(id));
      const w = n?.measured.width;
      const h = n?.measured.height;
      return w && h ? { width: w, height: h } : undefined;
    });
    setTimeout(() => void rf.fitView({ padding: 0.12, maxZoom: 1, duration: 300 }), 60);
  }, [rf, store]);

  const onCurrentBlock = useCallback((blockId: string | null) => store.getState().setHighlight(blockId), [store]);
  const beforeStart = useCallback(() => store.getState().flush(), [store]);
  const closeTest = useCallback(() => {
    setTestOpen(false);
    store.getState().setHighlight(null);
  }, [store]);
  const onChange = useCallback(
    (options: unknown) => {
      if (selectedBlockId) store.getState().setBlockOptions(selectedBlockId, options);
    },
    [selectedBlockId, store],
  );
  const onCreateVariable = useCallback((varName: string) => store.getState().addVariable(varName), [store]);
  const closeSettings = useCallback(() => store.getState().select({ blocks: [] }), [store]);

  const showSettings = !!(selectedBlock && doc);
  const bodyClass = useMemo(
    () => `builder-body${showSettings || testOpen ? ' has-panel' : ''}`,
    [showSettings, testOpen],
  );
  const undoKey = navigator.platform?.toLowerCase().includes('mac') ? '⌘' : 'Ctrl+';

  return (
    <div className="builder">
      <header className="builder-bar">
        <button
          type="button"
          className="builder-back"
          onClick={() => navigate('/flows')}
          aria-label={t.backToFlows}
          title={t.backToFlows}
        >
          <span aria-hidden>←</span>
          <span className="builder-back-label">{t.back}</span>
        </button>
        <span className="builder-sep" aria-hidden />
        <h1 className="builder-name" title={name}>
          {name}
        </h1>
        <div className="builder-tools" role="toolbar" aria-label={fmt('{a} / {b}', { a: t.undo, b: t.redo })}>
          <button
            type="button"
            className="builder-icon-btn"
            onClick={() => store.getState().undo()}
            disabled={!canUndo}
            aria-label={t.undo}
            title={`${t.undo} (${undoKey}Z)`}
          >
            <svg viewBox="0 0 20 20" aria-hidden>
              <path d="M7.5 5 3.5 9l4 4M4 9h7.5a4.5 4.5 0 0 1 0 9H9" />
            </svg>
          </button>
          <button
            type="button"
            className="builder-icon-btn"
            onClick={() => store.getState().redo()}
            disabled={!canRedo}
            aria-label={t.redo}
            title={`${t.redo} (${undoKey}⇧Z)`}
          >
            <svg viewBox="0 0 20 20" aria-hidden>
              <path d="M12.5 5l4 4-4 4M16 9H8.5a4.5 4.5 0 0 0 0 9H11" />
            </svg>
          </button>
          <span className="builder-sep" aria-hidden />
          <button type="button" className="builder-btn" onClick={autoLayout} title={t.autoLayout}>
            <svg viewBox="0 0 20 20" aria-hidden>
              <rect x="2.5" y="3.5" width="5" height="4" rx="1" />
              <rect x="12.5" y="3.5" width="5" height="4" rx="1" />
              <rect x="12.5" y="12.5" width="5" height="4" rx="1" />
              <path d="M7.5 5.5h5M10 5.5v9h2.5" />
            </svg>
            <span className="builder-btn-label">{t.autoLayout}</span>
          </button>
          <button
            type="button"
            className={`builder-btn builder-test-btn${testOpen ? ' is-active' : ''}`}
            aria-pressed={testOpen}
            onClick={() => (testOpen ? closeTest() : setTestOpen(true))}
          >
            <svg viewBox="0 0 20 20" aria-hidden>
              <path d="M6 4.5v11l9-5.5z" />
            </svg>
            <span className="builder-btn-label">{testOpen ? t.testOpen : t.test}</span>
          </button>
        </div>
        <div className="builder-actions">{actions ?? <SaveStatusIndicator />}</div>
      </header>
      <div className={bodyClass}>
        <Palette />
        <main className="builder-main">
          <Canvas />
        </main>
        {testOpen && (
          <div className={`builder-panel builder-panel-test${showSettings ? ' is-covered' : ''}`}>
            <PanelBoundary title={t.panelFailed} closeLabel={t.close} onClose={closeTest}>
              <TestChatPanel
                flowId={flowId}
                selectedGroupId={testGroup?.id}
                selectedGroupTitle={testGroup?.title}
                onCurrentBlock={onCurrentBlock}
                beforeStart={beforeStart}
                onClose={closeTest}
              />
            </PanelBoundary>
          </div>
        )}
        {showSettings && (
          <div className="builder-panel builder-panel-settings" key={selectedBlock.id}>
            <PanelBoundary title={t.panelFailed} closeLabel={t.close} onClose={closeSettings} resetKey={selectedBlock.id}>
              <BlockSettings block={selectedBlock} doc={doc} onChange={onChange} onCreateVariable={onCreateVariable} onClose={closeSettings} />
            </PanelBoundary>
          </div>
        )}
      </div>
    </div>
  );
}
