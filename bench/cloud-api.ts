// cloud_api_webhooks_per_s: contacts writing to a WhatsApp Cloud API number as Meta delivers it —
// each message a `messages` webhook signed with the app secret, POSTed to Ozia's real HTTP server
// (signature on the raw body, zod, channel manager, runtime, outbox) — until every answer is
// committed and accepted by the fake Graph API's send endpoint; against engine_turns (the same
// flow and script on a bare runtime, no channel) measured in the same run, in alternating rounds.
// Meta's side (the Graph API and the deliveries) runs in a child process, off Ozia's CPU.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createServer } from '../api/server.js';
import { createServices } from '../api/services.js';
import { fileURLToPath } from 'node:url';
import type { FakePhone } from '../runtime/channels/meta/testing/fake-graph.js';
import { GraphClient } from '../runtime/channels/meta/graph.js';
import { tempDir } from '../runtime/testing/databases.js';
import { againstEngine, median } from './against-engine.js';
import { benchTemplate, script } from './engine.js';
import { waIdOf } from './cloud-api-contacts.js';
import { emit } from './report.js';

const CONTACTS = Number(process.env.BENCH_CLOUD_CONTACTS ?? 400);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 128);
const ROUNDS = Number(process.env.BENCH_CLOUD_ROUNDS ?? 3);
const STALL_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const here = path.dirname(fileURLToPath(import.meta.url));

interface GraphProcess {
  child: ChildProcess;
  baseUrl: string;
  phone: FakePhone;
  token: string;
  appSecret: string;
}

type FromGraph =
  | { ready: Omit<GraphProcess, 'child'> }
  | { sent: { to: string } }
  | { delivered: { to: string } | { error: string } }
  | { ran: { secs: number; sends: number; busy: number } | { error: string } };

/** Meta's side in a child process (cloud-api-graph.ts): the fake Graph API, and the contacts' webhooks. */
async function startGraphProcess(): Promise<GraphProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'cloud-api-graph.ts')], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], cwd: path.join(here, '..') });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`cloud api bench: the fake Graph API exited (${code})`)));
    const ready = (m: FromGraph) => {
      if (!('ready' in m)) return;
      child.off('message', ready);
      resolve({ child, ...m.ready });
    };
    child.on('message', ready);
  });
}

/** The next IPC message from the child that `pick` accepts. */
function nextFrom<T>(child: ChildProcess, pick: (m: FromGraph) => T | undefined): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: FromGraph) => {
      const v = pick(m);
      if (v === undefined) return;
      child.off('message', on);
      resolve(v);
    };
    child.on('message', on);
  });
}

