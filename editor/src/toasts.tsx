// Toasts: short notices in a corner. Errors stay until dismissed; others fade after 5 s.
// A toast may carry actions (e.g. "Reload" / "Overwrite" after a stale save).
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';

export type ToastKind = 'info' | 'success' | 'error' | 'warning';
export interface ToastAction {
  label: string;
  onClick: () => void;
}
export interface Toast {
  id: number;
  kind: ToastKind;
  text: string;
  actions?: ToastAction[];
}

interface ToastApi {
  show(kind: ToastKind, text: string, actions?: ToastAction[]): number;
  dismiss(id: number): void;
}

const Ctx = createContext<ToastApi | null>(null);
let nextId = 1;

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const dismiss = useCallback((id: number) => setToasts((ts) => ts.filter((t) => t.id !== id)), []);
  const show = useCallback(
    (kind: ToastKind, text: string, actions?: ToastAction[]) => {
      const id = nextId++;
      setToasts((ts) => [...ts.filter((t) => t.text !== text), { id, kind, text, actions }]);
      if (kind !== 'error' && !actions?.length) setTimeout(() => dismiss(id), 5000);
      return id;
    },
    [dismiss],
  );
  const api = useMemo(() => ({ show, dismiss }), [show, dismiss]);
  return (
    <Ctx.Provider value={api}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((t) => (
          <div key={t.id} className={`toast toast-${t.kind}`} role={t.kind === 'error' ? 'alert' : 'status'}>
            <span>{t.text}</span>
            {t.actions?.map((a) => (
              <button
                key={a.label}
                className="toast-action"
                onClick={() => {
                  dismiss(t.id);
                  a.onClick();
                }}
              >
                {a.label}
              </button>
            ))}
            <button className="toast-close" aria-label="×" onClick={() => dismiss(t.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </Ctx.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(Ctx);
  if (!api) throw new Error('useToast outside ToastProvider');
  return api;
}
