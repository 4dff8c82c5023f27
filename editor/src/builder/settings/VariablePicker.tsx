// A searchable select of the flow's variables that can also create one: type a new name and
// pick "Create variable “name”". Keyboard: arrows move, Enter picks, Esc closes, Tab leaves.
import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CheckIcon, ChevronDownIcon, CloseIcon, PlusIcon, Popover, VariableIcon, useFieldControl } from '../../../ui/index.js';
import { fmt } from '../../i18n.js';
import { useForm } from './context.js';
import { variableNameProblem } from './form-model.js';

export interface VariablePickerProps {
  value: string | undefined;
  onChange(id: string | undefined): void;
  /** Offers "None" to clear the choice. */
  clearable?: boolean;
  placeholder?: string;
  size?: 'sm' | 'md';
  id?: string;
  'aria-label'?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

type Row =
  | { type: 'none' }
  | { type: 'variable'; id: string; name: string }
  | { type: 'create'; name: string }
  | { type: 'problem'; text: string };

export function VariablePicker({ value, onChange, clearable, placeholder, size = 'md', ...rest }: VariablePickerProps) {
  const { t, variables, variableName, createVariable } = useForm();
  const a11y = useFieldControl(rest);
  const listId = useId();
  const wrap = useRef<HTMLDivElement | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [typed, setTyped] = useState(false);
  const [active, setActive] = useState(0);

  const selectedName = value ? variableName(value) : undefined;
  const dangling = !!value && selectedName === undefined;

  const rows = useMemo<Row[]>(() => {
    const q = typed ? query.trim() : '';
    const lower = q.toLowerCase();
    const matches = variables
      .filter((v) => !lower || v.name.toLowerCase().includes(lower))
      .sort((a, b) => {
        if (!lower) return 0;
        const as = a.name.toLowerCase().startsWith(lower) ? 0 : 1;
        const bs = b.name.toLowerCase().startsWith(lower) ? 0 : 1;
        return as - bs;
      });
    const out: Row[] = [];
    if (clearable && value && !q) out.push({ type: 'none' });
    out.push(...matches.map((v) => ({ type: 'variable' as const, id: v.id, name: v.name })));
    if (q && !variables.some((v) => v.name === q)) {
      const problem = variableNameProblem(q, variables);
      if (!problem) out.push({ type: 'create', name: q });
      else if (problem !== 'taken') out.push({ type: 'problem', text: problem === 'too_long' ? t.nameTooLong : problem === 'empty' ? t.nameEmpty : t.nameInvalid });
    }
    return out;
  }, [variables, query, typed, clearable, value, t]);

  const selectable = rows.map((r, i) => (r.type === 'problem' ? -1 : i)).filter((i) => i >= 0);

  const openList = () => {
    setQuery(selectedName ?? '');
    setTyped(false);
    const current = rows.findIndex((r) => r.type === 'variable' && r.id === value);
    setActive(current >= 0 ? current : 0);
    setOpen(true);
  };
  const close = () => {
    setOpen(false);
    setTyped(false);
  };
  const pick = (row: Row | undefined) => {
    if (!row) return;
    if (row.type === 'none') onChange(undefined);
    else if (row.type === 'variable') onChange(row.id);
    else if (row.type === 'create') onChange(createVariable(row.name.trim()));
    else return;
    close();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) return openList();
      const pos = selectable.indexOf(active);
      const next = e.key === 'ArrowDown' ? pos + 1 : pos - 1;
      setActive(selectable[(next + selectable.length) % Math.max(1, selectable.length)] ?? 0);
    } else if (e.key === 'Enter') {
      if (!open) return;
      e.preventDefault();
      pick(rows[active]);
    } else if (e.key === 'Escape') {
      if (!open) return;
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab') {
      close();
    }
  };

  const shown = open ? query : dangling ? '' : (selectedName ?? '');
  const optionId = (i: number) => `${listId}-o${i}`;

  return (
    <>
      <div
        ref={wrap}
        className={['bs-picker', size === 'sm' ? 'bs-picker--sm' : '', dangling ? 'bs-picker--dangling' : '', a11y['aria-invalid'] ? 'bs-picker--invalid' : '']
          .filter(Boolean)
          .join(' ')}
        onMouseDown={(e) => {
          if (e.target !== input.current) {
            e.preventDefault();
            input.current?.focus();
          }
        }}
        onClick={() => !open && openList()}
      >
        <VariableIcon className="bs-picker__icon" size={15} />
        <input
          ref={input}
          {...a11y}
          aria-label={rest['aria-label']}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={open && rows[active] ? optionId(active) : undefined}
          autoComplete="off"
          spellCheck={false}
          className="bs-picker__input"
          placeholder={dangling ? `⚠ ${t.deletedVariable}` : (placeholder ?? t.variablePlaceholder)}
          value={shown}
          onFocus={(e) => {
            const el = e.currentTarget;
            requestAnimationFrame(() => el.select());
          }}
          onBlur={close}
          onChange={(e) => {
            setQuery(e.target.value);
            setTyped(true);
            setActive(0);
            if (!open) setOpen(true);
          }}
          onKeyDown={onKeyDown}
        />
        {clearable && value && !open ? (
          <button
            type="button"
            className="bs-picker__clear"
            aria-label={t.clear}
            title={t.clear}
            tabIndex={-1}
            onMouseDown={(e) => e.stopPropagation()}
            onClick={(e) => {
              e.stopPropagation();
              onChange(undefined);
            }}
          >
            <CloseIcon size={14} />
          </button>
        ) : (
          <ChevronDownIcon className="bs-picker__chevron" size={16} />
        )}
      </div>
      <Popover open={open} anchor={wrap} onClose={close} matchWidth className="bs-listbox-pop">
        <ul
          id={listId}
          role="listbox"
          className="bs-listbox"
          aria-label={rest['aria-label'] ?? t.variableSearch}
          onMouseDown={(e) => e.preventDefault()}
        >
          {rows.map((row, i) => {
            const key = row.type === 'variable' ? row.id : `${row.type}-${i}`;
            const common = {
              id: optionId(i),
              onMouseEnter: () => row.type !== 'problem' && setActive(i),
            };
            if (row.type === 'problem') {
              return (
                <li key={key} {...common} role="presentation" className="bs-listbox__note bs-listbox__note--error">
                  {row.text}
                </li>
              );
            }
            const selected = row.type === 'variable' ? row.id === value : row.type === 'none' ? !value : false;
            return (
              <li
                key={key}
                {...common}
                role="option"
                aria-selected={i === active}
                className={['bs-listbox__option', i === active ? 'is-active' : '', row.type === 'create' ? 'bs-listbox__option--create' : ''].filter(Boolean).join(' ')}
                onClick={() => pick(row)}
              >
                {row.type === 'create' ? <PlusIcon size={14} /> : row.type === 'none' ? <CloseIcon size={14} /> : <VariableIcon size={14} />}
                <span className="bs-listbox__text">
                  {row.type === 'none' ? t.noVariable : row.type === 'create' ? fmt(t.createVariable, { name: row.name }) : row.name}
                </span>
                {selected ? <CheckIcon size={14} className="bs-listbox__check" /> : null}
              </li>
            );
          })}
          {rows.every((r) => r.type !== 'variable') ? (
            <li role="presentation" className="bs-listbox__note">
              {variables.length === 0 ? t.noVariables : t.noMatches}
            </li>
          ) : null}
        </ul>
      </Popover>
    </>
  );
}
