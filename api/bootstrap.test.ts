// The first start's secrets: the database and the first-login file are the owner's alone, and
// the file goes once the supervisor's password is no longer the one written in it.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../runtime/testing/databases.js';
import { ensureFirstSupervisor, watchFirstLoginFile } from './bootstrap.js';
import { loadConfig } from './config.js';
import { createServices, type AppServices } from './services.js';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('first start', () => {
  let app: AppServices | null = null;
  let dir = '';
  afterEach(async () => {
    await app?.close();
    app = null;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const start = async () => {
    app = await createServices({ dataDir: dir, sqliteFile: path.join(dir, 'ozia.sqlite') });
    return app;
  };

  it('creates the database and the first-login file readable by the owner only, and removes the file when the password changes', async () => {
    dir = tempDir('ozia-first-');
    const services = await start();
    const first = await ensureFirstSupervisor(services.auth, { email: 'boss@ozia.test', dataDir: dir });
    expect(first.created).toBe(true);
    expect(mode(path.join(dir, 'ozia.sqlite'))).toBe(0o600);
    expect(mode(first.passwordFile)).toBe(0o600);
    expect(fs.readFileSync(first.passwordFile, 'utf8')).toContain(`password: ${first.password}`);
    const boss = (await services.users.list()).find((u) => u.email === 'boss@ozia.test')!;
    await services.users.changeOwnPassword(boss.id, first.password!, 'my own long secret', undefined);
    expect(fs.existsSync(first.passwordFile)).toBe(false);
  });

  it('tightens a first-login file left from an earlier install', async () => {
    dir = tempDir('ozia-first-');
    fs.writeFileSync(path.join(dir, 'first-login.txt'), 'old', { mode: 0o644 });
    const first = await ensureFirstSupervisor((await start()).auth, { email: 'boss@ozia.test', dataDir: dir });
    expect(mode(first.passwordFile)).toBe(0o600);
  });

  it('removes at the next start a file whose password was changed meanwhile, and keeps a current one', async () => {
    dir = tempDir('ozia-first-');
    const services = await start();
    const first = await ensureFirstSupervisor(services.auth, { email: 'boss@ozia.test', dataDir: dir });
    await watchFirstLoginFile(services.auth, first.passwordFile);
    expect(fs.existsSync(first.passwordFile)).toBe(true);
    const copy = fs.readFileSync(first.passwordFile, 'utf8');
    const boss = (await services.users.list())[0];
    await services.users.resetPassword(boss.id, 'chosen by another supervisor');
    fs.writeFileSync(first.passwordFile, copy, { mode: 0o600 });
    await ensureFirstSupervisor(services.auth, { email: 'boss@ozia.test', dataDir: dir });
    expect(fs.existsSync(first.passwordFile)).toBe(false);
  });
});

describe('configuration', () => {
  it('reads the proxy and idle settings, and names what is wrong', () => {
    const c = loadConfig({ OZIA_TRUST_PROXY: '1', OZIA_SESSION_IDLE_HOURS: '2' });
    expect(c).toMatchObject({ trustedProxies: 1, sessionIdleMs: 2 * 3_600_000 });
    expect(loadConfig({})).toMatchObject({ trustedProxies: 0, sessionIdleMs: 12 * 3_600_000 });
    expect(() => loadConfig({ OZIA_TRUST_PROXY: 'yes' })).toThrow(/OZIA_TRUST_PROXY must be a number of proxies/);
    expect(() => loadConfig({ OZIA_SESSION_IDLE_HOURS: '0' })).toThrow(/OZIA_SESSION_IDLE_HOURS must be more than 0 hours/);
    expect(() => loadConfig({ OZIA_ADMIN_PASSWORD: 'password123' })).toThrow(/OZIA_ADMIN_PASSWORD this password is too common/);
  });
});
