// whatsapp_inbound: contacts writing to a connected number through the fake WhatsApp socket's
// `messages.upsert` (Baileys 7's WAMessage shapes), through the product's services (channel
// manager, WhatsApp channel, runtime, outbox) until every answer is committed and handed to the
// socket's sendMessage; against engine_turns (the same flow and script on a bare runtime, no
// channel) measured in the same run, in alternating rounds.
// whatsapp_rss_mb_per_account: resident memory each connected account adds (20 of them, in a
// fresh child process), against the idle server's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from '../runtime/testing/databases.js';
import { againstEngine } from './against-engine.js';
import { benchTemplate, script } from './engine.js';
import { emit } from './report.js';
import { AnswerCount, replayScript } from './script-replay.js';
import { benchContact, connectAccount, jidsOf, startWhatsAppServer, textFrom } from './whatsapp-server.js';

const CONTACTS = Number(process.env.BENCH_WA_CONTACTS ?? 600);
/** Contacts mid-conversation at once, as in the engine bench. */
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 128);
/** Alternating engine / WhatsApp rounds; each figure is its rounds' median. */
const ROUNDS = Number(process.env.BENCH_WA_ROUNDS ?? 3);
/** No answer for this long means the path is broken, not slow. */
const STALL_MS = 30_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Messages per second, contact's message in → every answer handed to sendMessage and its row committed as sent. */
export async function whatsappInbound(dir: string, contacts = CONTACTS, inFlight = IN_FLIGHT): Promise<{ perSec: number; messages: number; sends: number; perStep: number[] }> {
  const s = await startWhatsAppServer({ dir, flow: benchTemplate() });
  try {
    const { id, sock } = await connectAccount(s, 'Bench');
    const people = Array.from({ length: contacts + 1 }, (_, i) => benchContact(i));
    const owner = new Map<string, number>();
    people.forEach((p, i) => jidsOf(p).forEach((j) => owner.set(j, i)));
    const count = new AnswerCount(contacts + 1);
    // Counts what reaches the socket, per contact, and wakes the contact waiting for its answer.
    const send = sock.sendMessage.bind(sock);
    sock.sendMessage = async (jid, content, options) => {
      const res = await send(jid, content, options);
      const c = owner.get(jid);
      if (c !== undefined) count.sent(c);
      return res;
    };

    // One warm-up contact learns how many WhatsApp messages answer each step of the script.
    const warm = contacts;
    const perStep: number[] = [];
    for (const text of script) {
      const before = count.of(warm);
      sock.emitUpsert([textFrom(people[warm], text)], 'notify');
      let seen = -1;
      for (let still = 0; still < 3; ) {
        await sleep(30);
        await s.app.runtime.idle();
        still = count.of(warm) === seen && seen > before ? still + 1 : 0;
        seen = count.of(warm);
      }
      perStep.push(count.of(warm) - before);
    }

    // Built before the clock starts: the bench measures Ozia, not the fixture.
    const inbox = people.slice(0, contacts).map((p) => script.map((t) => textFrom(p, t)));
    const start = performance.now();
    await replayScript({
      what: 'whatsapp',
      contacts,
      inFlight,
      lines: script.length,
      perStep,
      count,
      write: (c, i) => sock.emitUpsert([inbox[c][i]], 'notify'),
      stallMs: STALL_MS,
    });
    // Until every row is committed as sent too.
    await s.app.runtime.idle();
    const secs = (performance.now() - start) / 1000;

    // A fast wrong answer is no answer: every row sent, none pending or failed, none sent twice.
    const rows = await s.app.db.kysely
      .selectFrom('messages')
      .select(['status'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('channel', '=', id)
      .where('direction', '=', 'out')
      .groupBy('status')
      .execute();
    const byStatus = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
    const total = count.total(contacts);
    const expectedTotal = contacts * perStep.reduce((a, b) => a + b, 0);
    if (total !== expectedTotal || byStatus.pending || byStatus.failed) {
      throw new Error(`whatsapp bench: ${total} messages sent for ${expectedTotal} expected; rows by status ${JSON.stringify(byStatus)}`);
    }
    return { perSec: (contacts * script.length) / secs, messages: contacts * script.length, sends: total, perStep };
  } finally {
    await s.close();
  }
}

export async function benchWhatsApp(): Promise<void> {
  const dir = tempDir('ozia-bench-wa-');
  try {
    const { value, baseline } = await againstEngine({ dir, name: 'wa', rounds: ROUNDS, contacts: CONTACTS, inFlight: IN_FLIGHT, measure: async (d, n) => (await whatsappInbound(d, n)).perSec });
    emit({ bench: 'whatsapp_inbound', value: Math.round(value), unit: 'messages/s', baseline: 'engine_turns', baseline_value: Math.round(baseline), ratio: +(value / baseline).toFixed(3) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const rss = await rssChild();
  if (process.env.BENCH_DEBUG) console.error('rss', rss);
  emit({
    bench: 'whatsapp_rss_mb_per_account',
    value: +rss.perAccountMb.toFixed(2),
    unit: 'MB',
    baseline: 'idle_server_rss_mb',
    baseline_value: +rss.idleMb.toFixed(1),
    ratio: +(rss.perAccountMb / rss.idleMb).toFixed(3),
  });
}

/** Runs whatsapp-rss.ts in a fresh process (its own heap, `--expose-gc`) and reads its one JSON line. */
async function rssChild(): Promise<{ idleMb: number; loadedMb: number; perAccountMb: number; accounts: number; idleHeapMb: number; loadedHeapMb: number }> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'whatsapp-rss.ts')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    cwd: path.join(here, '..'),
  });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  const line = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`whatsapp rss bench: child exited ${code}: ${out}`);
  return JSON.parse(line);
}
