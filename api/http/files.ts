// Uploaded files over HTTP. POST /api/files?name=… stores the raw body (any signed-in user:
// designers' media, agents' attachments); GET/HEAD /api/files/<id> serves it to a signed-in
// user allowed to see where it is used, or to whoever holds a signed link that has not
// expired; DELETE /api/files/<id> removes it, under the same check.
import type http from 'node:http';
import { MAX_FILE_BYTES, megabytes } from '../../blocks/limits.js';
import { OziaError } from '../../runtime/errors.js';
import { canReadFile } from '../../runtime/file-access.js';
import { showsInline } from '../../runtime/files.js';
import type { AppServices } from '../services.js';
import { closeAfterAnswer, declaredTooLarge, readBody, sendJson } from './body.js';
import type { Route } from './routes.js';
import { cleanText } from './text.js';

const tooLarge = `file: larger than ${megabytes(MAX_FILE_BYTES)} MB`;

function failed(res: http.ServerResponse, e: unknown, what: string) {
  if (e instanceof OziaError) return sendJson(res, e.code === 'BAD_REQUEST' ? 400 : e.code === 'NOT_FOUND' ? 404 : 500, { error: e.message });
  console.error(`[ozia] files: ${what}:`, e);
  sendJson(res, 500, { error: `could not ${what}` });
}

async function upload(app: AppServices, req: http.IncomingMessage, res: http.ServerResponse) {
  const user = await app.auth.userForToken(app.cookies(req));
  if (!user) {
    closeAfterAnswer(req, res);
    return sendJson(res, 401, { error: 'log in first' });
  }
  if (declaredTooLarge(req, MAX_FILE_BYTES)) {
    closeAfterAnswer(req, res);
    return sendJson(res, 413, { error: tooLarge });
  }
  const data = await readBody(req, MAX_FILE_BYTES);
  if (!data) {
    closeAfterAnswer(req, res);
    return sendJson(res, 413, { error: tooLarge });
  }
  const url = new URL(req.url ?? '/', 'http://localhost');
  const saved = await app.files.save({
    name: cleanText(url.searchParams.get('name') ?? 'file'),
    mime: String(req.headers['content-type'] ?? ''),
    data,
    userId: user.id,
  });
  sendJson(res, 201, saved);
}

/** The file's id when the caller may read it; answers 401/404 itself otherwise (unknown and forbidden look alike). */
async function allowed(app: AppServices, req: http.IncomingMessage, res: http.ServerResponse): Promise<{ id: string; signed: boolean } | null> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const m = /^\/api\/files\/([\w-]+)$/.exec(url.pathname);
  const row = m ? await app.files.row(m[1]) : null;
  const signed = !!row && req.method !== 'DELETE' && (await app.files.verifySigned(row.id, url.searchParams.get('exp'), url.searchParams.get('sig')));
  if (row && signed) return { id: row.id, signed };
  const user = await app.auth.userForToken(app.cookies(req));
  if (!user) {
    sendJson(res, 401, { error: 'log in first' });
    return null;
  }
  if (!row || !(await canReadFile(app.db, app.inbox.viewer(user), row))) {
    sendJson(res, 404, { error: 'file not found' });
    return null;
  }
  return { id: row.id, signed: false };
}

async function serve(app: AppServices, req: http.IncomingMessage, res: http.ServerResponse) {
  const ok = await allowed(app, req, res);
  if (!ok) return;
  if (req.method === 'DELETE') {
    await app.files.remove(ok.id);
    return sendJson(res, 200, { ok: true });
  }
  const file = await app.files.open(ok.id);
  if (!file) return sendJson(res, 404, { error: 'file not found' });
  const { mime, name, size } = file.meta;
  res.writeHead(200, {
    'Content-Type': mime,
    'Content-Length': size,
    'Content-Disposition': `${showsInline(mime) ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(name)}`,
    // Only this browser may keep it (a shared cache would serve it to anyone); a signed link's copy ends with the link.
    'Cache-Control': ok.signed ? 'private, no-store' : 'private, max-age=86400',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
  });
  if (req.method === 'HEAD') {
    file.stream.destroy();
    return void res.end();
  }
  file.stream.pipe(res);
}

export function fileRoutes(app: AppServices): Route[] {
  return [
    { methods: ['POST'], path: '/api/files', handle: (req, res) => upload(app, req, res).catch((e) => failed(res, e, 'store the file')) },
    { methods: ['GET', 'HEAD', 'DELETE'], path: '/api/files/', handle: (req, res) => serve(app, req, res).catch((e) => failed(res, e, 'read the file')) },
  ];
}
