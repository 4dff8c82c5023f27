// Keyboard shortcuts of the canvas. They act on the whole page, except while the focus is in a
// text field (there Ctrl+Z, Delete and Ctrl+C belong to the field) or a dialog is open over
// the canvas (Delete there must not remove blocks behind it). A read-only canvas has none.
//
// The clipboard: copy writes the clipboard JSON as text (the `copy` event when the browser sends
// one, navigator.clipboard otherwise), so it pastes into another flow or tab; paste reads the
// `paste` event's text, then navigator.clipboard, then what this tab copied last.
import { useEffect } from 'react';
import { isClipboard, parseClipboard, type Clipboard, type XY } from '../ops.js';
import { useBuilderApi } from '../store.js';
import { isTyping } from './dnd.js';

/** What this tab copied last: the fallback when the system clipboard cannot be read. */
let tabClipboard: Clipboard | null = null;

/** An open modal dialog holds the keyboard, whatever the focus. */
const dialogOpen = () => !!document.querySelector('[role="dialog"][aria-modal="true"]');

export function useCanvasShortcuts(pastePoint: () => XY, enabled = true) {
  const api = useBuilderApi();

  useEffect(() => {
    if (!enabled) return;
    let copyText: { text: string; at: number } | null = null;
    let pendingPaste: { at: XY; timer: ReturnType<typeof setTimeout> } | null = null;
    let lastPaste: { x: number; y: number; n: number } | null = null;

    const writeClipboard = (clip: Clipboard) => {
      tabClipboard = clip;
      const text = JSON.stringify(clip);
      copyText = { text, at: Date.now() };
      navigator.clipboard?.writeText(text).catch(() => {});
    };

    const doPaste = (clip: Clipboard | null, at: XY) => {
      if (!clip || !isClipboard(clip)) return;
      // Pasting again at the same spot cascades instead of stacking exactly on top.
      if (lastPaste && Math.abs(lastPaste.x - at.x) < 2 && Math.abs(lastPaste.y - at.y) < 2) lastPaste.n += 1;
      else lastPaste = { x: at.x, y: at.y, n: 0 };
      const shift = lastPaste.n * 32;
      api.getState().paste(clip, { x: Math.round(at.x + shift), y: Math.round(at.y + shift) });
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTyping(e.target) || dialogOpen()) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const s = api.getState();
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) s.redo();
        else s.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        s.redo();
      } else if (!mod && (key === 'delete' || key === 'backspace')) {
        const sel = s.selection;
        if (sel.groups.size || sel.blocks.size || sel.edges.size) {
          e.preventDefault();
          s.deleteSelection();
        }
      } else if (mod && (key === 'c' || key === 'x') && !e.shiftKey && !e.altKey) {
        if (window.getSelection()?.toString()) return; // the user is copying text from the page
        const clip = key === 'x' ? s.cut() : s.copy();
        if (clip) writeClipboard(clip);
      } else if (mod && key === 'v' && !e.altKey) {
        // The `paste` event carries the clipboard without a permission prompt; wait for it briefly.
        const at = pastePoint();
        if (pendingPaste) clearTimeout(pendingPaste.timer);
        const timer = setTimeout(async () => {
          pendingPaste = null;
          let clip: Clipboard | null = null;
          try {
            const perm = await navigator.permissions?.query({ name: 'clipboard-read' as PermissionName });
            if (perm?.state === 'granted') clip = parseClipboard(await navigator.clipboard.readText());
          } catch {
            // not readable: use this tab's
          }
          doPaste(clip ?? tabClipboard, at);
        }, 120);
        pendingPaste = { at, timer };
      } else if (mod && key === 'd') {
        e.preventDefault();
        s.duplicate();
      } else if (mod && key === 'a') {
        e.preventDefault();
        s.select({ groups: s.doc.groups.map((g) => g.id), blocks: [], edges: [] });
      } else if (key === 'escape') {
        s.clearSelection();
      }
    };

    const onCopy = (e: ClipboardEvent) => {
      if (isTyping(e.target) || dialogOpen() || !copyText || Date.now() - copyText.at > 1000 || !e.clipboardData) return;
      e.clipboardData.setData('text/plain', copyText.text);
      e.preventDefault();
      copyText = null;
    };

    const onPaste = (e: ClipboardEvent) => {
      if (isTyping(e.target) || dialogOpen()) return;
      const at = pendingPaste?.at ?? pastePoint();
      if (pendingPaste) clearTimeout(pendingPaste.timer);
      pendingPaste = null;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      const clip = parseClipboard(text);
      if (clip) {
        e.preventDefault();
        doPaste(clip, at);
      } else if (!text) doPaste(tabClipboard, at);
    };

    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
      if (pendingPaste) clearTimeout(pendingPaste.timer);
    };
  }, [api, pastePoint, enabled]);
}
