// How a WhatsApp number sends and stays connected, through the whole stack: the account's rate
// limit holds under a burst, a socket that goes quiet is replaced, and a number whose sends hang
// does not hold up another number's answers.
import { Boom } from '@hapi/boom';
import { afterEach, describe, expect, it } from 'vitest';
import type { WASocketPort } from './socket-port.js';
import { testDatabases, type TestDatabase } from '../../testing/databases.js';
import { echoFlow } from '../../testing/flows.js';
import { FakeSocketFactory } from './testing/fake-factory.js';
import type { FakeWhatsApp } from './testing/fake-whatsapp.js';
import { ManualTimers } from './testing/manual-timers.js';
import { openStack, type Stack } from './testing/stack.js';

const ana = { lid: '201234567890123', pn: '5511988887777', name: 'Ana' };
const bia = { lid: '301234567890123', pn: '5521977776666', name: 'Bia' };

describe.each(testDatabases)('WhatsApp outbound through the stack on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let s: Stack;

  afterEach(async () => {
    await s?.close();
    await db?.cleanup();
  });

  it('a burst of 100 answers leaves at the account rate: never more than perMinute in any minute', async () => {
    db = makeDb();
    s = await openStack({ db });
    const clock = s.testClock!;
    const perMinute = 10;
    const id = await s.addAccount({ flow: echoFlow, delivery: { perMinute } });
    await s.connectAndScan(id);
    const people = Array.from({ length: 100 }, (_, i) => ({ lid: `5000000000${String(i).padStart(5, '0')}`, name: `P${i}` }));
    for (const p of people) s.sock.receiveText(p, 'oi', { at: s.clock() });
    await s.until(async () => (await s.db.kysely.selectFrom('inbound').select('id').where('status', '=', 'done').execute()).length === 100, 'all 100 stored and answered');
    const sentAt: number[] = [];
    let seen = 0;
    const look = () => {
      const n = s.fakes.sockets.reduce((a, x) => a + x.sent.length, 0);
      for (; seen < n; seen++) sentAt.push(clock.now);
    };
    // The clock stands still: one send, then the lane waits for time to pass.
    await new Promise((r) => setTimeout(r, 100));
    look();
    expect(sentAt).toHaveLength(1);
    // Two minutes in 3 s steps, each given a few of the lane's polls of real time.
    for (let step = 0; step < 40; step++) {
      clock.advance(3_000);
      await new Promise((r) => setTimeout(r, 60));
      look();
    }
    for (const t of sentAt) {
      const inWindow = sentAt.filter((x) => x >= t && x < t + 60_000).length;
      expect(inWindow).toBeLessThanOrEqual(perMinute);
    }
    // It does go on (and the rest wait in the queue, not lost).
    expect(sentAt.length).toBeGreaterThanOrEqual(8);
    expect(sentAt.length).toBeLessThan(100);
    await s.until(() => s.manager.queueLength(id) === 100 - sentAt.length, 'the rest queued');
  });

  it('answers made while the socket is down wait in the queue and leave once, when it is open again', async () => {
    db = makeDb();
    const t = new ManualTimers(Date.UTC(2026, 11, 4, 12));
    s = await openStack({ db, timers: t, clock: t.clock });
    const id = await s.addAccount({ flow: echoFlow });
    await s.connectAndScan(id);
    const before = s.sock;
    // The connection drops while the answer is being sent (what Baileys throws then: 428).
    let tries = 0;
    (before as WASocketPort).sendMessage = async () => {
      tries++;
      await before.close(408);
      throw new Boom('Connection Closed', { statusCode: 428 });
    };
    const m = before.receiveText(ana, 'oi', { at: s.clock() });
    await s.processed(m.key.id!, { idle: false });
    await s.until(() => tries === 1 && s.manager.status(id)?.state === 'reconnecting', 'reconnecting');
    expect(s.manager.queueLength(id)).toBe(1);
    expect(s.textsTo(ana)).toEqual([]);
    await t.advance(Date.parse(s.manager.status(id)!.nextAt!) - t.now);
    await s.waitForState(id, 'open');
    await s.until(() => s.textsTo(ana).length === 1, 'the answer after the reconnect');
    await s.runtime.idle();
    expect(s.textsTo(ana)).toEqual(['Oi! Diga algo.']);
    expect(tries).toBe(1);
    expect(s.manager.queueLength(id)).toBe(0);
  });

  it('the watchdog replaces a socket that says open but has gone silent, and answers flow again', async () => {
    db = makeDb();
    const t = new ManualTimers(Date.UTC(2026, 11, 4, 12));
    const fakes = new FakeSocketFactory({ timers: t });
    s = await openStack({ db, fakes, timers: t, clock: t.clock });
    const id = await s.addAccount({ flow: echoFlow, settings: { watchdogSilentMs: 600_000 } });
    await s.connectAndScan(id);
    const alive = s.sock;
    // WhatsApp's keepalive frames every 30 s: a quiet chat is not a dead socket.
    await t.advance(15 * 60_000);
    expect(s.sock).toBe(alive);
    expect(alive.state).toBe('open');
    alive.goSilent();
    await t.advance(11 * 60_000);
    await s.until(() => s.sock !== alive && s.sock.state === 'open', 'a new open socket');
    expect(alive.closed).toBe(true);
    expect(s.fakes.live()).toHaveLength(1);
    await s.waitForState(id, 'open');
    expect(s.manager.reconnectsToday(id)).toBe(1);
    const m = s.sock.receiveText(ana, 'oi', { at: s.clock() });
    await s.processed(m.key.id!);
    await s.until(() => s.textsTo(ana).length === 1, 'an answer on the new socket');
  });

  it('a number whose sends hang does not hold up another number: its contact is answered meanwhile', async () => {
    db = makeDb();
    s = await openStack({ db });
    const slow = await s.addAccount({ flow: echoFlow, name: 'Lenta' });
    await s.connectAndScan(slow);
    const slowSock: FakeWhatsApp = s.sock;
    const fast = await s.addAccount({ flow: echoFlow, name: 'Rápida' });
    await s.connectAndScan(fast);
    const fastSock: FakeWhatsApp = s.sock;
    expect(fastSock).not.toBe(slowSock);
    // Every send on the slow number waits until the test lets it go (a socket stuck mid-send).
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const send = slowSock.sendMessage.bind(slowSock);
    let stuck = 0;
    (slowSock as WASocketPort).sendMessage = async (...args: Parameters<WASocketPort['sendMessage']>) => {
      stuck++;
      await gate;
      return send(...args);
    };
    slowSock.receiveText(ana, 'oi', { at: s.clock() });
    await s.until(() => stuck === 1, 'the slow send under way');
    for (const text of ['oi', 'tudo bem?', 'e aí?']) {
      const m = fastSock.receiveText(bia, text, { at: s.clock() });
      await s.processed(m.key.id!, { idle: false });
    }
    await s.until(() => fastSock.sent.length === 3, "Bia's answers");
    expect(s.textsTo(bia)).toEqual(['Oi! Diga algo.', 'eco: tudo bem?', 'eco: e aí?']);
    expect(slowSock.sent).toHaveLength(0);
    release();
    await s.until(() => slowSock.sent.length === 1, "Ana's answer once the number recovers");
    expect(s.textsTo(ana)).toEqual(['Oi! Diga algo.']);
  });
});
