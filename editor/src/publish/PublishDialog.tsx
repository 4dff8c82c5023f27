// Publishing (with an optional note) and the version history (open read-only, restore).
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api.js';
import { confirmDialog, Modal } from '../dialog.js';
import { fmt, timeAgo, useLocale, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { publishTexts } from './texts.js';
import './publish.css';

export interface ProblemLine {
  severity: 'error' | 'warning';
  text: string;
  onFocus?: () => void;
}

export function PublishDialog({
  flowId,
  problems,
  beforePublish,
  onPublished,
  onClose,
}: {
  flowId: string;
  problems: ProblemLine[];
  /** Saves pending edits first, so what is published is what is on screen. */
  beforePublish: () => Promise<void>;
  onPublished: (number: number) => void;
  onClose: () => void;
}) {
  const t = useTexts(publishTexts);
  const toast = useToast();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  const publish = async () => {
    setBusy(true);
    try {
      await beforePublish();
      const v = await api.flows.publish.mutate({ id: flowId, note: note.trim() || undefined });
      toast.show('success', fmt(t.published, { n: v.number }));
      onPublished(v.number);
      onClose();
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const list = (items: ProblemLine[]) => (
    <ul className="problem-lines">
      {items.slice(0, 20).map((p, i) => (
        <li key={i} className={`problem-${p.severity}`}>
          {p.onFocus ? (
            <button
              className="link"
              onClick={() => {
                onClose();
                p.onFocus!();
              }}
            >
              {p.text}
            </button>
          ) : (
            p.text
          )}
        </li>
      ))}
    </ul>
  );
  return (
    <Modal
      title={t.publishTitle}
      onClose={onClose}
      footer={
        <>
          <button className="ghost" onClick={onClose}>
            {t.cancel}
          </button>
          <button className="primary" disabled={busy || errors.length > 0} onClick={publish}>
            {busy ? t.publishing : t.publish}
          </button>
        </>
      }
    >
      <p className="muted">{t.publishHint}</p>
      {errors.length > 0 && (
        <div className="problem-box problem-box-error" role="alert">
          <strong>{t.blocked}</strong>
          {list(errors)}
        </div>
      )}
      {warnings.length > 0 && (
        <div className="problem-box problem-box-warning">
          <strong>{t.warnings}</strong>
          {list(warnings)}
        </div>
      )}
      <label>
        {t.note}
        <input value={note} maxLength={500} placeholder={t.notePlaceholder} onChange={(e) => setNote(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && !errors.length && publish()} />
      </label>
    </Modal>
  );
}

type Version = Awaited<ReturnType<typeof api.flows.versions.query>>[number];

export function VersionsDialog({
  flowId,
  beforeRestore,
  onRestored,
  onOpen,
  onClose,
}: {
  flowId: string;
  /** The draft revision to restore over (a stale one is refused like any save). */
  beforeRestore: () => Promise<number>;
  onRestored: (revision: number, document: unknown) => void;
  onOpen: (version: Version) => void;
  onClose: () => void;
}) {
  const t = useTexts(publishTexts);
  const locale = useLocale();
  const toast = useToast();
  const [versions, setVersions] = useState<Version[] | null>(null);
  useEffect(() => {
    api.flows.versions.query({ id: flowId }).then(setVersions, (e) => toast.show('error', errorMessage(e)));
  }, [flowId, toast]);
  const restore = async (v: Version) => {
    const ok = await confirmDialog({
      title: fmt(t.restoreTitle, { n: v.number }),
      message: fmt(t.restoreMessage, { n: v.number }),
      confirm: t.restore,
      cancel: t.cancel,
    });
    if (!ok) return;
    try {
      const baseRevision = await beforeRestore();
      const r = await api.flows.restoreVersion.mutate({ id: flowId, versionId: v.id, baseRevision });
      toast.show('success', fmt(t.restored, { n: v.number }));
      onRestored(r.revision, r.document);
      onClose();
    } catch (e) {
      toast.show('error', errorMessage(e));
    }
  };
  return (
    <Modal title={t.versionsTitle} onClose={onClose}>
      {!versions ? (
        <div className="center-state">
          <span className="spinner" />
        </div>
      ) : versions.length === 0 ? (
        <p className="muted">{t.noVersions}</p>
      ) : (
        <ul className="version-list" aria-label={t.versionsTitle}>
          {versions.map((v) => (
            <li key={v.id}>
              <div>
                <strong>v{v.number}</strong> {v.isPublished && <span className="badge badge-live">{t.live}</span>}
                <div className="muted small">
                  {timeAgo(v.createdAt, locale)}
                  {v.createdByName ? ` · ${fmt(t.by, { who: v.createdByName })}` : ''}
                </div>
                {v.note && <div className="version-note">{v.note}</div>}
              </div>
              <div className="version-actions">
                <button
                  className="ghost"
                  onClick={() => {
                    onOpen(v);
                    onClose();
                  }}
                >
                  {t.open}
                </button>
                <button className="ghost" onClick={() => restore(v)}>
                  {t.restore}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
