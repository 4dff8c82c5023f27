// Headers on every answer, refusal of requests another site sends, and what a trusted proxy
// may tell (client address, HTTPS), over real HTTP.
import fs from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../runtime/testing/databases.js';
import { ADMIN, startHarness, type Harness } from '../testing/harness.js';
import { cameOverHttps, clientAddress } from './security.js';

const json = { 'content-type': 'application/json' };

async function rawLogin(h: Harness, email: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${h.url}/trpc/auth.login`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ email, password }) });
  await res.arrayBuffer();
  return res;
}

describe('security headers and cross-site requests', () => {
  let h: Harness;
  let cookie: string;
  const distDir = tempDir('ozia-dist-');

  beforeAll(async () => {
    fs.writeFileSync(path.join(distDir, 'index.html'), '<!doctype html><title>Ozia</title><script type="module" src="/assets/app.js"></script>');
    h = await startHarness({ distDir });
    cookie = (await rawLogin(h, ADMIN.email, ADMIN.password)).headers.get('set-cookie')!.split(';')[0];
  });
  afterAll(async () => {
    await h.close();
    fs.rmSync(distDir, { recursive: true, force: true });
  });

  const me = async () => {
    const res = await fetch(`${h.url}/trpc/auth.me`, { headers: { cookie } });
    return ((await res.json()) as { result: { data: { email: string } | null } }).result.data;
  };

  it('sends a policy without inline scripts and no framing on the HTML page, and nosniff everywhere', async () => {
    for (const page of ['/', '/flows/abc']) {
      const res = await fetch(`${h.url}${page}`);
      expect(await res.text()).toContain('<title>Ozia</title>');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
    for (const [url, init] of [
      ['/api/health', {}],
      ['/trpc/auth.me', {}],
      ['/trpc/nope', {}],
      ['/api/files/missing', {}],
      ['/', { method: 'DELETE' }],
    ] as const) {
      const res = await fetch(`${h.url}${url}`, init);
      await res.arrayBuffer();
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff');
    }
  });

  it('refuses state changes sent by another site (Origin, or Referer without it) with 403', async () => {
    const attempts: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/page.html' },
      { origin: h.url.replace('127.0.0.1', 'localhost') },
    ];
    for (const headers of attempts) {
      // A cross-site HTML form posts url-encoded; fetch stands in for it.
      const res = await fetch(`${h.url}/trpc/auth.logout`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: 'a=1',
      });
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/^request refused: it was sent by another site/);
      expect((await me())?.email).toBe(ADMIN.email);
    }
    const upload = await fetch(`${h.url}/api/files?name=x.png`, { method: 'POST', headers: { cookie, origin: 'https://evil.example' }, body: 'x' });
    expect(upload.status).toBe(403);
  });

  it('never lets a GET change anything', async () => {
    const res = await fetch(`${h.url}/trpc/auth.logout`, { headers: { cookie, origin: 'https://evil.example' } });
    expect(res.status).toBe(405);
    expect((await me())?.email).toBe(ADMIN.email);
  });

  it("accepts the server's own pages, and programs that send no Origin", async () => {
    const own = await fetch(`${h.url}/trpc/users.setStatus`, {
      method: 'POST',
      headers: { cookie, ...json, origin: h.url, referer: `${h.url}/settings` },
      body: JSON.stringify({ status: 'away' }),
    });
    expect(own.status).toBe(200);
    const program = await fetch(`${h.url}/trpc/users.setStatus`, { method: 'POST', headers: { cookie, ...json }, body: JSON.stringify({ status: 'online' }) });
    expect(program.status).toBe(200);
    const out = await fetch(`${h.url}/trpc/auth.logout`, { method: 'POST', headers: { cookie, ...json, origin: h.url } });
    expect(out.status).toBe(200);
    expect(await me()).toBeNull();
  });
});

describe.each([
  ['without a trusted proxy', 0],
  ['behind one trusted proxy', 1],
] as const)('%s', (_name, trustedProxies) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ services: { trustedProxies } });
  });
  afterAll(() => h.close());

  it(trustedProxies ? 'marks the cookie Secure when the proxy got HTTPS' : 'does not believe X-Forwarded-Proto', async () => {
    const overHttps = await rawLogin(h, ADMIN.email, ADMIN.password, { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' });
    expect(overHttps.status).toBe(200);
    expect(overHttps.headers.get('set-cookie')!.split('; ').includes('Secure')).toBe(trustedProxies === 1);
    const plain = await rawLogin(h, ADMIN.email, ADMIN.password, { 'x-forwarded-for': '203.0.113.9' });
    expect(plain.headers.get('set-cookie')).not.toContain('Secure');
  });

  it(trustedProxies ? 'counts failures per forwarded client address' : 'ignores X-Forwarded-For, so changing it buys no guesses', async () => {
    for (let i = 0; i < 30; i++) {
      const res = await rawLogin(h, `someone-${i}@ozia.test`, 'guess', { 'x-forwarded-for': '203.0.113.1' });
      expect(res.status).toBe(401);
    }
    const next = await rawLogin(h, 'someone-else@ozia.test', 'guess', { 'x-forwarded-for': '203.0.113.2' });
    expect(next.status).toBe(trustedProxies ? 401 : 429);
  });
});

describe('the client address and scheme a proxy may tell', () => {
  const req = (headers: Record<string, string>, remoteAddress = '10.0.0.5', encrypted = false) =>
    ({ headers, socket: { remoteAddress, encrypted } }) as unknown as IncomingMessage;

  it('takes the entry the nearest trusted proxy appended, never one the client wrote', () => {
    const spoofed = req({ 'x-forwarded-for': '6.6.6.6, 198.51.100.20' });
    expect(clientAddress(spoofed, 0)).toBe('10.0.0.5');
    expect(clientAddress(spoofed, 1)).toBe('198.51.100.20');
    expect(clientAddress(spoofed, 2)).toBe('6.6.6.6');
    expect(clientAddress(req({ 'x-forwarded-for': 'not-an-address' }), 1)).toBe('10.0.0.5');
    expect(clientAddress(req({ 'x-forwarded-for': '[2001:db8::1]:443' }), 1)).toBe('2001:db8::1');
    expect(clientAddress(req({}, '::ffff:192.0.2.7'), 0)).toBe('192.0.2.7');
  });

  it('knows HTTPS from the socket, or from a trusted proxy', () => {
    expect(cameOverHttps(req({}, '10.0.0.5', true), 0)).toBe(true);
    expect(cameOverHttps(req({ 'x-forwarded-proto': 'https' }), 0)).toBe(false);
    expect(cameOverHttps(req({ 'x-forwarded-proto': 'https' }), 1)).toBe(true);
    expect(cameOverHttps(req({ 'x-forwarded-proto': 'http' }), 1)).toBe(false);
  });
});
