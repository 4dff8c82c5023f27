import { describe, expect, it } from 'vitest';
import { QR_EXPIRED, QR_TIMEOUT_MS, WhatsAppConnection, type ConnectionStatus } from './connection.js';
import { whatsappSettings, type WhatsAppSettingsInput } from './settings.js';
import type { SocketFactory, WASocketPort } from './socket-port.js';
import { FakeSocketFactory, type FakeSocketFactoryOptions } from './testing/fake-factory.js';
import { ManualTimers, settle } from './testing/manual-timers.js';
import { memoryAuthState, type MemoryAuth } from './testing/memory-auth.js';

interface Setup {
  timers?: ManualTimers;
  auth?: MemoryAuth;
  fake?: FakeSocketFactoryOptions;
  settings?: WhatsAppSettingsInput;
  random?: () => number;
  factory?: (fakes: FakeSocketFactory) => SocketFactory;
  onSocket?: (sock: WASocketPort) => void;
}

function setup(o: Setup = {}) {
  const timers = o.timers ?? new ManualTimers();
  const fakes = new FakeSocketFactory({ timers, ...o.fake });
  const auth = o.auth ?? memoryAuthState();
  const statuses: ConnectionStatus[] = [];
  const logs: { level: string; message: string; data?: Record<string, unknown> }[] = [];
  const conn = new WhatsAppConnection({
    auth,
    factory: o.factory ? o.factory(fakes) : fakes.create,
    settings: whatsappSettings.parse(o.settings ?? {}),
    getMessage: async () => undefined,
    onStatus: (s) => statuses.push(s),
    onSocket: o.onSocket,
    log: (level, message, data) => logs.push({ level, message, data }),
    timers,
    clock: timers.clock,
    random: o.random ?? (() => 0.5),
  });
  const states = () => statuses.map((s) => s.state);
  const last = () => statuses[statuses.length - 1];
  return { timers, fakes, auth, conn, statuses, states, last, logs };
}

/** Start, scan the first QR, let the 515 restart open the new socket. */
async function connected(o: Setup = {}) {
  const s = setup(o);
  await s.conn.start();
  await settle();
  await s.fakes.latest.scan();
  await settle();
  expect(s.conn.isOpen()).toBe(true);
  s.statuses.length = 0;
  return s;
}

