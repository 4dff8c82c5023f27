// A WhatsApp number's connection through the whole stack (fake WhatsApp → WhatsAppChannel →
// ChannelManager → accounts and channel_state in the database): what a supervisor sees in
// Settings when pairing, restarting the server, and when WhatsApp closes the socket.
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabase } from '../../testing/databases.js';
import { echoFlow } from '../../testing/flows.js';
import { FakeSocketFactory } from './testing/fake-factory.js';
import { ManualTimers } from './testing/manual-timers.js';
import { mediaContent, mediaServer } from './testing/messages.js';
import { openStack, type Stack } from './testing/stack.js';

const ana = { lid: '201234567890123', pn: '5511988887777', name: 'Ana' };

async function credsRow(s: Stack, id: string) {
  return s.db.kysely.selectFrom('channel_state').select('value').where('channel_id', '=', id).where('type', '=', 'creds').executeTakeFirst();
}

describe.each(testDatabases)('WhatsApp connection through the stack on %s', (_name, makeDb) => {
  let db: TestDatabase;
  const stacks: Stack[] = [];
  const open = async (o: Omit<Parameters<typeof openStack>[0], 'db'> = {}) => {
    const s = await openStack({ db, ...o });
    stacks.push(s);
    return s;
  };

  afterEach(async () => {
    for (const s of stacks.splice(0)) await s.close();
    await db.cleanup();
  });

  it('shows a QR (live, never stored), then opens: the stored status is open and the bot answers', async () => {
    db = makeDb();
    const s = await open();
    const id = await s.addAccount({ flow: echoFlow });
    await s.manager.connect(id);
    await s.until(() => s.fakes.sockets.length > 0 && s.sock.qrShown === 1, 'the first QR');
    await s.waitForState(id, 'qr');
    const qrNotice = s.statuses.find((n) => n.channelId === id && n.status.state === 'qr');
    expect(qrNotice?.status.qr).toMatch(/^2@/);
    await s.until(async () => (await s.accounts.find(id))?.status.state === 'qr', 'qr recorded');
    expect((await s.accounts.find(id))?.status).not.toHaveProperty('qr');

    await s.sock.scan();
    await s.waitForState(id, 'open');
    expect(s.statuses.filter((n) => n.channelId === id).map((n) => n.status.state)).toEqual(expect.arrayContaining(['connecting', 'qr', 'open']));
    await s.until(async () => (await s.accounts.find(id))?.status.state === 'open', 'open recorded');
    const stored = (await s.accounts.find(id))!.status;
    expect(stored).not.toHaveProperty('qr');
    expect(stored.me?.phone).toBe(s.fakes.account.phone);
    // One socket after the scan's 515 restart, and it works.
    expect(s.fakes.live()).toHaveLength(1);
    s.sock.receiveText(ana, 'oi', { at: s.clock() });
    await s.until(() => s.textsTo(ana).length === 1, 'the greeting');
    s.sock.receiveText(ana, 'tudo bem?', { at: s.clock() });
    await s.until(() => s.textsTo(ana).length === 2, 'the echo');
    expect(s.textsTo(ana)).toEqual(['Oi! Diga algo.', 'eco: tudo bem?']);
  });

  it('a photo whose download a crash cuts short is stored and answered by the next process', async () => {
    db = makeDb();
    const server = await mediaServer();
    try {
      // A short lease on a real clock: on PostgreSQL the next process takes the number over once the dead one's lapses.
      const clock = () => new Date();
      const first = await open({ leaseMs: 300, clock });
      const id = await first.addAccount({ flow: echoFlow });
      await first.connectAndScan(id);
      await first.until(async () => !!(await credsRow(first, id)), 'creds stored');
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      server.hold();
      const m = first.sock.receive(ana, await mediaContent({ image: png, caption: 'segue a foto', mimetype: 'image/png' }, server), { at: clock() });
      // The message is journaled before its file is fetched; then the process dies mid-download.
      await first.until(async () => !!(await first.db.kysely.selectFrom('channel_state').select('id').where('type', '=', 'ozia-inbound').where('id', '=', m.key.id!).executeTakeFirst()), 'journaled');
      await first.kill();
      server.release();

      const second = await open({ fakes: new FakeSocketFactory(), leaseMs: 300, clock });
      await second.waitForState(id, 'open');
      await second.processed(m.key.id!);
      const row = await second.db.kysely.selectFrom('messages').select(['kind', 'body']).where('external_id', '=', m.key.id!).executeTakeFirstOrThrow();
      expect(row.kind).toBe('image');
      expect(JSON.parse(row.body)).toMatchObject({ caption: 'segue a foto', fileId: expect.any(String) });
      await second.until(() => second.textsTo(ana).length === 1, 'the bot answers it');
      // Taken once: the journal is empty, and the photo is one transcript row.
      expect(await second.db.kysely.selectFrom('channel_state').select('id').where('type', '=', 'ozia-inbound').execute()).toEqual([]);
      expect(await second.db.kysely.selectFrom('messages').select('id').where('external_id', '=', m.key.id!).execute()).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it('creds survive a restart: the next process reconnects with no QR because the account was open', async () => {
    db = makeDb();
    const first = await open();
    const id = await first.addAccount({ flow: echoFlow });
    await first.connectAndScan(id);
    await first.until(async () => !!(await credsRow(first, id)), 'creds stored');
    const paired = JSON.parse((await credsRow(first, id))!.value) as { me?: { id: string }; account?: unknown };
    expect(paired.me?.id).toContain(first.fakes.account.phone);
    expect(paired.account).toBeTruthy();
    await first.close();
    expect(first.fakes.live()).toHaveLength(0);

    // A new process, a new WhatsApp connection: only the database carries the session.
    const second = await open({ fakes: new FakeSocketFactory() });
    await second.waitForState(id, 'open');
    expect(second.fakes.sockets).toHaveLength(1);
    expect(second.sock.qrShown).toBe(0);
    expect(second.sock.creds.me?.id).toBe(paired.me?.id);
    expect(second.statuses.some((n) => n.status.state === 'qr')).toBe(false);
    second.sock.receiveText(ana, 'voltei', { at: second.clock() });
    await second.until(() => second.textsTo(ana).length === 1, 'an answer after the restart');
    expect(second.textsTo(ana)).toEqual(['Oi! Diga algo.']);
  });

  it('a stopped account stays stopped after a restart', async () => {
    db = makeDb();
    const first = await open();
    const id = await first.addAccount({ flow: echoFlow });
    await first.connectAndScan(id);
    await first.manager.disconnect(id);
    await first.until(async () => (await first.accounts.find(id))?.status.state === 'stopped', 'stopped recorded');
    await first.close();
    const second = await open({ fakes: new FakeSocketFactory() });
    await new Promise((r) => setTimeout(r, 50));
    expect(second.fakes.sockets).toHaveLength(0);
  });

  it('401 (the phone removed the device) wipes the session, says logged_out, and the next connect shows a QR', async () => {
    db = makeDb();
    const s = await open();
    const id = await s.addAccount({ flow: echoFlow });
    await s.connectAndScan(id);
    await s.until(async () => !!(await credsRow(s, id)), 'creds stored');
    // A signal key as Baileys would have stored it during the session.
    await s.db.kysely.insertInto('channel_state').values({ channel_id: id, type: 'pre-key', id: '1', value: '{}' }).execute();
    const sockets = s.fakes.sockets.length;
    await s.sock.close(401);
    await s.waitForState(id, 'logged_out');
    await s.until(async () => (await s.accounts.find(id))?.status.state === 'logged_out', 'logged_out recorded');
    await s.until(async () => {
      const row = await credsRow(s, id);
      return !row || !(JSON.parse(row.value) as { account?: unknown }).account;
    }, 'creds wiped');
    const keys = await s.db.kysely.selectFrom('channel_state').select('type').where('channel_id', '=', id).where('type', '=', 'pre-key').execute();
    expect(keys).toEqual([]);
    expect(s.fakes.sockets.length).toBe(sockets); // no reconnect loop over a dead session
    await s.manager.connect(id);
    await s.until(() => s.fakes.sockets.length > sockets && s.sock.qrShown > 0, 'a new QR');
    await s.waitForState(id, 'qr');
  });

  it('a pairing code instead of a QR: shown live, never stored, and the number opens once it is entered on the phone', async () => {
    db = makeDb();
    const s = await open();
    const id = await s.addAccount({ flow: echoFlow });
    await s.manager.connect(id, { pairingPhone: '5511999990001' });
    await s.until(() => s.manager.status(id)?.state === 'pairing_code', 'the pairing code');
    const code = s.manager.status(id)!.pairingCode!;
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    expect(s.sock.pairingRequests).toEqual([{ phone: '5511999990001', code }]);
    await s.until(async () => (await s.accounts.find(id))?.status.state === 'pairing_code', 'recorded');
    expect(JSON.stringify(await s.accounts.find(id))).not.toContain(code);
    await s.sock.enterPairingCode();
    await s.waitForState(id, 'open');
    expect(s.fakes.live()).toHaveLength(1);
  });

  it('clearing the session logs the device out at WhatsApp, forgets the creds, and the next connect shows a QR', async () => {
    db = makeDb();
    const s = await open();
    const id = await s.addAccount({ flow: echoFlow });
    await s.connectAndScan(id);
    const paired = s.sock;
    await s.manager.clearSession(id);
    expect(paired.loggedOut).toBe(true);
    expect(s.fakes.live()).toHaveLength(0);
    expect(await credsRow(s, id)).toBeUndefined();
    await s.until(async () => (await s.accounts.find(id))?.status.state === 'logged_out', 'logged_out recorded');
    const sockets = s.fakes.sockets.length;
    await s.manager.connect(id);
    await s.until(() => s.fakes.sockets.length > sockets && s.sock.qrShown > 0, 'a new QR');
    expect(s.sock.creds.me).toBeUndefined();
  });

  it('515 recreates the socket at once with the same session (no QR)', async () => {
    db = makeDb();
    const s = await open();
    const id = await s.addAccount({ flow: echoFlow });
    await s.connectAndScan(id);
    const before = s.fakes.sockets.length;
    const me = s.sock.creds.me?.id;
    await s.sock.close(515);
    await s.until(() => s.fakes.sockets.length === before + 1 && s.sock.state === 'open', 'a new open socket');
    expect(s.sock.qrShown).toBe(0);
    expect(s.sock.creds.me?.id).toBe(me);
    expect(s.fakes.live()).toHaveLength(1);
    await s.waitForState(id, 'open');
  });

  it('408 reconnects with growing delays while WhatsApp keeps failing, and opens when it stops', async () => {
    db = makeDb();
    const t = new ManualTimers(Date.UTC(2026, 11, 4, 12));
    const s = await open({ timers: t, clock: t.clock });
    const id = await s.addAccount({ flow: echoFlow });
    await s.connectAndScan(id);
    s.fakes.behaviour.login = { close: 408 };
    await s.sock.close(408);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      await s.until(() => s.manager.status(id)?.state === 'reconnecting' && s.manager.status(id)?.attempt === i + 1, `attempt ${i + 1}`);
      const st = s.manager.status(id)!;
      const delay = Date.parse(st.nextAt!) - t.now;
      delays.push(delay);
      const sockets = s.fakes.sockets.length;
      // Nothing reconnects before its time.
      await t.advance(delay - 1);
      expect(s.fakes.sockets.length).toBe(sockets);
      await t.advance(1);
      await s.until(() => s.fakes.sockets.length === sockets + 1, 'the reconnect');
      expect(s.fakes.live().length).toBeLessThanOrEqual(1);
    }
    for (let i = 1; i < delays.length; i++) expect(delays[i]).toBeGreaterThan(delays[i - 1]);
    expect(delays[0]).toBeLessThanOrEqual(2_500);
    expect(delays[4]).toBeGreaterThanOrEqual(24_000);
    s.fakes.behaviour.login = 'open';
    await s.until(() => s.manager.status(id)?.attempt === 6, 'attempt 6');
    await t.advance(Date.parse(s.manager.status(id)!.nextAt!) - t.now);
    await s.waitForState(id, 'open');
    expect(s.manager.reconnectsToday(id)).toBeGreaterThanOrEqual(6);
  });

  it('440 (replaced by another session) stops: state replaced, no new socket, however long we wait', async () => {
    db = makeDb();
    const t = new ManualTimers(Date.UTC(2026, 11, 4, 12));
    const s = await open({ timers: t, clock: t.clock });
    const id = await s.addAccount({ flow: echoFlow });
    await s.connectAndScan(id);
    const sockets = s.fakes.sockets.length;
    await s.sock.close(440);
    await s.waitForState(id, 'replaced');
    await t.advance(60 * 60_000);
    expect(s.fakes.sockets.length).toBe(sockets);
    expect(s.fakes.live()).toHaveLength(0);
    await s.until(async () => (await s.accounts.find(id))?.status.state === 'replaced', 'replaced recorded');
  });
});
