// The specs' side of the fake WhatsApp (e2e/testing/server.ts): what the phone and the
// contacts do, and what the business number sent, over the server's local control port.
import { expect, type APIRequestContext } from '@playwright/test';
import { FAKE_WHATSAPP_URL } from '../../playwright.config.js';
import { call } from '../helpers.js';

export interface FakeSocketInfo {
  index: number;
  channelId: string | null;
  state: 'connecting' | 'open' | 'closed';
  qrShown: number;
  sent: number;
  endedWith: string | null;
}

export interface SentByBusiness {
  jid: string;
  id: string;
  /** Text, caption or poll question; null for a delete and other contents. */
  text: string | null;
  content: Record<string, unknown>;
}

export interface FakeContact {
  /** Phone digits with country code. */
  pn: string;
  /** LID user part: with it the chat is LID-addressed and the phone comes as remoteJidAlt, as in Baileys 7. */
  lid?: string;
  /** Push name. */
  name?: string;
}

async function control<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${FAKE_WHATSAPP_URL}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const json = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(`fake WhatsApp ${method} ${path}: ${json.error ?? res.status}`);
  return json;
}

/** The fake WhatsApp as one account (a Settings account id) sees it. */
export function fakeWhatsApp(channelId: string) {
  const sent = (): Promise<SentByBusiness[]> => control('GET', `/sent?channelId=${encodeURIComponent(channelId)}`);
  return {
    sockets: async (): Promise<FakeSocketInfo[]> => (await control<FakeSocketInfo[]>('GET', '/sockets')).filter((s) => s.channelId === channelId),
    /** The server hands out the next QR now (instead of after its 45 s). */
    nextQr: () => control<{ qr: string | null }>('POST', '/qr', { channelId }),
    /** The phone scans the QR on screen: WhatsApp restarts the stream (515) and the new socket logs in. */
    scan: () => control('POST', '/scan', { channelId }),
    /** The phone accepts the pairing code on screen, then it goes on as a scan does. */
    pair: () => control('POST', '/pair', { channelId }),
    /** A contact writes to the number; returns the message id. */
    say: async (from: FakeContact, text: string, opts: { id?: string } = {}) => (await control<{ id: string }>('POST', '/receive', { channelId, from, text, ...opts })).id,
    /** Any proto.IMessage from a contact (a reaction, an edit…), as JSON. */
    send: async (from: FakeContact, content: Record<string, unknown>) => (await control<{ id: string }>('POST', '/receive', { channelId, from, content })).id,
    sent,
    /** Waits until the business has sent a message whose text contains `words`, and returns it. */
    async waitForSent(words: string, timeout = 10_000): Promise<SentByBusiness> {
      let all: SentByBusiness[] = [];
      try {
        await expect.poll(async () => (all = await sent()).some((m) => m.text?.includes(words)), { timeout }).toBe(true);
      } catch {
        throw new Error(`the business number should have sent “${words}”; it sent ${JSON.stringify(all.map((m) => m.text ?? m.content))}`);
      }
      return all.find((m) => m.text?.includes(words))!;
    },
    /** WhatsApp reports a status for a message the number sent. */
    ack: (id: string, status: 'sent' | 'delivered' | 'read' | 'played' | 'error') => control('POST', '/ack', { channelId, id, status }),
    /** The server closes the account's socket with a DisconnectReason code (401, 408, 440, 515…). */
    close: (code: number) => control('POST', '/close', { channelId, code }),
  };
}

export type FakeWhatsAppAccount = ReturnType<typeof fakeWhatsApp>;

/**
 * A WhatsApp number added and connected through the API (for specs whose subject is elsewhere):
 * created with `input` (no "typing…" and no rate limit unless given), connected, its QR scanned,
 * and open. `request` must carry a supervisor's session.
 */
export async function connectedNumber(
  request: APIRequestContext,
  input: { name: string; flowId?: string | null; botOffDepartmentId?: string | null; delivery?: Record<string, unknown>; settings?: Record<string, unknown> },
): Promise<{ id: string; wa: FakeWhatsAppAccount }> {
  const account = await call<{ id: string }>(request, 'channels.create', { kind: 'whatsapp', ...input, delivery: { typingMsPerChar: 0, perMinute: 0, ...input.delivery } });
  const wa = fakeWhatsApp(account.id);
  await call(request, 'channels.connect', { id: account.id });
  await expect.poll(async () => (await wa.sockets()).some((s) => s.state === 'connecting' && s.qrShown > 0), { message: 'the account should show a QR' }).toBe(true);
  await wa.scan();
  await expect
    .poll(async () => (await call<{ status: { state: string } }>(request, 'channels.get', { id: account.id }, 'query')).status.state, { message: 'the account should connect' })
    .toBe('open');
  return { id: account.id, wa };
}
