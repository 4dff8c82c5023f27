// People over HTTP: supervisors manage users, everyone their own password and status; a
// deactivated or reset user is logged out at once; the last supervisor cannot be demoted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

let h: Harness;
let admin: TestClient;
let adminId: string;

beforeAll(async () => {
  h = await startHarness();
  admin = h.client();
  await admin.login(ADMIN.email, ADMIN.password);
  adminId = (await admin.trpc.users.me.query()).id;
});

afterAll(async () => {
  await h?.close();
});

const fail = (p: Promise<unknown>) => p.then(() => ({ code: 'OK', message: '', issues: null }), (e) => errorOf(e));

describe('users', () => {
  it('creates a user with departments, capacity and signature; the password is stored as scrypt', async () => {
    const dept = await admin.trpc.departments.create.mutate({ name: 'Suporte' });
    const u = await admin.trpc.users.create.mutate({ name: 'Rita', email: ' Rita@Ozia.Test ', role: 'operator', password: 'rita-password', capacity: 3, signature: false, departmentIds: [dept.id] });
    expect(u).toMatchObject({ email: 'rita@ozia.test', capacity: 3, signature: false, departmentIds: [dept.id], status: 'offline', active: true });
    const row = await h.app.db.kysely.selectFrom('users').select('password_hash').where('id', '=', u.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^scrypt\$/);
    const bad = await fail(admin.trpc.users.create.mutate({ name: 'X', email: 'not-an-email', role: 'operator', password: 'short' }));
    expect(bad.issues?.map((i) => i.path).sort()).toEqual(['email', 'password']);
  });

  it('logging in makes an agent online; logging out of the last session makes them offline', async () => {
    await admin.trpc.users.create.mutate({ name: 'Caio', email: 'caio@ozia.test', role: 'operator', password: 'caio-password' });
    const caio = h.client();
    await caio.login('caio@ozia.test', 'caio-password');
    expect((await caio.trpc.users.me.query()).status).toBe('online');
    await caio.trpc.users.setStatus.mutate({ status: 'away' });
    const again = h.client();
    await again.login('caio@ozia.test', 'caio-password');
    expect((await again.trpc.users.me.query()).status).toBe('away'); // a chosen "away" survives a second login
    await again.trpc.auth.logout.mutate();
    expect((await caio.trpc.users.me.query()).status).toBe('away'); // one session left
    await caio.trpc.auth.logout.mutate();
    const list = await admin.trpc.users.list.query();
    expect(list.find((u) => u.email === 'caio@ozia.test')!.status).toBe('offline');
  });

  it('deactivating or resetting the password ends the user’s sessions at once', async () => {
    const u = await admin.trpc.users.create.mutate({ name: 'Duda', email: 'duda@ozia.test', role: 'operator', password: 'duda-password' });
    const duda = h.client();
    await duda.login('duda@ozia.test', 'duda-password');
    await admin.trpc.users.resetPassword.mutate({ id: u.id, password: 'new-duda-password' });
    expect((await fail(duda.trpc.users.me.query())).code).toBe('UNAUTHORIZED');
    await duda.login('duda@ozia.test', 'new-duda-password');
    await admin.trpc.users.update.mutate({ id: u.id, name: 'Duda', email: 'duda@ozia.test', role: 'operator', capacity: 5, signature: true, departmentIds: [], active: false });
    expect((await fail(duda.trpc.users.me.query())).code).toBe('UNAUTHORIZED');
    expect((await fail(duda.login('duda@ozia.test', 'new-duda-password'))).code).toBe('UNAUTHORIZED');
  });

  it('changing one’s own password needs the current one', async () => {
    await admin.trpc.users.create.mutate({ name: 'Eli', email: 'eli@ozia.test', role: 'operator', password: 'eli-password' });
    const eli = h.client();
    await eli.login('eli@ozia.test', 'eli-password');
    const wrong = await fail(eli.trpc.users.changePassword.mutate({ current: 'nope', next: 'eli-new-password' }));
    expect(wrong.message).toMatch(/^current: /);
    await eli.trpc.users.changePassword.mutate({ current: 'eli-password', next: 'eli-new-password' });
    await h.client().login('eli@ozia.test', 'eli-new-password');
  });

  it('the last active supervisor can neither be demoted nor deactivated', async () => {
    const e = await fail(admin.trpc.users.update.mutate({ id: adminId, name: 'Ana', email: ADMIN.email, role: 'operator', capacity: 5, signature: true, departmentIds: [], active: true }));
    expect(e.code).toBe('CONFLICT');
    expect(e.message).toMatch(/^role: /);
    expect((await admin.trpc.users.me.query()).role).toBe('supervisor');
  });
});
