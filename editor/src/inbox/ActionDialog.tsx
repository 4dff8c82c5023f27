// The frame every inbox action dialog shares: Cancel / confirm, the confirm button busy while
// the server works, and the server's refusal shown in place (the dialog stays open to fix it).
import { useState, type ReactNode } from 'react';
import { Button } from '../../ui/index.js';
import { errorMessage } from '../api.js';
import { Modal } from '../dialog.js';
import { useTexts } from '../i18n.js';
import { inboxTexts } from './texts.js';

export function ActionDialog<T = void>({
  title,
  confirmLabel,
  ready = true,
  action,
  onClose,
  onDone,
  children,
}: {
  title: string;
  confirmLabel: string;
  ready?: boolean;
  /** Runs on confirm; a rejection's message is shown and the dialog stays. */
  action: () => Promise<T>;
  onClose(): void;
  onDone(result: T): void;
  children: ReactNode;
}) {
  const t = useTexts(inboxTexts);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const submit = async () => {
    if (!ready || busy) return;
    setBusy(true);
    setError('');
    try {
      onDone(await action());
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <Modal
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t.cancel}
          </Button>
          <Button variant="primary" loading={busy} disabled={!ready} onClick={submit}>
            {confirmLabel}
          </Button>
        </>
      }
    >
      {children}
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </Modal>
  );
}
