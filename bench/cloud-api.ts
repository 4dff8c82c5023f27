// cloud_api_webhooks_per_s: contacts writing to a WhatsApp Cloud API number as Meta delivers it —
// each message a `messages` webhook signed with the app secret, POSTed to Ozia's real HTTP server
// (signature on the raw body, zod, channel manager, runtime, outbox) — until every answer is
// committed and accepted by the fake Graph API's send endpoint; against engine_turns (the same
// flow and script on a bare runtime, no channel) measured in the same run, in alternating rounds.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer } from '../api/server.js';
import { createServices } from '../api/services.js';
import { fileURLToPath } from 'node:url';
import { FakeGraph, type FakePhone } from '../runtime/channels/meta/testing/fake-graph.js';
import { tempDir } from '../runtime/testing/databases.js';
import { againstEngine } from './against-engine.js';
import { benchTemplate, script } from './engine.js';
import { emit } from './report.js';

const CONTACTS = Number(process.env.BENCH_CLOUD_CONTACTS ?? 400);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 128);
const ROUNDS = Number(process.env.BENCH_CLOUD_ROUNDS ?? 3);
const STALL_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const waIdOf = (c: number) => `5511${String(900000000 + c)}`;
const here = path.dirname(fileURLToPath(import.meta.url));

interface GraphProcess {
  child: ChildProcess;
  baseUrl: string;
  phone: FakePhone;
  token: string;
  appSecret: string;
}

/** The fake Graph API in a child process (cloud-api-graph.ts), and its first message. */
async function startGraphProcess(): Promise<GraphProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'cloud-api-graph.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: path.join(here, '..') });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`cloud api bench: the fake Graph API exited (${code})`)));
    child.once('message', (m: { ready: Omit<GraphProcess, 'child'> }) => resolve({ child, ...m.ready }));
  });
}

/** Webhook deliveries per second, signed POST in → every answer accepted by the fake Graph API and its row committed as sent. */
export async function cloudApiWebhooks(dir: string, contacts = CONTACTS, inFlight = IN_FLIGHT): Promise<{ perSec: number; sends: number }> {
  fs.mkdirSync(dir, { recursive: true });
  const remote = await startGraphProcess();
  // Here only to build and sign the webhook bodies (its server is not started).
  const graph = new FakeGraph(remote.token, remote.appSecret);
  const phone = remote.phone;
  const app = await createServices({ dataDir: dir, sqliteFile: path.join(dir, 'ozia.sqlite'), channelKinds: { cloudApi: { graphBaseUrl: remote.baseUrl } } });
  const server = createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const template = benchTemplate();
    const flow = await app.flows.create({ name: template.name, document: template.document });
    await app.flows.publish({ id: flow.id });
    const account = await app.channels.create({
      kind: 'cloud-api',
      name: 'Bench',
      flowId: flow.id,
      delivery: { typingMsPerChar: 0, typingMaxMs: 0, perMinute: 0, splitLong: false },
      settings: { phoneNumberId: phone.phoneNumberId, businessAccountId: phone.wabaId, accessToken: remote.token, appSecret: remote.appSecret },
    });
    await app.channelControl.connect(account.id);
    for (let i = 0; app.channelControl.status(account.id)?.state !== 'open'; i++) {
      if (i > 3000) throw new Error('cloud api bench: the account did not open');
      await sleep(5);
    }
    const hook = `${base}/api/meta/webhook/${account.id}`;

    const owner = new Map<string, number>();
    for (let c = 0; c <= contacts; c++) owner.set(waIdOf(c), c);
    const sends = new Array<number>(contacts + 1).fill(0);
    const waiting = new Map<number, { n: number; resolve: () => void }>();
    let lastProgress = Date.now();
    remote.child.on('message', (s: { to: string }) => {
      const c = owner.get(s.to);
      if (c === undefined) return;
      sends[c]++;
      lastProgress = Date.now();
      const w = waiting.get(c);
      if (w && sends[c] >= w.n) {
        waiting.delete(c);
        w.resolve();
      }
    });
    const answered = (c: number, n: number) => (sends[c] >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(c, { n, resolve })));
    const deliver = async (c: number, text: string) => {
      const { payload } = graph.inbound(phone, { waId: waIdOf(c), name: `Contato ${c}` }, graph.text(text));
      const a = await graph.deliver(hook, payload);
      if (a.status !== 200) throw new Error(`cloud api bench: webhook answered ${a.status} ${a.body}`);
    };

    // One warm-up contact learns how many Cloud API messages answer each step of the script.
    const warm = contacts;
    const perStep: number[] = [];
    for (const text of script) {
      const before = sends[warm];
      await deliver(warm, text);
      let seen = -1;
      for (let still = 0; still < 3; ) {
        await sleep(30);
        await app.runtime.idle();
        still = sends[warm] === seen && seen > before ? still + 1 : 0;
        seen = sends[warm];
      }
      perStep.push(sends[warm] - before);
    }

    let stalled: (e: Error) => void = () => {};
    const stall = new Promise<never>((_, reject) => (stalled = reject));
    const watchdog = setInterval(() => {
      if (Date.now() - lastProgress > STALL_MS) stalled(new Error(`cloud api bench: no answer for ${STALL_MS} ms (${waiting.size} contacts waiting)`));
    }, 1000);
    let next = 0;
    const start = performance.now();
    lastProgress = Date.now();
    const worker = async () => {
      while (next < contacts) {
        const c = next++;
        let expected = 0;
        for (let i = 0; i < script.length; i++) {
          expected += perStep[i];
          await deliver(c, script[i]);
          await answered(c, expected);
        }
      }
    };
    try {
      await Promise.race([Promise.all(Array.from({ length: inFlight }, worker)), stall]);
      await app.runtime.idle();
    } finally {
      clearInterval(watchdog);
    }
    const secs = (performance.now() - start) / 1000;

    // A fast wrong answer is no answer: every row sent, none pending or failed, none sent twice.
    const rows = await app.db.kysely
      .selectFrom('messages')
      .select(['status'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel', '=', account.id)
      .where('direction', '=', 'out')
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const total = sends.slice(0, contacts).reduce((a, b) => a + b, 0);
    const expectedTotal = contacts * perStep.reduce((a, b) => a + b, 0);
    if (total !== expectedTotal || byStatus.pending || byStatus.failed) {
      throw new Error(`cloud api bench: ${total} messages sent for ${expectedTotal} expected; rows by status ${JSON.stringify(byStatus)}`);
    }
    return { perSec: (contacts * script.length) / secs, sends: total };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
    await app.close();
    await graph.stop();
    remote.child.disconnect();
  }
}


export async function benchCloudApi(): Promise<void> {
  const dir = tempDir('ozia-bench-cloud-');
  try {
    const { value, baseline } = await againstEngine({ dir, name: 'cloud', rounds: ROUNDS, contacts: CONTACTS, inFlight: IN_FLIGHT, measure: async (d, n) => (await cloudApiWebhooks(d, n)).perSec });
    emit({ bench: 'cloud_api_webhooks_per_s', value: Math.round(value), unit: 'webhooks/s', baseline: 'engine_turns', baseline_value: Math.round(baseline), ratio: +(value / baseline).toFixed(3) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
