// FakeSocketFactory: WhatsApp without the internet, for unit tests, the e2e server entry and benches.
//
// Inject `fakes.create` where the product takes a `SocketFactory`:
//
//   const fakes = new FakeSocketFactory({ timers });        // timers: ManualTimers in unit tests; real ones by default
//   const conn = new WhatsAppConnection({ factory: fakes.create, ... });
//   await conn.start();  await settle();
//   fakes.latest.qrShown                                    // 1: the first QR is on screen (status 'qr')
//   await fakes.latest.scan();  await settle();              // creds.update(me, account) → close 515 → new socket → open
//   fakes.latest.receiveText({ lid: '123', pn: '5511988887777', name: 'Ana' }, 'oi');   // messages.upsert 'notify'
//   fakes.latest.sent                                       // [{ jid, content, options, message: WAMessage }]
//   fakes.latest.ack(id, 'delivered'); ack(id, 'read')      // messages.update with proto status
//   await fakes.latest.close(408)                           // any DisconnectReason code, as a Boom
//
// Each socket is a `FakeWhatsApp` (fake-whatsapp.ts). What it does by itself (FakeSocketBehaviour,
// settable per factory and changeable between sockets through `fakes.behaviour`):
//   - emits connection.update 'connecting' once wired (next macrotask), like Baileys;
//   - unpaired (creds without `account`): shows a QR at once, the next every `qrTimeoutMs`, and
//     after `qrRefs` (6, like the server) ends with 408 "QR refs attempts ended";
//   - paired: logs in at once (login 'open'), or waits ('hold': call sock.open()), or fails
//     ({ close: 401 }): the way to script "the phone removed this device";
//   - open: a transport frame every `keepAliveMs` (30 s) until goSilent(), so the watchdog sees life;
//   - sendMessage: real generateWAMessage (ids like Baileys', media "uploaded" into `uploads`),
//     recorded in `sent`, acked at once with `autoAck` ('sent' by default; 'none' to ack by hand);
//     throws a Boom 428 when not open (real Baileys would hang a minute), or what failNextSend() queued;
//   - requestPairingCode: like Baileys, writes creds.pairingCode and a provisional creds.me, emits
//     creds.update, returns an 8-character code; enterPairingCode() then completes it like scan().
// Test controls on a socket: showQr(), scan(), enterPairingCode(), open(), close(code, msg?),
// goSilent(), frame(), emit(event, data), emitUpsert(messages, type), emitUpdates(updates),
// emitLidMapping(lid, pn), ack(idOrKey, status), receiveText(from, text, opts), receive(from, content, opts),
// failNextSend(error?). Records: sent, presences, subscribed, read, pairingRequests, uploads,
// state ('connecting' | 'open' | 'closed'), endedWith, loggedOut, qrShown.
// On the factory: sockets (all, in creation order), latest, live() (not closed: never more than
// one per connection), failNext(error) (the next create throws), lids (shared lid ↔ phone map
// that sockets' signalRepository.lidMapping answers from), account (the business number).
import type { Timers } from '../connection.js';
import type { SocketFactory, SocketOptions } from '../socket-port.js';
import { FakeLidMap, FakeWhatsApp, type FakeAccount, type FakeSocketBehaviour } from './fake-whatsapp.js';

export interface FakeSocketFactoryOptions extends Partial<FakeSocketBehaviour> {
  account?: Partial<FakeAccount>;
  /** Timers for QR rotation and keepalive frames; real (unref'd) ones by default. */
  timers?: Timers;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export class FakeSocketFactory {
  readonly sockets: FakeWhatsApp[] = [];
  readonly lids = new FakeLidMap();
  readonly account: FakeAccount;
  behaviour: FakeSocketBehaviour;
  /** Options each socket was created with, in order. */
  readonly created: SocketOptions[] = [];
  private readonly timers: Timers;
  private failures: Error[] = [];

  constructor(options: FakeSocketFactoryOptions = {}) {
    this.account = { phone: '5511999990001', name: 'Loja Ozia', lid: '187654321098765', ...options.account };
    this.behaviour = {
      login: options.login ?? 'open',
      qr: options.qr ?? 'auto',
      qrRefs: options.qrRefs ?? 6,
      keepAliveMs: options.keepAliveMs ?? 30_000,
      autoAck: options.autoAck ?? 'sent',
    };
    this.timers = options.timers ?? realTimers;
    this.lids.set(this.account.lid, this.account.phone);
  }

  /** The SocketFactory to inject. */
  readonly create: SocketFactory = (options) => {
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.created.push(options);
    const sock = new FakeWhatsApp(options, this.sockets.length, this.account, { ...this.behaviour }, this.timers, this.lids);
    this.sockets.push(sock);
    return sock;
  };

  /** The most recently created socket. */
  get latest(): FakeWhatsApp {
    const sock = this.sockets[this.sockets.length - 1];
    if (!sock) throw new Error('FakeSocketFactory: no socket was created yet');
    return sock;
  }

  /** Sockets not closed. */
  live(): FakeWhatsApp[] {
    return this.sockets.filter((s) => !s.closed);
  }

  /** The next create() throws `error` (a socket that cannot even be built). */
  failNext(error: Error = new Error('fake: socket could not be created')): void {
    this.failures.push(error);
  }
}
