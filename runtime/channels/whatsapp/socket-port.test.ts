import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WAVersion } from 'baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { WhatsAppConnection, type ConnectionStatus } from './connection.js';
import { whatsappSettings } from './settings.js';
import { baileysSocketFactory, createVersionCache, PINNED_WA_VERSION } from './socket-port.js';
import { ManualTimers, settle } from './testing/manual-timers.js';
import { memoryAuthState } from './testing/memory-auth.js';

describe('createVersionCache', () => {
  it('falls back to the pinned version when the fetch hangs, after the timeout, and retries later', async () => {
    const timers = new ManualTimers();
    let calls = 0;
    const latest = createVersionCache({
      fetchVersion: () => {
        calls++;
        return new Promise(() => undefined);
      },
      timeoutMs: 3000,
      failureTtlMs: 60_000,
      now: () => timers.now,
      timers,
    });
    let got: WAVersion | null = null;
    void latest().then((v) => (got = v));
    await timers.advance(2999);
    expect(got).toBeNull();
    await timers.advance(1);
    expect(got).toEqual(PINNED_WA_VERSION);
    await latest();
    expect(calls).toBe(1);
    await timers.advance(60_000);
    void latest();
    expect(calls).toBe(2);
  });

  it('uses a fetched version, once for concurrent callers, until the TTL', async () => {
    let now = 0;
    let calls = 0;
    const latest = createVersionCache({
      fetchVersion: async () => {
        calls++;
        return { version: [2, 3000, 1099999999], isLatest: true };
      },
      ttlMs: 1000,
      now: () => now,
    });
    const [a, b] = await Promise.all([latest(), latest()]);
    expect(a).toEqual([2, 3000, 1099999999]);
    expect(b).toEqual(a);
    expect(calls).toBe(1);
    now = 1001;
    await latest();
    expect(calls).toBe(2);
  });

  it('a failed or unparsable fetch gives the pinned version', async () => {
    const failing = createVersionCache({ fetchVersion: async () => Promise.reject(new Error('ENOTFOUND')) });
    expect(await failing()).toEqual(PINNED_WA_VERSION);
    const unparsable = createVersionCache({ fetchVersion: async () => ({ version: [2, 3000, 1], isLatest: false }) });
    expect(await unparsable()).toEqual(PINNED_WA_VERSION);
  });
});

/** A WebSocket endpoint that accepts the upgrade and closes at once (WhatsApp's server going away). */
async function closingServer() {
  let upgrades = 0;
  const sockets = new Set<import('node:stream').Duplex>();
  const server = http.createServer();
  server.on('upgrade', (req, socket) => {
    upgrades++;
    sockets.add(socket);
    const accept = createHash('sha1')
      .update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
      .digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    // close frame, code 1000
    socket.end(Buffer.from([0x88, 0x02, 0x03, 0xe8]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/ws/chat`, upgrades: () => upgrades, close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('baileysSocketFactory (real Baileys, local server)', () => {
  let cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.reverse()) await c();
    cleanup = [];
  });

  it('a server that closes gives 428 and the connection backs off with one timer', async () => {
    const server = await closingServer();
    cleanup.push(server.close);
    const timers = new ManualTimers(Date.now());
    const logs: { level: string; message: string; data?: Record<string, unknown> }[] = [];
    const auth = memoryAuthState();
    const reconnecting = new Promise<ConnectionStatus>((resolve) => {
      const conn = new WhatsAppConnection({
        auth,
        factory: baileysSocketFactory({ latestVersion: false, waWebSocketUrl: server.url }),
        settings: whatsappSettings.parse({}),
        getMessage: async () => undefined,
        onStatus: (s) => {
          if (s.state === 'reconnecting') resolve(s);
        },
        log: (level, message, data) => logs.push({ level, message, data }),
        timers,
        clock: timers.clock,
        random: () => 0.5,
      });
      cleanup.push(() => conn.stop());
      void conn.start();
    });
    const status = await reconnecting;
    expect(status).toMatchObject({ state: 'reconnecting', attempt: 1, code: 428, detail: 'Connection Terminated' });
    expect(server.upgrades()).toBe(1);
    expect(timers.pendingDelays()).toEqual([2000]);
    // Baileys logged through our logger, and nothing of the creds reached it
    expect(logs.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs)).not.toContain(Buffer.from(auth.state.creds.noiseKey.private).toString('base64'));

    await timers.advance(2000);
    await new Promise<void>((resolve) => {
      const check = () => (server.upgrades() >= 2 ? resolve() : setTimeout(check, 10));
      check();
    });
    await settle();
    expect(server.upgrades()).toBe(2);
  });
});
