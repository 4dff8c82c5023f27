// Starts the real app (services + HTTP server on a free port) on a fresh database, and gives
// typed tRPC clients that keep their own login cookie, like separate browsers would.
import type { AddressInfo } from 'node:net';
import { createTRPCClient, httpLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { EventSource } from 'eventsource';
import type { AppRouter } from '../router.js';
import type { DeliverySettings } from '../../runtime/channels/contract.js';
import { createServer } from '../server.js';
import { createServices, type AppServices, type ServicesOptions } from '../services.js';
import fs from 'node:fs';
import { sqliteDatabase, tempDir, type TestDatabase } from '../../runtime/testing/databases.js';

export interface Harness {
  app: AppServices;
  url: string;
  client(): TestClient;
  close(): Promise<void>;
}

export interface TestClient {
  trpc: ReturnType<typeof createTRPCClient<AppRouter>>;
  cookie(): string | undefined;
  login(email: string, password: string): Promise<void>;
}

export const ADMIN = { email: 'admin@ozia.test', password: 'correct horse battery' };

/** `services`: options for the app under test (a clock to move, trusted proxies, the idle timeout …). */
export async function startHarness(opts: { db?: TestDatabase; distDir?: string; services?: Partial<ServicesOptions>; streamRecheckMs?: number } = {}): Promise<Harness> {
  const tdb = opts.db ?? sqliteDatabase();
  const dataDir = tempDir('ozia-data-');
  // PostgreSQL: opening once creates the test's schema (and migrates it).
  if (tdb.url) await (await tdb.open()).close();
  const app = await createServices({ ...opts.services, dataDir, sqliteFile: tdb.file, databaseUrl: tdb.url, pollIntervalMs: 50, streamRecheckMs: opts.streamRecheckMs });
  await app.auth.createUser({ email: ADMIN.email, name: 'Ana Supervisora', role: 'supervisor', password: ADMIN.password });
  const server = createServer(app, { distDir: opts.distDir });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    client() {
      let cookie: string | undefined;
      const cookieFetch: typeof fetch = async (input, init) => {
        const headers = new Headers(init?.headers);
        if (cookie) headers.set('cookie', cookie);
        const res = await fetch(input, { ...init, headers });
        const set = res.headers.get('set-cookie');
        if (set) cookie = set.split(';')[0];
        return res;
      };
      const trpc = createTRPCClient<AppRouter>({
        links: [
          splitLink({
            condition: (op) => op.type === 'subscription',
            true: httpSubscriptionLink({
              url: `${url}/trpc`,
              EventSource,
              eventSourceOptions: () => ({ fetch: cookieFetch }),
            }),
            // One request per call, as a tester's clicks arrive: no batching delay.
            false: httpLink({ url: `${url}/trpc`, fetch: cookieFetch }),
          }),
        ],
      });
      return {
        trpc,
        cookie: () => cookie,
        async login(email, password) {
          await trpc.auth.login.mutate({ email, password });
        },
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await app.close();
      await tdb.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function errorOf(e: unknown): { code?: string; message: string; issues?: { path: string; message: string }[] | null } {
  if (e instanceof TRPCClientError) {
    const data = e.data as { code?: string; issues?: { path: string; message: string }[] | null } | undefined;
    return { code: data?.code, message: e.message, issues: data?.issues };
  }
  throw e;
}

/** What a call ended with: `OK`, or the refusal's code and message. */
export async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = errorOf(e);
    return { code: err.code ?? 'UNKNOWN', message: err.message };
  }
  return { code: 'OK', message: '' };
}

/** A test account's delivery: nothing paced or split, so a test's sends leave at once. */
export const unpacedDelivery = (botOffDepartmentId: string | null): DeliverySettings => ({
  botOffDepartmentId,
  typingMsPerChar: 0,
  typingMaxMs: 0,
  splitLong: false,
  perMinute: 0,
  pauseAfterPhoneMinutes: 0,
});
