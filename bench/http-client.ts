// Sequential HTTP round trips from a worker thread, so the client (like a tester's browser)
// does not share the server's thread; used for both the measured server and its baseline.
import { Worker } from 'node:worker_threads';

const code = `
const { parentPort, workerData } = require('node:worker_threads');
(async () => {
  const { url, body, headers, n, warmup, check } = workerData;
  const once = async (i) => {
    const res = await fetch(url, { method: 'POST', headers, body: body.replace('#i', String(i)) });
    const text = await res.text();
    if (!res.ok || (check && !text.includes(check))) throw new Error('bad answer ' + res.status + ': ' + text.slice(0, 300));
  };
  for (let i = 0; i < warmup; i++) await once(-i - 1);
  const start = performance.now();
  for (let i = 0; i < n; i++) await once(i);
  parentPort.postMessage({ perSecond: n / ((performance.now() - start) / 1000) });
})().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));
`;

export function roundtrips(opts: {
  url: string;
  /** Request body; "#i" is replaced by the request number. */
  body: string;
  headers: Record<string, string>;
  n: number;
  warmup?: number;
  /** Text every answer must contain. */
  check?: string;
}): Promise<number> {
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { warmup: 200, check: '', ...opts } });
    w.once('message', (m: { perSecond?: number; error?: string }) => {
      void w.terminate();
      if (m.error) reject(new Error(m.error));
      else resolve(m.perSecond!);
    });
    w.once('error', reject);
  });
}
