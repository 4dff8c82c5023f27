// Meta's webhook verification: when a webhook URL is saved in the app dashboard, Meta calls
// `GET <url>?hub.mode=subscribe&hub.verify_token=<what was typed>&hub.challenge=<n>` and expects
// the challenge echoed back as the body. Any other answer and Meta refuses the URL.
import { timingSafeEqual } from 'node:crypto';

export type HandshakeAnswer = { status: 200; challenge: string } | { status: 400 | 403; reason: string };

export function answerHandshake(query: URLSearchParams, verifyToken: string): HandshakeAnswer {
  const mode = query.get('hub.mode');
  const token = query.get('hub.verify_token') ?? '';
  const challenge = query.get('hub.challenge');
  if (mode !== 'subscribe' || challenge === null) return { status: 400, reason: 'hub.mode must be subscribe, with a hub.challenge' };
  const a = Buffer.from(token);
  const b = Buffer.from(verifyToken);
  if (!verifyToken || a.length !== b.length || !timingSafeEqual(a, b)) return { status: 403, reason: 'hub.verify_token does not match the account' };
  return { status: 200, challenge };
}
