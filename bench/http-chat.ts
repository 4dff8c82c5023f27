// http_chat_roundtrips: test-chat sends over real HTTP (tRPC, cookie auth, the whole runtime
// path), one after another, against a bare node:http echo server measured in the same run.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { echoFlow } from '../runtime/testing/flows.js';
import { ADMIN, startHarness } from '../api/testing/harness.js';
import { emit } from './report.js';

const ROUNDTRIPS = Number(process.env.BENCH_ROUNDTRIPS ?? 2000);

async function echoBaseline(n: number): Promise<number> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/echo`;
  const body = JSON.stringify({ sessionId: 'x', text: 'msg' });
  for (let i = 0; i < 200; i++) await (await fetch(url, { method: 'POST', body })).text(); // warm up
  const start = performance.now();
  for (let i = 0; i < n; i++) await (await fetch(url, { method: 'POST', body })).text();
  const perSec = n / ((performance.now() - start) / 1000);
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  return perSec;
}

export async function benchHttpChat(): Promise<void> {
  const baseline = await echoBaseline(ROUNDTRIPS);
  const h = await startHarness();
  try {
    const c = h.client();
    await c.login(ADMIN.email, ADMIN.password);
    const f = await c.trpc.flows.create.mutate({ name: 'Bench' });
    await c.trpc.flows.saveDraft.mutate({ id: f.id, document: echoFlow, baseRevision: f.draftRevision });
    const s = await c.trpc.testChat.start.mutate({ flowId: f.id });
    for (let i = 0; i < 200; i++) await c.trpc.testChat.send.mutate({ sessionId: s.sessionId, text: `warm ${i}` });
    const start = performance.now();
    for (let i = 0; i < ROUNDTRIPS; i++) {
      const r = await c.trpc.testChat.send.mutate({ sessionId: s.sessionId, text: `msg ${i}` });
      if (r.messages.length !== 2) throw new Error(`expected the message and its echo, got ${JSON.stringify(r.messages)}`);
    }
    const value = ROUNDTRIPS / ((performance.now() - start) / 1000);
    emit({
      bench: 'http_chat_roundtrips',
      value: Math.round(value),
      unit: 'roundtrips/s',
      baseline: 'node_http_echo',
      baseline_value: Math.round(baseline),
      ratio: +(value / baseline).toFixed(3),
    });
  } finally {
    await h.close();
  }
}