describe('WhatsAppConnection: pairing', () => {
  it('shows the QR live, then opens as the scanned number after the 515 restart, saving creds', async () => {
    const { conn, fakes, auth, statuses, states, last } = setup();
    await conn.start();
    await settle();
    const qr = statuses.find((s) => s.state === 'qr');
    expect(qr).toMatchObject({ state: 'qr', qrAttempt: 1, qrLimit: 5 });
    expect(qr?.qr).toMatch(/^2@/);

    await fakes.latest.scan();
    await settle();
    expect(last()).toEqual({ state: 'open', me: { phone: '5511999990001', name: 'Loja Ozia' } });
    // the restart after a scan is expected: straight back to connecting, never "reconnecting"
    expect(states()).not.toContain('reconnecting');
    expect(fakes.sockets).toHaveLength(2);
    expect(fakes.sockets[0].endedWith).toMatchObject({ output: { statusCode: 515 } });
    expect(fakes.live()).toEqual([fakes.sockets[1]]);
    expect(conn.socket()).toBe(fakes.sockets[1]);
    expect(auth.saves).toBeGreaterThan(0);
    expect(auth.snapshot().creds).toContain('5511999990001');
    expect(conn.reconnectsToday()).toBe(0);
  });

  it('a saved session connects after a restart without a QR', async () => {
    const first = await connected();
    await first.conn.stop();
    const again = setup({ auth: memoryAuthState({ from: first.auth.snapshot() }) });
    await again.conn.start();
    await settle();
    expect(again.states()).toEqual(['connecting', 'open']);
    expect(again.fakes.latest.qrShown).toBe(0);
  });

  it('QR refreshes up to the cap, then stops the socket and says the QR expired; start() shows a new one', async () => {
    const { conn, fakes, timers, statuses, last } = setup({ settings: { qrLimit: 3 } });
    await conn.start();
    await settle();
    await timers.advance(QR_TIMEOUT_MS);
    await timers.advance(QR_TIMEOUT_MS);
    const shown = statuses.filter((s) => s.state === 'qr' && s.qr);
    expect(shown.map((s) => s.qrAttempt)).toEqual([1, 2, 3]);
    expect(new Set(shown.map((s) => s.qr)).size).toBe(3);

    await timers.advance(QR_TIMEOUT_MS);
    expect(last()).toEqual({ state: 'qr', qrAttempt: 3, qrLimit: 3, detail: QR_EXPIRED });
    expect(fakes.live()).toHaveLength(0);
    expect(timers.pending()).toBe(0);
    await timers.advance(3_600_000);
    expect(fakes.sockets).toHaveLength(1);

    await conn.start();
    await settle();
    expect(last()).toMatchObject({ state: 'qr', qrAttempt: 1 });
    expect(fakes.live()).toHaveLength(1);
  });

  it('the QR cap counts across sockets when the server ends one for unused QRs', async () => {
    const { conn, fakes, timers, statuses, last } = setup({ fake: { qrRefs: 2 } });
    await conn.start();
    for (let i = 0; i < 20; i++) await timers.advance(QR_TIMEOUT_MS);
    const attempts = statuses.filter((s) => s.state === 'qr' && s.qr).map((s) => s.qrAttempt);
    expect(attempts).toEqual([1, 2, 3, 4, 5]);
    expect(last()).toMatchObject({ state: 'qr', detail: QR_EXPIRED });
    expect(fakes.live()).toHaveLength(0);
    expect(fakes.sockets.length).toBe(3);
  });

  it('pairing code: asked once the socket is connecting, shown instead of the QR, then opens', async () => {
    const { conn, fakes, statuses, last } = setup();
    await conn.connectWithPairingCode('+55 11 98888-7777');
    await settle();
    expect(fakes.latest.pairingRequests).toHaveLength(1);
    expect(fakes.latest.pairingRequests[0].phone).toBe('5511988887777');
    const shown = statuses.find((s) => s.state === 'pairing_code');
    expect(shown?.pairingCode).toMatch(/^[0-9A-Z]{8}$/);
    expect(shown?.pairingCode).toBe(fakes.latest.pairingRequests[0].code);
    expect(statuses.some((s) => s.qr)).toBe(false);

    await fakes.latest.enterPairingCode();
    await settle();
    expect(last()).toMatchObject({ state: 'open' });
  });

  it('pairing code asked while a QR is on screen uses that socket', async () => {
    const { conn, fakes, last } = setup();
    await conn.start();
    await settle();
    expect(last().state).toBe('qr');
    await conn.connectWithPairingCode('5511988887777');
    expect(fakes.sockets).toHaveLength(1);
    expect(last()).toMatchObject({ state: 'pairing_code', pairingCode: fakes.latest.pairingRequests[0].code });
  });

  it('a pairing that never finished is not taken for a session when the socket is recreated', async () => {
    const { conn, fakes, timers, auth } = setup();
    await conn.connectWithPairingCode('5511988887777');
    await settle();
    // Baileys wrote a provisional me; the socket then drops before the phone accepts
    expect(auth.state.creds.me?.id).toBe('5511988887777@s.whatsapp.net');
    await fakes.latest.close(428);
    await timers.advance(10_000);
    expect(fakes.sockets).toHaveLength(2);
    expect(fakes.latest.state).toBe('connecting');
    expect(fakes.latest.pairingRequests).toHaveLength(1);
    await fakes.latest.enterPairingCode();
    await settle();
    expect(conn.isOpen()).toBe(true);
  });

  it('the pairing phone in settings connects by code when there is no session', async () => {
    const { conn, fakes, last } = setup({ settings: { pairingPhone: '5511977776666' } });
    await conn.start();
    await settle();
    expect(fakes.latest.pairingRequests.map((r) => r.phone)).toEqual(['5511977776666']);
    expect(last().state).toBe('pairing_code');
  });

  it('rejects a pairing phone that is not digits with the country code', async () => {
    const { conn, fakes } = setup();
    await expect(conn.connectWithPairingCode('123')).rejects.toThrow(/digits/);
    expect(fakes.sockets).toHaveLength(0);
  });
});

