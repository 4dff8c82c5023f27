// Modal dialogs: focus goes in, Esc closes, the page behind is inert. `confirm()` asks before
// destroying anything.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

export function Modal({ title, children, onClose, footer, wide }: { title: string; children: ReactNode; onClose: () => void; footer?: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, textarea, select, button.primary, button.danger');
    first?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onClose();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      window.removeEventListener('keydown', onKey, true);
      prev?.focus?.();
    };
  }, [onClose]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className={`modal${wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-label={title} ref={ref}>
        <header>
          <h2>{title}</h2>
          <button className="modal-close" aria-label="×" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="modal-body">{children}</div>
        {footer && <footer>{footer}</footer>}
      </div>
    </div>
  );
}

/** Asks a yes/no question in a modal; resolves true when confirmed. */
export function confirmDialog(opts: { title: string; message: string; confirm: string; cancel: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    const done = (v: boolean) => {
      root.unmount();
      host.remove();
      resolve(v);
    };
    function Confirm() {
      const [busy] = useState(false);
      return (
        <Modal
          title={opts.title}
          onClose={() => done(false)}
          footer={
            <>
              <button className="ghost" onClick={() => done(false)}>
                {opts.cancel}
              </button>
              <button className={opts.danger ? 'danger' : 'primary'} disabled={busy} onClick={() => done(true)}>
                {opts.confirm}
              </button>
            </>
          }
        >
          <p>{opts.message}</p>
        </Modal>
      );
    }
    root.render(<Confirm />);
  });
}
