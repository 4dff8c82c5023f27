// The web chat's public HTTP side (no session): the loader script (`/widget.js`), the chat page
// (`/c/<public id>`, also what the loader's iframe opens) and the visitor API under
// `/api/webchat/<public id>/…`. A request whose `Origin` is neither Ozia itself nor one of the
// account's allowed sites is refused (403); the chat page may be framed only by those sites.
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import { z, ZodError } from 'zod';
import { MAX_FILE_BYTES, megabytes } from '../../blocks/limits.js';
import { PUBLIC_ID } from '../../runtime/channels/webchat/settings.js';
import type { AppServices } from '../services.js';
import { WebchatError, type WebchatAccount, type WebchatService } from '../webchat/service.js';
import { visitorHash, visitorToken } from '../webchat/visitors.js';
import { closeAfterAnswer, declaredTooLarge, readBody, sendJson } from './body.js';
import type { Route } from './routes.js';
import { ownHost } from './security.js';
import { cleanText } from './text.js';

const JSON_LIMIT = 64 * 1024;
const PING_MS = 15_000;
/** A stream also reads the transcript this often: rows another process sent, a wake it missed. */
const POLL_MS = 2_000;
/** Tabs one visitor may keep open at once; a stream more is refused. */
export const MAX_STREAMS_PER_VISITOR = 8;

const ackInput = z.object({
  ids: z.array(z.number().int().positive()).max(200, 'ids: at most 200'),
  status: z.enum(['delivered', 'read'], { error: 'status: delivered or read' }),
});
const startInput = z.object({ token: visitorToken.nullish() });

function widgetDir(distDir: string) {
  return path.join(distDir, 'widget');
}

/** The Origin the browser sent, when it is not this server's own. */
function foreignOriginOf(req: http.IncomingMessage, proxies: number): string | null {
  const origin = req.headers.origin;
  if (!origin || origin === 'null') return origin === 'null' ? 'null' : null;
  try {
    return new URL(origin).host.toLowerCase() === ownHost(req, proxies) ? null : origin.toLowerCase();
  } catch {
    return origin;
  }
}

/** Refuses (403) an origin the account does not allow; allows CORS for the ones it does. */
function checkOrigin(req: http.IncomingMessage, res: http.ServerResponse, account: WebchatAccount, proxies: number): boolean {
  const foreign = foreignOriginOf(req, proxies);
  if (foreign === null) return true;
  if (!account.settings.allowedOrigins.includes(foreign)) {
    closeAfterAnswer(req, res);
    sendJson(res, 403, { error: `this site (${foreign.slice(0, 200)}) may not use this chat: add it to the chat's allowed sites in Settings → Canais` });
    return false;
  }
  res.setHeader('Access-Control-Allow-Origin', foreign);
  res.setHeader('Vary', 'Origin');
  return true;
}

function bearer(req: http.IncomingMessage, url: URL): string {
  const auth = String(req.headers.authorization ?? '');
  const raw = auth.startsWith('Bearer ') ? auth.slice(7) : (url.searchParams.get('token') ?? '');
  const parsed = visitorToken.safeParse(raw);
  if (!parsed.success) throw new WebchatError(401, 'token: start the chat again (the visitor token is missing or not valid)');
  return parsed.data;
}

async function jsonBody(req: http.IncomingMessage): Promise<unknown> {
  if (declaredTooLarge(req, JSON_LIMIT)) throw new WebchatError(413, 'the request is larger than 64 KB');
  const data = await readBody(req, JSON_LIMIT);
  if (!data) throw new WebchatError(413, 'the request is larger than 64 KB');
  try {
    return data.length ? JSON.parse(data.toString('utf8')) : {};
  } catch {
    throw new WebchatError(400, 'the body is not JSON');
  }
}

function failed(req: http.IncomingMessage, res: http.ServerResponse, e: unknown) {
  if (res.headersSent) return void res.end();
  if (e instanceof WebchatError) {
    if (e.status === 413) closeAfterAnswer(req, res);
    if (e.retryAfterSeconds) res.setHeader('Retry-After', String(e.retryAfterSeconds));
    return sendJson(res, e.status, { error: e.message });
  }
  if (e instanceof ZodError) {
    const issue = e.issues[0];
    const field = issue?.path.join('.');
    const message = issue?.message ?? 'invalid request';
    return sendJson(res, 400, { error: field && !message.startsWith(`${field}:`) ? `${field}: ${message}` : message });
  }
  console.error('[ozia] webchat:', e);
  sendJson(res, 500, { error: 'something went wrong; try again' });
}