describe('WhatsAppConnection: close codes', () => {
  it('401 wipes the session and asks for a new QR, without reconnecting by itself', async () => {
    const { conn, fakes, auth, timers, last } = await connected();
    await fakes.latest.close(401);
    await settle();
    expect(last()).toMatchObject({ state: 'logged_out', code: 401 });
    expect(auth.clears).toBe(1);
    expect(auth.state.creds.me).toBeUndefined();
    expect(auth.snapshot().creds).toBeNull();
    await timers.advance(3_600_000);
    expect(fakes.sockets).toHaveLength(2);

    await conn.start();
    await settle();
    expect(last()).toMatchObject({ state: 'qr', qrAttempt: 1 });
  });

  it('401 at login (device removed while Ozia was down) also ends in logged_out', async () => {
    const first = await connected();
    await first.conn.stop();
    const again = setup({ auth: memoryAuthState({ from: first.auth.snapshot() }), fake: { login: { close: 401 } } });
    await again.conn.start();
    await settle();
    expect(again.last()).toMatchObject({ state: 'logged_out', code: 401 });
    expect(again.fakes.sockets).toHaveLength(1);
  });

  it('515 recreates the socket at once with the same auth', async () => {
    const { conn, fakes, timers, states } = await connected();
    const delaysBefore = timers.delays.length;
    await fakes.latest.close(515);
    await settle();
    expect(fakes.sockets).toHaveLength(3);
    expect(fakes.created[2].auth).toBe(fakes.created[1].auth);
    expect(states()).toEqual(['connecting', 'open']);
    expect(conn.isOpen()).toBe(true);
    // no backoff timer was involved: only the new socket's keepalive and the watchdog
    expect(new Set(timers.delays.slice(delaysBefore))).toEqual(new Set([30_000, 600_000]));
  });

  it('408 reconnects with growing, jittered delays; one timer at a time; open resets the backoff', async () => {
    const randoms = [0.99, 0, 0.99, 0, 0.99, 0];
    const { conn, fakes, timers, statuses } = await connected({ random: () => randoms.shift() ?? 0.5 });
    fakes.behaviour.login = { close: 408 };
    await fakes.latest.close(408);
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = statuses[statuses.length - 1];
      expect(r.state).toBe('reconnecting');
      expect(r.attempt).toBe(i + 1);
      expect(r.code).toBe(408);
      const delay = Date.parse(r.nextAt!) - timers.now;
      delays.push(delay);
      expect(timers.pendingDelays()).toEqual([delay]);
      expect(fakes.live()).toHaveLength(0);
      await timers.advance(delay);
    }
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
    expect(statuses.filter((s) => s.state === 'connecting').map((s) => s.attempt)).toEqual([1, 2, 3, 4, 5, 6]);
    // jitter: ±25% around 2 s, 4 s, 8 s…
    expect(delays[0]).toBe(Math.round(2000 * (0.75 + 0.5 * 0.99)));
    expect(delays[1]).toBe(3000);
    // the sixth wait ended in a seventh failed login
    expect(conn.reconnectsToday()).toBe(7);

    fakes.behaviour.login = 'open';
    await timers.runNext();
    expect(conn.isOpen()).toBe(true);
    await fakes.latest.close(408);
    expect(statuses[statuses.length - 1]).toMatchObject({ state: 'reconnecting', attempt: 1 });
  });

  it('caps the backoff', async () => {
    const { fakes, timers, statuses } = await connected({ random: () => 0.5 });
    fakes.behaviour.login = { close: 503 };
    await fakes.latest.close(503);
    for (let i = 0; i < 12; i++) await timers.runNext();
    const last = statuses[statuses.length - 1];
    expect(Date.parse(last.nextAt!) - timers.now).toBe(120_000);
  });

  it('440 (another session took over) stops and does not loop', async () => {
    const { conn, fakes, timers, last } = await connected();
    await fakes.latest.close(440);
    await settle();
    expect(last()).toMatchObject({ state: 'replaced', code: 440, detail: 'Stream Errored (conflict)' });
    await timers.advance(24 * 3_600_000);
    expect(fakes.sockets).toHaveLength(2);
    expect(fakes.live()).toHaveLength(0);
    expect(timers.pending()).toBe(0);
    expect(conn.reconnectsToday()).toBe(0);
  });

  it('403 stops and keeps the session', async () => {
    const { fakes, timers, auth, last } = await connected();
    await fakes.latest.close(403);
    await settle();
    expect(last()).toMatchObject({ state: 'forbidden', code: 403 });
    await timers.advance(3_600_000);
    expect(fakes.sockets).toHaveLength(2);
    expect(auth.clears).toBe(0);
  });

  it('a socket that cannot be built is retried with backoff', async () => {
    const { conn, fakes, timers, last } = setup();
    fakes.failNext(new Error('boom'));
    await conn.start();
    expect(last()).toMatchObject({ state: 'reconnecting', attempt: 1, detail: 'boom' });
    await timers.runNext();
    await settle();
    expect(last().state).toBe('qr');
  });
});

