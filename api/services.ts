// Everything the API needs, wired once: database, runtime, stores, channels.
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { FileStore } from '../runtime/files.js';
import { openDatabase, type Db } from '../runtime/db/connect.js';
import { Bus } from '../runtime/bus.js';
import { ChannelAccounts } from '../runtime/channels/accounts.js';
import type { ChannelControl } from '../runtime/channels/control.js';
import { boundFlowVersions } from '../runtime/channels/bound-flow.js';
import { ChannelManager } from '../runtime/channels/manager.js';
import { channelDefinitions, type ChannelInjections } from '../runtime/channels/registry.js';
import { testChatChannel } from '../runtime/channels/test-chat.js';
import { FlowStore } from '../runtime/flows.js';
import { Runtime } from '../runtime/runtime.js';
import { TestChat } from '../runtime/test-chat.js';
import { loadTemplates, type Template } from '../templates/catalog.js';
import { Auth, parseCookies, SESSION_COOKIE } from './auth.js';
import { Departments } from '../runtime/inbox/departments.js';
import { Inbox } from '../runtime/inbox/index.js';
import type { PresenceTimings } from '../runtime/inbox/presence.js';
import { StreamRegistry } from './streams.js';
import { Users } from './users.js';
import { WebchatHub } from '../runtime/channels/webchat/hub.js';
import { WebchatService } from './webchat/service.js';
import { MessageTemplates } from '../runtime/channels/cloud-api/templates.js';
import { Contacts } from '../runtime/contacts/index.js';
import { RetentionJob } from '../runtime/retention/job.js';
import { loadSecretBox } from '../runtime/secrets/key-source.js';
import type { SecretBox } from '../runtime/secrets/secret-box.js';

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
  /** The Contacts tab: directory, custom fields, saved filters. */
  contacts: Contacts;
  /** Settings → Dados: transcripts and files older than the chosen period deleted, hourly. */
  retention: RetentionJob;
  /** What the API may ask of the running channel accounts (Settings, the Inbox's "delete for everyone"). */
  users: Users;
  /** Channel accounts as stored (Settings → Canais). */
  channels: ChannelAccounts;
  /** Cloud API accounts' message templates (Settings → Modelos de mensagem, the Inbox outside the 24-hour window). */
  messageTemplates: MessageTemplates;
  /** What the API may ask of the running accounts (Settings, the Inbox's "delete for everyone"): the channel manager. */
  channelControl: ChannelControl;
  /** Open live streams, closed when their session ends. */
  streams: StreamRegistry;
  /** The web chat's public side: visitors of every web chat account (api/http/webchat.ts). */
  webchat: WebchatService;
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
  /** Replaces the channel manager (API tests script one). A function is given the wired services. */
  channelControl?: ChannelControl | ((deps: ChannelControlDeps) => ChannelControl | Promise<ChannelControl>);
  /** Where channel kinds reach their providers: the e2e entry point and tests inject a fake WhatsApp here. */
  channelKinds?: ChannelInjections;
  /** When a user whose pages all closed becomes away, then offline (20 s, 60 s); the e2e entry point shortens them. */
  presenceTimings?: PresenceTimings;
  /** Seals channel credentials at rest; by default from OZIA_SECRET_KEY or `<dataDir>/secret.key`. */
  secrets?: SecretBox;
  /** The retention job's pace (tests shorten the batch; the e2e entry point runs it on demand). */
  retention?: { everyMs?: number; firstAfterMs?: number; batchSize?: number };
}

export interface ChannelControlDeps {
  db: Db;
  bus: Bus;
  runtime: Runtime;
  channels: ChannelAccounts;
  clock: () => Date;
  files: FileStore;
  secrets: SecretBox;
}

