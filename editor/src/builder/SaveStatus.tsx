// The autosave state for the top bar: saved / saving / unsaved / error / conflict, with the two
// ways out of a conflict. Reads the open flow's store, so it must render inside the builder.
import { useState } from 'react';
import { useLocale, useTexts } from '../i18n.js';
import { readableServerError } from '../server-errors.js';
import { useBuilder, useBuilderApi } from './store.js';
import { builderTexts } from './texts.js';

export function SaveStatusIndicator() {
  const t = useTexts(builderTexts);
  const api = useBuilderApi();
  const status = useBuilder((s) => s.saveStatus);
  const locale = useLocale();
  const raw = useBuilder((s) => s.saveError);
  const error = raw ? readableServerError(raw, locale) : null;
  const [busy, setBusy] = useState(false);
  const run = (f: () => Promise<void>) => {
    setBusy(true);
    f()
      .catch(() => {})
      .finally(() => setBusy(false));
  };
  const label = { saved: t.saved, saving: t.saving, unsaved: t.unsaved, error: t.saveError, conflict: t.conflict }[status];
  return (
    <div className={`oz-save oz-save-${status}`} role="status" aria-live="polite" title={status === 'conflict' ? t.conflictText : (error ?? undefined)}>
      <span className="oz-save-dot" aria-hidden />
      <span className="oz-save-label">{label}</span>
      {status === 'error' && (
        <button type="button" className="oz-save-action" disabled={busy} onClick={() => run(() => api.getState().flush())}>
          {t.retry}
        </button>
      )}
      {status === 'conflict' && (
        <>
          <button type="button" className="oz-save-action" disabled={busy} onClick={() => run(() => api.getState().reloadFromServer())}>
            {t.reload}
          </button>
          <button type="button" className="oz-save-action" disabled={busy} onClick={() => run(() => api.getState().overwrite())}>
            {t.overwrite}
          </button>
        </>
      )}
    </div>
  );
}