describe('WhatsAppConnection: one socket', () => {
  it('never has two live sockets through closes, restarts and user reconnects', async () => {
    const { conn, fakes, timers } = await connected();
    const codes = [408, 428, 515, 500, 503, 515, 408, 428, 500, 515, 503, 408];
    for (const [i, code] of codes.entries()) {
      const sock = fakes.live()[0];
      if (sock) await sock.close(code);
      if (i % 3 === 0) await Promise.all([conn.start(), conn.start()]);
      await timers.advance(i % 2 ? 500 : 60_000);
      expect(fakes.live().length).toBeLessThanOrEqual(1);
    }
    await timers.advance(300_000);
    expect(fakes.live()).toHaveLength(1);
    expect(conn.isOpen()).toBe(true);
    expect(conn.socket()).toBe(fakes.live()[0]);
    // every earlier socket is closed
    expect(fakes.sockets.filter((s) => !s.closed)).toHaveLength(1);
  });

  it('start() while connected, or while a QR is on screen, keeps the socket it has', async () => {
    const { conn, fakes, statuses } = await connected();
    await conn.start();
    await settle();
    expect(fakes.sockets).toHaveLength(2);
    expect(statuses).toEqual([]);

    const fresh = setup();
    await fresh.conn.start();
    await settle();
    await fresh.conn.start();
    await settle();
    expect(fresh.fakes.sockets).toHaveLength(1);
    expect(fresh.statuses.filter((s) => s.qr).map((s) => s.qrAttempt)).toEqual([1]);
  });

  it('a creds write still in flight when WhatsApp logs the number out does not bring the session back', async () => {
    const inner = memoryAuthState();
    let release: () => void = () => undefined;
    let gated = false;
    const auth: MemoryAuth = Object.assign(Object.create(inner) as MemoryAuth, {
      state: inner.state,
      saveCreds: async () => {
        if (gated) await new Promise<void>((r) => (release = r));
        await inner.saveCreds();
      },
      clear: () => inner.clear(),
      snapshot: () => inner.snapshot(),
    });
    const { fakes } = await connected({ auth });
    gated = true;
    fakes.latest.emit('creds.update', { lastPropHash: 'late' });
    await fakes.latest.close(401);
    await settle();
    release();
    await settle();
    expect(inner.snapshot().creds).toBeNull();
  });

  it('concurrent start() calls make one socket', async () => {
    const { conn, fakes } = setup();
    await Promise.all([conn.start(), conn.start(), conn.start()]);
    await settle();
    expect(fakes.sockets).toHaveLength(1);
  });

  it('a socket still being built when stop() is called is ended on arrival', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((r) => (release = r));
    const { conn, fakes, last } = setup({
      factory: (f) => async (options) => {
        await gate;
        return f.create(options);
      },
    });
    const starting = conn.start();
    await settle();
    const stopping = conn.stop();
    release();
    await Promise.all([starting, stopping]);
    await settle();
    expect(fakes.sockets).toHaveLength(1);
    expect(fakes.live()).toHaveLength(0);
    expect(last().state).toBe('stopped');
  });

  it('hands every new socket to onSocket before it emits anything', async () => {
    const seen: WASocketPort[] = [];
    const upserts: string[] = [];
    const { fakes } = await connected({
      onSocket: (sock) => {
        seen.push(sock);
        sock.ev.on('messages.upsert', (u) => upserts.push(`${seen.indexOf(sock)}:${u.messages[0].key.id}`));
      },
    });
    expect(seen).toEqual(fakes.sockets);
    fakes.latest.receiveText({ pn: '5511988887777' }, 'oi', { id: 'A1' });
    expect(upserts).toEqual(['1:A1']);
  });

  it('stop() closes the socket and keeps the session; start() reconnects without a QR', async () => {
    const { conn, fakes, auth, timers, last } = await connected();
    await conn.stop();
    expect(last()).toEqual({ state: 'stopped' });
    expect(fakes.live()).toHaveLength(0);
    expect(timers.pending()).toBe(0);
    expect(auth.clears).toBe(0);
    await conn.start();
    await settle();
    expect(last().state).toBe('open');
    expect(fakes.latest.qrShown).toBe(0);
  });

  it('logout() unlinks the device and clears the session: the next start shows a QR', async () => {
    const { conn, fakes, auth, last } = await connected();
    const sock = fakes.latest;
    await conn.logout();
    expect(sock.loggedOut).toBe(true);
    expect(auth.clears).toBe(1);
    expect(auth.hasSession()).toBe(false);
    expect(last()).toMatchObject({ state: 'logged_out' });
    expect(fakes.live()).toHaveLength(0);
    await conn.start();
    await settle();
    expect(last()).toMatchObject({ state: 'qr', qrAttempt: 1 });
  });

  it('logout() on a socket that never confirms still clears the session', async () => {
    const { conn, fakes, auth, timers, last } = await connected();
    fakes.latest.logout = () => new Promise<void>(() => undefined);
    const done = conn.logout();
    await timers.advance(5_000);
    await done;
    expect(auth.clears).toBe(1);
    expect(last()).toMatchObject({ state: 'logged_out' });
    expect(fakes.live()).toHaveLength(0);
  });

  it('start() during the wipe after a 401 waits for it, then shows a new QR', async () => {
    const inner = memoryAuthState();
    let release: () => void = () => undefined;
    let gated = false;
    const auth: MemoryAuth = Object.assign(Object.create(inner) as MemoryAuth, {
      state: inner.state,
      saveCreds: () => inner.saveCreds(),
      clear: async () => {
        if (gated) await new Promise<void>((r) => (release = r));
        await inner.clear();
      },
      snapshot: () => inner.snapshot(),
    });
    const { conn, fakes, last } = await connected({ auth });
    gated = true;
    await fakes.latest.close(401);
    const starting = conn.start();
    release();
    await starting;
    await settle();
    expect(last()).toMatchObject({ state: 'qr', qrAttempt: 1 });
    expect(fakes.live()).toHaveLength(1);
  });

  it('logout() while disconnected still clears the session', async () => {
    const { conn, auth } = await connected();
    await conn.stop();
    await conn.logout();
    expect(auth.clears).toBe(1);
    expect(auth.snapshot().creds).toBeNull();
  });
});

