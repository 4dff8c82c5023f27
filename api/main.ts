// `npm start`: opens the database (migrating it), makes sure a supervisor exists, and serves
// the API and the editor on one port.
import fs from 'node:fs';
import { loadConfig } from './config.js';
import { ensureDefaultDepartments, ensureFirstSupervisor } from './bootstrap.js';
import { createServer } from './server.js';
import { createServices } from './services.js';

async function main() {
  const config = loadConfig();
  // Created readable by the owner only: it holds the database, uploads and the first password.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const app = await createServices({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    sqliteFile: config.sqliteFile,
    secureCookies: config.secureCookies,
    trustedProxies: config.trustedProxies,
    sessionIdleMs: config.sessionIdleMs,
  });
  const first = await ensureFirstSupervisor(app.auth, {
    email: config.adminEmail,
    password: config.adminPassword,
    dataDir: config.dataDir,
  });
  const departments = await ensureDefaultDepartments(app.inbox.departments, first.created);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
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
  const shutdown = async () => {
    server.close();
    server.closeAllConnections?.();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
