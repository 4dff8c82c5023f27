// The end-to-end suite's server: the real product (`startOzia`, channel manager and all) with
// the fake WhatsApp socket factory injected where the product would reach WhatsApp, plus a
// local-only JSON port (PORT+1, or OZIA_FAKE_WA_PORT) where specs play WhatsApp's part: scan
// the QR, make a contact write, read what the business sent, acknowledge it, close a socket.
// Never part of the product: `npm start` runs api/main.ts, which connects to WhatsApp itself.
//
//   GET  /sockets                         every socket, oldest first (index, channelId, state, qrShown, sent)
//   POST /qr      {channelId?}            the server hands out the next QR (as its timer would)
//   POST /scan    {channelId?}            the phone scans the QR shown
//   POST /pair    {channelId?}            the phone accepts the pairing code shown
//   POST /receive {channelId?, from, text? | content?, id?, type?, fromMe?}  a contact writes → {id}
//   GET  /sent?channelId=                 what the business sent: [{jid, id, text, content}]
//   POST /ack     {channelId?, id, status}  WhatsApp reports sent / delivered / read / played
//   POST /close   {channelId?, code}      the server closes the socket with a DisconnectReason code
//
//   POST /retention/age {conversationId, days}  the conversation and its messages were written
//        `days` earlier (Settings → Dados' retention then finds them old)
//
//   POST /graph/phone                      a phone number Meta knows, with the token and app secret the fake takes
//   POST /graph/receive {channelId, phoneNumberId, from, text?}  a contact writes through the Cloud API
//   GET  /graph/sent?to=                   what the business sent through the Graph API
//   POST /graph/review {name, status, reason?}  Meta's review of a message template (APPROVED, REJECTED…)
//   POST /graph/wrote-ago {channelId, phoneNumberId, from, hours}  the contact's messages on that
//        account were written `hours` earlier, at Ozia and at Meta alike: its 24-hour window
//        closes without the suite waiting a day (nothing else's clock moves)
//
// `channelId` picks the account's newest socket (a scan replaces the socket: 515, then a new
// one logs in); without it, the newest socket of all.
import http from 'node:http';
import { z } from 'zod';
import { startOzia } from '../../api/main.js';
import { FakeSocketFactory } from '../../runtime/channels/whatsapp/testing/fake-factory.js';
import type { FakeWhatsApp } from '../../runtime/channels/whatsapp/testing/fake-whatsapp.js';
import type { AnyMessageContent } from 'baileys';
import { describeSent, FakeGraph } from '../../runtime/channels/meta/testing/fake-graph.js';
import { describeMessengerSent, FakeMessenger } from '../../runtime/channels/meta/testing/fake-messenger.js';

/** What a sent message says, for specs to find it: its text, a caption, a poll's question. */
function sentText(content: AnyMessageContent): string | null {
  if ('text' in content && typeof content.text === 'string') return content.text;
  if ('caption' in content && typeof content.caption === 'string') return content.caption;
  if ('poll' in content && content.poll) return content.poll.name;
  return null;
}

const fakes = new FakeSocketFactory();
// The Cloud API's Graph API: a fake on a free local port, its address injected where the product names graph.facebook.com.
const graph = await new FakeGraph().start();
// Messenger and Instagram: the Messenger Platform's fake, the same way.
const messenger = await new FakeMessenger().start();
// Presence runs on seconds instead of a minute, so the spec of an agent who closes the browser
// watches away and offline without waiting out the product's 20 s and 60 s.
const { app, port } = await startOzia({
  channelKinds: {
    whatsapp: { factory: fakes.create },
    cloudApi: { graphBaseUrl: graph.baseUrl },
    messenger: { graphBaseUrl: messenger.baseUrl },
    instagram: { graphBaseUrl: messenger.baseUrl },
  },
  presenceTimings: { awayAfterMs: 5_000, offlineAfterMs: 12_000, checkEveryMs: 1_000 },
});
const controlPort = Number(process.env.OZIA_FAKE_WA_PORT ?? port + 1);

