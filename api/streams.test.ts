// Live streams (SSE) over real HTTP end with the session that opened them: deactivating a user
// or resetting their password closes their open streams at once, every stream re-checks its
// session periodically, and a user holds at most MAX_STREAMS_PER_USER streams.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STREAMS_PER_USER } from './streams.js';
import { ADMIN, startHarness, type Harness, type TestClient } from './testing/harness.js';

const PASSWORD = 'operator-password-1';

/** Opens the Inbox's live stream; `ended` resolves with the error message that closed it. */
function openInbox(c: TestClient) {
  let unsubscribe = () => {};
  const ended = new Promise<string>((resolve) => {
    unsubscribe = c.trpc.inbox.events.subscribe(undefined, {
      onError: (e) => resolve(e.message),
      onComplete: () => resolve('completed'),
    }).unsubscribe;
  });
  return { ended, unsubscribe: () => unsubscribe() };
}

async function operator(h: Harness, admin: TestClient, email: string) {
  const user = await admin.trpc.users.create.mutate({ name: email, email, role: 'operator', password: PASSWORD });
  const c = h.client();
  await c.login(email, PASSWORD);
  return { user, c };
}

describe('live streams end with their session', () => {
  let h: Harness;
  let admin: TestClient;
  beforeAll(async () => {
    h = await startHarness(); // re-checks every 30 s: only an immediate close passes these tests in time
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => h.close());

  it('deactivating a user closes their open stream at once', async () => {
    const { user, c } = await operator(h, admin, 'desativada@ozia.test');
    const stream = openInbox(c);
    await expect.poll(() => h.app.streams.count(user.id)).toBe(1);
    await admin.trpc.users.update.mutate({ ...user, active: false });
    expect(await stream.ended).toBe('log in first');
    expect(h.app.streams.count(user.id)).toBe(0);
  });

  it('resetting a user’s password closes their open stream at once; other users’ streams stay', async () => {
    const { user, c } = await operator(h, admin, 'resetada@ozia.test');
    const other = await operator(h, admin, 'outra@ozia.test');
    const stream = openInbox(c);
    const untouched = openInbox(other.c);
    await expect.poll(() => h.app.streams.count(user.id) + h.app.streams.count(other.user.id)).toBe(2);
    await admin.trpc.users.resetPassword.mutate({ id: user.id, password: 'a-brand-new-password' });
    expect(await stream.ended).toBe('log in first');
    expect(h.app.streams.count(other.user.id)).toBe(1);
    untouched.unsubscribe();
  });

  it('logging out closes the streams of that session', async () => {
    const { user, c } = await operator(h, admin, 'saiu@ozia.test');
    const stream = openInbox(c);
    await expect.poll(() => h.app.streams.count(user.id)).toBe(1);
    await c.trpc.auth.logout.mutate();
    expect(await stream.ended).toBe('log in first');
  });

  it(`a user holds at most ${MAX_STREAMS_PER_USER} streams: one more closes the oldest`, async () => {
    const { user, c } = await operator(h, admin, 'muitas-abas@ozia.test');
    const first = openInbox(c);
    await expect.poll(() => h.app.streams.count(user.id)).toBe(1);
    const rest = Array.from({ length: MAX_STREAMS_PER_USER }, () => openInbox(c));
    expect(await first.ended).toBe(`too many live connections: at most ${MAX_STREAMS_PER_USER} at a time; this one was closed`);
    await expect.poll(() => h.app.streams.count(user.id)).toBe(MAX_STREAMS_PER_USER);
    rest.forEach((s) => s.unsubscribe());
    await expect.poll(() => h.app.streams.count(user.id)).toBe(0);
  });
});

describe('every stream re-checks its session', () => {
  let h: Harness;
  let admin: TestClient;
  beforeAll(async () => {
    h = await startHarness({ streamRecheckMs: 50 });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => h.close());

  it('a session ended behind the server’s back (expired, or deleted by another process) closes its stream at the next check', async () => {
    const { user, c } = await operator(h, admin, 'expirada@ozia.test');
    const stream = openInbox(c);
    await expect.poll(() => h.app.streams.count(user.id)).toBe(1);
    await h.app.db.kysely.updateTable('auth_sessions').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('user_id', '=', user.id).execute();
    expect(await stream.ended).toBe('log in first');
  });
});
