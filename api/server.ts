// The HTTP server: tRPC under /trpc/, uploaded files under /api/files, a health check, and the
// built editor (dist/) for everything else, with index.html as the fallback for client-side
// routes. The routes are a table (http/routes.ts).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { closeAfterAnswer, sendJson } from './http/body.js';
import { contactCsvRoutes } from './http/contacts-csv.js';
import { contactReportRoutes } from './http/contact-report.js';
import { fileRoutes } from './http/files.js';
import { webhookRoutes } from './http/webhooks.js';
import { router, type Route } from './http/routes.js';
import { trpcGate } from './http/trpc-gate.js';
import { webchatRoutes } from './http/webchat.js';
import { appRouter } from './router.js';
import type { AppServices } from './services.js';
import { createContextFactory } from './trpc.js';
import { guardRequest } from './http/security.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DIST_DIR = path.join(root, 'dist');

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

const placeholder = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Ozia</title>
<body>
<h1>Ozia is running</h1><p>The editor has not been built yet: run <code>npm start</code> (it builds first) or <code>npm run build</code>.</p>
<p>The API answers at <code>/trpc</code>; health at <a href="/api/health">/api/health</a>.</p></body></html>`;

function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, distDir: string) {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname);
  } catch {
    res.writeHead(400).end('bad path');
    return;
  }
  const file = path.join(distDir, path.normalize(rel).replace(/^([/\\])+/, ''));
  const inside = file.startsWith(distDir + path.sep) || file === distDir;
  const candidate = inside && fs.existsSync(file) && fs.statSync(file).isFile() ? file : path.join(distDir, 'index.html');
  if (!fs.existsSync(candidate)) {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(placeholder);
    return;
  }
  const ext = path.extname(candidate);
  const immutable = candidate.includes(`${path.sep}assets${path.sep}`);
  res.writeHead(200, {
    'Content-Type': types[ext] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
  });
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(candidate).pipe(res);
}

function bufferResponse(res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  const write = res.write.bind(res);
  const end = res.end.bind(res);
  res.write = ((chunk: unknown, encoding?: unknown, cb?: unknown) => {
    if (chunk) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    if (typeof encoding === 'function') (encoding as () => void)();
    else if (typeof cb === 'function') (cb as () => void)();
    return true;
  }) as typeof res.write;
  res.end = ((chunk?: unknown, encoding?: unknown, cb?: unknown) => {
    if (chunk && typeof chunk !== 'function') {
      chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8'));
    }
    const body = Buffer.concat(chunks);
    if (!res.headersSent) res.setHeader('Content-Length', body.length);
    const done = [chunk, encoding, cb].find((x) => typeof x === 'function') as (() => void) | undefined;
    if (body.length) write(body);
    return end(done);
  }) as typeof res.end;
}

export function createServer(app: AppServices, opts: { distDir?: string } = {}): http.Server {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    createContext: createContextFactory(app),
    // The session and the body's size are checked before tRPC reads the body.
    middleware: trpcGate(app),
  });
  const distDir = opts.distDir ?? DIST_DIR;
  const routes: Route[] = [
    {
      methods: '*',
      path: '/trpc/',
      handle(req, res) {
        // Subscriptions stream; every other answer is sent as one buffer with a length, which
        // spares the client a chunked body and the server a write per chunk.
        if (!String(req.headers.accept ?? '').includes('text/event-stream')) bufferResponse(res);
        trpc(req, res);
      },
    },
    ...fileRoutes(app),
    ...contactCsvRoutes(app),
    ...contactReportRoutes(app),
    ...webchatRoutes(app, app.webchat, distDir),
    ...webhookRoutes(app),
    {
      methods: ['GET', 'HEAD'],
      path: '/api/health',
      handle: (_req, res) => sendJson(res, 200, { ok: true, db: app.db.dialect }),
    },
  ];
  const handle = router(routes, (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      closeAfterAnswer(req, res);
      res.writeHead(405).end();
      return;
    }
    serveStatic(req, res, distDir);
  });
  return http.createServer((req, res) => {
    // Security headers on every answer; cross-site state changes refused before any route runs.
    if (guardRequest(req, res, app.trustedProxies)) return;
    void handle(req, res);
  });
}
