// The builder's top-right actions: save state (with retry and the stale-save choice), the
// problems found by linting, version history and Publish.
import { useEffect, useMemo, useRef, useState } from 'react';
import { lintFlow, type Problem } from '../../../blocks/lint/index.js';
import type { FlowDocument } from '../../../blocks/flow.js';
import { api, errorMessage } from '../api.js';
import { Modal } from '../dialog.js';
import { fmt, useLocale, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { SaveStatusIndicator } from '../builder/SaveStatus.js';
import { useBuilder, useBuilderApi } from '../builder/store.js';
import { useBlockProblems } from '../builder/problems.js';
import { PublishDialog, VersionsDialog, type ProblemLine } from './PublishDialog.js';
import { publishTexts } from './texts.js';
import { VersionCanvas } from './VersionCanvas.js';

/** Lints the draft a moment after it stops changing, so typing stays smooth on big flows. */
function useProblems(doc: FlowDocument): Problem[] {
  const [problems, setProblems] = useState<Problem[]>(() => lintFlow(doc));
  useEffect(() => {
    const t = setTimeout(() => setProblems(lintFlow(doc)), 300);
    return () => clearTimeout(t);
  }, [doc]);
  return problems;
}

export function FlowActions({ flowId }: { flowId: string }) {
  const t = useTexts(publishTexts);
  const locale = useLocale();
  const toast = useToast();
  const store = useBuilderApi();
  const doc = useBuilder((s) => s.doc);
  const saveStatus = useBuilder((s) => s.saveStatus);
  const problems = useProblems(doc);
  const setBlockProblems = useBlockProblems((s) => s.setProblems);
  useEffect(() => setBlockProblems(problems, locale), [problems, locale, setBlockProblems]);
  useEffect(() => () => setBlockProblems([], locale), [setBlockProblems, locale]);
  const [dialog, setDialog] = useState<null | 'publish' | 'versions' | 'problems'>(null);
  const [viewing, setViewing] = useState<{ number: number; doc: FlowDocument } | null>(null);
  const [published, setPublished] = useState<number | null>(null);

  useEffect(() => {
    api.flows.get.query({ id: flowId }).then((f) => setPublished(f.publishedNumber), () => {});
  }, [flowId]);

  // A stale save: offer to take the other tab's version or to keep ours.
  const conflictToast = useRef<number | null>(null);
  useEffect(() => {
    if (saveStatus === 'conflict' && conflictToast.current === null) {
      conflictToast.current = toast.show('error', t.conflict, [
        { label: t.reload, onClick: () => void store.getState().reloadFromServer().catch((e) => toast.show('error', errorMessage(e))) },
        { label: t.overwrite, onClick: () => void store.getState().overwrite().catch((e) => toast.show('error', errorMessage(e))) },
      ]);
    }
    if (saveStatus !== 'conflict' && conflictToast.current !== null) {
      toast.dismiss(conflictToast.current);
      conflictToast.current = null;
    }
  }, [saveStatus, store, t, toast]);

  // A failed save (network, server restart) is retried until it goes through.
  useEffect(() => {
    if (saveStatus !== 'error') return;
    const timer = setTimeout(() => void store.getState().flush().catch(() => {}), 3000);
    return () => clearTimeout(timer);
  }, [saveStatus, store]);

  const focus = (p: Problem) => () => {
    const s = store.getState();
    if (p.blockId) {
      s.select({ blocks: [p.blockId] });
      s.setHighlight(p.blockId);
    } else if (p.groupId) s.select({ groups: [p.groupId] });
  };
  const lines: ProblemLine[] = useMemo(
    () => problems.map((p) => ({ severity: p.severity, text: p.message[locale], onFocus: p.blockId || p.groupId ? focus(p) : undefined })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [problems, locale],
  );
  const errors = problems.filter((p) => p.severity === 'error').length;

  return (
    <div className="flow-actions">
      <SaveStatusIndicator />
      <button
        className={`ghost problems-button${errors ? ' has-errors' : problems.length ? ' has-warnings' : ''}`}
        onClick={() => setDialog('problems')}
        aria-label={`${t.problems}: ${problems.length}`}
      >
        {problems.length ? `⚠ ${problems.length}` : '✓'}
      </button>
      <button className="ghost" onClick={() => setDialog('versions')}>
        {t.versions}
        {published ? ` · v${published}` : ''}
      </button>
      <button className="primary" onClick={() => setDialog('publish')}>
        {t.publish}
      </button>
      {dialog === 'problems' && (
        <Modal title={t.problems} onClose={() => setDialog(null)}>
          {lines.length === 0 ? (
            <p className="muted">{t.noProblems}</p>
          ) : (
            <ul className="problem-lines" aria-label={t.problems}>
              {lines.map((l, i) => (
                <li key={i} className={`problem-${l.severity}`}>
                  {l.onFocus ? (
                    <button
                      className="link"
                      onClick={() => {
                        setDialog(null);
                        l.onFocus!();
                      }}
                    >
                      {l.text}
                    </button>
                  ) : (
                    l.text
                  )}
                </li>
              ))}
            </ul>
          )}
        </Modal>
      )}
      {dialog === 'publish' && (
        <PublishDialog
          flowId={flowId}
          problems={lines}
          beforePublish={() => store.getState().flush()}
          onPublished={setPublished}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'versions' && (
        <VersionsDialog
          flowId={flowId}
          beforeRestore={async () => {
            await store.getState().flush();
            return store.getState().revision;
          }}
          onRestored={() => void store.getState().reloadFromServer().catch((e) => toast.show('error', errorMessage(e)))}
          onOpen={(v) =>
            api.flows.version.query({ id: flowId, versionId: v.id }).then(
              (r) => setViewing({ number: v.number, doc: r.document as FlowDocument }),
              (e) => toast.show('error', errorMessage(e)),
            )
          }
          onClose={() => setDialog(null)}
        />
      )}
      {viewing && (
        <Modal title={fmt(t.readOnly, { n: viewing.number })} onClose={() => setViewing(null)} wide>
          <VersionCanvas flowId={flowId} doc={viewing.doc} />
        </Modal>
      )}
    </div>
  );
}
