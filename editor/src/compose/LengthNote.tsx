// The counter and the refusal a composer shows under its text box when a message nears or
// passes the limit (see limit.ts).
import { fmt, useLocale, useTexts } from '../i18n.js';
import type { LengthCheck } from './limit.js';
import { composeTexts } from './texts.js';
import './compose.css';

export function LengthNote({ check, className }: { check: LengthCheck; className?: string }) {
  const t = useTexts(composeTexts);
  const locale = useLocale();
  if (check.count === null) return null;
  const n = (x: number) => x.toLocaleString(locale);
  const vars = { count: n(check.count), max: n(check.max), over: n(check.over) };
  return (
    <div className={`length-note${check.over ? ' is-over' : ''}${className ? ` ${className}` : ''}`}>
      {check.over ? (
        <span className="length-note__error" role="alert">
          {fmt(check.over === 1 ? t.tooLongOne : t.tooLong, vars)}
        </span>
      ) : null}
      <span className="length-note__count" aria-label={fmt(t.counterLabel, vars)}>
        {fmt(t.counter, vars)}
      </span>
    </div>
  );
}
