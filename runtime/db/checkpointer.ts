// WAL checkpoints off the main thread. SQLite's automatic checkpoint runs inside whichever
// commit crosses the threshold, so one turn in a few hundred stalls for milliseconds. A worker
// with its own connection checkpoints passively instead: writers never wait for it.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

const workerCode = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
const tick = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (e) { parentPort.postMessage(String(e && e.message || e)); }
};
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'stop') { clearInterval(timer); tick(); db.close(); process.exit(0); }
});
`;

export interface Checkpointer {
  stop(): Promise<void>;
}

export function startCheckpointer(file: string, intervalMs = 200): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(workerCode, { eval: true, workerData: { file, intervalMs, driver } });
  worker.unref();
  worker.on('message', (m) => console.error(`[ozia] WAL checkpoint: ${m}`));
  worker.on('error', (e) => console.error('[ozia] WAL checkpointer stopped:', e));
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        worker.ref(); // keep the process alive until the last checkpoint is done
        worker.once('exit', () => resolve());
        worker.postMessage('stop');
      }),
  };
}
