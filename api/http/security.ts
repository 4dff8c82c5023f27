// What every HTTP answer carries and every request is checked for, before any route runs:
// security headers, refusal of state-changing requests sent by another site, and which
// client address and scheme to believe when a trusted reverse proxy stands in front.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { TLSSocket } from 'node:tls';

/**
 * The editor's policy: its own scripts and style sheets only (the built index.html has no inline
 * script; styles React and React Flow set from script go through CSSOM, which the policy allows,
 * so no 'unsafe-inline' is needed — e2e/security.spec.ts watches for violations), media from
 * anywhere over HTTPS (flows show images and videos by URL), and never inside a frame.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: https:",
  "media-src 'self' data: blob: https:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'same-origin',
};

/** How many reverse proxies in front of Ozia set X-Forwarded-For/-Proto/-Host (0: none, the headers are ignored). */
export type TrustedProxies = number;

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

/** The value the nearest trusted proxy wrote: proxies append, so the client's own entries are further left. */
function forwarded(req: IncomingMessage, name: string, proxies: TrustedProxies): string | undefined {
  if (proxies < 1) return undefined;
  const list = header(req, name)
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!list?.length) return undefined;
  return list[Math.max(0, list.length - proxies)];
}

const plainAddress = (a: string) => a.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** The address login attempts are counted against. */
export function clientAddress(req: IncomingMessage, proxies: TrustedProxies): string {
  const socket = plainAddress(req.socket.remoteAddress ?? 'unknown');
  const claimed = forwarded(req, 'x-forwarded-for', proxies);
  if (!claimed) return socket;
  const bare = plainAddress(claimed.replace(/^\[(.+)\](:\d+)?$/, '$1').replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, '$1'));
  return isIP(bare) ? bare : socket;
}

/** HTTPS to this process, or to the trusted proxy in front of it. */
export function cameOverHttps(req: IncomingMessage, proxies: TrustedProxies): boolean {
  if ((req.socket as TLSSocket).encrypted) return true;
  return forwarded(req, 'x-forwarded-proto', proxies)?.toLowerCase() === 'https';
}

/** host[:port] the browser addressed. */
export function ownHost(req: IncomingMessage, proxies: TrustedProxies): string | undefined {
  return (forwarded(req, 'x-forwarded-host', proxies) ?? header(req, 'host'))?.toLowerCase();
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The site a state-changing request came from, when that is not this server. Browsers send
 * Origin on every cross-site POST (and Referer when Origin is withheld); requests with neither
 * come from programs, not from a page another site controls.
 */
export function foreignOrigin(req: IncomingMessage, proxies: TrustedProxies): string | null {
  if (SAFE_METHODS.has(req.method ?? 'GET')) return null;
  const origin = header(req, 'origin');
  const source = origin ?? header(req, 'referer');
  if (source === undefined) return null;
  const host = ownHost(req, proxies);
  return host && hostOf(source) === host ? null : source;
}

/**
 * Runs first for every request: sets the security headers, and answers 403 itself (returning
 * true) when another site tries to change something.
 */
export function guardRequest(req: IncomingMessage, res: ServerResponse, proxies: TrustedProxies): boolean {
  // API answers are JSON a page never renders: nosniff is what they need, and the page policy's
  // 300 bytes on every call cost the test chat's round trips about a tenth of their rate.
  if (req.url?.startsWith('/trpc/')) res.setHeader('X-Content-Type-Options', 'nosniff');
  else for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
  // The web chat's visitor API is called from the sites its account allows: it checks the
  // origin against that list itself (http/webchat.ts), with no cookie to ride on.
  if (req.url?.startsWith('/api/webchat/')) return false;
  const foreign = foreignOrigin(req, proxies);
  if (foreign === null) return false;
  const body = JSON.stringify({ error: `request refused: it was sent by another site (${foreign.slice(0, 200)})` });
  res.writeHead(403, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  return true;
}

export const LOGIN_PROCEDURE = 'auth.login';
export const BATCHED_LOGIN_MESSAGE = 'log in with one request of its own, not inside a batch';

/** A batch may not carry a login: each guess must be a request of its own. */
export function batchedLogin(calls: readonly { path: string }[]): boolean {
  return calls.length > 1 && calls.some((c) => c.path === LOGIN_PROCEDURE);
}
