// The Flows tab: every flow with its state, search, and the ways to start one (blank,
// template, import); per flow: open, rename, duplicate, export, delete.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { TRPCClientError } from '@trpc/client';
import { api, errorMessage } from '../api.js';
import { confirmDialog, Modal } from '../dialog.js';
import { fmt, timeAgo, useLocale, useTexts } from '../i18n.js';
import { navigate } from '../router.js';
import { MAX_FLOW_DOCUMENT_BYTES, megabytes } from '../../../blocks/limits.js';
import { useToast } from '../toasts.js';
import { FlowPreview } from './FlowPreview.js';
import { importProblems } from './import-problems.js';
import { flowsTexts } from './texts.js';
import './flows.css';

type Flow = Awaited<ReturnType<typeof api.flows.list.query>>[number];
type Template = Awaited<ReturnType<typeof api.templates.list.query>>[number];
type Issue = { path: string; message: string };

function download(name: string, data: unknown) {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `${name.replace(/[^\p{L}\p{N}\- _]+/gu, '').trim() || 'flow'}.json`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

function NameDialog({ title, initial, action, onSubmit, onClose }: { title: string; initial: string; action: string; onSubmit: (name: string) => Promise<void>; onClose: () => void }) {
  const t = useTexts(flowsTexts);
  const [name, setName] = useState(initial);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    try {
      await onSubmit(name);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <button className="ghost" onClick={onClose}>
            {t.cancel}
          </button>
          <button className="primary" disabled={busy} onClick={submit}>
            {action}
          </button>
        </>
      }
    >
      <label>
        {t.name}
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && submit()}
          aria-invalid={!!error}
          maxLength={120}
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}

function ImportDialog({ onClose, onImported }: { onClose: () => void; onImported: (f: { id: string; name: string }) => void }) {
  const t = useTexts(flowsTexts);
  const locale = useLocale();
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setIssues([]);
    setError('');
    // The server refuses it past this size in any form; say so before sending megabytes.
    if (new Blob([text]).size > MAX_FLOW_DOCUMENT_BYTES) return setError(fmt(t.importTooLarge, { mb: megabytes(MAX_FLOW_DOCUMENT_BYTES) }));
    setBusy(true);
    try {
      const f = await api.flows.import.mutate({ json: text, ...(fileName ? { name: undefined } : {}) });
      onImported(f);
      onClose();
    } catch (e) {
      const data = e instanceof TRPCClientError ? (e.data as { issues?: Issue[] | null }) : null;
      if (data?.issues?.length) setIssues(importProblems(text, data.issues, locale));
      else setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      title={t.importTitle}
      onClose={onClose}
      wide
      footer={
        <>
          <button className="ghost" onClick={onClose}>
            {t.cancel}
          </button>
          <button className="primary" disabled={busy || !text.trim()} onClick={submit}>
            {t.importButton}
          </button>
        </>
      }
    >
      <p className="muted">{t.importHint}</p>
      <label className="file-pick">
        <span className="ghost-button">{t.chooseFile}</span>
        <input
          type="file"
          accept="application/json,.json"
          aria-label={t.chooseFile}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (!file) return;
            setFileName(file.name);
            setText(await file.text());
            setIssues([]);
            setError('');
          }}
        />
        <span className="muted small">{fileName}</span>
      </label>
      <textarea className="json-input" aria-label={t.pasteHere} placeholder={t.pasteHere} value={text} onChange={(e) => setText(e.target.value)} rows={10} spellCheck={false} />
      {issues.length > 0 && (
        <div className="issues" role="alert">
          <strong>{t.importProblems}</strong>
          <ul>
            {issues.slice(0, 30).map((i, n) => (
              <li key={n}>
                {i.path && <code>{i.path}</code>} {i.message}
              </li>
            ))}
          </ul>
        </div>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Modal>
  );
}

