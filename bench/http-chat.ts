// http_chat_roundtrips: test-chat sends over real HTTP (tRPC, cookie auth, the whole runtime
// path: dedupe, queue, engine, commit, outbox), one after another, against a bare node:http
// echo server measured in the same run. The client runs in its own thread in both cases.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { echoFlow } from '../runtime/testing/flows.js';
import { ADMIN, startHarness } from '../api/testing/harness.js';
import { roundtrips } from './http-client.js';
import { emit } from './report.js';

const ROUNDTRIPS = Number(process.env.BENCH_ROUNDTRIPS ?? 3000);

async function echoBaseline(body: string): Promise<number> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc/testChat.send`;
    return await roundtrips({ url, body, headers: { 'content-type': 'application/json' }, n: ROUNDTRIPS });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

export async function benchHttpChat(): Promise<void> {
  const h = await startHarness();
  try {
    const c = h.client();
    await c.login(ADMIN.email, ADMIN.password);
    const f = await c.trpc.flows.create.mutate({ name: 'Bench' });
    await c.trpc.flows.saveDraft.mutate({ id: f.id, document: echoFlow, baseRevision: f.draftRevision });
    const s = await c.trpc.testChat.start.mutate({ flowId: f.id });
    const body = JSON.stringify({ sessionId: s.sessionId, text: 'msg #i' });
    const baseline = await echoBaseline(body);
    const value = await roundtrips({
      url: `${h.url}/trpc/testChat.send`,
      body,
      headers: { 'content-type': 'application/json', cookie: c.cookie()! },
      n: ROUNDTRIPS,
      check: 'eco: msg',
    });
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
