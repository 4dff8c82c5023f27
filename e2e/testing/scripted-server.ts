// Test-only server entry for e2e/channels-settings.spec.ts: the real app (API + editor) with a
// scripted channel control instead of the channel manager, and a second, local-only HTTP port
// where the spec tells it what each account's status is (QR, connected …) and reads what the
// app asked of it. Never part of the product: `npm start` runs api/main.ts.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { ScriptedControl } from '../../api/testing/scripted-control.js';
import { ensureDefaultDepartments, ensureFirstSupervisor } from '../../api/bootstrap.js';
import { createServer } from '../../api/server.js';
import { createServices } from '../../api/services.js';

async function main() {
  const port = Number(process.env.PORT ?? 3941);
  const controlPort = Number(process.env.OZIA_SCRIPT_PORT ?? port + 1);
  const dataDir = path.resolve(process.env.OZIA_DATA_DIR ?? '.tmp/e2e-channels');
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const control = new ScriptedControl();
  const app = await createServices({ dataDir, sqliteFile: path.join(dataDir, 'ozia.sqlite'), channelControl: (d) => control.attach(d.bus) });
  const first = await ensureFirstSupervisor(app.auth, { email: process.env.OZIA_ADMIN_EMAIL ?? 'admin@ozia.local', password: process.env.OZIA_ADMIN_PASSWORD, dataDir });
  await ensureDefaultDepartments(app.inbox.departments, first.created);
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));

  // POST /status {channelId, status}: the account's status, as the manager would report it.
  // GET /calls: what the app asked (connect, disconnect …), oldest first.
  const script = http.createServer((req, res) => {
    const reply = (code: number, body: unknown) => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'GET' && req.url === '/calls') return reply(200, control.calls);
    if (req.method === 'POST' && req.url === '/status') {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        try {
          const { channelId, status } = JSON.parse(raw) as { channelId: string; status: Parameters<ScriptedControl['push']>[1] };
          reply(200, control.push(channelId, status));
        } catch (e) {
          reply(400, { error: String(e) });
        }
      });
      return;
    }
    reply(404, { error: 'unknown' });
  });
  await new Promise<void>((resolve) => script.listen(controlPort, '127.0.0.1', resolve));
  console.log(`scripted Ozia at http://127.0.0.1:${port} (script port ${controlPort})`);
  const stop = async () => {
    script.close();
    server.close();
    server.closeAllConnections?.();
    await app.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
