// tRPC setup: context (who is calling), role checks, and errors that name the bad field.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { formatPath, type FlowIssue } from '../blocks/flow.js';
import { OziaError } from '../runtime/errors.js';
import type { Role, SessionUser } from './auth.js';
import { BATCHED_LOGIN_MESSAGE, batchedLogin, cameOverHttps, clientAddress } from './http/security.js';
import type { AppServices } from './services.js';
import { gatedCaller } from './http/trpc-gate.js';
import { BAD_TEXT_MESSAGE, badTextPath } from './http/text.js';

export interface Context {
  app: AppServices;
  user: SessionUser | null;
  token: string | undefined;
  address: string;
  /** The session cookie is marked Secure: HTTPS (here or at a trusted proxy), or OZIA_SECURE_COOKIES. */
  secure: boolean;
  setCookie(value: string): void;
  setHeader(name: string, value: string): void;
}

export function createContextFactory(app: AppServices) {
  return async ({ req, res, info }: { req: IncomingMessage; res: ServerResponse; info: { calls: readonly { path: string }[] } }): Promise<Context> => {
    if (batchedLogin(info.calls)) throw new TRPCError({ code: 'BAD_REQUEST', message: BATCHED_LOGIN_MESSAGE });
    const token = app.cookies(req);
    // The gate in front of tRPC already looked the session up (before reading the body).
    const gated = gatedCaller(req);
    const user = gated !== undefined ? gated : await app.auth.userForToken(token);
    return {
      app,
      user,
      token,
      address: clientAddress(req, app.trustedProxies),
      secure: app.secureCookies || cameOverHttps(req, app.trustedProxies),
      setCookie(value: string) {
        const prev = res.getHeader('Set-Cookie');
        const list = Array.isArray(prev) ? prev : prev ? [String(prev)] : [];
        res.setHeader('Set-Cookie', [...list, value]);
      },
      setHeader(name: string, value: string) {
        res.setHeader(name, value);
      },
    };
  };
}

const t = initTRPC.context<Context>().create({
  sse: {
    ping: { enabled: true, intervalMs: 10_000 },
    client: { reconnectAfterInactivityMs: 20_000 },
  },
  errorFormatter({ shape, error, path }) {
    // An internal error's text is for the log, never for the client: the client gets a
    // reference to quote, and the log line has it with the stack.
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      const ref = randomBytes(4).toString('hex');
      console.error(`[ozia] internal error ${ref} in ${path ?? '?'}:`, error.cause ?? error);
      return { ...shape, message: `internal error (reference ${ref})`, data: { ...shape.data, stack: undefined, issues: null } };
    }
    let issues: FlowIssue[] | undefined;
    if (error.cause instanceof ZodError) {
      issues = error.cause.issues.map((i) => ({ path: formatPath(i.path), message: i.message }));
    } else if (error.cause instanceof OziaError && error.cause.issues) {
      issues = error.cause.issues;
    }
    const message =
      error.cause instanceof ZodError && issues ? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n') : shape.message;
    return { ...shape, message, data: { ...shape.data, stack: undefined, issues: issues ?? null } };
  },
});

const codes: Record<OziaError['code'], TRPCError['code']> = {
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  BAD_REQUEST: 'BAD_REQUEST',
  FORBIDDEN: 'FORBIDDEN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
};

/**
 * Turns runtime errors into tRPC errors with the same message and field issues; a zod error
 * raised inside a procedure (a store re-parsing its input) is bad input too, not a crash.
 */
const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof OziaError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: codes[cause.code], message: cause.message, cause });
  }
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR' && result.error.cause instanceof ZodError) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: result.error.cause.message, cause: result.error.cause });
  }
  return result;
});

/** Text no database can store as sent (NUL, lone surrogates) is refused at the door, with its field. */
const storableText = t.middleware(async ({ getRawInput, next }) => {
  let raw: unknown;
  try {
    raw = await getRawInput();
  } catch {
    return next(); // no readable input (a call without one): the input parser, if any, reports it
  }
  const path = badTextPath(raw);
  if (path !== null) throw new TRPCError({ code: 'BAD_REQUEST', message: path ? `${path}: ${BAD_TEXT_MESSAGE}` : BAD_TEXT_MESSAGE });
  return next();
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapErrors).use(storableText);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'log in first' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export function roleProcedure(...roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.user.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `this needs the role ${roles.join(' or ')}` });
    }
    return next();
  });
}

/** Inbox procedures: the caller as an agent, with the departments that scope what they see. */
export const agentProcedure = authedProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, viewer: ctx.app.inbox.viewer(ctx.user) } }));

export const supervisorProcedure = roleProcedure('supervisor');

/** Flows and the test chat are the designers' tools: supervisors only until a designer role exists. */
export const designerProcedure = roleProcedure('supervisor');
