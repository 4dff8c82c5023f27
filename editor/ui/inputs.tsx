// Text, multi-line text, number and select controls. Each is controlled (value + onChange with
// the new value, not the event) and reads its id / aria attributes from an enclosing Field.
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type InputHTMLAttributes,
  type KeyboardEvent,
  type Ref,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from 'react';
import { useFieldControl } from './Field.js';
import { ChevronDownIcon } from './icons.js';

const cx = (...c: (string | false | null | undefined)[]) => c.filter(Boolean).join(' ');

export interface TextInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'size'> {
  value: string;
  onChange(value: string): void;
  size?: 'sm' | 'md';
  ref?: Ref<HTMLInputElement>;
}

export function TextInput({ value, onChange, className, size = 'md', ref, ...rest }: TextInputProps) {
  const a11y = useFieldControl(rest);
  return (
    <input
      type="text"
      {...rest}
      {...a11y}
      ref={ref}
      className={cx('ui-input', size === 'sm' && 'ui-input--sm', className)}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export interface TextAreaProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> {
  value: string;
  onChange(value: string): void;
  /** Grows with its content up to `maxRows` (default on). */
  autoGrow?: boolean;
  minRows?: number;
  maxRows?: number;
  ref?: Ref<HTMLTextAreaElement>;
}

/** Fits a textarea's height to its content, between min and max rows. */
export function fitTextarea(el: HTMLTextAreaElement, minRows: number, maxRows: number) {
  const style = getComputedStyle(el);
  const line = parseFloat(style.lineHeight) || 20;
  const chrome = parseFloat(style.paddingTop) + parseFloat(style.paddingBottom) + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
  el.style.height = 'auto';
  const wanted = Math.min(Math.max(el.scrollHeight + parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth), minRows * line + chrome), maxRows * line + chrome);
  el.style.height = `${Math.ceil(wanted)}px`;
}

export function TextArea({ value, onChange, className, autoGrow = true, minRows = 3, maxRows = 16, ref, ...rest }: TextAreaProps) {
  const a11y = useFieldControl(rest);
  const inner = useRef<HTMLTextAreaElement | null>(null);
  useLayoutEffect(() => {
    if (autoGrow && inner.current) fitTextarea(inner.current, minRows, maxRows);
  }, [value, autoGrow, minRows, maxRows]);
  return (
    <textarea
      rows={minRows}
      {...rest}
      {...a11y}
      ref={(el) => {
        inner.current = el;
        if (typeof ref === 'function') ref(el);
        else if (ref) ref.current = el;
      }}
      className={cx('ui-input', 'ui-textarea', className)}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

export interface NumberInputProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'min' | 'max' | 'step' | 'size'> {
  /** undefined shows an empty box. */
  value: number | undefined;
  /** undefined when the box is emptied. */
  onChange(value: number | undefined): void;
  min?: number;
  max?: number;
  /** Whole numbers only. */
  integer?: boolean;
  step?: number;
  size?: 'sm' | 'md';
}

/** "1,5" and "1.5" both read as 1.5; "" is undefined; anything else is NaN. */
export function parseNumberInput(text: string): number | undefined {
  const t = text.trim().replace(/\s/g, '');
  if (!t) return undefined;
  const normalized = /^-?\d+,\d+$/.test(t) ? t.replace(',', '.') : t;
  return /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(normalized) ? Number(normalized) : NaN;
}

/**
 * A number box that accepts what people type mid-way ("-", "1,") without fighting them:
 * the text is kept as typed and the value is emitted whenever it reads as a number.
 * Arrow up / down step by `step`.
 */
export function NumberInput({ value, onChange, min, max, integer, step = 1, className, size = 'md', ...rest }: NumberInputProps) {
  const a11y = useFieldControl(rest);
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    const parsed = parseNumberInput(text);
    if (parsed !== value && !(Number.isNaN(parsed) && value === undefined)) setText(value === undefined ? '' : String(value));
    // Only an outside change of the value rewrites the text.
  }, [value]);
  const emit = (t: string) => {
    setText(t);
    const n = parseNumberInput(t);
    if (n === undefined) onChange(undefined);
    else if (!Number.isNaN(n)) onChange(n);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    rest.onKeyDown?.(e);
    if (e.defaultPrevented || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    e.preventDefault();
    const cur = parseNumberInput(text);
    const base = cur === undefined || Number.isNaN(cur) ? (min ?? 0) : cur;
    let next = base + (e.key === 'ArrowUp' ? step : -step) * (e.shiftKey ? 10 : 1);
    if (min !== undefined) next = Math.max(min, next);
    if (max !== undefined) next = Math.min(max, next);
    next = Number(next.toFixed(10));
    emit(String(next));
  };
  return (
    <input
      type="text"
      inputMode={integer ? 'numeric' : 'decimal'}
      autoComplete="off"
      {...rest}
      {...a11y}
      className={cx('ui-input', 'ui-number', size === 'sm' && 'ui-input--sm', className)}
      value={text}
      onChange={(e) => emit(e.target.value)}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        rest.onBlur?.(e);
        // A half-typed number ("-", "1.") falls back to the value it last meant.
        if (Number.isNaN(parseNumberInput(text))) setText(value === undefined ? '' : String(value));
      }}
    />
  );
}

export interface SelectOption {
  value: string;
  label: string;
  disabled?: boolean;
}

export interface SelectProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange' | 'size'> {
  value: string;
  onChange(value: string): void;
  options: readonly SelectOption[];
  /** An empty first choice with this text (value ""). */
  placeholder?: string;
  size?: 'sm' | 'md';
}

export function Select({ value, onChange, options, placeholder, className, size = 'md', ...rest }: SelectProps) {
  const a11y = useFieldControl(rest);
  const known = value === '' || options.some((o) => o.value === value);
  const hasEmpty = options.some((o) => o.value === '');
  return (
    <div className={cx('ui-select', size === 'sm' && 'ui-select--sm', className)}>
      <select {...rest} {...a11y} value={value} onChange={(e) => onChange(e.target.value)}>
        {!hasEmpty && (placeholder !== undefined || value === '') ? <option value="">{placeholder ?? ''}</option> : null}
        {!known ? <option value={value}>{value}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
      <ChevronDownIcon className="ui-select__chevron" size={16} />
    </div>
  );
}
