// Everything the API needs, wired once: database, runtime, stores, channels.
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { FileStore } from '../runtime/files.js';
import { openDatabase, type Db } from '../runtime/db/connect.js';
import { Bus } from '../runtime/bus.js';
import { testChatChannel } from '../runtime/channels/test-chat.js';
import { FlowStore } from '../runtime/flows.js';
import { Runtime } from '../runtime/runtime.js';
import { TestChat } from '../runtime/test-chat.js';
import { loadTemplates, type Template } from '../templates/catalog.js';
import { Auth, parseCookies, SESSION_COOKIE } from './auth.js';

export interface AppServices {
  db: Db;
  bus: Bus;
  flows: FlowStore;
  runtime: Runtime;
  testChat: TestChat;
  auth: Auth;
  templates: Template[];
  files: FileStore;
  secureCookies: boolean;
  cookies(req: IncomingMessage): string | undefined;
  close(): Promise<void>;
}

export interface ServicesOptions {
  /** Uploaded files live in `<dataDir>/files`. */
  dataDir: string;
  databaseUrl?: string;
  sqliteFile?: string;
  clock?: () => Date;
  secureCookies?: boolean;
  pollIntervalMs?: number;
}

export async function createServices(opts: ServicesOptions): Promise<AppServices> {
  const db = await openDatabase({ databaseUrl: opts.databaseUrl, sqliteFile: opts.sqliteFile });
  const bus = new Bus();
  const flows = new FlowStore(db, opts.clock);
  const runtime = new Runtime({
    db,
    flows,
    bus,
    clock: opts.clock,
    pollIntervalMs: opts.pollIntervalMs,
    logger: (e) => {
      if (e.level === 'error') console.error(`[ozia] flow error for contact ${e.contactId}: ${e.message}`);
    },
  });
  runtime.registerChannel(testChatChannel(bus));
  await runtime.start();
  return {
    db,
    bus,
    flows,
    runtime,
    testChat: new TestChat(runtime),
    auth: new Auth(db, opts.clock),
    templates: loadTemplates(),
    files: new FileStore(db, path.join(opts.dataDir, 'files'), opts.clock),
    secureCookies: opts.secureCookies ?? false,
    cookies: (req) => parseCookies(req.headers.cookie)[SESSION_COOKIE],
    async close() {
      await runtime.stop();
      await db.close();
    },
  };
}