/**
 * Which account each socket belongs to. Sockets of one connection share its `scope`; the
 * connection is told apart by the QR it shows (the fake numbers its QRs by socket) or, once
 * paired, by its creds, which the account keeps in its channel state.
 */
const accountOfScope = new WeakMap<object, string>();
const QR_OF_SOCKET = /^2@fake(\d+)-/;
app.bus.on('channel', ({ channelId, status }) => {
  const m = status.qr ? QR_OF_SOCKET.exec(status.qr) : null;
  const sock = m ? fakes.sockets[Number(m[1])] : undefined;
  if (sock) accountOfScope.set(sock.options.scope, channelId);
});

async function channelOf(sock: FakeWhatsApp): Promise<string | null> {
  const known = accountOfScope.get(sock.options.scope);
  if (known) return known;
  const rows = await app.db.kysely.selectFrom('channel_state').select(['channel_id', 'value']).where('type', '=', 'creds').execute();
  const row = rows.find((r) => r.value.includes(JSON.stringify(sock.creds.advSecretKey)));
  if (!row) return null;
  accountOfScope.set(sock.options.scope, row.channel_id);
  return row.channel_id;
}

async function socketOf(channelId: string | undefined): Promise<FakeWhatsApp> {
  if (!channelId) return fakes.latest;
  for (let i = fakes.sockets.length - 1; i >= 0; i--) {
    const sock = fakes.sockets[i];
    if ((await channelOf(sock)) === channelId) return sock;
  }
  throw new Error(`no socket was created for account ${channelId}`);
}

const target = z.object({ channelId: z.string().optional() });
const from = z.object({ pn: z.string().regex(/^\d{8,15}$/).optional(), lid: z.string().regex(/^\d+$/).optional(), name: z.string().optional() });
const receive = target.extend({
  from,
  text: z.string().optional(),
  /** Any proto.IMessage as JSON (a reaction, an edit…). */
  content: z.record(z.string(), z.unknown()).optional(),
  id: z.string().optional(),
  type: z.enum(['notify', 'append']).optional(),
  fromMe: z.boolean().optional(),
});
const ack = target.extend({ id: z.string(), status: z.enum(['error', 'pending', 'sent', 'delivered', 'read', 'played']) });
const close = target.extend({ code: z.number().int() });
const graphReceive = z.object({
  channelId: z.string(),
  phoneNumberId: z.string(),
  from: z.object({ waId: z.string().optional(), userId: z.string().optional(), name: z.string().optional() }),
  text: z.string().optional(),
  buttonReply: z.object({ id: z.string(), title: z.string() }).optional(),
  listReply: z.object({ id: z.string(), title: z.string() }).optional(),
});

const graphReview = z.object({ name: z.string(), status: z.enum(['APPROVED', 'REJECTED', 'PAUSED', 'DISABLED']), reason: z.string().optional() });
const graphWroteAgo = z.object({
  channelId: z.string(),
  phoneNumberId: z.string(),
  from: z.object({ waId: z.string().optional(), userId: z.string().optional() }),
  hours: z.number().positive(),
});

const messengerReceive = z.object({
  channelId: z.string(),
  pageId: z.string(),
  personId: z.string(),
  text: z.string().optional(),
  quickReply: z.object({ payload: z.string(), title: z.string() }).optional(),
});

