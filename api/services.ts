// Everything the API needs, wired once: database, runtime, stores, channels.
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { FileStore } from '../runtime/files.js';
import { openDatabase, type Db } from '../runtime/db/connect.js';
import { Bus } from '../runtime/bus.js';
import { TEST_CHANNEL, testChatCapabilities, testChatChannel } from '../runtime/channels/test-chat.js';
import type { ChannelControl } from '../runtime/channels/control.js';
import { OziaError } from '../runtime/errors.js';
import { FlowStore } from '../runtime/flows.js';
import { Runtime } from '../runtime/runtime.js';
import { TestChat } from '../runtime/test-chat.js';
import { loadTemplates, type Template } from '../templates/catalog.js';
import { Auth, parseCookies, SESSION_COOKIE } from './auth.js';
import { Departments } from '../runtime/inbox/departments.js';
import { Inbox } from '../runtime/inbox/index.js';
import { StreamRegistry } from './streams.js';
import { Users } from './users.js';

export interface AppServices {
  db: Db;
  bus: Bus;
  flows: FlowStore;
  runtime: Runtime;
  testChat: TestChat;
  auth: Auth;
  templates: Template[];
  files: FileStore;
  inbox: Inbox;
  /** What the API may ask of the running channel accounts (Settings, the Inbox's "delete for everyone"). */
  channelControl: ChannelControl;
  users: Users;
  /** Open live streams, closed when their session ends. */
  streams: StreamRegistry;
  secureCookies: boolean;
  /** Reverse proxies whose X-Forwarded-* headers are believed (OZIA_TRUST_PROXY). */
  trustedProxies: number;
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
  trustedProxies?: number;
  /** Sessions unused for this long end (OZIA_SESSION_IDLE_HOURS). */
  sessionIdleMs?: number;
  pollIntervalMs?: number;
  /** How often the inbox looks for inactive conversations and expired agents. */
  sweepIntervalMs?: number;
  /** How often every live stream re-checks its session (30 s). */
  streamRecheckMs?: number;
  /** The running channel accounts' control; tests inject a recording one. */
  channelControl?: ChannelControl | ((deps: { db: Db; bus: Bus; runtime: Runtime; clock?: () => Date; files: FileStore }) => ChannelControl);
}

/** Until a channel manager runs here: the test chat only, which has nothing to control. */
function testChatOnlyControl(): ChannelControl {
  const none = () => Promise.reject(new OziaError('BAD_REQUEST', 'no channel accounts run in this process'));
  return {
    status: (id) => (id === TEST_CHANNEL ? { state: 'open', since: new Date(0).toISOString() } : null),
    connect: none,
    disconnect: none,
    clearSession: none,
    reload: none,
    remove: none,
    reconnectsToday: () => 0,
    capabilities: (id) => (id === TEST_CHANNEL ? testChatCapabilities : null),
    revoke: none,
  };
}

export async function createServices(opts: ServicesOptions): Promise<AppServices> {
  const db = await openDatabase({ databaseUrl: opts.databaseUrl, sqliteFile: opts.sqliteFile });
  const bus = new Bus();
  const flows = new FlowStore(db, opts.clock);
  const departments = new Departments(db, opts.clock);
  let inbox: Inbox | null = null;
  const runtime = new Runtime({
    db,
    flows,
    bus,
    clock: opts.clock,
    pollIntervalMs: opts.pollIntervalMs,
    services: { handoff: departments },
    onHandoff: (h) => inbox?.onHandoff(h),
    logger: (e) => {
      if (e.level === 'error') console.error(`[ozia] flow error for contact ${e.contactId}: ${e.message}`);
    },
  });
  const files = new FileStore(db, path.join(opts.dataDir, 'files'), opts.clock);
  inbox = new Inbox({ runtime, departments, files, bus, clock: opts.clock, sweepIntervalMs: opts.sweepIntervalMs });
  const auth = new Auth(db, opts.clock, { sessionIdleMs: opts.sessionIdleMs });
  const users = new Users(db, auth, inbox, bus, opts.clock);
  const streams = new StreamRegistry(auth, { recheckMs: opts.streamRecheckMs });
  // Every session end (logout, deactivation, a reset or changed password, expiry) closes the
  // streams that session held at once, instead of at the next periodic re-check.
  auth.onSessionsEnded((ended) => {
    for (const userId of new Set(ended.map((e) => e.userId))) void streams.recheckUser(userId);
  });
  runtime.registerChannel(testChatChannel(bus));
  await runtime.start();
  await inbox.start();
  inbox.presence.start((id, status) => users.setStatus(id, status));
  // Expired and idle sessions end (and their users go offline), old login attempts are forgotten.
  const offlineSweep = setInterval(
    () =>
      void auth
        .purge()
        .then(() => users.sweepOffline())
        .catch((e) => console.error('[ozia] session sweep failed:', e)),
    opts.sweepIntervalMs ?? 60_000,
  );
  offlineSweep.unref?.();
  const theInbox = inbox;
  const channelControl =
    typeof opts.channelControl === 'function' ? opts.channelControl({ db, bus, runtime, clock: opts.clock, files }) : (opts.channelControl ?? testChatOnlyControl());
  return {
    db,
    bus,
    flows,
    runtime,
    testChat: new TestChat(runtime),
    auth,
    templates: loadTemplates(),
    files,
    inbox: theInbox,
    channelControl,
    users,
    streams,
    secureCookies: opts.secureCookies ?? false,
    trustedProxies: opts.trustedProxies ?? 0,
    cookies: (req) => parseCookies(req.headers.cookie)[SESSION_COOKIE],
    async close() {
      clearInterval(offlineSweep);
      streams.stop();
      await theInbox.stop();
      await runtime.stop();
      await db.close();
    },
  };
}
