// Pieces every Settings section uses: the header, loading / error / empty states, color chips
// and status dots, and the wording of validation issues.
import type { CSSProperties, ReactNode } from 'react';
import { Button, Spinner } from '../../ui/index.js';
import { fmt, useTexts } from '../i18n.js';
import { settingsTexts, type SettingsTexts } from './texts.js';
import type { Loaded } from './useLoad.js';

export function SectionHeader({ title, subtitle, actions }: { title: string; subtitle: string; actions?: ReactNode }) {
  return (
    <header className="st-head">
      <div>
        <h2>{title}</h2>
        <p className="muted">{subtitle}</p>
      </div>
      {actions ? <div className="st-head__actions">{actions}</div> : null}
    </header>
  );
}

/** Spinner on the first load, an error with retry when it fails, the content once there is data. */
export function LoadGate<T>({ loaded, children }: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  const t = useTexts(settingsTexts);
  if (loaded.data === undefined) {
    if (loaded.error) {
      return (
        <div className="st-state" role="alert">
          <p>{fmt(t.common.loadError, { error: loaded.error })}</p>
          <Button variant="primary" onClick={() => void loaded.reload()}>
            {t.common.retry}
          </Button>
        </div>
      );
    }
    return (
      <div className="st-state">
        <Spinner size={22} label={t.common.loading} />
        <span className="muted">{t.common.loading}</span>
      </div>
    );
  }
  return (
    <>
      {loaded.error ? (
        <div className="st-banner" role="alert">
          <span>{fmt(t.common.reloadError, { error: loaded.error })}</span>
          <Button size="sm" variant="secondary" onClick={() => void loaded.reload()}>
            {t.common.retry}
          </Button>
        </div>
      ) : null}
      {children(loaded.data)}
    </>
  );
}

export function EmptyState({ icon, title, text, action }: { icon: ReactNode; title: string; text: string; action?: ReactNode }) {
  return (
    <div className="st-empty">
      <div className="st-empty__icon" aria-hidden="true">
        {icon}
      </div>
      <h3>{title}</h3>
      <p className="muted">{text}</p>
      {action}
    </div>
  );
}

/** A name on its color: departments, tags. */
export function Chip({ color, children, title }: { color: string; children: ReactNode; title?: string }) {
  return (
    <span className="st-chip" style={{ '--chip': color } as CSSProperties} title={title}>
      {children}
    </span>
  );
}

export function StatusDot({ status, label }: { status: 'online' | 'away' | 'offline'; label: string }) {
  return (
    <span className="st-status">
      <span className={`st-status__dot st-status__dot--${status}`} aria-hidden="true" />
      {label}
    </span>
  );
}

/** The text for an issue code from validate.ts or hours.ts ("tooLong:80" carries its limit). */
export function issueText(t: SettingsTexts, code: string | undefined): string | undefined {
  if (!code) return undefined;
  if (code.startsWith('tooLong:')) return fmt(t.issues.tooLong, { max: code.slice('tooLong:'.length) });
  if (code === 'tooLong') return fmt(t.issues.tooLong, { max: 80 });
  return (t.issues as Record<string, string>)[code] ?? code;
}

/** "Nenhum membro" / "1 membro" / "3 membros". */
export function countText(n: number, none: string, one: string, many: string): string {
  return n === 0 ? none : n === 1 ? one : fmt(many, { n });
}

/** Help text with {{variables}} shown as code. */
export function WithVariables({ text }: { text: string }) {
  const parts = text.split(/({{[^}]+}})/g);
  return (
    <>
      {parts.map((p, i) =>
        p.startsWith('{{') ? (
          <code key={i} className="st-var">
            {p}
          </code>
        ) : (
          p
        ),
      )}
    </>
  );
}
