// A floating layer anchored to an element (or any rectangle, such as a text caret), drawn in a
// portal with fixed position so scrolling panels never clip it. It flips above the anchor when
// there is no room below. Menu builds a keyboard-driven action menu on it.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
} from 'react';
import { createPortal } from 'react-dom';
import { IconButton } from './Button.js';
import { MoreIcon } from './icons.js';

export type PopoverAnchor = RefObject<HTMLElement | null> | (() => DOMRect | null);

export interface PopoverProps {
  open: boolean;
  anchor: PopoverAnchor;
  /** Pointer down outside both the popover and the anchor. */
  onClose?(): void;
  children: ReactNode;
  /** Same width as the anchor (lists under an input). */
  matchWidth?: boolean;
  align?: 'start' | 'end';
  className?: string;
  id?: string;
  role?: string;
  'aria-label'?: string;
  /** Space between anchor and popover, in px. */
  offset?: number;
}

function anchorRect(anchor: PopoverAnchor): DOMRect | null {
  if (typeof anchor === 'function') return anchor();
  return anchor.current?.getBoundingClientRect() ?? null;
}

export function Popover({ open, anchor, onClose, children, matchWidth, align = 'start', className, id, role, offset = 4, ...rest }: PopoverProps) {
  const ref = useRef<HTMLDivElement | null>(null);

  // Placed imperatively: measuring and moving must not re-render the content.
  const place = useCallback(() => {
    const r = anchorRect(anchor);
    const el = ref.current;
    if (!r || !el) return;
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const margin = 8;
    el.style.maxHeight = '';
    const width = matchWidth ? r.width : el.offsetWidth;
    const below = vh - r.bottom - offset - margin;
    const above = r.top - offset - margin;
    const natural = el.scrollHeight;
    const flip = natural > below && above > below;
    let left = align === 'end' ? r.right - width : r.left;
    left = Math.max(margin, Math.min(left, vw - width - margin));
    el.style.position = 'fixed';
    el.style.left = `${left}px`;
    el.style.top = flip ? '' : `${r.bottom + offset}px`;
    el.style.bottom = flip ? `${vh - r.top + offset}px` : '';
    el.style.maxHeight = `${Math.max(120, flip ? above : below)}px`;
    if (matchWidth) el.style.width = `${width}px`;
    el.style.visibility = 'visible';
  }, [anchor, matchWidth, align, offset]);

  useLayoutEffect(() => {
    if (open) place();
  });

  useEffect(() => {
    if (!open) return;
    const onMove = () => place();
    window.addEventListener('scroll', onMove, true);
    window.addEventListener('resize', onMove);
    return () => {
      window.removeEventListener('scroll', onMove, true);
      window.removeEventListener('resize', onMove);
    };
  }, [open, place]);

  useEffect(() => {
    if (!open || !onClose) return;
    const onDown = (e: PointerEvent) => {
      const t = e.target as Node;
      if (ref.current?.contains(t)) return;
      if (typeof anchor !== 'function' && anchor.current?.contains(t)) return;
      onClose();
    };
    document.addEventListener('pointerdown', onDown, true);
    return () => document.removeEventListener('pointerdown', onDown, true);
  }, [open, onClose, anchor]);

  if (!open || typeof document === 'undefined') return null;
  return createPortal(
    <div ref={ref} id={id} role={role} aria-label={rest['aria-label']} className={['ui-popover', className ?? ''].filter(Boolean).join(' ')} style={{ position: 'fixed', visibility: 'hidden', top: 0, left: 0 }}>
      {children}
    </div>,
    document.body,
  );
}

export interface MenuItem {
  label: string;
  icon?: ReactNode;
  onSelect(): void;
  danger?: boolean;
  disabled?: boolean;
}

export interface MenuProps {
  /** The trigger's accessible name. */
  label: string;
  items: readonly MenuItem[];
  /** The trigger's content; a "⋯" icon by default. */
  icon?: ReactNode;
  align?: 'start' | 'end';
  size?: 'sm' | 'md';
}

/** An icon button that opens a menu: arrows, Home/End move, Enter/Space pick, Esc closes. */
export function Menu({ label, items, icon, align = 'end', size = 'md' }: MenuProps) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement | null>(null);
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const enabled = items.map((it, i) => (it.disabled ? -1 : i)).filter((i) => i >= 0);

  useEffect(() => {
    if (open) requestAnimationFrame(() => itemRefs.current[enabled[0]]?.focus());
    // Focus the first item once, when the menu opens.
    // (enabled is derived from items and stable while open)
  }, [open]);

  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) trigger.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const current = itemRefs.current.findIndex((el) => el === document.activeElement);
    const pos = enabled.indexOf(current);
    const go = (i: number) => itemRefs.current[enabled[(i + enabled.length) % enabled.length]]?.focus();
    if (e.key === 'ArrowDown') go(pos + 1);
    else if (e.key === 'ArrowUp') go(pos - 1);
    else if (e.key === 'Home') go(0);
    else if (e.key === 'End') go(enabled.length - 1);
    else if (e.key === 'Escape') close(true);
    else if (e.key === 'Tab') close(false);
    else return;
    if (e.key !== 'Tab') e.preventDefault();
  };
  return (
    <>
      <IconButton
        ref={trigger}
        label={label}
        size={size}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' && !open) {
            e.preventDefault();
            setOpen(true);
          }
        }}
      >
        {icon ?? <MoreIcon size={18} strokeWidth={3.2} />}
      </IconButton>
      <Popover open={open} anchor={trigger} onClose={() => close(false)} align={align} role="menu" aria-label={label} className="ui-menu">
        <div onKeyDown={onKeyDown}>
          {items.map((it, i) => (
            <button
              key={it.label}
              ref={(el) => {
                itemRefs.current[i] = el;
              }}
              type="button"
              role="menuitem"
              tabIndex={-1}
              disabled={it.disabled}
              className={['ui-menu__item', it.danger ? 'ui-menu__item--danger' : ''].filter(Boolean).join(' ')}
              onClick={() => {
                close(true);
                it.onSelect();
              }}
            >
              {it.icon}
              <span>{it.label}</span>
            </button>
          ))}
        </div>
      </Popover>
    </>
  );
}
