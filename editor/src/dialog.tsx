// Modal dialogs: focus goes in, Esc closes, the page behind is inert. `confirm()` asks before
// destroying anything.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

/** Open dialogs, innermost last. */
const openDialogs: object[] = [];

export function Modal({ title, children, onClose, footer, wide }: { title: string; children: ReactNode; onClose: () => void; footer?: ReactNode; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;
  // Once per opening: re-renders must neither steal focus nor move this dialog up the stack.
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    const first = ref.current?.querySelector<HTMLElement>('input, textarea, select, button.primary, button.danger');
    first?.focus();
    // Only the topmost dialog answers Escape: a confirmation over a form closes alone.
    const layer = {};
    openDialogs.push(layer);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && openDialogs[openDialogs.length - 1] === layer) {
        e.stopPropagation();
        closeRef.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => {
      openDialogs.splice(openDialogs.indexOf(layer), 1);
      window.removeEventListener('keydown', onKey, true);
      prev?.focus?.();
    };
  }, []);
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
