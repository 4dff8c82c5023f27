// A small Graph API client (kept-alive node:http for JSON calls, fetch for uploads and media), shared by the Meta channels (WhatsApp Cloud API now;
// Instagram and Messenger use the same host, errors and media downloads). Meta's errors come as
// `{ error: { message, type, code, error_subcode, error_data: { details }, fbtrace_id } }`; each is
// turned into a GraphError whose reason names the code and Meta's words, and which says whether
// trying again can help (PermanentSendError's contract) or the account's credentials are wrong.
import http from 'node:http';
import https from 'node:https';
import { z } from 'zod';

// One pool of kept-alive connections per process: a send is one request on a warm connection,
// not a TLS handshake. (node:http rather than fetch for JSON calls: undici's fetch costs several
// times more CPU per request, and every outgoing message is one.)
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }) };

function jsonRequest(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const lib = u.protocol === 'https:' ? https : http;
    const req = lib.request(
      u,
      { method, headers: body !== undefined ? { ...headers, 'Content-Length': String(Buffer.byteLength(body)) } : headers, agent: agents[u.protocol as 'http:' | 'https:'], timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer in ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** The Graph API version the product talks to (research notes, section C). */
export const GRAPH_VERSION = 'v24.0';
export const GRAPH_BASE_URL = `https://graph.facebook.com/${GRAPH_VERSION}`;

const graphErrorBody = z.object({
  error: z.object({
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    error_data: z.object({ details: z.string().optional() }).loose().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/** Codes Meta documents as temporary (throttling, "try again later", service unavailable). */
const RETRYABLE_CODES = new Set([1, 2, 4, 17, 32, 341, 613, 80007, 130429, 131000, 131016, 131048, 131056, 133004]);
/**
 * Subcodes that say a message is refused whatever the token: Messenger's "sent outside of allowed
 * window" (code 10, which otherwise means a missing permission) and "this person isn't available".
 */
const PERMANENT_SUBCODES = new Set([2018278, 2018108, 1545041, 2534022]);
/** The token is invalid, expired or lacks permission: the account needs a new token. */
const AUTH_CODES = new Set([10, 102, 190, 200, 294]);

export type GraphErrorKind = 'permanent' | 'retryable' | 'auth';

export class GraphError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly kind: GraphErrorKind,
    readonly reason: string,
    readonly code?: number,
    readonly subcode?: number,
    readonly fbtraceId?: string,
  ) {
    super(reason);
    this.name = 'GraphError';
  }
}

export function graphErrorOf(httpStatus: number, body: unknown): GraphError {
  const parsed = graphErrorBody.safeParse(body);
  if (!parsed.success) {
    const kind = httpStatus >= 500 || httpStatus === 429 ? 'retryable' : httpStatus === 401 ? 'auth' : 'permanent';
    return new GraphError(httpStatus, kind, `Meta answered HTTP ${httpStatus}`);
  }
  const e = parsed.data.error;
  const code = e.code;
  const kind: GraphErrorKind =
    e.error_subcode !== undefined && PERMANENT_SUBCODES.has(e.error_subcode)
      ? 'permanent'
      : code !== undefined && AUTH_CODES.has(code)
      ? 'auth'
      : httpStatus >= 500 || httpStatus === 429 || (code !== undefined && RETRYABLE_CODES.has(code))
        ? 'retryable'
        : httpStatus === 401
          ? 'auth'
          : 'permanent';
  const words = [e.error_user_msg ?? e.message ?? `HTTP ${httpStatus}`, e.error_data?.details].filter((w, i, all) => w && all.indexOf(w) === i).join(': ');
  const codes = [code !== undefined ? `${code}` : null, e.error_subcode !== undefined ? `subcode ${e.error_subcode}` : null].filter(Boolean).join(', ');
  const reason = `Meta error${codes ? ` ${codes}` : ''}: ${words}${e.fbtrace_id ? ` (fbtrace_id ${e.fbtrace_id})` : ''}`;
  return new GraphError(httpStatus, kind, reason, code, e.error_subcode, e.fbtrace_id);
}

export interface GraphClientOptions {
  /** `https://graph.facebook.com/v24.0` in the product; a fake's address in tests. */
  baseUrl: string;
  token: string;
  fetch?: typeof fetch;
  /** Per request; Meta answers sends in well under a second. */
  timeoutMs?: number;
}

export class GraphClient {
  private readonly fetch: typeof fetch;
  constructor(private readonly opts: GraphClientOptions) {
    this.fetch = opts.fetch ?? fetch;
  }

  get baseUrl() {
    return this.opts.baseUrl.replace(/\/+$/, '');
  }

  /** JSON in, JSON out; a Graph error (or a network failure, as retryable) is thrown as GraphError. */
  async call<T = unknown>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown | FormData): Promise<T> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.opts.token}` };
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const url = `${this.baseUrl}/${path.replace(/^\/+/, '')}`;
    const timeoutMs = this.opts.timeoutMs ?? 30_000;
    let answer: { status: number; text: string };
    try {
      if (payload instanceof FormData || this.opts.fetch) {
        const res = await this.fetch(url, { method, headers, body: payload, signal: AbortSignal.timeout(timeoutMs) });
        answer = { status: res.status, text: await res.text() };
      } else {
        answer = await jsonRequest(url, method, headers, payload, timeoutMs);
      }
    } catch (e) {
      throw new GraphError(0, 'retryable', `Meta could not be reached: ${e instanceof Error ? e.message : String(e)}`);
    }
    let json: unknown = null;
    try {
      json = answer.text ? JSON.parse(answer.text) : null;
    } catch {
      json = null;
    }
    if (answer.status < 200 || answer.status >= 300) throw graphErrorOf(answer.status, json);
    return json as T;
  }

  /**
   * A media file's bytes from the URL `GET /{media-id}` gave; the URL needs the bearer token too.
   * `bearer: false` for the Messenger Platform's attachment URLs (Meta's CDN, signed in the URL):
   * the token is not handed to a URL that does not need it.
   */
  async download(url: string, maxBytes: number, o: { bearer?: boolean } = {}): Promise<{ data: Buffer; mime: string } | { tooLarge: number }> {
    let res: Response;
    try {
      const headers: Record<string, string> = o.bearer === false ? {} : { Authorization: `Bearer ${this.opts.token}` };
      res = await this.fetch(url, { headers, signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000) });
    } catch (e) {
      throw new GraphError(0, 'retryable', `the media file could not be downloaded: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!res.ok) {
      const text = await res.text().catch(() => '');
      let json: unknown = null;
      try {
        json = JSON.parse(text);
      } catch {
        json = null;
      }
      throw graphErrorOf(res.status, json);
    }
    const declared = Number(res.headers.get('content-length') ?? 0);
    if (declared > maxBytes) {
      await res.body?.cancel().catch(() => {});
      return { tooLarge: declared };
    }
    const data = Buffer.from(await res.arrayBuffer());
    if (data.length > maxBytes) return { tooLarge: data.length };
    return { data, mime: res.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream' };
  }
}
