// Settings → Canais over HTTP: who may manage numbers, and that the API drives the running
// accounts through the channel control (scripted here; the real manager over a fake WhatsApp
// socket at the end) and streams their live status.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testDatabases } from '../runtime/testing/databases.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { FakeSocketFactory } from '../runtime/channels/whatsapp/testing/fake-factory.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';
import { ScriptedControl } from './testing/scripted-control.js';

const OPERATOR = { email: 'op@ozia.test', password: 'Ozia-operator-2026-x' };

async function until(done: () => boolean) {
  for (let i = 0; i < 250 && !done(); i++) await new Promise((r) => setTimeout(r, 20));
  return done();
}

describe.each(testDatabases)('channels API on %s', (_name, makeDb) => {
  let h: Harness;
  let control: ScriptedControl;
  let sup: TestClient;

  beforeEach(async () => {
    control = new ScriptedControl();
    h = await startHarness({ db: makeDb(), services: { channelControl: (d) => control.attach(d.bus) } });
    sup = h.client();
    await sup.login(ADMIN.email, ADMIN.password);
  });
  afterEach(async () => {
    await h.close();
  });

  const add = (name = 'Vendas') => sup.trpc.channels.create.mutate({ kind: 'whatsapp', name, flowId: null, botOffDepartmentId: null });

  it('operators get FORBIDDEN and nobody signed in gets UNAUTHORIZED, for reads, changes and the live stream', async () => {
    const a = await add();
    await h.app.users.create({ name: 'Olga', email: OPERATOR.email, role: 'operator', password: OPERATOR.password, departmentIds: [] });
    const op = h.client();
    await op.login(OPERATOR.email, OPERATOR.password);
    const anon = h.client();
    for (const [who, expected] of [
      [op, 'FORBIDDEN'],
      [anon, 'UNAUTHORIZED'],
    ] as const) {
      await expect(who.trpc.channels.list.query().catch((e) => errorOf(e).code)).resolves.toBe(expected);
      await expect(who.trpc.channels.connect.mutate({ id: a.id }).catch((e) => errorOf(e).code)).resolves.toBe(expected);
      await expect(who.trpc.channels.remove.mutate({ id: a.id }).catch((e) => errorOf(e).code)).resolves.toBe(expected);
      const code = await new Promise<string | undefined>((resolve) => {
        const sub = who.trpc.channels.events.subscribe(undefined, {
          onError: (e) => {
            sub.unsubscribe();
            resolve(errorOf(e).code);
          },
        });
      });
      expect(code).toBe(expected);
    }
    // Nothing they tried reached the running accounts.
    expect(control.calls.filter((c) => c.op !== 'reload')).toEqual([]);
    expect((await sup.trpc.channels.list.query()).map((x) => x.id)).toEqual([a.id]);
  });

  it('a created account is listed with its live status and health, the test chat is not, and the control learns of it', async () => {
    const a = await add('Loja');
    expect(control.calls).toEqual([{ op: 'reload', id: a.id }]);
    let list = await sup.trpc.channels.list.query();
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ id: a.id, name: 'Loja', status: { state: 'stopped' }, health: { inToday: 0, outToday: 0, queueLength: 0, reconnectsToday: 0 } });
    control.push(a.id, { state: 'open', me: { phone: '5511988887777', name: 'Loja' } });
    control.setReconnects(a.id, 2);
    list = await sup.trpc.channels.list.query();
    expect(list[0].status).toMatchObject({ state: 'open', me: { phone: '5511988887777', name: 'Loja' } });
    expect(list[0].health.reconnectsToday).toBe(2);
    // A field error names its field.
    const bad = await sup.trpc.channels.create.mutate({ kind: 'whatsapp', name: 'X', settings: { mediaMaxMb: 100 } }).catch(errorOf);
    expect(bad).toMatchObject({ code: 'BAD_REQUEST' });
    expect((bad as { message: string }).message).toMatch(/^settings\.mediaMaxMb: /);
    await expect(sup.trpc.channels.get.query({ id: 'test' }).catch((e) => errorOf(e).code)).resolves.toBe('BAD_REQUEST');
  });

  it('connect, pairing code, disconnect, clear session and remove go to the control; remove keeps the row for its conversations', async () => {
    const a = await add();
    control.calls.length = 0;
    await sup.trpc.channels.connect.mutate({ id: a.id });
    await sup.trpc.channels.connect.mutate({ id: a.id, pairingPhone: '+55 (11) 98888-7777' });
    await sup.trpc.channels.disconnect.mutate({ id: a.id });
    await sup.trpc.channels.clearSession.mutate({ id: a.id });
    const badPhone = await sup.trpc.channels.connect.mutate({ id: a.id, pairingPhone: '12' }).catch(errorOf);
    expect((badPhone as { message: string }).message).toMatch(/^pairingPhone: /);
    await sup.trpc.channels.remove.mutate({ id: a.id });
    expect(control.calls).toEqual([
      { op: 'connect', id: a.id },
      { op: 'connect', id: a.id, pairingPhone: '5511988887777' },
      { op: 'disconnect', id: a.id },
      { op: 'clearSession', id: a.id },
      { op: 'remove', id: a.id },
    ]);
    expect(await sup.trpc.channels.list.query()).toEqual([]);
    expect((await h.app.channels.find(a.id))?.deletedAt).not.toBeNull();
    await expect(sup.trpc.channels.connect.mutate({ id: a.id }).catch((e) => errorOf(e).code)).resolves.toBe('NOT_FOUND');
  });

  it('the events stream carries an account’s status as the control reports it, QR included', async () => {
    const a = await add();
    const b = await add('Outro');
    const got: { channelId: string; status: { state: string; qr?: string } }[] = [];
    let started = false;
    const sub = sup.trpc.channels.events.subscribe({ id: a.id }, { onStarted: () => (started = true), onData: (d) => got.push(d) });
    try {
      expect(await until(() => started)).toBe(true);
      // tRPC marks a subscription started before the server's generator subscribes to the bus.
      await new Promise((r) => setTimeout(r, 100));
      control.push(b.id, { state: 'qr', qr: 'other' });
      control.push(a.id, { state: 'qr', qr: '2@abc', qrAttempt: 1, qrLimit: 5 });
      control.push(a.id, { state: 'open', me: { phone: '5511988887777', name: null } });
      expect(await until(() => got.length >= 2)).toBe(true);
      expect(got.map((g) => [g.channelId, g.status.state, g.status.qr])).toEqual([
        [a.id, 'qr', '2@abc'],
        [a.id, 'open', undefined],
      ]);
    } finally {
      sub.unsubscribe();
    }
  });

  it('a supervisor made operator while the stream is open stops getting statuses (QR codes included)', async () => {
    const a = await add();
    const email = 'sup2@ozia.test';
    const other = await h.app.users.create({ name: 'Sara', email, role: 'supervisor', password: OPERATOR.password, departmentIds: [] });
    const c = h.client();
    await c.login(email, OPERATOR.password);
    const got: unknown[] = [];
    let started = false;
    let error: string | undefined;
    const sub = c.trpc.channels.events.subscribe(undefined, { onStarted: () => (started = true), onData: (d) => got.push(d), onError: (e) => (error = errorOf(e).code) });
    try {
      expect(await until(() => started)).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
      control.push(a.id, { state: 'qr', qr: 'first' });
      expect(await until(() => got.length === 1)).toBe(true);
      await h.app.users.update({ ...other, role: 'operator', active: true, departmentIds: [] });
      control.push(a.id, { state: 'qr', qr: 'second' });
      expect(await until(() => error !== undefined)).toBe(true);
      expect(error).toBe('FORBIDDEN');
      expect(got).toHaveLength(1);
    } finally {
      sub.unsubscribe();
    }
  });

  it('health and diagnosis come from the stored account and the live status; flows offered are the published ones', async () => {
    const published = await h.app.flows.create({ name: 'Atendimento', document: buildFlow({ groups: [{ id: 'g', blocks: [text('t', 'Olá')] }] }) });
    await h.app.flows.publish({ id: published.id });
    await h.app.flows.create({ name: 'Rascunho' });
    expect((await sup.trpc.channels.flows.query()).map((f) => f.name)).toEqual(['Atendimento']);
    const a = await sup.trpc.channels.create.mutate({ kind: 'whatsapp', name: 'Vendas', flowId: published.id });
    expect(await sup.trpc.channels.diagnose.query({ id: a.id })).toEqual([{ code: 'disconnected', state: 'stopped', since: a.status.since }]);
    control.push(a.id, { state: 'open' });
    expect(await sup.trpc.channels.diagnose.query({ id: a.id })).toEqual([]);
    expect(await sup.trpc.channels.health.query({ id: a.id })).toMatchObject({ status: { state: 'open' }, queueLength: 0 });
  });
});

