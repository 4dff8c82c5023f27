// What the WhatsApp benches share: the product's services (api/services.ts, the real channel
// manager and WhatsApp channel) over a fake WhatsApp (the injection point the e2e entry uses),
// accounts connected by QR the way a supervisor does, and contacts writing through the fake's
// `messages.upsert` with the WAMessage shapes Baileys 7 decodes.
import { generateMessageIDV2, type WAMessage } from 'baileys';
import { createServices, type AppServices } from '../api/services.js';
import type { ChannelStatus } from '../runtime/channels/contract.js';
import { FakeSocketFactory } from '../runtime/channels/whatsapp/testing/fake-factory.js';
import type { FakeWhatsApp } from '../runtime/channels/whatsapp/testing/fake-whatsapp.js';
import { incoming, ME, wire, type Person } from '../runtime/channels/whatsapp/testing/messages.js';

/** The business number as the message builders (testing/messages.ts) address it. */
const OWN = { phone: ME.id.split(':')[0], lid: ME.lid.split(':')[0], name: ME.name };

export interface WhatsAppServer {
  app: AppServices;
  fakes: FakeSocketFactory;
  /** The published flow every account runs. */
  flowId: string;
  close(): Promise<void>;
}

export async function startWhatsAppServer(o: { dir: string; flow: { name: string; document: unknown } }): Promise<WhatsAppServer> {
  // No keepalive frames: 20 idle sockets' timers would only add noise to what is measured.
  const fakes = new FakeSocketFactory({ account: OWN, keepAliveMs: 0 });
  const app = await createServices({
    dataDir: o.dir,
    sqliteFile: `${o.dir}/ozia.sqlite`,
    channelKinds: { whatsapp: { factory: fakes.create } },
  });
  const flow = await app.flows.create({ name: o.flow.name, document: o.flow.document });
  await app.flows.publish({ id: flow.id });
  return { app, fakes, flowId: flow.id, close: () => app.close() };
}

async function until<T>(what: string, get: () => T | null | undefined | false, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = get();
    if (v) return v;
    if (Date.now() > end) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface ConnectedAccount {
  id: string;
  /** The open socket (the one created after the scan's 515 restart). */
  sock: FakeWhatsApp;
}

/**
 * Adds a WhatsApp account running the server's flow with pacing off (no typing, no rate
 * limit: what is measured is Ozia, not the pauses it is told to make), connects it, scans the
 * QR, and waits until it is open.
 */
export async function connectAccount(s: WhatsAppServer, name: string): Promise<ConnectedAccount> {
  const account = await s.app.channels.create({
    kind: 'whatsapp',
    name,
    flowId: s.flowId,
    delivery: { typingMsPerChar: 0, typingMaxMs: 0, perMinute: 0, splitLong: false },
  });
  const before = s.fakes.sockets.length;
  await s.app.channelControl.connect(account.id);
  const qrSock = await until('a QR', () => s.fakes.sockets.length > before && s.fakes.latest.qrShown > 0 && s.fakes.latest);
  await qrSock.scan();
  await until('the account to open', () => (s.app.channelControl.status(account.id) as ChannelStatus | null)?.state === 'open');
  return { id: account.id, sock: s.fakes.latest };
}

/** Contact `i` of a bench: a LID-addressed person with a phone (Baileys 7's usual). */
export function benchContact(i: number, salt = 0): Person {
  return { pn: `55119${String(salt * 100_000 + i).padStart(8, '0')}`, lid: String(70_000_000_000_000 + salt * 100_000 + i), name: `Contato ${i}` };
}

/** A contact's text as `messages.upsert` carries it (Baileys' own stanza decoding and cleaning). */
export function textFrom(p: Person, text: string, at = new Date()): WAMessage {
  return incoming(wire({ conversation: text }), { from: p, id: generateMessageIDV2(), at });
}

/** The JIDs replies to this contact may go to (its LID chat or its phone chat). */
export function jidsOf(p: Person): string[] {
  return [p.lid && `${p.lid}@lid`, p.pn && `${p.pn}@s.whatsapp.net`].filter((j): j is string => !!j);
}
