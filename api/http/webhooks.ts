// Providers' webhook calls (Meta: `/api/meta/webhook/<account id>`). No session: the channel checks
// the provider's signature on the raw body, which is why the body is handed over unparsed.
import type http from 'node:http';
import type { AppServices } from '../services.js';
import { closeAfterAnswer, declaredTooLarge, readBody, tooLargeMessage } from './body.js';
import type { Route } from './routes.js';

/** Meta's webhook bodies are a few KB; a batch of changes stays far under this. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
export const META_WEBHOOK_PATH = '/api/meta/webhook/';

export function webhookRoutes(app: AppServices): Route[] {
  return [
    {
      methods: ['GET', 'POST'],
      path: META_WEBHOOK_PATH,
      async handle(req, res) {
        const url = new URL(req.url ?? '/', 'http://ozia');
        let accountId = '';
        try {
          accountId = decodeURIComponent(url.pathname.slice(META_WEBHOOK_PATH.length));
        } catch {
          accountId = '';
        }
        if (!accountId || accountId.includes('/')) return answer(res, 404, 'no such account');
        if (declaredTooLarge(req, WEBHOOK_BODY_LIMIT)) {
          closeAfterAnswer(req, res);
          return answer(res, 413, tooLargeMessage(WEBHOOK_BODY_LIMIT));
        }
        const body = req.method === 'POST' ? await readBody(req, WEBHOOK_BODY_LIMIT) : Buffer.alloc(0);
        if (!body) {
          closeAfterAnswer(req, res);
          return answer(res, 413, tooLargeMessage(WEBHOOK_BODY_LIMIT));
        }
        try {
          const a = await app.channelControl.webhook(accountId, { method: req.method ?? 'GET', query: url.searchParams, headers: req.headers, body });
          answer(res, a.status, a.body, a.contentType);
        } catch (e) {
          console.error(JSON.stringify({ at: new Date().toISOString(), level: 'error', channelId: accountId, message: 'webhook failed', error: String(e) }));
          answer(res, 500, 'not stored, deliver again');
        }
      },
    },
  ];
}

function answer(res: http.ServerResponse, status: number, body: string, contentType = 'text/plain; charset=utf-8') {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' }).end(body);
}
