// What runs before tRPC reads a call's body: the session is looked up from the cookie first, so
// an anonymous post to a procedure that needs a session is refused (401) before its body is
// read, and every body is read against the limit of what it carries: a flow document, any
// other signed-in call, or an anonymous one (a login).
import type http from 'node:http';
import { TRPCError } from '@trpc/server';
import { MAX_FLOW_DOCUMENT_BYTES } from '../../blocks/limits.js';
import type { SessionUser } from '../auth.js';
import type { AppServices } from '../services.js';
import { ANONYMOUS_BODY_LIMIT, API_BODY_LIMIT, closeAfterAnswer, declaredTooLarge, readBody, tooLargeMessage } from './body.js';

/** Procedures an anonymous caller may call; every other one needs a session. */
export const PUBLIC_PROCEDURES = new Set(['auth.login', 'auth.logout', 'auth.me']);
/** Procedures that carry a whole flow document. */
export const FLOW_DOCUMENT_PROCEDURES = new Set(['flows.saveDraft', 'flows.import', 'flows.validate']);
/** Room for what surrounds a flow document in its call (id, revision, name, batching). */
const ENVELOPE_BYTES = 64 * 1024;

/** The caller found by the gate, so the tRPC context does not look the session up twice. */
const callers = new WeakMap<http.IncomingMessage, SessionUser | null>();
export const gatedCaller = (req: http.IncomingMessage) => callers.get(req);

export function procedurePaths(req: http.IncomingMessage): string[] {
  const url = new URL(req.url ?? '/', 'http://localhost');
  let path: string;
  try {
    path = decodeURIComponent(url.pathname.replace(/^\/trpc\//, ''));
  } catch {
    return [];
  }
  return url.searchParams.get('batch') === '1' ? path.split(',') : [path];
}

export function bodyLimit(paths: string[], user: SessionUser | null): number {
  if (!user) return ANONYMOUS_BODY_LIMIT;
  return paths.some((p) => FLOW_DOCUMENT_PROCEDURES.has(p)) ? MAX_FLOW_DOCUMENT_BYTES + ENVELOPE_BYTES : API_BODY_LIMIT;
}

/** A connect-style middleware for tRPC's node handler: `next(error)` answers every call of the request with that error. */
export function trpcGate(app: AppServices) {
  return (req: http.IncomingMessage, res: http.ServerResponse, next: (err?: unknown) => void) => {
    void (async () => {
      const user = await app.auth.userForToken(app.cookies(req));
      callers.set(req, user);
      if (req.method !== 'POST') return next();
      const paths = procedurePaths(req);
      if (!user && paths.length && paths.every((p) => !PUBLIC_PROCEDURES.has(p))) {
        closeAfterAnswer(req, res);
        return next(new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first' }));
      }
      const limit = bodyLimit(paths, user);
      const tooLarge = new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: tooLargeMessage(limit) });
      if (declaredTooLarge(req, limit)) {
        closeAfterAnswer(req, res);
        return next(tooLarge);
      }
      const body = await readBody(req, limit);
      if (!body) {
        closeAfterAnswer(req, res);
        return next(tooLarge);
      }
      // tRPC takes a body already read as `req.body` (a string is parsed as the JSON it is).
      (req as http.IncomingMessage & { body?: string }).body = body.toString('utf8');
      next();
    })().catch((e) => next(e));
  };
}
