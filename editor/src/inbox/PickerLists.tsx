// The composer's floating lists: quick replies (`/`), colleagues (`@`) and emoji. The lists are
// driven from the textarea (arrows, Enter, Tab, Esc), so typing never leaves it.
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import { Popover } from '../../ui/index.js';
import { useTexts } from '../i18n.js';
import { initials } from './format.js';
import { inboxTexts } from './texts.js';
import type { Person, QuickReply } from './types.js';

export function PickerList<T>({
  id,
  label,
  items,
  active,
  onActive,
  onChoose,
  render,
  empty,
  hint,
  keyOf,
}: {
  id: string;
  label: string;
  items: readonly T[];
  active: number;
  onActive(i: number): void;
  onChoose(item: T): void;
  render(item: T): ReactNode;
  empty: string;
  hint?: string;
  keyOf(item: T): string;
}) {
  const list = useRef<HTMLUListElement | null>(null);
  useEffect(() => {
    list.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [active]);
  return (
    <div className="ib-picker">
      <div className="ib-picker__head">
        <span>{label}</span>
        {hint ? <span className="ib-muted">{hint}</span> : null}
      </div>
      {items.length ? (
        <ul className="ib-picker__list" role="listbox" id={id} aria-label={label} ref={list}>
          {items.map((item, i) => (
            <li
              key={keyOf(item)}
              id={`${id}-${i}`}
              data-index={i}
              role="option"
              aria-selected={i === active}
              className={`ib-picker__item${i === active ? ' is-active' : ''}`}
              onMouseEnter={() => onActive(i)}
              onMouseDown={(e) => {
                // Keep the focus (and caret) in the textarea.
                e.preventDefault();
                onChoose(item);
              }}
            >
              {render(item)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="ib-picker__empty">{empty}</p>
      )}
    </div>
  );
}

export function QuickReplyItem({ r }: { r: QuickReply }) {
  return (
    <>
      <span className="ib-qr__top">
        <code className="ib-qr__shortcut">/{r.shortcut}</code>
        <strong className="ib-qr__title">{r.title}</strong>
        {r.fileId ? <span aria-hidden>📎</span> : null}
      </span>
      {r.body ? <span className="ib-qr__body">{r.body}</span> : null}
    </>
  );
}

export function PersonItem({ p }: { p: Person }) {
  const t = useTexts(inboxTexts);
  return (
    <span className="ib-person">
      <span className="ib-avatar ib-avatar--sm" aria-hidden>
        {initials(p.name)}
      </span>
      <span className="ib-person__name">{p.name}</span>
      <span className={`ib-presence ib-presence--${p.status}`} aria-hidden />
      <span className="ib-muted ib-person__status">{t.statuses[p.status]}</span>
    </span>
  );
}

const EMOJI = [
  '😀', '😁', '😂', '🤣', '😊', '😍', '😘', '😉', '😎', '🤩', '🙂', '🤔', '😅', '😢', '😭', '😡',
  '😴', '🤗', '🙏', '👍', '👎', '👏', '🙌', '👋', '🤝', '💪', '✌️', '👌', '❤️', '💙', '💚', '💛',
  '🔥', '✨', '🎉', '🎁', '✅', '❌', '⚠️', '⏳', '📞', '📦', '🚚', '💳', '💰', '📅', '📍', '📎',
];

export function EmojiPicker({ open, anchor, onClose, onPick }: { open: boolean; anchor: RefObject<HTMLElement | null>; onClose(): void; onPick(e: string): void }) {
  const t = useTexts(inboxTexts);
  const grid = useRef<HTMLDivElement | null>(null);
  useEffect(() => {
    if (open) requestAnimationFrame(() => grid.current?.querySelector<HTMLButtonElement>('button')?.focus());
  }, [open]);
  return (
    <Popover open={open} anchor={anchor} onClose={onClose} role="dialog" aria-label={t.emoji} className="ib-emoji">
      <div
        ref={grid}
        className="ib-emoji__grid"
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            onClose();
            return;
          }
          const buttons = [...(grid.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
          const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
          const cols = 8;
          const d = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : e.key === 'ArrowDown' ? cols : e.key === 'ArrowUp' ? -cols : 0;
          if (!d || i < 0) return;
          e.preventDefault();
          buttons[Math.max(0, Math.min(buttons.length - 1, i + d))]?.focus();
        }}
      >
        {EMOJI.map((e) => (
          <button key={e} type="button" className="ib-emoji__btn" onClick={() => onPick(e)} aria-label={e}>
            {e}
          </button>
        ))}
      </div>
    </Popover>
  );
}
