// The child process of whatsapp_rss_mb_per_account (run by whatsapp.ts with --expose-gc, so the
// heap is this process's alone): the services idle, then ACCOUNTS numbers connected by QR
// through the fake WhatsApp, each exchanging a few messages, resident memory after GC at each
// point. Prints one JSON line.
// What it measures is Ozia's part of a number (channel, connection, auth state, outbox lane,
// Baileys' event buffer and message builders the fake uses); the fake has no WebSocket, noise
// handler or Signal sessions, so a real Baileys socket's own memory is not in the figure.
import fs from 'node:fs';
import { echoFlow } from '../runtime/testing/flows.js';
import { tempDir } from '../runtime/testing/databases.js';
import { benchContact, connectAccount, jidsOf, startWhatsAppServer, textFrom, type ConnectedAccount } from './whatsapp-server.js';

const ACCOUNTS = Number(process.env.BENCH_WA_ACCOUNTS ?? 20);
const CONTACTS_PER_ACCOUNT = 3;
const MESSAGES_PER_CONTACT = 3;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** RSS in MB once garbage is collected and the allocator has had a moment. */
async function settledRssMb(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('whatsapp-rss: run with --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await sleep(100);
  }
  return process.memoryUsage().rss / 2 ** 20;
}

async function until(what: string, done: () => boolean) {
  const end = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > end) throw new Error(`whatsapp-rss: timed out waiting for ${what}`);
    await sleep(10);
  }
}

/** Each contact writes MESSAGES_PER_CONTACT texts, each after the answer to the one before. */
async function converse(account: ConnectedAccount, salt: number) {
  const sock = account.sock;
  for (let c = 0; c < CONTACTS_PER_ACCOUNT; c++) {
    const p = benchContact(c, salt);
    const jids = new Set(jidsOf(p));
    const answers = () => sock.sent.filter((m) => jids.has(m.jid)).length;
    for (let i = 0; i < MESSAGES_PER_CONTACT; i++) {
      sock.emitUpsert([textFrom(p, `mensagem ${i}`)], 'notify');
      await until('an answer', () => answers() >= i + 1);
    }
  }
}

// stdout carries the one result line; the services' channel logs go to stderr.
console.info = console.warn = console.debug = (...args: unknown[]) => console.error(...args);
const dir = tempDir('ozia-bench-wa-rss-');
try {
  const s = await startWhatsAppServer({ dir, flow: { name: 'Eco', document: echoFlow } });
  await sleep(500);
  const idleMb = await settledRssMb();
  const idleHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const accounts: ConnectedAccount[] = [];
  for (let a = 0; a < ACCOUNTS; a++) {
    // Each account is its own business number.
    Object.assign(s.fakes.account, { phone: `5511900${String(a).padStart(6, '0')}`, lid: String(99_000_000_000_000 + a) });
    accounts.push(await connectAccount(s, `Número ${a + 1}`));
  }
  await Promise.all(accounts.map((a, i) => converse(a, i + 1)));
  await s.app.runtime.idle();
  // What a connected number costs at rest, not the garbage of connecting it.
  await sleep(1000);
  const loadedMb = await settledRssMb();
  const loadedHeapMb = process.memoryUsage().heapUsed / 2 ** 20;
  const open = accounts.filter((a) => s.app.channelControl.status(a.id)?.state === 'open').length;
  if (open !== ACCOUNTS) throw new Error(`whatsapp-rss: ${open} of ${ACCOUNTS} accounts open`);
  process.stdout.write(`${JSON.stringify({ idleMb, loadedMb, perAccountMb: (loadedMb - idleMb) / ACCOUNTS, accounts: ACCOUNTS, idleHeapMb, loadedHeapMb })}\n`);
  await s.close();
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
