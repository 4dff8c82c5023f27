// Request bodies are read only up to a limit, and refused by their declared length before a
// byte is read: nothing can make the server hold more than the limit of one request.
import type http from 'node:http';
import { megabytes } from '../../blocks/limits.js';

/** Every API call but a flow document or a file. */
export const API_BODY_LIMIT = 1024 * 1024;
/** Before a session is known: a login is a few hundred bytes. */
export const ANONYMOUS_BODY_LIMIT = 16 * 1024;

export const tooLargeMessage = (limit: number) =>
  limit >= 1024 * 1024 ? `the request is larger than ${megabytes(limit)} MB` : `the request is larger than ${Math.round(limit / 1024)} KB`;

/** Whether the declared length already passes the limit (no need to read a byte to refuse). */
export function declaredTooLarge(req: http.IncomingMessage, limit: number): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(declared) && declared > limit;
}

/**
 * Reads a body up to `limit` bytes; null as soon as it passes the limit (what follows is not
 * read: the caller answers 413 and closes the connection).
 */
export function readBody(req: http.IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (c: Buffer) => {
      size += c.length;
      if (size <= limit) return void chunks.push(c);
      cleanup();
      req.pause();
      resolve(null);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}

/**
 * After answering a request whose body was refused unread: the connection closes once the
 * answer is out, so the client's remaining upload is not read (Node would otherwise drain it
 * to keep the connection alive).
 */
export function closeAfterAnswer(req: http.IncomingMessage, res: http.ServerResponse) {
  if (!res.headersSent) res.setHeader('Connection', 'close');
  res.once('finish', () => req.socket.destroy());
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(data), ...headers });
  res.end(data);
}
