// Tags on a conversation: chips with a remove button, and a picker to add one (or create a new
// tag from what was typed). Each change saves at once.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CheckIcon, CloseIcon, PlusIcon, Popover } from '../../ui/index.js';
import { api, errorMessage } from '../api.js';
import { fmt, useTexts } from '../i18n.js';
import { useToast } from '../toasts.js';
import { colorFor, fold } from './format.js';
import { stepIndex } from './pickers.js';
import { useInboxRefs } from './refs.js';
import { inboxTexts } from './texts.js';
import type { Conversation } from './types.js';

export function TagPicker({ conv, onChanged }: { conv: Conversation; onChanged(tags: Conversation['tags']): void }) {
  const t = useTexts(inboxTexts);
  const toast = useToast();
  const { tags: all, reloadTags } = useInboxRefs();
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [busy, setBusy] = useState(false);
  const btn = useRef<HTMLButtonElement | null>(null);
  const input = useRef<HTMLInputElement | null>(null);
  const selected = new Set(conv.tags.map((x) => x.id));

  useEffect(() => {
    if (!open) return;
    setQuery('');
    setActive(0);
    void reloadTags().catch(() => undefined);
    requestAnimationFrame(() => input.current?.focus());
  }, [open, reloadTags]);

  const q = query.trim();
  const matches = useMemo(() => all.filter((x) => fold(x.name).includes(fold(q))), [all, q]);
  const canCreate = !!q && !all.some((x) => fold(x.name) === fold(q));
  const options: ({ kind: 'tag'; id: string; name: string; color: string } | { kind: 'create'; name: string })[] = [
    ...matches.map((x) => ({ kind: 'tag' as const, ...x })),
    ...(canCreate ? [{ kind: 'create' as const, name: q }] : []),
  ];

  const save = async (ids: string[], known = all) => {
    setBusy(true);
    try {
      await api.inbox.setTags.mutate({ id: conv.id, tagIds: ids });
      onChanged(known.filter((x) => ids.includes(x.id)).map(({ id, name, color }) => ({ id, name, color })).sort((a, b) => a.name.localeCompare(b.name)));
    } catch (e) {
      toast.show('error', errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const toggle = (id: string) => void save(selected.has(id) ? [...selected].filter((x) => x !== id) : [...selected, id]);
  const create = async (name: string) => {
    setBusy(true);
    try {
      const tag = await api.inbox.tags.create.mutate({ name, color: colorFor(name) });
      const fresh = await reloadTags();
      setQuery('');
      await save([...selected, tag.id], fresh.some((x) => x.id === tag.id) ? fresh : [...fresh, tag]);
    } catch (e) {
      toast.show('error', errorMessage(e));
      setBusy(false);
    }
  };
  const choose = (i: number) => {
    const o = options[i];
    if (!o) return;
    if (o.kind === 'create') void create(o.name);
    else toggle(o.id);
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setActive((i) => stepIndex(i, e.key === 'ArrowDown' ? 1 : -1, options.length));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
      btn.current?.focus();
    }
  };

  return (
    <div className="ib-tags" role="group" aria-label={t.tags}>
      {conv.tags.map((tag) => (
        <span key={tag.id} className="ib-chip ib-chip--tag" style={{ ['--tag' as string]: tag.color }}>
          {tag.name}
          <button type="button" className="ib-chip__x" aria-label={fmt(t.removeTag, { name: tag.name })} disabled={busy} onClick={() => toggle(tag.id)}>
            <CloseIcon size={11} />
          </button>
        </span>
      ))}
      <button ref={btn} type="button" className="ib-addtag" aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        <PlusIcon size={12} /> {t.addTag}
      </button>
      <Popover open={open} anchor={btn} onClose={() => setOpen(false)} role="dialog" aria-label={t.addTag} className="ib-tagpop">
        <input
          ref={input}
          className="ui-input ui-input--sm"
          aria-label={t.tagSearch}
          placeholder={t.tagSearch}
          value={query}
          maxLength={40}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKey}
          aria-controls="ib-tagpop-list"
          aria-activedescendant={options.length ? `ib-tagopt-${active}` : undefined}
        />
        <ul className="ib-tagpop__list" role="listbox" id="ib-tagpop-list" aria-label={t.tags} aria-multiselectable="true">
          {options.map((o, i) => (
            <li
              key={o.kind === 'tag' ? o.id : '__create'}
              id={`ib-tagopt-${i}`}
              role="option"
              aria-selected={o.kind === 'tag' ? selected.has(o.id) : false}
              className={`ib-tagpop__item${i === active ? ' is-active' : ''}`}
              onMouseEnter={() => setActive(i)}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
            >
              {o.kind === 'tag' ? (
                <>
                  <span className="ib-dot" style={{ background: o.color }} aria-hidden />
                  <span className="ib-tagpop__name">{o.name}</span>
                  {selected.has(o.id) ? <CheckIcon size={14} /> : null}
                </>
              ) : (
                <>
                  <PlusIcon size={14} />
                  <span className="ib-tagpop__name">{fmt(t.createTag, { name: o.name })}</span>
                </>
              )}
            </li>
          ))}
          {!options.length ? <li className="ib-picker__empty">{t.noTags}</li> : null}
        </ul>
      </Popover>
    </div>
  );
}