function Gallery({ onClose, onCreated }: { onClose: () => void; onCreated: (f: { id: string; name: string }) => void }) {
  const t = useTexts(flowsTexts);
  const locale = useLocale();
  const toast = useToast();
  const [templates, setTemplates] = useState<Template[] | null>(null);
  useEffect(() => {
    api.templates.list.query({ locale }).then(setTemplates, (e) => toast.show('error', errorMessage(e)));
  }, [locale, toast]);
  return (
    <Modal title={t.galleryTitle} onClose={onClose} wide>
      <p className="muted">{t.galleryHint}</p>
      {!templates ? (
        <div className="center-state">
          <span className="spinner" />
        </div>
      ) : (
        <div className="gallery">
          {templates.map((tpl) => (
            <article key={tpl.key} className="template-card">
              <FlowPreview doc={tpl.document} />
              <h3>{tpl.name}</h3>
              <p className="muted small">{tpl.description}</p>
              <p className="muted small">{fmt(t.blocks, { n: tpl.blocks, g: tpl.groups })}</p>
              <button
                className="primary"
                aria-label={`${t.useTemplate}: ${tpl.name}`}
                onClick={async () => {
                  try {
                    onCreated(await api.flows.create.mutate({ name: tpl.name, templateId: tpl.key }));
                    onClose();
                  } catch (e) {
                    toast.show('error', errorMessage(e));
                  }
                }}
              >
                {t.useTemplate}
              </button>
            </article>
          ))}
        </div>
      )}
    </Modal>
  );
}

function RowMenu({ flow, onRename, onChanged }: { flow: Flow; onRename: () => void; onChanged: () => void }) {
  const t = useTexts(flowsTexts);
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => !ref.current?.contains(e.target as Node) && setOpen(false);
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    document.addEventListener('mousedown', close);
    document.addEventListener('keydown', esc);
    return () => {
      document.removeEventListener('mousedown', close);
      document.removeEventListener('keydown', esc);
    };
  }, [open]);
  const run = (fn: () => Promise<void>) => async () => {
    setOpen(false);
    try {
      await fn();
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };
  return (
    <div className="row-menu" ref={ref}>
      <button className="ghost icon" aria-label={fmt(t.actions, { name: flow.name })} aria-expanded={open} onClick={() => setOpen(!open)}>
        ⋯
      </button>
      {open && (
        <div className="menu" role="menu">
          <button role="menuitem" onClick={() => (setOpen(false), onRename())}>
            {t.rename}
          </button>
          <button
            role="menuitem"
            onClick={run(async () => {
              const copy = await api.flows.duplicate.mutate({ id: flow.id, name: `${flow.name} ${t.copySuffix}`.slice(0, 120) });
              toast.show('success', fmt(t.duplicated, { name: copy.name }));
              onChanged();
            })}
          >
            {t.duplicate}
          </button>
          <button
            role="menuitem"
            onClick={run(async () => {
              download(flow.name, await api.flows.export.query({ id: flow.id }));
            })}
          >
            {t.export}
          </button>
          <button
            role="menuitem"
            className="danger-item"
            onClick={run(async () => {
              const ok = await confirmDialog({
                title: t.deleteTitle,
                message: fmt(t.deleteMessage, { name: flow.name }),
                confirm: t.delete,
                cancel: t.cancel,
                danger: true,
              });
              if (!ok) return;
              await api.flows.delete.mutate({ id: flow.id });
              toast.show('success', fmt(t.deleted, { name: flow.name }));
              onChanged();
            })}
          >
            {t.delete}
          </button>
        </div>
      )}
    </div>
  );
}