type Handler = (body: unknown, url: URL) => Promise<unknown>;
const routes: Record<string, Handler> = {
  'GET /sockets': async () =>
    Promise.all(
      fakes.sockets.map(async (s) => ({ index: s.index, channelId: await channelOf(s), state: s.state, qrShown: s.qrShown, sent: s.sent.length, endedWith: s.endedWith?.message ?? null })),
    ),
  'POST /qr': async (body) => ({ qr: (await socketOf(target.parse(body).channelId)).showQr() }),
  'POST /scan': async (body) => {
    await (await socketOf(target.parse(body).channelId)).scan();
    return { ok: true };
  },
  'POST /pair': async (body) => {
    await (await socketOf(target.parse(body).channelId)).enterPairingCode();
    return { ok: true };
  },
  'POST /receive': async (body) => {
    const b = receive.parse(body);
    const sock = await socketOf(b.channelId);
    const options = { id: b.id, type: b.type, fromMe: b.fromMe };
    const message = b.content ? sock.receive(b.from, b.content, options) : sock.receiveText(b.from, b.text ?? '', options);
    return { id: message.key.id };
  },
  'GET /sent': async (_, url) => {
    const channelId = url.searchParams.get('channelId') ?? undefined;
    // Every socket of the account: a message sent before a reconnect is still sent.
    const socks = channelId ? (await Promise.all(fakes.sockets.map(async (s) => ((await channelOf(s)) === channelId ? s : null)))).filter((s) => s !== null) : fakes.sockets;
    return socks.flatMap((s) => s.sent.map((m) => ({ jid: m.jid, id: m.message.key.id, text: sentText(m.content), content: m.content })));
  },
  'POST /ack': async (body) => {
    const b = ack.parse(body);
    (await socketOf(b.channelId)).ack(b.id, b.status);
    return { ok: true };
  },
  /** The conversation happened `days` ago: its messages and dates move back (nothing else's clock moves). */
  'POST /retention/age': async (body) => {
    const b = z.object({ conversationId: z.string(), days: z.number().positive() }).parse(body);
    const k = app.db.kysely;
    const back = (iso: string) => new Date(Date.parse(iso) - b.days * 86_400_000).toISOString();
    const c = await k.selectFrom('conversations').select(['opened_at', 'last_message_at', 'closed_at']).where('id', '=', b.conversationId).executeTakeFirstOrThrow();
    await k
      .updateTable('conversations')
      .set({ opened_at: back(c.opened_at), last_message_at: back(c.last_message_at), closed_at: c.closed_at ? back(c.closed_at) : null })
      .where('id', '=', b.conversationId)
      .execute();
    const rows = await k.selectFrom('messages').select(['id', 'created_at']).where('conversation_id', '=', b.conversationId).execute();
    for (const r of rows) await k.updateTable('messages').set({ created_at: back(r.created_at) }).where('id', '=', r.id).execute();
    return { moved: rows.length };
  },
  // ---- the fake Graph API (WhatsApp Cloud API) ----
  /** A phone number Meta knows, and the credentials the fake accepts for it. */
  'POST /graph/phone': async () => ({ ...graph.addPhone(), token: graph.token, appSecret: graph.appSecret }),
  /** A contact writes: a `messages` webhook signed with the app secret, delivered to the account's URL → Ozia's answer. */
  'POST /graph/receive': async (body) => {
    const b = graphReceive.parse(body);
    const phone = graph.phones.get(b.phoneNumberId);
    if (!phone) throw new Error(`no fake phone ${b.phoneNumberId}`);
    const message = b.buttonReply ? graph.buttonReply(b.buttonReply.id, b.buttonReply.title) : b.listReply ? graph.listReply(b.listReply.id, b.listReply.title) : graph.text(b.text ?? '');
    const m = graph.inbound(phone, b.from, message);
    const answer = await graph.deliver(`http://127.0.0.1:${port}/api/meta/webhook/${encodeURIComponent(b.channelId)}`, m.payload);
    return { id: m.id, ...answer };
  },
  /** Meta reviews a message template: approved, or rejected with a reason. */
  'POST /graph/review': async (body) => {
    const b = graphReview.parse(body);
    const t = graph.review(b.name, b.status, b.reason);
    return { id: t.id, status: t.status };
  },
  /** The contact wrote `hours` ago: their inbound rows on the account, and Meta's record of it, move back. */
  'POST /graph/wrote-ago': async (body) => {
    const b = graphWroteAgo.parse(body);
    const phone = graph.phones.get(b.phoneNumberId);
    if (!phone) throw new Error(`no fake phone ${b.phoneNumberId}`);
    const k = app.db.kysely;
    const identities = [b.from.waId && { kind: 'phone', value: b.from.waId }, b.from.userId && { kind: 'bsuid', value: b.from.userId }].filter((x): x is { kind: string; value: string } => !!x);
    const ids = await k
      .selectFrom('contact_identities')
      .select('contact_id')
      .where('channel_id', '=', b.channelId)
      .where((eb) => eb.or(identities.map((i) => eb.and([eb('kind', '=', i.kind as never), eb('value', '=', i.value)]))))
      .execute();
    const contactIds = [...new Set(ids.map((r) => r.contact_id))];
    if (!contactIds.length) throw new Error('that contact never wrote on this account');
    const rows = await k.selectFrom('messages').select(['id', 'created_at']).where('channel', '=', b.channelId).where('direction', '=', 'in').where('contact_id', 'in', contactIds).execute();
    const shift = b.hours * 3_600_000;
    for (const r of rows) await k.updateTable('messages').set({ created_at: new Date(Date.parse(r.created_at) - shift).toISOString() }).where('id', '=', r.id).execute();
    graph.wrote(phone, b.from, new Date(Date.now() - shift));
    return { moved: rows.length };
  },
  /** What the business sent to `to` through the Graph API: the request bodies, and a one-line description. */
  'GET /graph/sent': async (_, url) => graph.sentTo(url.searchParams.get('to') ?? '').map((s) => ({ id: s.id, text: describeSent(s), body: s.body })),
  // ---- the fake Messenger Platform (Messenger, Instagram) ----
  /** A Page (with its Instagram account when `instagram`) and a person who writes to it, and the credentials the fake accepts. */
  'POST /messenger/page': async (body) => {
    const b = z.object({ instagram: z.boolean().optional(), name: z.string().optional(), person: z.object({ firstName: z.string(), lastName: z.string().optional() }) }).parse(body);
    const page = messenger.addPage({ ...(b.name ? { name: b.name } : {}), ...(b.instagram ? { instagram: true } : {}) });
    const person = messenger.addPerson(b.person);
    return { ...page, person, token: messenger.token, appSecret: messenger.appSecret };
  },
  /** The person writes (a text or a quick-reply tap): a signed webhook delivered to the account's URL → Ozia's answer. */
  'POST /messenger/receive': async (body) => {
    const b = messengerReceive.parse(body);
    const page = messenger.pages.get(b.pageId);
    const person = messenger.people.get(b.personId);
    if (!page || !person) throw new Error(`no fake page ${b.pageId} or person ${b.personId}`);
    const m = messenger.inbound(page, person, b.quickReply ? messenger.quickReply(b.quickReply.payload, b.quickReply.title) : messenger.text(b.text ?? ''));
    const answer = await messenger.deliver(`http://127.0.0.1:${port}/api/meta/webhook/${encodeURIComponent(b.channelId)}`, m.payload);
    return { mid: m.mid, ...answer };
  },
  /** What the Page sent to the person through the Send API: the request bodies, and a one-line description. */
  'GET /messenger/sent': async (_, url) => messenger.sentTo(url.searchParams.get('to') ?? '').map((s) => ({ mid: s.mid, text: describeMessengerSent(s), body: s.body })),
  'POST /close': async (body) => {
    const b = close.parse(body);
    await (await socketOf(b.channelId)).close(b.code);
    return { ok: true };
  },
};

const control = http.createServer((req, res) => {
  const reply = (code: number, body: unknown) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? null));
  };
  const url = new URL(req.url ?? '/', `http://127.0.0.1:${controlPort}`);
  const route = routes[`${req.method} ${url.pathname}`];
  if (!route) return reply(404, { error: `no ${req.method} ${url.pathname}` });
  let raw = '';
  req.on('data', (c) => (raw += c));
  req.on('end', () => {
    void (async () => {
      try {
        reply(200, await route(raw ? JSON.parse(raw) : {}, url));
      } catch (e) {
        reply(400, { error: e instanceof Error ? e.message : String(e) });
      }
    })();
  });
});
await new Promise<void>((resolve) => control.listen(controlPort, '127.0.0.1', resolve));
console.log(`fake WhatsApp control at http://127.0.0.1:${controlPort}`);
