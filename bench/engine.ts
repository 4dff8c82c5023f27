// engine_turns and engine_turn_p99_ms: the full path of an inbound message (dedupe, load the
// session, step, commit state + transcript + outbox) for 10,000 contacts replaying a template,
// against a raw better-sqlite3 transaction of one select and three writes in the same run.
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, type Db } from '../runtime/db/connect.js';
import { FlowStore } from '../runtime/flows.js';
import { Runtime } from '../runtime/runtime.js';
import { nullChannel } from '../runtime/testing/recording-channel.js';
import { tempDir } from '../runtime/testing/databases.js';
import { loadTemplates } from '../templates/catalog.js';
import { emit, percentile } from './report.js';

const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
/** Contacts mid-conversation at once (BENCH_IN_FLIGHT to change). */
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 128);

/** The baseline: what one turn's worth of raw SQLite work costs with nothing on top. */
function rawBaseline(dir: string, n: number): number {
  const db = new BetterSqlite3(path.join(dir, 'raw.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`create table s (id text primary key, state text not null, version integer not null);
           create table m (id integer primary key autoincrement, contact text not null, body text not null);
           create table o (id integer primary key autoincrement, contact text not null, body text not null, status text not null);`);
  const ins = db.prepare('insert into s (id, state, version) values (?, ?, 0)');
  db.transaction(() => {
    for (let c = 0; c < 1000; c++) ins.run(`c${c}`, '{"variables":{}}');
  })();
  const sel = db.prepare('select state, version from s where id = ?');
  const upd = db.prepare('update s set state = ?, version = version + 1 where id = ?');
  const msg = db.prepare('insert into m (contact, body) values (?, ?)');
  const out = db.prepare("insert into o (contact, body, status) values (?, ?, 'pending')");
  const turn = db.transaction((c: string, i: number) => {
    const row = sel.get(c) as { state: string };
    upd.run(row.state.length > 0 ? `{"variables":{"i":${i}}}` : '{}', c);
    msg.run(c, `{"type":"text","text":"msg ${i}"}`);
    out.run(c, `{"type":"text","text":"reply ${i}"}`);
  });
  const start = performance.now();
  for (let i = 0; i < n; i++) turn(`c${i % 1000}`, i);
  const secs = (performance.now() - start) / 1000;
  db.close();
  return n / secs;
}

/** The answers a contact gives to the lead-capture template, in order. */
export const script = ['oi', 'Maria Silva', 'maria@example.com', '11 98765-4321', '1'];

/** The flow every engine-path bench replays: the lead-capture template. */
export function benchTemplate() {
  return loadTemplates().find((t) => t.key === 'lead-capture.pt-BR') ?? loadTemplates()[0];
}

/**
 * `contacts` contacts each replay `script` against a bare runtime on `db`, `inFlight` at once,
 * each answer awaited (committed) before the contact's next message. Returns turns/s; the
 * runtime is left running for the caller (`stop` it), idle.
 */
export async function engineTurns(o: { db: Db; contacts: number; inFlight: number }): Promise<{ turnsPerSec: number; runtime: Runtime }> {
  const template = benchTemplate();
  const flows = new FlowStore(o.db);
  const flow = await flows.create({ name: template.name, document: template.document });
  const version = (await flows.publish({ id: flow.id })).id;
  const runtime = new Runtime({ db: o.db, flows, flowForChannel: async () => version });
  runtime.registerChannel(nullChannel('bench'));
  await runtime.start();

  let turns = 0;
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < o.contacts) {
      const c = next++;
      for (let i = 0; i < script.length; i++) {
        const r = await runtime.receive({
          channel: 'bench',
          externalId: `c${c}-${i}`,
          from: { externalId: `55${c}` },
          reply: { text: script[i] },
        });
        await r.done;
        turns++;
      }
    }
  };
  await Promise.all(Array.from({ length: o.inFlight }, worker));
  const secs = (performance.now() - start) / 1000;
  await runtime.idle();
  return { turnsPerSec: turns / secs, runtime };
}

export async function benchEngine(): Promise<void> {
  const dir = tempDir('ozia-bench-');
  try {
    // The baseline is measured before and after, so a machine that slows down midway shows in both.
    const baselineBefore = rawBaseline(dir, 50_000);
    const db = await openDatabase({ sqliteFile: path.join(dir, 'ozia.sqlite') });
    const { turnsPerSec: value, runtime } = await engineTurns({ db, contacts: CONTACTS, inFlight: IN_FLIGHT });

    // Latency of one turn on its own (nothing queued ahead of it).
    const latencies: number[] = [];
    for (let c = 0; c < 1000; c++) {
      for (let i = 0; i < script.length; i++) {
        const t0 = performance.now();
        const r = await runtime.receive({ channel: 'bench', externalId: `p${c}-${i}`, from: { externalId: `99${c}` }, reply: { text: script[i] } });
        await r.done;
        latencies.push(performance.now() - t0);
      }
    }
    if (process.env.BENCH_DEBUG) console.error('latency p50/p90/p99/max', [50, 90, 99, 100].map((p) => percentile(latencies, p).toFixed(2)).join(' '));
    await runtime.stop();
    await db.close();
    fs.rmSync(path.join(dir, 'raw.sqlite'), { force: true });
    fs.rmSync(path.join(dir, 'raw.sqlite-wal'), { force: true });
    fs.rmSync(path.join(dir, 'raw.sqlite-shm'), { force: true });
    const baseline = (baselineBefore + rawBaseline(dir, 50_000)) / 2;

    emit({ bench: 'engine_turns', value: Math.round(value), unit: 'turns/s', baseline: 'sqlite_turn_tx', baseline_value: Math.round(baseline), ratio: +(value / baseline).toFixed(3) });
    emit({ bench: 'engine_turn_p99_ms', value: +percentile(latencies, 99).toFixed(3), unit: 'ms', baseline: 'sqlite_turn_tx_ms', baseline_value: +(1000 / baseline).toFixed(4), ratio: +(percentile(latencies, 99) / (1000 / baseline)).toFixed(2) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
