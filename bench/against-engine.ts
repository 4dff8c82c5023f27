// A channel's throughput against engine_turns measured in the same run: warm both paths up once,
// then alternate rounds (a machine that slows down midway slows both alike) and compare medians.
// The services log as JSON lines on stdout; while a bench runs, stdout carries only figures.
import path from 'node:path';
import { openDatabase } from '../runtime/db/connect.js';
import { engineTurns } from './engine.js';

export const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** engine_turns on a fresh database: the bench flow and script, no channel. */
export async function engineBaseline(dir: string, name: string, contacts: number, inFlight: number): Promise<number> {
  const db = await openDatabase({ sqliteFile: path.join(dir, `${name}.sqlite`) });
  try {
    const { turnsPerSec, runtime } = await engineTurns({ db, contacts, inFlight });
    await runtime.stop();
    return turnsPerSec;
  } finally {
    await db.close();
  }
}

async function logsToStderr<T>(run: () => Promise<T>): Promise<T> {
  const { info, warn, debug, log } = console;
  console.info = console.warn = console.debug = console.log = (...args: unknown[]) => console.error(...args);
  try {
    return await run();
  } finally {
    Object.assign(console, { info, warn, debug, log });
  }
}

/** Medians of `rounds` alternating engine and channel rounds (per second each), after one untimed warm-up of 100 contacts. */
export async function againstEngine(o: {
  dir: string;
  name: string;
  rounds: number;
  contacts: number;
  inFlight: number;
  measure: (dir: string, contacts: number) => Promise<number>;
}): Promise<{ value: number; baseline: number }> {
  return logsToStderr(async () => {
    await engineBaseline(o.dir, 'engine-warm', 100, o.inFlight);
    await o.measure(path.join(o.dir, `${o.name}-warm`), 100);
    const engine: number[] = [];
    const channel: number[] = [];
    for (let r = 0; r < o.rounds; r++) {
      engine.push(await engineBaseline(o.dir, `engine-${r}`, o.contacts, o.inFlight));
      channel.push(await o.measure(path.join(o.dir, `${o.name}-${r}`), o.contacts));
    }
    if (process.env.BENCH_DEBUG) console.error('engine_turns', engine.map(Math.round), `${o.name} per second`, channel.map(Math.round));
    return { value: median(channel), baseline: median(engine) };
  });
}
