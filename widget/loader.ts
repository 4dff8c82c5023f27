// The loader a site pastes: <script src="https://ozia.example/widget.js" data-ozia="<public id>" async>.
// It draws the bubble inside a shadow root (the page's CSS cannot reach it) and opens the
// chat page in an iframe (the page's scripts cannot reach it). It loads nothing but from Ozia.
import type { FrameMessage, WidgetConfig } from './config.js';
import css from './loader.css?inline';

// The loader's few words, kept here: sharing texts.ts with the chat page would make a chunk the
// classic <script> cannot import.
const WORDS = {
  'pt-BR': { open: 'Abrir o chat', close: 'Fechar o chat', dismiss: 'Dispensar' },
  en: { open: 'Open chat', close: 'Close chat', dismiss: 'Dismiss' },
};
const words = (setting: WidgetConfig['language']) => WORDS[setting !== 'auto' ? setting : (navigator.languages?.[0] ?? navigator.language ?? 'pt').toLowerCase().startsWith('pt') ? 'pt-BR' : 'en'];

const script = (document.currentScript as HTMLScriptElement | null) ?? document.querySelector<HTMLScriptElement>('script[data-ozia]');
const publicId = script?.dataset.ozia ?? '';
const base = script ? new URL(script.src, location.href).origin : '';
const DISMISSED = `ozia:${publicId}:greeting-dismissed`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = cls;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const ICON_CHAT =
  '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
const ICON_CLOSE = '<svg viewBox="0 0 24 24" width="24" height="24" aria-hidden="true"><path fill="currentColor" d="M6.4 5 5 6.4 10.6 12 5 17.6 6.4 19l5.6-5.6 5.6 5.6 1.4-1.4-5.6-5.6L19 6.4 17.6 5 12 10.6z"/></svg>';

function draw(cfg: WidgetConfig) {
  const t = words(cfg.language);
  const host = el('div', '', { id: 'ozia-widget', 'data-ozia-widget': publicId });
  const root = host.attachShadow({ mode: 'open' });
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet !== 'undefined' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  const box = el('div', `ozia ${cfg.position}`);
  box.style.setProperty('--ozia-color', cfg.color);
  const bubble = el('button', 'bubble', { type: 'button', 'aria-label': t.open, 'aria-expanded': 'false' });
  bubble.innerHTML = ICON_CHAT;
  const badge = el('span', 'badge', { hidden: '' });
  bubble.append(badge);
  const greeting = el('div', 'greeting', { role: 'status', hidden: '' });
  const greetingText = el('button', 'greeting-text', { type: 'button' });
  greetingText.textContent = cfg.greeting;
  const greetingClose = el('button', 'greeting-close', { type: 'button', 'aria-label': t.dismiss });
  greetingClose.innerHTML = ICON_CLOSE;
  greeting.append(greetingText, greetingClose);
  const panel = el('div', 'panel', { hidden: '', role: 'dialog', 'aria-label': cfg.title });
  box.append(panel, greeting, bubble);
  root.append(box);
  document.body.append(host);

  let frame: HTMLIFrameElement | null = null;
  let open = false;
  const post = (m: FrameMessage) => frame?.contentWindow?.postMessage(m, base);
  const setOpen = (next: boolean) => {
    open = next;
    panel.hidden = !open;
    bubble.setAttribute('aria-expanded', String(open));
    bubble.setAttribute('aria-label', open ? t.close : t.open);
    bubble.innerHTML = open ? ICON_CLOSE : ICON_CHAT;
    bubble.append(badge);
    if (open) {
      greeting.hidden = true;
      badge.hidden = true;
      if (!frame) {
        frame = el('iframe', 'frame', { title: cfg.title, src: `${base}/c/${encodeURIComponent(publicId)}?embed=1`, allow: 'clipboard-write' });
        panel.append(frame);
      } else post({ type: 'ozia:open' });
      frame.focus();
    } else {
      post({ type: 'ozia:hidden' });
      bubble.focus();
    }
  };
  bubble.addEventListener('click', () => setOpen(!open));
  greetingText.addEventListener('click', () => setOpen(true));
  greetingClose.addEventListener('click', () => {
    greeting.hidden = true;
    try {
      sessionStorage.setItem(DISMISSED, '1');
    } catch {
      /* storage blocked: the greeting shows again next page */
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && open) setOpen(false);
  });
  window.addEventListener('message', (e: MessageEvent<FrameMessage>) => {
    if (e.origin !== base || e.source !== frame?.contentWindow) return;
    if (e.data?.type === 'ozia:close') setOpen(false);
    // The page is listening now (it loads its config first): tell it whether it is on screen.
    if (e.data?.type === 'ozia:ready') post({ type: open ? 'ozia:open' : 'ozia:hidden' });
    if (e.data?.type === 'ozia:unread' && !open) {
      badge.hidden = e.data.count <= 0;
      badge.textContent = String(Math.min(e.data.count, 99));
    }
  });
  let dismissed = false;
  try {
    dismissed = sessionStorage.getItem(DISMISSED) === '1';
  } catch {
    /* no storage: show it */
  }
  if (cfg.greeting && !dismissed) {
    setTimeout(() => {
      if (!open) greeting.hidden = false;
    }, cfg.greetingDelaySeconds * 1000);
  }
}

if (publicId && base) {
  fetch(`${base}/api/webchat/${encodeURIComponent(publicId)}/config`)
    .then(async (r) => {
      if (!r.ok) throw new Error(((await r.json().catch(() => null)) as { error?: string } | null)?.error ?? `HTTP ${r.status}`);
      return (await r.json()) as WidgetConfig;
    })
    .then((cfg) => (document.body ? draw(cfg) : document.addEventListener('DOMContentLoaded', () => draw(cfg))))
    .catch((e: unknown) => console.warn(`[ozia] the chat widget is not shown: ${e instanceof Error ? e.message : String(e)}`));
} else {
  console.warn('[ozia] the chat widget needs data-ozia="<public id>" on its script tag');
}
