// `npm start`: opens the database (migrating it), makes sure a supervisor exists, and serves
// the API and the editor on one port. Anything that stops the start (bad configuration, a
// second server on the same SQLite database, a port in use) is one line and exit code 1.
// `startOzia` is also what the end-to-end suite's entry point calls, with a fake WhatsApp
// socket injected where the product connects to WhatsApp.
import fs from 'node:fs';
import type http from 'node:http';
import { pathToFileURL } from 'node:url';
import { loadConfig } from './config.js';
import { InstanceLock } from './instance-lock.js';
import { ensureDefaultDepartments, ensureFirstSupervisor } from './bootstrap.js';
import { createServer } from './server.js';
import { createServices, type AppServices, type ServicesOptions } from './services.js';

/** What a start may replace: where channels reach their providers (tests inject fakes). */
export type StartOverrides = Pick<ServicesOptions, 'channelKinds' | 'presenceTimings'>;

export async function startOzia(overrides: StartOverrides = {}): Promise<{ app: AppServices; port: number }> {
  const config = loadConfig();
  // Created readable by the owner only: it holds the database, uploads and the first password.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  // SQLite: one server per database file (PostgreSQL deployments coordinate in the database).
  const lock = config.databaseUrl ? null : InstanceLock.acquire(config.sqliteFile);
  const app = await createServices({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    secureCookies: config.secureCookies,
    trustedProxies: config.trustedProxies,
    sessionIdleMs: config.sessionIdleMs,
    ...overrides,
  });
  const first = await ensureFirstSupervisor(app.auth, {
    email: config.adminEmail,
    password: config.adminPassword,
    dataDir: config.dataDir,
  });
  const departments = await ensureDefaultDepartments(app.inbox.departments, first.created);
  const server = createServer(app);
  try {
    await listen(server, config.port, config.host);
  } catch (e) {
    await app.close();
    lock?.release();
    throw e;
  }
  // Stopping is handled from the moment the server listens.
  const shutdown = async () => {
    server.close();
    server.closeAllConnections?.();
    await app.close();
    lock?.release();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  lock?.setAddress(`http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`);
  const where = config.databaseUrl ? 'PostgreSQL' : config.sqliteFile;
  console.log(`Ozia is running at http://localhost:${port}  (database: ${where})`);
  if (first.created) {
    console.log(`First supervisor created. Log in with ${first.email} / ${first.password}`);
    console.log(`(also saved in ${first.passwordFile})`);
  } else if (fs.existsSync(first.passwordFile)) {
    console.log(`Log in with the account in ${first.passwordFile}`);
  } else {
    console.log(`Log in with your account (first supervisor: ${first.email}).`);
  }
  console.log(`${app.templates.length} templates ready in the gallery.`);
  if (departments) console.log(`${departments} departments created for the templates' handoffs (Settings → Departments).`);
  return { app, port };
}

/** Listens, or rejects with one line saying what is wrong with PORT or HOST. */
function listen(server: http.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      const why: Record<string, string> = {
        EADDRINUSE: `port ${port} is already in use on ${host}: stop what listens there, or set PORT to a free port`,
        EACCES: `port ${port} needs more privileges than this user has: set PORT to 1024 or above`,
        EADDRNOTAVAIL: `HOST ${host} is not an address of this machine: set HOST to one of its addresses, or 0.0.0.0 for all`,
        ENOTFOUND: `HOST ${host} is not a known host name: set HOST to an address of this machine, or 0.0.0.0 for all`,
        EAI_AGAIN: `HOST ${host} could not be resolved: set HOST to an address of this machine, or 0.0.0.0 for all`,
      };
      reject(new Error(why[e.code ?? ''] ?? `cannot listen on ${host}:${port}: ${e.message}`));
    });
    server.listen(port, host, () => resolve());
  });
}

/** Exits with one line on a failed start. */
export function startOrExit(overrides: StartOverrides = {}) {
  startOzia(overrides).catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) startOrExit();