/** The SSE stream: the transcript after `Last-Event-ID` (or `after`), then rows as they are sent, typing, pings. */
async function events(app: AppServices, chat: WebchatService, req: http.IncomingMessage, res: http.ServerResponse, account: WebchatAccount, token: string, url: URL) {
  const visitor = visitorHash(token);
  const resume = Number(req.headers['last-event-id'] ?? url.searchParams.get('after') ?? 0);
  let last = Number.isSafeInteger(resume) && resume > 0 ? resume : 0;
  if (chat.hub.openFor(account.id, visitor) >= MAX_STREAMS_PER_VISITOR) {
    throw new WebchatError(429, `too many open chats: at most ${MAX_STREAMS_PER_VISITOR} at a time; close other tabs`);
  }
  let contactId = await chat.contactOf(account.id, visitor);
  res.writeHead(200, {
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.write('retry: 2000\n\n');
  let closed = false;
  let wake: (() => void) | null = null;
  // A poke while the transcript is being read (no one waiting yet) must not be lost: read again.
  let dirty = false;
  const handed = new Set<number>();
  const poke = () => {
    dirty = true;
    wake?.();
  };
  const send = (event: string, data: unknown, id?: number) => {
    if (closed) return;
    res.write(`${id !== undefined ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  let sentFirst = false;
  const offHub = chat.hub.listen(account.id, { contactId: () => contactId, visitor }, (e) => {
    if (e.type === 'message') handed.add(e.id);
    else {
      sentFirst ||= e.on;
      send('typing', { on: e.on });
    }
    poke();
    return true;
  });
  const offTurn = app.bus.on('turn', (t) => {
    if (contactId === null) {
      // Before the visitor's first message was stored their contact was unknown: once they sent
      // it (the typing notice says so), a turn may be theirs.
      if (!sentFirst) return;
      void chat.contactOf(account.id, visitor).then((id) => {
        if (!id || id !== t.contactId) return;
        contactId = id;
        send('typing', { on: false });
        poke();
      });
      return;
    }
    if (t.contactId !== contactId) return;
    send('typing', { on: false });
    poke();
  });
  // The row the transcript stopped at (still pending): its "sent" mark wakes the stream, even when
  // the channel handed it over before this stream listened (a page opened mid-turn).
  let waitingFor: number | null = null;
  const offStatus = app.bus.on('status', (e) => {
    if (waitingFor !== null && e.messages.some((m) => m.id === waitingFor)) poke();
  });
  // An event, not a comment: the widget's watchdog sees it and knows the connection lives.
  const ping = setInterval(() => send('ping', {}), PING_MS);
  req.on('close', () => {
    closed = true;
    poke();
  });
  try {
    while (!closed) {
      dirty = false;
      contactId = (await chat.contactOf(account.id, visitor)) ?? contactId;
      if (contactId) {
        const { frames, waitingFor: blocked } = await chat.frames(account.id, contactId, last, handed);
        waitingFor = blocked;
        const shown: number[] = [];
        for (const f of frames) {
          send('message', f, f.id);
          last = f.id;
          handed.delete(f.id);
          if (f.direction === 'out' && f.status !== 'delivered' && f.status !== 'read') shown.push(f.id);
        }
        // Written to the browser's connection: delivered (the widget says "read" when seen).
        if (shown.length && !closed) await chat.hub.channel(account.id)?.report(shown, 'delivered');
        if (frames.length === 200) continue;
      }
      if (dirty) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, POLL_MS).unref?.();
      });
      wake = null;
    }
  } finally {
    closed = true;
    clearInterval(ping);
    offHub();
    offTurn();
    offStatus();
    res.end();
  }
}

async function api(app: AppServices, chat: WebchatService, req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const m = /^\/api\/webchat\/([^/]+)\/([a-z]+)$/.exec(url.pathname);
  if (!m || !PUBLIC_ID.test(m[1])) throw new WebchatError(404, 'this chat does not exist (check the link)');
  const account = await chat.account(m[1]);
  if (!checkOrigin(req, res, account, app.trustedProxies)) return;
  const action = m[2];
  const method = req.method ?? 'GET';
  if (method === 'OPTIONS') {
    res.writeHead(204, {
      'Access-Control-Allow-Methods': 'GET, POST',
      'Access-Control-Allow-Headers': 'Content-Type, Authorization, Last-Event-ID',
      'Access-Control-Max-Age': '600',
    });
    return void res.end();
  }
  const only = (allowed: string) => {
    if (method === allowed) return true;
    closeAfterAnswer(req, res);
    res.writeHead(405, { Allow: allowed }).end();
    return false;
  };
  switch (action) {
    case 'config':
      if (only('GET')) sendJson(res, 200, await chat.config(account));
      return;
    case 'visitor':
      if (only('POST')) sendJson(res, 200, chat.start(startInput.parse(await jsonBody(req)).token ?? null));
      return;
    case 'messages': {
      if (!only('POST')) return;
      const token = bearer(req, url);
      const r = await chat.send(account, token, (await jsonBody(req)) as never);
      sendJson(res, 202, { ok: true, duplicate: r.duplicate });
      return;
    }
    case 'files': {
      if (!only('POST')) return;
      const token = bearer(req, url);
      const tooLarge = new WebchatError(413, `file: larger than ${megabytes(MAX_FILE_BYTES)} MB`);
      if (declaredTooLarge(req, MAX_FILE_BYTES)) throw tooLarge;
      const data = await readBody(req, MAX_FILE_BYTES);
      if (!data) throw tooLarge;
      const saved = await chat.upload(account, token, { data, mime: String(req.headers['content-type'] ?? ''), name: cleanText(url.searchParams.get('name') ?? 'file') });
      sendJson(res, 201, saved);
      return;
    }
    case 'ack': {
      if (!only('POST')) return;
      const token = bearer(req, url);
      const input = ackInput.parse(await jsonBody(req));
      await chat.ack(account, token, input.ids, input.status);
      sendJson(res, 200, { ok: true });
      return;
    }
    case 'events':
      if (only('GET')) await events(app, chat, req, res, account, bearer(req, url), url);
      return;
    default:
      throw new WebchatError(404, 'no such action');
  }
}

const PAGE_TYPES: Record<string, string> = { '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };

/** The built widget file, or a clear 503 when the widget was not built. */
function serveBuilt(res: http.ServerResponse, file: string, headers: Record<string, string> = {}) {
  if (!fs.existsSync(file)) return sendJson(res, 503, { error: 'the web chat has not been built yet: run npm run build' });
  res.writeHead(200, { 'Content-Type': PAGE_TYPES[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff', ...headers });
  fs.createReadStream(file).pipe(res);
}

function chatPage(title: string, color: string, lang: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="${esc(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="theme-color" content="${esc(color)}"><title>${esc(title)}</title><link rel="stylesheet" href="/widget/chat.css"></head>
<body><main id="ozia-chat" aria-live="polite"></main><script type="module" src="/widget/chat.js"></script></body></html>`;
}

/** What the chat page may do: Ozia's own scripts, styles, files and API; framed only by the allowed sites. */
function chatPagePolicy(account: WebchatAccount): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob: https:",
    "media-src 'self' data: blob: https:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors 'self'${account.settings.allowedOrigins.map((o) => ` ${o}`).join('')}`,
  ].join('; ');
}

export function webchatRoutes(app: AppServices, chat: WebchatService, distDir: string): Route[] {
  const dir = widgetDir(distDir);
  return [
    {
      methods: ['GET', 'POST', 'OPTIONS'],
      path: '/api/webchat/',
      handle: (req, res) => api(app, chat, req, res).catch((e) => failed(req, res, e)),
    },
    {
      methods: ['GET', 'HEAD'],
      path: '/widget.js',
      // Any site may load the script (it draws nothing until its account's config answers for that site).
      handle: (_req, res) => serveBuilt(res, path.join(dir, 'widget.js'), { 'Cross-Origin-Resource-Policy': 'cross-origin' }),
    },
    {
      methods: ['GET', 'HEAD'],
      path: '/c/',
      async handle(req, res) {
        try {
          const id = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname.slice(3));
          if (!PUBLIC_ID.test(id)) throw new WebchatError(404, 'this chat does not exist (check the link)');
          const account = await chat.account(id);
          const s = account.settings;
          res.removeHeader('X-Frame-Options');
          const html = chatPage(s.title, s.color, s.language === 'auto' ? 'pt-BR' : s.language);
          res.writeHead(200, {
            'Content-Type': 'text/html; charset=utf-8',
            'Cache-Control': 'no-cache',
            'Content-Security-Policy': chatPagePolicy(account),
            'Referrer-Policy': 'no-referrer',
          });
          res.end(req.method === 'HEAD' ? undefined : html);
        } catch (e) {
          failed(req, res, e);
        }
      },
    },
  ];
}