export async function createServices(opts: ServicesOptions): Promise<AppServices> {
  // First: a malformed OZIA_SECRET_KEY stops the start before anything is opened.
  const secrets = opts.secrets ?? loadSecretBox({ envKey: process.env.OZIA_SECRET_KEY, dataDir: opts.dataDir });
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
    flowForChannel: boundFlowVersions(db),
    logger: (e) => {
      if (e.level === 'error') console.error(`[ozia] flow error for contact ${e.contactId}: ${e.message}`);
    },
  });
  const files = new FileStore(db, path.join(opts.dataDir, 'files'), opts.clock);
  inbox = new Inbox({ runtime, departments, files, bus, clock: opts.clock, sweepIntervalMs: opts.sweepIntervalMs, presenceTimings: opts.presenceTimings });
  const auth = new Auth(db, opts.clock, { sessionIdleMs: opts.sessionIdleMs });
  const users = new Users(db, auth, inbox, bus, opts.clock);
  const streams = new StreamRegistry(auth, { recheckMs: opts.streamRecheckMs });
  // Every session end (logout, deactivation, a reset or changed password, expiry) closes the
  // streams that session held at once, instead of at the next periodic re-check.
  auth.onSessionsEnded((ended) => {
    for (const userId of new Set(ended.map((e) => e.userId))) void streams.recheckUser(userId);
  });
  runtime.registerChannel(testChatChannel(bus));
  const channels = new ChannelAccounts(db, opts.clock, secrets);
  const webchatHub = opts.channelKinds?.webchat?.hub ?? new WebchatHub();
  const kinds: ChannelInjections = { ...opts.channelKinds, webchat: { hub: webchatHub } };
  const channelControl = await makeChannelControl(opts.channelControl, { db, bus, runtime, channels, clock: opts.clock ?? (() => new Date()), files, secrets }, kinds);
  const webchat = new WebchatService({ db, bus, files, runtime, flows, channelControl }, webchatHub, opts.clock);
  await runtime.start();
  await channelControl.start?.();
  await inbox.start();
  const servedAgain = inbox;
  const contacts = new Contacts(
    db,
    inbox.channels,
    { runtime, files, onErased: (departmentIds) => void servedAgain.assigner.runAll(departmentIds).catch((e) => console.error('[ozia] assignment failed:', e)) },
    opts.clock,
    { versionDocument: (id) => flows.versionDocument(id), bus },
  );
  await contacts.start();
  const retention = new RetentionJob({ runtime, files, clock: opts.clock, ...opts.retention });
  retention.start();
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
  return {
    db,
    bus,
    flows,
    runtime,
    testChat: new TestChat(runtime, files),
    auth,
    templates: loadTemplates(),
    files,
    inbox: theInbox,
    contacts,
    retention,
    users,
    channels,
    messageTemplates: new MessageTemplates(db, channels, secrets, opts.clock ?? (() => new Date()), { graphBaseUrl: opts.channelKinds?.cloudApi?.graphBaseUrl, fetch: opts.channelKinds?.cloudApi?.fetch }),
    channelControl,
    streams,
    webchat,
    secureCookies: opts.secureCookies ?? false,
    trustedProxies: opts.trustedProxies ?? 0,
    cookies: (req) => parseCookies(req.headers.cookie)[SESSION_COOKIE],
    async close() {
      clearInterval(offlineSweep);
      streams.stop();
      await retention.stop();
      await theInbox.stop();
      await contacts.stop();
      await channelControl.stop?.();
      await runtime.stop();
      await db.close();
    },
  };
}

/** A control the services start and stop with themselves (the manager; a scripted one has nothing to run). */
type RunningControl = ChannelControl & { start?(): Promise<void>; stop?(): Promise<void> };

async function makeChannelControl(given: ServicesOptions['channelControl'], deps: ChannelControlDeps, injections?: ChannelInjections): Promise<RunningControl> {
  if (typeof given === 'function') return given(deps);
  if (given) return given;
  return new ChannelManager({
    db: deps.db,
    runtime: deps.runtime,
    bus: deps.bus,
    files: deps.files,
    accounts: deps.channels,
    definitions: channelDefinitions(injections),
    clock: deps.clock,
    secrets: deps.secrets,
    // One JSON line per entry; bodies and credentials are already redacted by the channel's logger.
    log: (e) => {
      if (e.level !== 'debug') console[e.level](JSON.stringify({ at: deps.clock().toISOString(), ...e }));
    },
  });
}
