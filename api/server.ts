// The HTTP server: tRPC under /trpc/, a health check, and the built editor (dist/) for
// everything else, with index.html as the fallback for client-side routes.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { MAX_FILE_BYTES } from '../runtime/files.js';
import { OziaError } from '../runtime/errors.js';
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
<body style="font-family:system-ui;margin:4rem auto;max-width:40rem;color:#1f2937">
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

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(data) });
  res.end(data);
}

/** Reads a request body up to `limit` bytes; null when it is larger. */
function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** POST /api/files?name=… (raw body, any logged-in user: designers' media, agents' attachments) and GET /api/files/<id> (the id is the key). */
async function handleFiles(app: AppServices, req: http.IncomingMessage, res: http.ServerResponse) {
  try {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method === 'POST' && url.pathname === '/api/files') {
      const user = await app.auth.userForToken(app.cookies(req));
      if (!user) return sendJson(res, 401, { error: 'log in first' });
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > MAX_FILE_BYTES) return sendJson(res, 413, { error: `file: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` });
      const data = await readBody(req, MAX_FILE_BYTES);
      if (!data) return sendJson(res, 413, { error: `file: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB` });
      const saved = await app.files.save({
        name: url.searchParams.get('name') ?? 'file',
        mime: String(req.headers['content-type'] ?? ''),
        data,
        userId: user.id,
      });
      return sendJson(res, 201, saved);
    }
    const m = /^\/api\/files\/([\w-]+)$/.exec(url.pathname);
    if ((req.method === 'GET' || req.method === 'HEAD') && m) {
      const file = await app.files.open(m[1]);
      if (!file) return sendJson(res, 404, { error: 'file not found' });
      res.writeHead(200, {
        'Content-Type': file.meta.mime,
        'Content-Length': file.meta.size,
        'Content-Disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.meta.name)}`,
        'Cache-Control': 'private, max-age=31536000, immutable',
        'X-Content-Type-Options': 'nosniff',
      });
      if (req.method === 'HEAD') {
        file.stream.destroy();
        return void res.end();
      }
      return void file.stream.pipe(res);
    }
    sendJson(res, 405, { error: 'method not allowed' });
  } catch (e) {
    if (e instanceof OziaError) return sendJson(res, e.code === 'BAD_REQUEST' ? 400 : 500, { error: e.message });
    console.error('[ozia] files:', e);
    sendJson(res, 500, { error: 'could not store the file' });
  }
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
    onError({ error, path: p }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`[ozia] ${p ?? '?'}:`, error.cause ?? error);
    },
  });
  const distDir = opts.distDir ?? DIST_DIR;
  return http.createServer((req, res) => {
    if (guardRequest(req, res, app.trustedProxies)) return;
    const url = req.url ?? '/';
    if (url.startsWith('/trpc/')) {
      // Subscriptions stream; every other answer is sent as one buffer with a length, which
      // spares the client a chunked body and the server a write per chunk.
      if (!String(req.headers.accept ?? '').includes('text/event-stream')) bufferResponse(res);
      return trpc(req, res);
    }
    if (url.startsWith('/api/files')) return void handleFiles(app, req, res);
    if (url === '/api/health') {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ ok: true, db: app.db.dialect }));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    serveStatic(req, res, distDir);
  });
}
