// `npm start` as an operator of the machine meets it: a second server on the same SQLite
// database refuses to start naming the first, a killed server's lock does not block the
// restart, and a port in use or a bad HOST stops the start with one line (no stack).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../runtime/testing/databases.js';
import { loadConfig } from './config.js';

const main = path.join(path.dirname(fileURLToPath(import.meta.url)), 'main.ts');
const children: ChildProcess[] = [];

interface Started {
  child: ChildProcess;
  /** Resolves with the port once the server says it is running, or null when it exits first. */
  running: Promise<number | null>;
  exited: Promise<{ code: number | null; stderr: string; signal?: string }>;
}

function start(env: Record<string, string>): Started {
  const base = { ...process.env };
  delete base.DATABASE_URL; // SQLite in the data folder
  const child = spawn(process.execPath, ['--import', 'tsx', main], {
    env: { ...base, PORT: '0', HOST: '127.0.0.1', OZIA_ADMIN_PASSWORD: 'start-test-password', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; stderr: string; signal?: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, stderr, ...(signal ? { signal } : {}) })));
  const running = new Promise<number | null>((resolve) => {
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = /Ozia is running at http:\/\/localhost:(\d+)/.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
    void exited.then(() => resolve(null));
  });
  return { child, running, exited };
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

describe('starting the server', () => {
  it('a second server on the same SQLite database refuses to start, naming the running one; a killed server’s lock does not block the restart', async () => {
    const dataDir = tempDir('ozia-start-');
    const first = start({ OZIA_DATA_DIR: dataDir });
    const port = await first.running;
    expect(port).toBeGreaterThan(0);

    const second = start({ OZIA_DATA_DIR: dataDir });
    const refused = await second.exited;
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^another Ozia server is already running on .*ozia\\.sqlite \\(pid ${first.child.pid}, http://127\\.0\\.0\\.1:${port}, since .+\\): stop it first`)),
    ]);

    first.child.kill('SIGKILL');
    await first.exited;
    expect(fs.existsSync(path.join(dataDir, 'ozia.sqlite.lock'))).toBe(true); // left behind by the killed process

    const restarted = start({ OZIA_DATA_DIR: dataDir });
    expect(await restarted.running).toBeGreaterThan(0);
    restarted.child.kill('SIGTERM');
    expect(await restarted.exited).toMatchObject({ code: 0, stderr: '' });
    expect(fs.existsSync(path.join(dataDir, 'ozia.sqlite.lock'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 180_000);

  it('a port in use stops the start with one line', async () => {
    const taken = net.createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as net.AddressInfo).port;
    const dataDir = tempDir('ozia-start-');
    const s = start({ OZIA_DATA_DIR: dataDir, PORT: String(port) });
    const { code, stderr } = await s.exited;
    taken.close();
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`port ${port} is already in use on 127.0.0.1: stop what listens there, or set PORT to a free port`);
    // It let go of the database: the next start on the same folder runs.
    expect(fs.existsSync(path.join(dataDir, 'ozia.sqlite.lock'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);

  it('an invalid HOST, or one that is not this machine’s, stops the start with one line', async () => {
    expect(() => loadConfig({ HOST: 'not a host!' })).toThrow(
      new Error('invalid configuration: HOST must be an IP address of this machine (0.0.0.0 for all, 127.0.0.1, ::) or a host name'),
    );
    for (const host of ['0.0.0.0', '::', '127.0.0.1', 'localhost', 'ozia.internal']) expect(loadConfig({ HOST: host }).host).toBe(host);
    const dataDir = tempDir('ozia-start-');
    const foreign = await start({ OZIA_DATA_DIR: dataDir, HOST: '192.0.2.1' }).exited; // TEST-NET-1: never an address of this machine
    expect(foreign.code).toBe(1);
    expect(foreign.stderr.trim()).toBe('HOST 192.0.2.1 is not an address of this machine: set HOST to one of its addresses, or 0.0.0.0 for all');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 120_000);
});