/** Webhook deliveries per second, signed POST in → every answer accepted by the fake Graph API and its row committed as sent. */
export async function cloudApiWebhooks(dir: string, contacts = CONTACTS, inFlight = IN_FLIGHT): Promise<{ perSec: number; sends: number; perStep: number[] }> {
  fs.mkdirSync(dir, { recursive: true });
  const remote = await startGraphProcess();
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

    // One warm-up contact (numbered after the timed ones) learns how many Cloud API messages
    // answer each step of the script.
    const warm = contacts;
    const warmTo = waIdOf(warm);
    let warmSends = 0;
    remote.child.on('message', (m: FromGraph) => {
      if ('sent' in m && m.sent.to === warmTo) warmSends++;
    });
    // Only the warm-up contact has written so far: every outgoing row of the account is theirs.
    const rowsOut = async () =>
      Number(
        (await app.db.kysely.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('channel', '=', account.id).where('direction', '=', 'out').executeTakeFirstOrThrow()).n,
      );
    const perStep: number[] = [];
    for (const text of script) {
      const before = warmSends;
      const delivered = nextFrom(remote.child, (m) => ('delivered' in m ? m.delivered : undefined));
      remote.child.send({ deliver: { hook, c: warm, text } });
      const d = await delivered;
      if ('error' in d) throw new Error(d.error);
      // Settled: the runtime idle, every row it wrote for the contact reached the send endpoint.
      for (let still = 0; still < 3; ) {
        await sleep(30);
        await app.runtime.idle();
        still = warmSends > before && warmSends === (await rowsOut()) ? still + 1 : 0;
      }
      perStep.push(warmSends - before);
    }

    const ran = nextFrom(remote.child, (m) => ('ran' in m ? m.ran : undefined));
    remote.child.send({ run: { hook, contacts, inFlight, script, perStep, stallMs: STALL_MS } });
    const r = await ran;
    if ('error' in r) throw new Error(r.error);
    if (process.env.BENCH_DEBUG) console.error(`cloud round: Meta's side busy ${(r.busy * 100).toFixed(0)}%`);
    await app.runtime.idle();

    // A fast wrong answer is no answer: every row sent, none pending or failed, none sent twice.
    const rows = await app.db.kysely
      .selectFrom('messages')
      .select(['status'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel', '=', account.id)
      .where('direction', '=', 'out')
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(rows.map((row) => [row.status, Number(row.n)]));
    const expectedTotal = contacts * perStep.reduce((a, b) => a + b, 0);
    if (r.sends !== expectedTotal || byStatus.pending || byStatus.failed) {
      throw new Error(`cloud api bench: ${r.sends} messages sent for ${expectedTotal} expected; rows by status ${JSON.stringify(byStatus)}`);
    }
    return { perSec: (contacts * script.length) / r.secs, sends: r.sends, perStep };
  } finally {
    server.closeAllConnections();
    await new Promise<void>((res) => server.close(() => res()));
    await app.close();
    remote.child.disconnect();
  }
}

/**
 * The same exchanges with nothing of Ozia between them: Meta's side (the same child process) posts
 * each signed webhook, a bare node:http server answers 200 and sends the step's answers with
 * Ozia's own Graph client, no signature check, no database. On this 2-core machine Meta's side is
 * what limits it (BENCH_DEBUG prints how busy it was): it is the fastest the harness can deliver,
 * the ceiling cloud_api_webhooks_per_s is read against besides engine_turns.
 */
export async function bareHttpAnswers(perStep: number[], contacts = CONTACTS, inFlight = IN_FLIGHT): Promise<number> {
  const remote = await startGraphProcess();
  const graph = new GraphClient({ baseUrl: remote.baseUrl, token: remote.token });
  const stepOf = new Map(script.map((text, i) => [text, i]));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { entry: { changes: { value: { messages: { from: string; text: { body: string } }[] } }[] }[] };
      const m = body.entry[0].changes[0].value.messages[0];
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 14 }).end('EVENT_RECEIVED');
      void (async () => {
        for (let i = 0; i < perStep[stepOf.get(m.text.body) ?? 0]; i++) {
          await graph.call('POST', `${remote.phone.phoneNumberId}/messages`, { messaging_product: 'whatsapp', recipient_type: 'individual', to: m.from, type: 'text', text: { body: 'Qual é o seu nome?' } });
        }
      })();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const hook = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    const ran = nextFrom(remote.child, (m) => ('ran' in m ? m.ran : undefined));
    remote.child.send({ run: { hook, contacts, inFlight, script, perStep, stallMs: STALL_MS } });
    const r = await ran;
    if ('error' in r) throw new Error(r.error);
    if (process.env.BENCH_DEBUG) console.error(`bare http round: Meta's side busy ${(r.busy * 100).toFixed(0)}%`);
    return (contacts * script.length) / r.secs;
  } finally {
    server.closeAllConnections();
    await new Promise<void>((res) => server.close(() => res()));
    remote.child.disconnect();
  }
}

export async function benchCloudApi(): Promise<void> {
  const dir = tempDir('ozia-bench-cloud-');
  try {
    // Each Cloud API round is followed by a round of its HTTP floor, so both see the same machine.
    const floors: number[] = [];
    const { value, baseline } = await againstEngine({
      dir,
      name: 'cloud',
      rounds: ROUNDS,
      contacts: CONTACTS,
      inFlight: IN_FLIGHT,
      measure: async (d, n) => {
        const r = await cloudApiWebhooks(d, n);
        const floor = await bareHttpAnswers(r.perStep, n);
        if (n === CONTACTS) floors.push(floor);
        return r.perSec;
      },
    });
    const floor = median(floors);
    if (process.env.BENCH_DEBUG) console.error('bare http answers per second', floors.map(Math.round));
    emit({ bench: 'cloud_api_webhooks_per_s', value: Math.round(value), unit: 'webhooks/s', baseline: 'engine_turns', baseline_value: Math.round(baseline), ratio: +(value / baseline).toFixed(3) });
    // The same figure against the deliveries answered by a bare HTTP server: the harness's ceiling.
    emit({ bench: 'cloud_api_webhooks_vs_bare_http', value: Math.round(value), unit: 'webhooks/s', baseline: 'bare_http_answers', baseline_value: Math.round(floor), ratio: +(value / floor).toFixed(3) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
