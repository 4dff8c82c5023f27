// The chat page: `/c/<public id>` on its own (shareable), or inside the loader's iframe
// (`?embed=1`). It keeps the visitor's token in localStorage, shows the conversation from the
// server's stream (resuming after the last id shown when the connection drops), and sends text,
// button and picture choices and files.
import type { FrameMessage, WidgetConfig } from './config.js';
import { api, ApiError } from './api.js';
import { renderBody, type Frame } from './render.js';
import { localeFor, widgetTexts, type WidgetTexts } from './texts.js';
import './chat.css';

const publicId = decodeURIComponent(location.pathname.replace(/^\/c\//, '').split('/')[0] ?? '');
const embedded = new URLSearchParams(location.search).get('embed') === '1' && window.parent !== window;
const TOKEN_KEY = `ozia:${publicId}:token`;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function keepToken(token: string) {
  try {
    localStorage.setItem(TOKEN_KEY, token);
  } catch {
    /* storage blocked: the conversation lasts as long as the page */
  }
}

const newClientId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;

class Chat {
  private readonly t: WidgetTexts;
  private readonly list = el('ol', 'messages');
  private readonly typing = el('li', 'typing');
  private readonly status = el('div', 'status');
  private readonly input = el('textarea', 'input');
  private readonly fileInput = el('input');
  private readonly shown = new Map<number, HTMLElement>();
  private readonly pending = new Map<string, HTMLElement>();
  private last = 0;
  private source: EventSource | null = null;
  private retry = 0;
  private visible = !embedded;
  private unread: number[] = [];
  private lastChoice: HTMLElement | null = null;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private watchdogTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly cfg: WidgetConfig,
    private token: string,
  ) {
    this.t = widgetTexts(localeFor(cfg.language, navigator.languages?.length ? navigator.languages : [navigator.language]));
    document.documentElement.lang = localeFor(cfg.language, navigator.languages ?? []);
    document.documentElement.style.setProperty('--ozia-color', cfg.color);
    this.draw();
    this.connect();
    window.addEventListener('offline', () => this.lost());
    window.addEventListener('online', () => {
      this.retry = 0;
      this.connect();
    });
    document.addEventListener('visibilitychange', () => this.markRead());
    window.addEventListener('message', (e: MessageEvent<FrameMessage>) => {
      if (e.source !== window.parent) return;
      if (e.data?.type === 'ozia:open') {
        this.visible = true;
        this.input.focus();
        this.markRead();
      } else if (e.data?.type === 'ozia:hidden') this.visible = false;
    });
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && embedded) this.tellParent({ type: 'ozia:close' });
    });
    this.tellParent({ type: 'ozia:ready' });
  }

  private tellParent(m: FrameMessage) {
    if (embedded) window.parent.postMessage(m, '*');
  }

  private draw() {
    const header = el('header', 'header');
    if (this.cfg.avatarUrl) {
      const img = el('img', 'avatar');
      img.src = this.cfg.avatarUrl;
      img.alt = '';
      header.append(img);
    }
    header.append(el('h1', 'title', this.cfg.title));
    if (embedded) {
      const close = el('button', 'close', '×');
      close.type = 'button';
      close.setAttribute('aria-label', this.t.close);
      close.addEventListener('click', () => this.tellParent({ type: 'ozia:close' }));
      header.append(close);
    }
    this.list.setAttribute('aria-live', 'polite');
    if (this.cfg.greeting) this.list.append(this.bubble('out bot greeting', el('p', 'text', this.cfg.greeting)));
    this.typing.hidden = true;
    this.typing.setAttribute('aria-label', this.t.typing);
    this.typing.append(el('span', 'dot'), el('span', 'dot'), el('span', 'dot'));
    const scroller = el('div', 'scroller');
    scroller.append(this.list, this.typing);
    const form = el('form', 'composer');
    this.input.rows = 1;
    this.input.placeholder = this.t.placeholder;
    this.input.setAttribute('aria-label', this.t.placeholder);
    this.input.maxLength = 4096;
    this.input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    this.fileInput.type = 'file';
    this.fileInput.hidden = true;
    this.fileInput.accept = 'image/*,audio/*,video/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.txt,.csv,.zip';
    this.fileInput.addEventListener('change', () => {
      const f = this.fileInput.files?.[0];
      this.fileInput.value = '';
      if (f) void this.sendFile(f);
    });
    const attach = el('button', 'attach', '📎');
    attach.type = 'button';
    attach.setAttribute('aria-label', this.t.attach);
    attach.title = this.t.attach;
    attach.addEventListener('click', () => this.fileInput.click());
    const send = el('button', 'send', this.t.send);
    send.type = 'submit';
    form.append(attach, this.fileInput, this.input, send);
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const text = this.input.value.trim();
      if (!text) return;
      this.input.value = '';
      void this.send({ text });
    });
    this.status.setAttribute('role', 'status');
    this.root.append(header, scroller, this.status, form);
  }

  private bubble(cls: string, ...content: Node[]): HTMLLIElement {
    const li = el('li', `msg ${cls}`);
    li.append(...content);
    return li;
  }

  private scroll() {
    const s = this.list.parentElement!;
    s.scrollTop = s.scrollHeight;
  }

  private say(text: string, kind: 'error' | 'info' | '' = '') {
    this.status.textContent = text;
    this.status.className = `status ${kind}`;
  }

  // ---- the stream ----

  /** The connection is gone for sure (the browser went offline, or the server's pings stopped). */
  private lost() {
    this.source?.close();
    this.source = null;
    this.say(this.t.reconnecting, 'info');
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    // Offline: wait for the browser to say it is back; otherwise try again, waiting longer each time.
    if (!navigator.onLine) return;
    const wait = Math.min(30_000, 1000 * 2 ** this.retry++) * (0.75 + Math.random() * 0.5);
    this.reconnectTimer = setTimeout(() => this.connect(), wait);
  }

  private watchdog() {
    if (this.watchdogTimer) clearTimeout(this.watchdogTimer);
    // The server pings every 15 s; 40 s of silence is a connection that died without saying so.
    this.watchdogTimer = setTimeout(() => this.lost(), 40_000);
  }

  private connect() {
    this.source?.close();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const es = new EventSource(`/api/webchat/${encodeURIComponent(publicId)}/events?token=${encodeURIComponent(this.token)}&after=${this.last}`);
    this.source = es;
    es.addEventListener('open', () => {
      this.retry = 0;
      this.say('');
      this.watchdog();
    });
    es.addEventListener('ping', () => this.watchdog());
    es.addEventListener('message', (e) => {
      this.watchdog();
      this.show(JSON.parse((e as MessageEvent<string>).data) as Frame);
    });
    es.addEventListener('typing', (e) => {
      this.typing.hidden = !(JSON.parse((e as MessageEvent<string>).data) as { on: boolean }).on;
      this.scroll();
    });
    // The browser would retry on its own without our backoff, from its own last id: ours is the one shown.
    es.addEventListener('error', () => {
      if (this.source === es) this.lost();
    });
  }

  private show(f: Frame) {
    if (f.id <= this.last && this.shown.has(f.id)) return;
    this.last = Math.max(this.last, f.id);
    if (this.shown.has(f.id)) return;
    const mine = f.direction === 'in';
    const li = this.bubble(`${mine ? 'in' : 'out'} ${f.author}`);
    li.dataset.id = String(f.id);
    if (f.author === 'agent') li.append(el('span', 'who', f.agentName ?? this.t.agent));
    const answer = (choiceIds: string[], text: string) => void this.send({ choiceIds, text });
    // The Inbox signs agents' texts ("*Ana:*" on the first line) for channels that show no name; the name is shown above.
    const body = f.author === 'agent' && f.agentName && f.body.type === 'text' ? { ...f.body, text: f.body.text?.replace(`*${f.agentName}:*\n`, '') } : f.body;
    li.append(renderBody(body, this.t, answer));
    const placeholder = f.clientId ? this.pending.get(f.clientId) : undefined;
    if (placeholder) {
      placeholder.replaceWith(li);
      this.pending.delete(f.clientId!);
    } else this.list.append(li);
    this.shown.set(f.id, li);
    if (!mine) {
      this.typing.hidden = true;
      this.unread.push(f.id);
      if (f.body.type === 'choice') this.lastChoice = li;
    } else if (this.lastChoice) {
      // Answered: the choice's buttons no longer send.
      for (const b of this.lastChoice.querySelectorAll('button')) b.disabled = true;
      this.lastChoice = null;
    }
    this.scroll();
    this.markRead();
  }

  private markRead() {
    const seen = this.visible && document.visibilityState === 'visible';
    if (!seen) {
      this.tellParent({ type: 'ozia:unread', count: this.unread.length });
      return;
    }
    if (!this.unread.length) return;
    const ids = this.unread.splice(0);
    this.tellParent({ type: 'ozia:unread', count: 0 });
    api(publicId, this.token, 'ack', { ids, status: 'read' }).catch(() => this.unread.unshift(...ids));
  }

  // ---- sending ----

  private async send(body: { text?: string; choiceIds?: string[]; fileIds?: string[] }, label?: string) {
    const clientId = newClientId();
    const li = this.bubble('in contact sending', el('p', 'text', label ?? body.text ?? ''));
    this.list.append(li);
    this.pending.set(clientId, li);
    this.scroll();
    const attempt = async () => {
      li.classList.remove('failed');
      li.onclick = null;
      try {
        await api(publicId, this.token, 'messages', { clientId, ...body });
        this.say('');
      } catch (e) {
        li.classList.add('failed');
        li.title = this.t.failed;
        // Refused for good (too many, a bad file): the reason is shown; any other failure can be retried by a tap.
        this.say(this.reason(e), 'error');
        li.onclick = () => void attempt();
      }
    };
    await attempt();
  }

  private async sendFile(file: File) {
    this.say(this.t.uploading, 'info');
    try {
      const saved = (await api(publicId, this.token, `files?name=${encodeURIComponent(file.name)}`, file)) as { fileId: string };
      this.say('');
      await this.send({ fileIds: [saved.fileId], text: '' }, `📎 ${file.name}`);
    } catch (e) {
      this.say(e instanceof ApiError && e.status !== 429 ? this.t.fileRefused.replace('{reason}', e.message.replace(/^file: /, '')) : this.reason(e), 'error');
    }
  }

  private reason(e: unknown): string {
    if (!(e instanceof ApiError)) return this.t.failed;
    if (e.status === 429) return this.t.tooMany.replace('{s}', String(e.retryAfterSeconds ?? 60));
    if (e.status === 403) return this.t.forbidden;
    return e.message;
  }
}

async function main() {
  const root = document.getElementById('ozia-chat')!;
  if (embedded) document.documentElement.classList.add('embedded');
  let cfg: WidgetConfig;
  try {
    cfg = (await api(publicId, null, 'config')) as WidgetConfig;
  } catch (e) {
    const t = widgetTexts(localeFor('auto', navigator.languages ?? []));
    root.append(el('p', 'fatal', e instanceof ApiError && e.status === 404 ? t.notFound : e instanceof ApiError && e.status === 403 ? t.forbidden : t.unavailable));
    return;
  }
  const given = (await api(publicId, null, 'visitor', { token: storedToken() })) as { token: string };
  keepToken(given.token);
  new Chat(root, cfg, given.token);
}

void main();
