// Keyboard shortcuts of the Inbox. Single keys act only when focus is not in a text field.

/** True when typing there must not trigger single-key shortcuts. */
export function isTypingTarget(el: EventTarget | null): boolean {
  if (!el || typeof (el as HTMLElement).tagName !== 'string') return false;
  const e = el as HTMLElement;
  const tag = e.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = ((e as HTMLInputElement).type || 'text').toLowerCase();
    return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
  }
  return e.isContentEditable === true;
}

export type ShortcutAction = 'next' | 'previous' | 'focusComposer' | 'toggleNote' | 'help' | 'search';

/** The action a key press asks for, or null. */
export function shortcutFor(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>, typing: boolean): ShortcutAction | null {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'n') return 'toggleNote';
  if (typing || mod || e.altKey) return null;
  switch (e.key) {
    case 'j':
    case 'ArrowDown':
      return 'next';
    case 'k':
    case 'ArrowUp':
      return 'previous';
    case '/':
      return 'focusComposer';
    case '?':
      return 'help';
    case 'f':
      return 'search';
    default:
      return null;
  }
}

/** The shortcut list shown in the "?" help: keys pressed together, or alternatives when `or`. */
export const SHORTCUTS: { keys: string[]; or?: boolean; text: 'next' | 'previous' | 'focusComposer' | 'send' | 'newline' | 'toggleNote' | 'quickReplies' | 'mention' | 'close' | 'search' | 'help' | 'reply' }[] = [
  { keys: ['j', '↓'], or: true, text: 'next' },
  { keys: ['k', '↑'], or: true, text: 'previous' },
  { keys: ['/'], text: 'focusComposer' },
  { keys: ['f'], text: 'search' },
  { keys: ['Enter'], text: 'send' },
  { keys: ['Shift', 'Enter'], text: 'newline' },
  { keys: ['Ctrl/⌘', 'Shift', 'N'], text: 'toggleNote' },
  { keys: ['/…'], text: 'quickReplies' },
  { keys: ['@…'], text: 'mention' },
  { keys: ['R'], text: 'reply' },
  { keys: ['Esc'], text: 'close' },
  { keys: ['?'], text: 'help' },
];
