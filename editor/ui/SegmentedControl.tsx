// A row of mutually exclusive choices (radio group): arrows move the choice, Tab leaves.
import { useRef, type KeyboardEvent, type ReactNode } from 'react';
import { useFieldContext } from './Field.js';

export interface SegmentOption<V extends string> {
  value: V;
  label: ReactNode;
  icon?: ReactNode;
}

export interface SegmentedControlProps<V extends string> {
  value: V;
  onChange(value: V): void;
  options: readonly SegmentOption<V>[];
  /** Needed when not inside a labelled Field. */
  'aria-label'?: string;
  size?: 'sm' | 'md';
  className?: string;
}

export function SegmentedControl<V extends string>({ value, onChange, options, size = 'md', className, ...rest }: SegmentedControlProps<V>) {
  const field = useFieldContext();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(0, options.findIndex((o) => o.value === value));
  const onKeyDown = (e: KeyboardEvent) => {
    const delta = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = (index + delta + options.length) % options.length;
    onChange(options[next].value);
    refs.current[next]?.focus();
  };
  return (
    <div
      role="radiogroup"
      aria-label={rest['aria-label']}
      aria-labelledby={rest['aria-label'] ? undefined : field?.labelId}
      className={['ui-segmented', size === 'sm' ? 'ui-segmented--sm' : '', className ?? ''].filter(Boolean).join(' ')}
      onKeyDown={onKeyDown}
    >
      {options.map((o, i) => (
        <button
          key={o.value}
          ref={(el) => {
            refs.current[i] = el;
          }}
          type="button"
          role="radio"
          aria-checked={o.value === value}
          tabIndex={i === index ? 0 : -1}
          className="ui-segmented__option"
          onClick={() => onChange(o.value)}
        >
          {o.icon}
          <span>{o.label}</span>
        </button>
      ))}
    </div>
  );
}
