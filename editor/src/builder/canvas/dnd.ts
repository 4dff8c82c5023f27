// HTML5 drag and drop between the palette, block cards, groups and the empty canvas.

/** A block kind dragged from the palette. */
export const BLOCK_KIND_MIME = 'application/ozia-block';
/** An existing block dragged by its card. */
export const BLOCK_ID_MIME = 'application/ozia-block-id';

export function draggedBlock(dt: DataTransfer | null): 'kind' | 'id' | null {
  if (!dt) return null;
  const types = Array.from(dt.types);
  if (types.includes(BLOCK_KIND_MIME)) return 'kind';
  if (types.includes(BLOCK_ID_MIME)) return 'id';
  return null;
}

/** Slot between cards under the pointer: 0 = before the first card, n = after the last. */
export function dropIndexAt(list: HTMLElement, clientY: number): number {
  const cards = list.querySelectorAll<HTMLElement>(':scope > [data-block-card]');
  for (let i = 0; i < cards.length; i++) {
    const r = cards[i].getBoundingClientRect();
    if (clientY < r.top + r.height / 2) return i;
  }
  return cards.length;
}

/** Whether a key press belongs to a text field rather than to the canvas. */
export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || !el.tagName) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (el as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'range', 'color', 'file'].includes(type);
  }
  return false;
}