describe('WhatsAppConnection: watchdog', () => {
  it('keeps a socket that shows activity, replaces one that says open but went silent', async () => {
    const { conn, fakes, timers, statuses } = await connected();
    const first = fakes.latest;
    await timers.advance(30 * 60_000);
    expect(fakes.latest).toBe(first);
    expect(first.closed).toBe(false);

    first.goSilent();
    await timers.advance(10 * 60_000 + 1);
    expect(first.closed).toBe(true);
    expect(fakes.sockets).toHaveLength(3);
    expect(conn.isOpen()).toBe(true);
    expect(fakes.live()).toEqual([fakes.latest]);
    expect(statuses.find((s) => s.state === 'reconnecting')?.detail).toMatch(/no activity/);
    expect(conn.reconnectsToday()).toBe(1);
  });

  it('inbound events count as activity even without frames', async () => {
    const { fakes, timers } = await connected({ fake: { keepAliveMs: 0 } });
    const sock = fakes.latest;
    for (let i = 0; i < 5; i++) {
      await timers.advance(5 * 60_000);
      sock.receiveText({ pn: '5511988887777' }, `m${i}`);
    }
    expect(sock.closed).toBe(false);
  });

  it('a changed silence limit applies to the open socket', async () => {
    const { conn, fakes, timers } = await connected();
    fakes.latest.goSilent();
    conn.updateSettings(whatsappSettings.parse({ watchdogSilentMs: 60_000 }));
    await timers.advance(61_000);
    expect(fakes.sockets[1].closed).toBe(true);
  });
});

describe('WhatsAppConnection: bookkeeping', () => {
  it('counts reconnects per UTC day', async () => {
    const timers = new ManualTimers(Date.UTC(2026, 0, 5, 23, 50));
    const { conn, fakes } = await connected({ timers });
    await fakes.latest.close(428);
    await timers.runNext();
    await fakes.latest.close(428);
    await timers.runNext();
    expect(conn.reconnectsToday()).toBe(2);
    await timers.advance(15 * 60_000);
    expect(conn.reconnectsToday()).toBe(0);
    await fakes.latest.close(428);
    expect(conn.reconnectsToday()).toBe(1);
  });

  it('the socket ignores groups, broadcasts and status per the current settings', async () => {
    const { conn, fakes } = await connected();
    const options = fakes.created[1];
    expect(options.shouldIgnoreJid('120363025@g.us')).toBe(true);
    expect(options.shouldIgnoreJid('status@broadcast')).toBe(true);
    expect(options.shouldIgnoreJid('5511988887777@s.whatsapp.net')).toBe(false);
    conn.updateSettings(whatsappSettings.parse({ ignoreGroups: false }));
    expect(options.shouldIgnoreJid('120363025@g.us')).toBe(false);
  });

  it('saves creds in order, each creds.update once', async () => {
    const { fakes, auth } = await connected();
    const before = auth.saves;
    fakes.latest.emit('creds.update', { lastPropHash: 'x' });
    fakes.latest.emit('creds.update', { lastPropHash: 'y' });
    await settle();
    expect(auth.saves).toBe(before + 2);
  });
});
