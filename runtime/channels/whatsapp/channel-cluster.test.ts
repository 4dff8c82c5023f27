// Two Ozia processes on one PostgreSQL (two stacks, one WhatsApp): exactly one keeps the
// number's socket, and when it dies the other takes the number over within the lease time and
// answers. SQLite is one process by construction (the instance lock): nothing to share there.
import { afterEach, describe, expect, it } from 'vitest';
import { postgresDatabase, type TestDatabase } from '../../testing/databases.js';
import { echoFlow } from '../../testing/flows.js';
import { FakeSocketFactory } from './testing/fake-factory.js';
import { openStack, type Stack } from './testing/stack.js';

const ana = { lid: '201234567890123', pn: '5511988887777', name: 'Ana' };
const LEASE_MS = 300;

describe('two processes on one PostgreSQL', () => {
  let db: TestDatabase;
  const stacks: Stack[] = [];

  afterEach(async () => {
    for (const s of stacks.splice(0)) await s.close();
    await db.cleanup();
  });

  it('one socket across both; when its holder dies the other takes the number over and answers', async () => {
    db = postgresDatabase();
    // One WhatsApp, as both processes would reach it; a real clock, since leases expire by it.
    const whatsapp = new FakeSocketFactory();
    const clock = () => new Date();
    const a = await openStack({ db, fakes: whatsapp, clock, leaseMs: LEASE_MS, holder: 'process-a' });
    stacks.push(a);
    const id = await a.addAccount({ flow: echoFlow });
    await a.connectAndScan(id);
    await a.until(async () => (await a.accounts.find(id))?.status.state === 'open', 'open recorded');

    const b = await openStack({ db, fakes: whatsapp, clock, leaseMs: LEASE_MS, holder: 'process-b' });
    stacks.push(b);
    // B wants the number too (it was open) but waits: several lease renewals pass with one socket.
    const sockets = whatsapp.sockets.length;
    await new Promise((r) => setTimeout(r, LEASE_MS * 3));
    expect(whatsapp.live()).toHaveLength(1);
    expect(whatsapp.sockets.length).toBe(sockets);
    expect(a.manager.status(id)?.state).toBe('open');
    expect(b.manager.status(id)).toBeNull();
    // Settings still shows the number open: the waiting process did not record itself over it.
    expect((await b.accounts.find(id))?.status.state).toBe('open');

    // A dies: no release, its renewals stop. Its socket dies with it (the TCP connection drops).
    const held = whatsapp.latest;
    await a.kill();
    await held.close(428);
    // Within a few short leases (waitForState gives up long before the default 30 s lease).
    await b.waitForState(id, 'open');
    expect(whatsapp.live()).toHaveLength(1);
    expect(whatsapp.latest).not.toBe(held);
    expect(whatsapp.latest.qrShown).toBe(0); // the session came from the database
    const m = whatsapp.latest.receiveText(ana, 'oi', { at: new Date() });
    await b.processed(m.key.id!);
    await b.until(() => whatsapp.latest.sent.length === 1, 'B answers');
    expect(b.textsTo(ana)).toEqual(['Oi! Diga algo.']);
  });

  it('a holder that loses its database stops its socket: never two sockets, even while it lingers', async () => {
    db = postgresDatabase();
    const whatsapp = new FakeSocketFactory();
    const clock = () => new Date();
    const a = await openStack({ db, fakes: whatsapp, clock, leaseMs: LEASE_MS, holder: 'process-a' });
    stacks.push(a);
    const id = await a.addAccount({ flow: echoFlow });
    await a.connectAndScan(id);
    const b = await openStack({ db, fakes: whatsapp, clock, leaseMs: LEASE_MS, holder: 'process-b' });
    stacks.push(b);
    const held = whatsapp.latest;
    // A is cut off from the database but keeps running: its renewal fails and it lets go first.
    await a.kill();
    await b.waitForState(id, 'open');
    expect(held.closed).toBe(true);
    expect(whatsapp.live()).toHaveLength(1);
  });
});
