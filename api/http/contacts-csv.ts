// Contacts' CSV files over HTTP, for any signed-in user (each sees and touches only the contacts
// the list shows them):
//   POST /api/contacts/import/preview[?mapping=[…]]  body: the file → its columns, the mapping (guessed unless given), the first rows checked
//   POST /api/contacts/import?mapping=[…] body: the file → created, updated, rejected rows
//   GET  /api/contacts/export?filters={…}&locale=pt-BR&tz=America/Sao_Paulo → the CSV, streamed
// The file goes as the raw body of its own route (up to 16 MB, the upload limit) rather than
// through tRPC (1 MB, JSON) or the files store: the preview and the import each send it again,
// so no copy of a list of people is kept on the server between the two, nothing to clean up or
// to erase on an LGPD request, and a file of 10,000 rows is a second's upload.
import type http from 'node:http';
import { z } from 'zod';
import { MAX_FILE_BYTES, megabytes } from '../../blocks/limits.js';
import { OziaError } from '../../runtime/errors.js';
import type { Viewer } from '../../runtime/inbox/access.js';
import { knownTimeZone } from '../../runtime/contacts/csv-export.js';
import { contactFilters } from '../../runtime/contacts/query.js';
import type { AppServices } from '../services.js';
import { closeAfterAnswer, declaredTooLarge, readBody, sendJson } from './body.js';
import type { Route } from './routes.js';

export const EXPORT_TOTAL_HEADER = 'X-Total-Rows';
const tooLarge = `file: larger than ${megabytes(MAX_FILE_BYTES)} MB`;

function failed(res: http.ServerResponse, e: unknown, what: string) {
  if (res.headersSent) {
    console.error(`[ozia] contacts: ${what}:`, e);
    return void res.destroy();
  }
  if (e instanceof z.ZodError) {
    const issues = e.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
    return sendJson(res, 400, { error: issues.map((i) => `${i.path}: ${i.message}`).join('\n'), issues });
  }
  if (e instanceof OziaError) {
    const status = e.code === 'BAD_REQUEST' ? 400 : e.code === 'NOT_FOUND' ? 404 : e.code === 'CONFLICT' ? 409 : 500;
    return sendJson(res, status, { error: e.message, issues: e.issues ?? null });
  }
  console.error(`[ozia] contacts: ${what}:`, e);
  sendJson(res, 500, { error: `could not ${what}` });
}

async function viewerOf(app: AppServices, req: http.IncomingMessage, res: http.ServerResponse): Promise<Viewer | null> {
  const user = await app.auth.userForToken(app.cookies(req));
  if (user) return app.inbox.viewer(user);
  closeAfterAnswer(req, res);
  sendJson(res, 401, { error: 'log in first' });
  return null;
}

async function fileBody(req: http.IncomingMessage, res: http.ServerResponse): Promise<Buffer | null> {
  const data = declaredTooLarge(req, MAX_FILE_BYTES) ? null : await readBody(req, MAX_FILE_BYTES);
  if (data) return data;
  closeAfterAnswer(req, res);
  sendJson(res, 413, { error: tooLarge });
  return null;
}

/** A JSON query parameter, parsed by its schema (a broken one is a 400 naming it). */
function jsonParam<T>(url: URL, name: string, schema: z.ZodType<T>, fallback: unknown): T {
  const raw = url.searchParams.get(name);
  let value: unknown = fallback;
  if (raw) {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new OziaError('BAD_REQUEST', `${name}: not JSON`, [{ path: name, message: 'not JSON' }]);
    }
  }
  const r = schema.safeParse(value);
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ path: [name, ...i.path].join('.'), message: i.message }));
    throw new OziaError('BAD_REQUEST', issues.map((i) => `${i.path}: ${i.message}`).join('\n'), issues);
  }
  return r.data;
}

async function preview(app: AppServices, req: http.IncomingMessage, res: http.ServerResponse) {
  const v = await viewerOf(app, req, res);
  if (!v) return;
  const data = await fileBody(req, res);
  if (!data) return;
  const mapping = jsonParam(new URL(req.url ?? '/', 'http://localhost'), 'mapping', z.array(z.string()).max(200).nullable(), null);
  sendJson(res, 200, await app.contacts.importer.preview(v, data, mapping));
}

async function importFile(app: AppServices, req: http.IncomingMessage, res: http.ServerResponse) {
  const v = await viewerOf(app, req, res);
  if (!v) return;
  const data = await fileBody(req, res);
  if (!data) return;
  const mapping = jsonParam(new URL(req.url ?? '/', 'http://localhost'), 'mapping', z.array(z.string()).max(200), null);
  sendJson(res, 200, await app.contacts.importer.run(v, data, mapping));
}

async function exportFile(app: AppServices, req: http.IncomingMessage, res: http.ServerResponse) {
  const v = await viewerOf(app, req, res);
  if (!v) return;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const filters = jsonParam(url, 'filters', contactFilters, {});
  const locale = url.searchParams.get('locale') === 'en' ? 'en' : 'pt-BR';
  const timeZone = knownTimeZone(url.searchParams.get('tz'));
  const total = await app.contacts.exporter.count(v, filters);
  let closed = false;
  res.once('close', () => (closed = true));
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  // The total goes first so the browser can show how far along the file is as rows arrive.
  res.writeHead(200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="contatos-${day}.csv"`,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    [EXPORT_TOTAL_HEADER]: String(total),
    'Access-Control-Expose-Headers': EXPORT_TOTAL_HEADER,
  });
  for await (const piece of app.contacts.exporter.pieces(v, filters, { locale, timeZone })) {
    // A cancelled download stops the reading too.
    if (closed) return;
    if (!res.write(piece)) await drained(res);
  }
  res.end();
}

/** Until the client has taken what was written (or left). */
function drained(res: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function contactCsvRoutes(app: AppServices): Route[] {
  return [
    { methods: ['POST'], path: '/api/contacts/import/preview', handle: (req, res) => preview(app, req, res).catch((e) => failed(res, e, 'read the file')) },
    { methods: ['POST'], path: '/api/contacts/import', handle: (req, res) => importFile(app, req, res).catch((e) => failed(res, e, 'import the file')) },
    { methods: ['GET'], path: '/api/contacts/export', handle: (req, res) => exportFile(app, req, res).catch((e) => failed(res, e, 'export the contacts')) },
  ];
}