describe('channels API over the channel manager (a fake WhatsApp socket)', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('connecting shows a live QR, scanning connects the number, removing ends its socket', async () => {
    const fakes = new FakeSocketFactory();
    h = await startHarness({ services: { channelKinds: { whatsapp: { factory: fakes.create } } } });
    const sup = h.client();
    await sup.login(ADMIN.email, ADMIN.password);
    const a = await sup.trpc.channels.create.mutate({ kind: 'whatsapp', name: 'Vendas' });
    expect((await sup.trpc.channels.list.query())[0].status.state).toBe('stopped');
    await sup.trpc.channels.connect.mutate({ id: a.id });
    await vi.waitFor(async () => expect((await sup.trpc.channels.get.query({ id: a.id })).status).toMatchObject({ state: 'qr', qrAttempt: 1 }));
    expect((await sup.trpc.channels.get.query({ id: a.id })).status.qr).toMatch(/^2@/);
    await fakes.latest.scan();
    await vi.waitFor(async () =>
      expect((await sup.trpc.channels.get.query({ id: a.id })).status).toMatchObject({ state: 'open', me: { phone: fakes.account.phone } }),
    );
    // The stored status follows (another process, or the next start, reads it); never the QR.
    await vi.waitFor(async () => expect((await h.app.channels.get(a.id)).status.state).toBe('open'));
    await sup.trpc.channels.remove.mutate({ id: a.id });
    expect(await sup.trpc.channels.list.query()).toEqual([]);
    expect(fakes.live()).toHaveLength(0);
  });
});
