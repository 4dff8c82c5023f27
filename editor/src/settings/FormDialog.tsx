// A dialog holding one form: Enter in a field submits, Esc or Cancel closes. The buttons sit in
// the dialog's footer, tied to the form by its id.
import { useId, type ReactNode, type RefObject } from 'react';
import { Button } from '../../ui/index.js';
import { Modal } from '../dialog.js';
import { useTexts } from '../i18n.js';
import { settingsTexts } from './texts.js';

export function FormDialog({
  title,
  submitLabel,
  busy,
  onSubmit,
  onClose,
  formRef,
  wide,
  children,
}: {
  title: string;
  submitLabel: string;
  busy: boolean;
  onSubmit: () => void;
  /** Must keep its identity across renders: the dialog refocuses its first field when it changes. */
  onClose: () => void;
  formRef?: RefObject<HTMLFormElement | null>;
  wide?: boolean;
  children: ReactNode;
}) {
  const t = useTexts(settingsTexts);
  const id = useId();
  return (
    <Modal
      title={title}
      onClose={onClose}
      wide={wide}
      footer={
        <>
          <Button variant="ghost" onClick={onClose}>
            {t.common.cancel}
          </Button>
          <Button variant="primary" type="submit" form={id} loading={busy}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form
        id={id}
        ref={formRef}
        className="st-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        {children}
      </form>
    </Modal>
  );
}
