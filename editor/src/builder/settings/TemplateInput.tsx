// A text box for Handlebars templates. A mirror layer behind a transparent textarea colours each
// `{{name}}`: known variables in the accent colour, unknown ones in the error colour. Typing `{{`
// opens a completion list of variable names (arrows, Enter or Tab to insert, Esc to close).
import { useId, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { Popover, VariableIcon, fitTextarea, useFieldControl } from '../../../ui/index.js';
import { fmt } from '../../i18n.js';
import { useForm } from './context.js';
import { applyCompletion, completionItems, completionQuery, knownTemplateNames, tokenizeTemplate, variableNameProblem } from './form-model.js';

export interface TemplateInputProps {
  value: string;
  onChange(value: string): void;
  placeholder?: string;
  /** Rows shown when empty; the box grows with its content. */
  minRows?: number;
  /** One line: Enter does not add a line break. */
  singleLine?: boolean;
  /** Shows the formatting hint and the unknown-variable note under the box. */
  showHint?: boolean;
  maxLength?: number;
  size?: 'sm' | 'md';
  id?: string;
  'aria-label'?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

interface Completion {
  start: number;
  query: string;
  items: string[];
  active: number;
}

const MAX_ROWS = 18;

export function TemplateInput({ value, onChange, placeholder, minRows = 3, singleLine, showHint = true, maxLength, size = 'md', ...rest }: TemplateInputProps) {
  const { t, variables, createVariable, kind } = useForm();
  const a11y = useFieldControl(rest);
  const listId = useId();
  const area = useRef<HTMLTextAreaElement | null>(null);
  const mirror = useRef<HTMLDivElement | null>(null);
  const measure = useRef<HTMLDivElement | null>(null);
  const marker = useRef<HTMLSpanElement | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const [completion, setCompletion] = useState<Completion | null>(null);
  const [caret, setCaret] = useState(0);
  /** `{{` positions whose list was dismissed with Esc; it stays closed until the caret leaves. */
  const dismissed = useRef<number | null>(null);
  const [overflowing, setOverflowing] = useState(false);

  const names = useMemo(() => variables.map((v) => v.name), [variables]);
  // The block's own names ({{position}} in the Agent block) are known and offered, never "created".
  const known = useMemo(() => knownTemplateNames(names, kind), [names, kind]);
  const offered = useMemo(() => [...known], [known]);
  const segments = useMemo(() => tokenizeTemplate(value, known), [value, known]);
  const unknown = useMemo(() => [...new Set(segments.flatMap((s) => (s.kind === 'ref' ? s.unknown.map((n) => n.split('.')[0]) : [])))], [segments]);

  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    fitTextarea(el, singleLine ? 1 : minRows, MAX_ROWS);
    setOverflowing(el.scrollHeight > el.clientHeight + 1);
    if (pendingCaret.current !== null) {
      el.setSelectionRange(pendingCaret.current, pendingCaret.current);
      pendingCaret.current = null;
    }
    if (mirror.current) mirror.current.scrollTop = el.scrollTop;
    if (measure.current) measure.current.scrollTop = el.scrollTop;
  });

  const refresh = (text: string, pos: number) => {
    setCaret(pos);
    const q = completionQuery(text, pos);
    if (!q || dismissed.current === q.start) {
      if (!q) dismissed.current = null;
      setCompletion(null);
      return;
    }
    const items = completionItems(q.query, offered);
    setCompletion((prev) => ({ start: q.start, query: q.query, items, active: prev && prev.start === q.start ? Math.min(prev.active, Math.max(0, items.length - 1)) : 0 }));
  };

  const insert = (name: string) => {
    const el = area.current;
    if (!el || !completion) return;
    const res = applyCompletion(value, el.selectionStart, completion.start, name);
    pendingCaret.current = res.caret;
    setCompletion(null);
    onChange(res.text);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (completion && completion.items.length) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const n = completion.items.length;
        setCompletion({ ...completion, active: (completion.active + (e.key === 'ArrowDown' ? 1 : -1) + n) % n });
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        insert(completion.items[completion.active]);
        return;
      }
    }
    if (completion && e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      dismissed.current = completion.start;
      setCompletion(null);
      return;
    }
    if (singleLine && e.key === 'Enter') e.preventDefault();
  };

  /** The "insert variable" button: types `{{` at the caret, which opens the list. */
  const startInsert = () => {
    const el = area.current;
    if (!el) return;
    const start = el.selectionStart ?? value.length;
    const end = el.selectionEnd ?? start;
    const next = `${value.slice(0, start)}{{${value.slice(end)}`;
    pendingCaret.current = start + 2;
    dismissed.current = null;
    onChange(next);
    el.focus();
    requestAnimationFrame(() => refresh(next, start + 2));
  };

  const rendered: ReactNode[] = segments.map((s, i) =>
    s.kind === 'text' ? (
      <span key={i}>{s.text}</span>
    ) : (
      <mark key={i} className={`bs-tpl__ref bs-tpl__ref--${s.status}`}>
        {s.text}
      </mark>
    ),
  );

  const open = !!completion && completion.items.length > 0;
  const classes = ['bs-tpl', size === 'sm' ? 'bs-tpl--sm' : '', a11y['aria-invalid'] ? 'bs-tpl--invalid' : '', overflowing ? 'bs-tpl--overflow' : '']
    .filter(Boolean)
    .join(' ');
  const length = [...value].length;

  return (
    <div className="bs-tpl-field">
      <div className={classes}>
        <div ref={mirror} className="bs-tpl__mirror" aria-hidden="true">
          {rendered}
          {'\u200b'}
        </div>
        {open ? (
          <div ref={measure} className="bs-tpl__mirror bs-tpl__measure" aria-hidden="true">
            {value.slice(0, caret)}
            <span ref={marker}>{'\u200b'}</span>
          </div>
        ) : null}
        <textarea
          ref={area}
          {...a11y}
          aria-label={rest['aria-label']}
          aria-autocomplete="list"
          aria-controls={open ? listId : undefined}
          aria-activedescendant={open ? `${listId}-${completion!.active}` : undefined}
          rows={singleLine ? 1 : minRows}
          className="bs-tpl__input"
          spellCheck={!singleLine}
          placeholder={placeholder}
          value={value}
          onChange={(e) => {
            onChange(e.target.value);
            refresh(e.target.value, e.target.selectionStart);
          }}
          onSelect={(e) => refresh(e.currentTarget.value, e.currentTarget.selectionStart)}
          onBlur={() => setCompletion(null)}
          onScroll={(e) => {
            if (mirror.current) mirror.current.scrollTop = e.currentTarget.scrollTop;
            if (measure.current) measure.current.scrollTop = e.currentTarget.scrollTop;
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <Popover
        open={open}
        anchor={() => marker.current?.getBoundingClientRect() ?? area.current?.getBoundingClientRect() ?? null}
        onClose={() => setCompletion(null)}
        className="bs-listbox-pop bs-completion"
      >
        <ul id={listId} role="listbox" className="bs-listbox" aria-label={t.insertVariable} onMouseDown={(e) => e.preventDefault()}>
          {completion?.items.map((name, i) => {
            const builtin = name === 'contact.name' ? t.contactName : name === 'contact.phone' ? t.contactPhone : null;
            return (
              <li
                key={name}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === completion.active}
                className={['bs-listbox__option', i === completion.active ? 'is-active' : ''].filter(Boolean).join(' ')}
                onMouseEnter={() => setCompletion({ ...completion, active: i })}
                onClick={() => insert(name)}
              >
                <VariableIcon size={14} />
                <span className="bs-listbox__text bs-mono">{name}</span>
                {builtin ? <span className="bs-listbox__meta">{builtin}</span> : null}
              </li>
            );
          })}
        </ul>
      </Popover>
      {showHint || unknown.length || (maxLength && length > maxLength * 0.8) ? (
        <div className="bs-tpl__foot">
          {unknown.length ? (
            <p className="bs-tpl__unknown">
              {fmt(t.unknownReference, { names: unknown.join(', ') })}
              {unknown
                .filter((n) => !variableNameProblem(n, variables))
                .slice(0, 3)
                .map((n) => (
                  <button key={n} type="button" className="bs-inline-action" onClick={() => createVariable(n)}>
                    {fmt(t.createVariable, { name: n })}
                  </button>
                ))}
            </p>
          ) : null}
          <div className="bs-tpl__hintrow">
            {showHint ? <span className="bs-tpl__hint">{t.templateHint}</span> : <span />}
            <span className="bs-tpl__tools">
              {maxLength && length > maxLength * 0.8 ? (
                <span className={['bs-tpl__count', length > maxLength ? 'is-over' : ''].filter(Boolean).join(' ')}>
                  {length}/{maxLength}
                </span>
              ) : null}
              {showHint ? (
                <button type="button" className="bs-tpl__insert" onClick={startInsert} title={t.insertVariable} aria-label={t.insertVariable}>
                  {'{ }'}
                </button>
              ) : null}
            </span>
          </div>
        </div>
      ) : null}
    </div>
  );
}
