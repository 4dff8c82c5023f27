// Progress feedback: a spinner and a determinate progress bar.
export function Spinner({ size = 16, label }: { size?: number; label?: string }) {
  return (
    <span
      className="ui-spinner"
      style={{ width: size, height: size }}
      role={label ? 'status' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
    />
  );
}

/** `value` from 0 to 1; undefined for an indeterminate bar. */
export function ProgressBar({ value, label }: { value?: number; label: string }) {
  const pct = value === undefined ? undefined : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div
      className={['ui-progress', pct === undefined ? 'ui-progress--indeterminate' : ''].filter(Boolean).join(' ')}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
    >
      <div className="ui-progress__bar" style={pct === undefined ? undefined : { width: `${pct}%` }} />
    </div>
  );
}
