// Picking several items (departments of a user, members of a department): checkboxes, with a
// filter box once the list is long.
import { useState, type CSSProperties, type ReactNode } from 'react';
import { Field, SearchIcon, TextInput } from '../../ui/index.js';
import { fmt, useTexts } from '../i18n.js';
import { countText } from './parts.js';
import { settingsTexts } from './texts.js';

export interface CheckItem {
  id: string;
  label: string;
  color?: string;
  hint?: string;
}

const FILTER_FROM = 8;

export function CheckList({
  label,
  help,
  error,
  items,
  value,
  onChange,
  empty,
}: {
  label: string;
  help?: ReactNode;
  error?: string;
  items: readonly CheckItem[];
  value: readonly string[];
  onChange: (ids: string[]) => void;
  empty: string;
}) {
  const t = useTexts(settingsTexts);
  const [q, setQ] = useState('');
  const needle = q.trim().toLocaleLowerCase();
  const shown = needle ? items.filter((i) => i.label.toLocaleLowerCase().includes(needle) || i.hint?.toLocaleLowerCase().includes(needle)) : items;
  const toggle = (id: string, on: boolean) => onChange(on ? [...value.filter((v) => v !== id), id] : value.filter((v) => v !== id));
  return (
    <Field label={label} help={help} error={error} group aside={items.length ? <span className="muted">{countText(value.length, t.common.selectedNone, t.common.selectedOne, t.common.selectedMany)}</span> : null}>
      {items.length === 0 ? (
        <p className="st-checklist__empty muted">{empty}</p>
      ) : (
        <div className="st-checklist">
          {items.length >= FILTER_FROM ? (
            <div className="st-checklist__filter">
              <SearchIcon size={14} aria-hidden="true" />
              <TextInput size="sm" aria-label={`${t.common.filter}: ${label}`} placeholder={t.common.filter} value={q} onChange={setQ} />
            </div>
          ) : null}
          <ul>
            {shown.map((item) => (
              <li key={item.id}>
                <label className="st-check">
                  <input type="checkbox" checked={value.includes(item.id)} onChange={(e) => toggle(item.id, e.target.checked)} />
                  {item.color ? <span className="st-check__dot" style={{ '--chip': item.color } as CSSProperties} aria-hidden="true" /> : null}
                  <span className="st-check__label">{item.label}</span>
                  {item.hint ? <span className="st-check__hint muted">{item.hint}</span> : null}
                </label>
              </li>
            ))}
            {shown.length === 0 ? <li className="muted st-checklist__none">{fmt(t.common.noMatch, { q })}</li> : null}
          </ul>
        </div>
      )}
    </Field>
  );
}
