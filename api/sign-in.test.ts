// Sign-in against guessing, sessions and passwords, over real HTTP on both databases: attempts
// are counted before the password is checked, delays grow, batches carry no login, unknown
// e-mails cost a hash like known ones, and sessions end on password changes and idleness.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { testDatabases } from '../runtime/testing/databases.js';
import { dummyHash, verifyPassword } from './passwords/hashing.js';
import { COMMON_PASSWORD_MESSAGE } from './passwords/policy.js';
import { ADMIN, errorOf, startHarness, type Harness } from './testing/harness.js';

vi.mock('./passwords/hashing.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./passwords/hashing.js')>();
  return { ...real, verifyPassword: vi.fn(real.verifyPassword) };
});

const HOUR = 3_600_000;

interface Answer {
  status: number;
  retryAfter: string | null;
  cookie: string | null;
  message: string;
}

/** One login as its own request, from `address` (the harness trusts one proxy, so X-Forwarded-For names the client). */
async function login(h: Harness, email: string, password: string, address: string): Promise<Answer> {
  const res = await fetch(`${h.url}/trpc/auth.login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { error?: { message: string } };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), cookie: res.headers.get('set-cookie'), message: body.error?.message ?? '' };
}

const statuses = (answers: Answer[]) => answers.reduce<Record<number, number>>((n, a) => ({ ...n, [a.status]: (n[a.status] ?? 0) + 1 }), {});

describe.each(testDatabases)('sign-in on %s', (_name, makeDb) => {
  let h: Harness;
  let now = Date.parse('2026-03-02T12:00:00.000Z');
  const later = (ms: number) => {
    now += ms;
  };

  beforeAll(async () => {
    h = await startHarness({ db: makeDb(), services: { clock: () => new Date(now), trustedProxies: 1 } });
  });
  afterAll(() => h.close());
  beforeEach(() => {
    vi.mocked(verifyPassword).mockClear();
  });

  it('lets 60 parallel guesses on one account check only 5 passwords', async () => {
    await h.app.auth.createUser({ email: 'paula@ozia.test', name: 'Paula', role: 'operator', password: 'paula-password' });
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => login(h, 'paula@ozia.test', `guess-${i}`, '198.51.100.1')));
    expect(statuses(answers)).toEqual({ 401: 5, 429: 55 });
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(5);
    for (const a of answers.filter((x) => x.status === 429)) expect(Number(a.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('refuses a batch that carries logins, without trying any of them', async () => {
    await h.app.auth.createUser({ email: 'bia@ozia.test', name: 'Bia', role: 'operator', password: 'bia-password' });
    const batch = (n: number) => {
      const guesses = [...Array.from({ length: n - 1 }, (_, i) => `guess-${i}`), 'bia-password'];
      const input = Object.fromEntries(guesses.map((password, i) => [i, { email: 'bia@ozia.test', password }]));
      return fetch(`${h.url}/trpc/${guesses.map(() => 'auth.login').join(',')}?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.2' },
        body: JSON.stringify(input),
      });
    };
    // The 400 guesses of the report no longer fit in a request made before signing in.
    const huge = await batch(400);
    expect(huge.status).toBe(413);
    expect(huge.headers.get('set-cookie')).toBeNull();
    // A batch small enough to be read is refused whole.
    const res = await batch(40);
    const body = (await res.json()) as { error: { message: string; data: { code: string } } }[];
    expect(res.status).toBe(400);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(body).toHaveLength(40);
    expect(new Set(body.map((b) => b.error.data.code))).toEqual(new Set(['BAD_REQUEST']));
    expect(body[0].error.message).toBe('log in with one request of its own, not inside a batch');
    expect(vi.mocked(verifyPassword)).not.toHaveBeenCalled();
    // A login beside another call is refused too; a batch of one is just a login.
    const mixed = await fetch(`${h.url}/trpc/auth.me,auth.login?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.2' },
      body: JSON.stringify({ 1: { email: 'bia@ozia.test', password: 'bia-password' } }),
    });
    expect(mixed.status).toBe(400);
    const alone = await fetch(`${h.url}/trpc/auth.login?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.2' },
      body: JSON.stringify({ 0: { email: 'bia@ozia.test', password: 'bia-password' } }),
    });
    expect(alone.status).toBe(200);
  });

  it("does not let an attacker's own logins clear the address count", async () => {
    await h.app.auth.createUser({ email: 'mallory@ozia.test', name: 'Mallory', role: 'operator', password: 'mallory-password' });
    const answers: Answer[] = [];
    for (let i = 0; i < 40; i++) {
      // Spread over many accounts so no account limit is reached; the attacker's own login every 3 guesses.
      answers.push(await login(h, `victim-${i}@ozia.test`, 'guess', '198.51.100.3'));
      if (i % 3 === 2) await login(h, 'mallory@ozia.test', 'mallory-password', '198.51.100.3');
    }
    const firstRefusal = answers.findIndex((a) => a.status === 429);
    expect(firstRefusal).toBe(30);
    expect(statuses(answers.slice(0, 30))).toEqual({ 401: 30 });
    expect(statuses(answers.slice(30))).toEqual({ 429: 10 });
    // Another address is not held back by this one.
    expect((await login(h, 'mallory@ozia.test', 'mallory-password', '198.51.100.4')).status).toBe(200);
  });

  it('makes each attempt after 5 failures wait 1 s, 2 s, 4 s …, with Retry-After, and a success clears the account', async () => {
    await h.app.auth.createUser({ email: 'dora@ozia.test', name: 'Dora', role: 'operator', password: 'dora-password' });
    const address = '198.51.100.5';
    for (let i = 0; i < 5; i++) expect((await login(h, 'dora@ozia.test', 'wrong', address)).status).toBe(401);
    for (const wait of [1, 2, 4, 8]) {
      const refused = await login(h, 'dora@ozia.test', 'dora-password', address);
      expect(refused).toMatchObject({ status: 429, retryAfter: String(wait), message: `too many failed logins: try again in ${wait} second(s)` });
      later(wait * 1000);
      expect((await login(h, 'dora@ozia.test', 'wrong', address)).status).toBe(401);
    }
    const long = await login(h, 'dora@ozia.test', 'dora-password', address);
    expect(long.retryAfter).toBe('16');
    later(16_000);
    expect((await login(h, 'dora@ozia.test', 'dora-password', address)).status).toBe(200);
    // Starting afresh: five more mistakes before any wait.
    for (let i = 0; i < 5; i++) expect((await login(h, 'dora@ozia.test', 'wrong', address)).status).toBe(401);
    expect((await login(h, 'dora@ozia.test', 'wrong', address)).status).toBe(429);
  });

  it('caps the delay, and another address waits for the account too', async () => {
    await h.app.auth.createUser({ email: 'edu@ozia.test', name: 'Edu', role: 'operator', password: 'edu-password' });
    // Fifteen failures, waiting out each delay: the next would wait 2^10 s, capped at 5 minutes.
    for (let failures = 0; failures < 15; ) {
      const a = await login(h, 'edu@ozia.test', 'wrong', '198.51.100.6');
      if (a.status === 429) later(Number(a.retryAfter) * 1000);
      else failures++;
    }
    const refused = await login(h, 'edu@ozia.test', 'edu-password', '198.51.100.7');
    expect(refused).toMatchObject({ status: 429, retryAfter: '300', message: 'too many failed logins: try again in 5 minute(s)' });
    later(300_000);
    expect((await login(h, 'edu@ozia.test', 'edu-password', '198.51.100.7')).status).toBe(200);
  });

  it('checks an unknown e-mail, or an inactive account, against a hash like any other', async () => {
    expect((await login(h, 'nobody@ozia.test', 'some-password', '198.51.100.8')).status).toBe(401);
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledWith('some-password', await dummyHash());
    const user = await h.app.users.create({ email: 'ivo@ozia.test', name: 'Ivo', role: 'operator', password: 'ivo-password' });
    await h.app.users.update({ ...user, active: false });
    vi.mocked(verifyPassword).mockClear();
    expect((await login(h, 'ivo@ozia.test', 'ivo-password', '198.51.100.8')).status).toBe(401);
    expect(vi.mocked(verifyPassword)).toHaveBeenCalledTimes(1);
  });

  it("changing one's password ends one's other sessions, and every end is heard once", async () => {
    await h.app.users.create({ email: 'gil@ozia.test', name: 'Gil', role: 'operator', password: 'gil-password' });
    const here = h.client();
    const there = h.client();
    await here.login('gil@ozia.test', 'gil-password');
    await there.login('gil@ozia.test', 'gil-password');
    const heard: string[] = [];
    const stop = h.app.auth.onSessionsEnded((ended) => heard.push(...ended.map((e) => e.userId)));
    await here.trpc.users.changePassword.mutate({ current: 'gil-password', next: 'a much longer one' });
    stop();
    expect(await there.trpc.auth.me.query()).toBeNull();
    expect((await here.trpc.auth.me.query())?.email).toBe('gil@ozia.test');
    expect(heard).toHaveLength(1);
  });

  it('refuses common passwords wherever one is set', async () => {
    const ana = h.client();
    await ana.login(ADMIN.email, ADMIN.password);
    for (const password of ['12345678', 'password', 'Senha123', 'aaaaaaaaaa']) {
      const e = errorOf(await ana.trpc.users.create.mutate({ email: 'hugo@ozia.test', name: 'Hugo', role: 'operator', password }).catch((x) => x));
      expect(e).toMatchObject({ code: 'BAD_REQUEST', issues: [{ path: 'password', message: COMMON_PASSWORD_MESSAGE }] });
    }
    const hugo = await ana.trpc.users.create.mutate({ email: 'hugo@ozia.test', name: 'Hugo', role: 'operator', password: 'hugo-password' });
    const reset = errorOf(await ana.trpc.users.resetPassword.mutate({ id: hugo.id, password: 'qwertyuiop' }).catch((x) => x));
    expect(reset.issues).toEqual([{ path: 'password', message: COMMON_PASSWORD_MESSAGE }]);
    const own = errorOf(await ana.trpc.users.changePassword.mutate({ current: ADMIN.password, next: 'PASSWORD123' }).catch((x) => x));
    expect(own.issues).toEqual([{ path: 'next', message: COMMON_PASSWORD_MESSAGE }]);
    const short = errorOf(await ana.trpc.users.changePassword.mutate({ current: ADMIN.password, next: 'x7#q' }).catch((x) => x));
    expect(short.issues).toEqual([{ path: 'next', message: 'use at least 8 characters' }]);
  });

  it('ends a session after 12 hours without use, and a used one lives on', async () => {
    await h.app.auth.createUser({ email: 'lia@ozia.test', name: 'Lia', role: 'operator', password: 'lia-password' });
    const lia = h.client();
    await lia.login('lia@ozia.test', 'lia-password');
    for (let i = 0; i < 3; i++) {
      later(11 * HOUR);
      expect((await lia.trpc.auth.me.query())?.email).toBe('lia@ozia.test');
    }
    later(12 * HOUR + 60_000);
    expect(await lia.trpc.auth.me.query()).toBeNull();
  });

  it('purges expired and idle sessions and forgotten login attempts', async () => {
    await h.app.auth.createUser({ email: 'rui@ozia.test', name: 'Rui', role: 'operator', password: 'rui-password' });
    const rui = h.client();
    await rui.login('rui@ozia.test', 'rui-password');
    await login(h, 'rui@ozia.test', 'wrong', '198.51.100.9');
    const k = h.app.db.kysely;
    const count = async (table: 'auth_sessions' | 'login_attempts') => Number((await k.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('auth_sessions')).toBeGreaterThan(0);
    expect(await count('login_attempts')).toBeGreaterThan(0);
    later(31 * 24 * HOUR);
    const purged = await h.app.auth.purge();
    expect(purged.sessions).toBeGreaterThan(0);
    expect(await count('auth_sessions')).toBe(0);
    expect(await count('login_attempts')).toBe(0);
  });
});