export function FlowsPage() {
  const t = useTexts(flowsTexts);
  const locale = useLocale();
  const toast = useToast();
  const [flows, setFlows] = useState<Flow[] | null>(null);
  const [loadError, setLoadError] = useState('');
  const [query, setQuery] = useState('');
  const [dialog, setDialog] = useState<null | 'new' | 'gallery' | 'import' | { rename: Flow }>(null);
  const reload = useCallback(() => {
    setLoadError('');
    api.flows.list.query().then(setFlows, (e) => setLoadError(errorMessage(e)));
  }, []);
  useEffect(reload, [reload]);
  const shown = useMemo(() => {
    const q = query.trim().toLowerCase();
    return (flows ?? []).filter((f) => !q || f.name.toLowerCase().includes(q));
  }, [flows, query]);
  const openFlow = (f: { id: string }) => navigate(`/flows/${f.id}`);
  return (
    <main className="flows-page">
      <div className="flows-head">
        <div>
          <h1>{t.title}</h1>
          <p className="muted">{t.subtitle}</p>
        </div>
        <div className="flows-actions">
          <button className="ghost" onClick={() => setDialog('import')}>
            {t.import}
          </button>
          <button className="ghost" onClick={() => setDialog('gallery')}>
            {t.fromTemplate}
          </button>
          <button className="primary" onClick={() => setDialog('new')}>
            {t.newFlow}
          </button>
        </div>
      </div>
      <input className="flows-search" type="search" placeholder={t.search} aria-label={t.search} value={query} onChange={(e) => setQuery(e.target.value)} />
      {loadError ? (
        <div className="center-state" role="alert">
          <p>{fmt(t.loadError, { error: loadError })}</p>
          <button className="ghost" onClick={reload}>
            {t.retry}
          </button>
        </div>
      ) : flows === null ? (
        <div className="center-state">
          <span className="spinner" />
        </div>
      ) : flows.length === 0 ? (
        <div className="flows-empty">
          <h2>{t.empty}</h2>
          <p className="muted">{t.emptyHint}</p>
          <div className="flows-actions">
            <button className="ghost" onClick={() => setDialog('new')}>
              {t.newFlow}
            </button>
            <button className="primary" onClick={() => setDialog('gallery')}>
              {t.fromTemplate}
            </button>
          </div>
        </div>
      ) : shown.length === 0 ? (
        <p className="center-state">{fmt(t.noMatch, { q: query })}</p>
      ) : (
        <ul className="flow-list" aria-label={t.title}>
          {shown.map((f) => (
            <li key={f.id}>
              <a
                className="flow-name"
                href={`/flows/${f.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  openFlow(f);
                }}
              >
                {f.name}
              </a>
              <span className={`badge ${f.publishedNumber ? 'badge-live' : ''}`}>
                {f.publishedNumber ? fmt(t.published, { n: f.publishedNumber }) : t.draft}
              </span>
              {f.publishedNumber && f.hasUnpublishedChanges ? <span className="muted small">{t.changed}</span> : <span />}
              <span className="muted small">{fmt(t.edited, { when: timeAgo(f.updatedAt, locale) })}</span>
              <RowMenu flow={f} onRename={() => setDialog({ rename: f })} onChanged={reload} />
            </li>
          ))}
        </ul>
      )}
      {dialog === 'new' && (
        <NameDialog
          title={t.newFlow}
          initial={t.untitled}
          action={t.create}
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            const f = await api.flows.create.mutate({ name, locale });
            toast.show('success', fmt(t.created, { name: f.name }));
            openFlow(f);
          }}
        />
      )}
      {dialog === 'gallery' && (
        <Gallery
          onClose={() => setDialog(null)}
          onCreated={(f) => {
            toast.show('success', fmt(t.created, { name: f.name }));
            openFlow(f);
          }}
        />
      )}
      {dialog === 'import' && (
        <ImportDialog
          onClose={() => setDialog(null)}
          onImported={(f) => {
            toast.show('success', fmt(t.imported, { name: f.name }));
            reload();
          }}
        />
      )}
      {dialog && typeof dialog === 'object' && (
        <NameDialog
          title={t.rename}
          initial={dialog.rename.name}
          action={t.save}
          onClose={() => setDialog(null)}
          onSubmit={async (name) => {
            await api.flows.rename.mutate({ id: dialog.rename.id, name });
            toast.show('success', t.renamed);
            reload();
          }}
        />
      )}
    </main>
  );
}
