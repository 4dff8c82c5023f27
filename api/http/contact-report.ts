// The LGPD access report over HTTP: GET /api/contacts/<id>/report.json (a download) and
// /api/contacts/<id>/report.html (a page to read and print). A signed-in user, scoped like the
// contact page: an operator gets it only for a contact they can open; anyone else's contact, an
// unknown one and the anonymous one answer 404 alike.
import type http from 'node:http';
import { accessReportHtml } from '../../runtime/contacts/access-report-html.js';
import { OziaError } from '../../runtime/errors.js';
import type { AppServices } from '../services.js';
import { sendJson } from './body.js';
import type { Route } from './routes.js';

const PATH = /^\/api\/contacts\/([\w-]{1,64})\/report\.(json|html)$/;

async function serve(app: AppServices, req: http.IncomingMessage, res: http.ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const m = PATH.exec(url.pathname);
  if (!m) return sendJson(res, 404, { error: 'not found' });
  const user = await app.auth.userForToken(app.cookies(req));
  if (!user) return sendJson(res, 401, { error: 'log in first' });
  let report;
  try {
    report = await app.contacts.reports.build(app.inbox.viewer(user), m[1]);
  } catch (e) {
    if (e instanceof OziaError && e.code === 'NOT_FOUND') return sendJson(res, 404, { error: e.message });
    throw e;
  }
  // Personal data: never kept by a shared cache, nor by this browser's.
  const common = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  const stamp = report.generatedAt.slice(0, 10);
  if (m[2] === 'json') {
    const body = JSON.stringify(report, null, 2);
    res.writeHead(200, {
      ...common,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'Content-Disposition': `attachment; filename="dados-${m[1]}-${stamp}.json"`,
    });
    return void res.end(req.method === 'HEAD' ? undefined : body);
  }
  const body = accessReportHtml(report, url.searchParams.get('lang') === 'en' ? 'en' : 'pt-BR');
  res.writeHead(200, {
    ...common,
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    // The page's own style and nothing else: no script, no request anywhere.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'",
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function contactReportRoutes(app: AppServices): Route[] {
  return [
    {
      methods: ['GET', 'HEAD'],
      path: '/api/contacts/',
      handle: (req, res) =>
        serve(app, req, res).catch((e) => {
          console.error('[ozia] contact report failed:', e);
          if (!res.headersSent) sendJson(res, 500, { error: 'could not build the report' });
        }),
    },
  ];
}
