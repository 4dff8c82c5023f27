// The part of a Meta webhook every Meta channel does the same way: the GET handshake answered
// with hub.challenge for the account's verify token, and a POST let through only with a valid
// X-Hub-Signature-256 over the raw body (refused 401 and logged otherwise), parsed as JSON.
import type { ChannelHost, WebhookAnswer, WebhookRequest } from '../contract.js';
import { answerHandshake } from './handshake.js';
import { SIGNATURE_HEADER, validHubSignature } from './signature.js';

export const plainAnswer = (status: number, body: string): WebhookAnswer => ({ status, body, contentType: 'text/plain; charset=utf-8' });

/** The delivery's JSON when it is Meta's, signed with the app secret; otherwise the answer to give. */
export function openMetaWebhook(req: WebhookRequest, host: Pick<ChannelHost, 'log' | 'secrets'>, o: { verifyToken: string; appSecret: string }): { answer: WebhookAnswer } | { json: unknown } {
  if (req.method === 'GET') {
    const a = answerHandshake(req.query, o.verifyToken);
    if (a.status !== 200) host.log('warn', 'meta webhook verification refused', { reason: a.reason });
    return { answer: a.status === 200 ? plainAnswer(200, a.challenge) : plainAnswer(a.status, a.reason) };
  }
  if (req.method !== 'POST') return { answer: plainAnswer(405, 'GET or POST') };
  let appSecret: string;
  try {
    appSecret = host.secrets.open(o.appSecret);
  } catch (e) {
    host.log('error', 'meta webhook: the app secret cannot be read; save it again in Settings', { error: String(e) });
    return { answer: plainAnswer(500, 'the app secret cannot be read') };
  }
  if (!validHubSignature(req.body, req.headers[SIGNATURE_HEADER], appSecret)) {
    host.log('warn', 'meta webhook refused: X-Hub-Signature-256 does not match the app secret', {
      signature: typeof req.headers[SIGNATURE_HEADER] === 'string' ? 'wrong' : 'missing',
      bytes: req.body.length,
    });
    return { answer: plainAnswer(401, 'invalid X-Hub-Signature-256') };
  }
  try {
    return { json: JSON.parse(req.body.toString('utf8')) };
  } catch {
    host.log('warn', 'meta webhook refused: unexpected payload', { why: 'the body is not JSON' });
    return { answer: plainAnswer(400, 'the body is not JSON') };
  }
}
