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

/** A bare node:http echo server, the baseline. */
async function echoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/trpc/testChat.send`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function benchHttpChat(): Promise<void> {
  const h = await startHarness();
  try {
    const c = h.client();
    await c.login(ADMIN.email, ADMIN.password);
    const f = await c.trpc.flows.create.mutate({ name: 'Bench' });
    await c.trpc.flows.saveDraft.mutate({ id: f.id, document: echoFlow, baseRevision: f.draftRevision });
    const s = await c.trpc.testChat.start.mutate({ flowId: f.id });
    const body = JSON.stringify({ sessionId: s.sessionId, text: 'msg #i' });
    // Rounds alternate between the two servers so that a noisy machine slows both alike.
    const echo = await echoServer();
    const rounds = 3;
    const n = Math.ceil(ROUNDTRIPS / rounds);
    const echoRates: number[] = [];
    const chatRates: number[] = [];
    try {
      for (let r = 0; r < rounds; r++) {
        echoRates.push(await roundtrips({ url: echo.url, body, headers: { 'content-type': 'application/json' }, n, warmup: r ? 50 : 200 }));
        chatRates.push(
          await roundtrips({
            url: `${h.url}/trpc/testChat.send`,
            body,
            headers: { 'content-type': 'application/json', cookie: c.cookie()! },
            n,
            warmup: r ? 50 : 200,
            check: 'eco: msg',
          }),
        );
      }
    } finally {
      await echo.close();
    }
    const baseline = median(echoRates);
    const value = median(chatRates);
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
