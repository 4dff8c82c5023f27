// The whole WhatsApp stack in one process, over a fake WhatsApp: database, flows, runtime
// (ingest, turns, outbox), accounts, files and the channel manager running WhatsAppChannel
// over a FakeSocketFactory. Integration tests drive the fake's server side and read what came
// back out through its `sent`, and what the database kept.
//
//   const s = await openStack({ db });                       // db: a TestDatabase (shared to "restart")
//   const id = await s.addAccount({ flow: echoFlow });       // a published flow bound to a new account
//   await s.connectAndScan(id);                              // QR shown, scanned, open
//   s.sock.receiveText(ana, 'oi', { at: s.clock() });
//   await s.until(() => s.textsTo(ana).length === 2);
//   await s.close();                                         // like a clean process stop
import fs from 'node:fs';
import { Bus, type ChannelNotice, type DeliveryStatus } from '../../../bus.js';
import type { Db } from '../../../db/connect.js';
import { FileStore } from '../../../files.js';
import { FlowStore } from '../../../flows.js';
import { Runtime } from '../../../runtime.js';
import { tempDir, type TestDatabase } from '../../../testing/databases.js';
import type { FlowDocument } from '../../../../blocks/flow.js';
import { ChannelAccounts, type AccountInput } from '../../accounts.js';
import { boundFlowVersions } from '../../bound-flow.js';
import type { ChannelState } from '../../contract.js';
import { ChannelManager, type ChannelLog } from '../../manager.js';
import { channelDefinitions } from '../../registry.js';
import type { Timers } from '../connection.js';
import { FakeSocketFactory } from './fake-factory.js';
import type { FakeInboundFrom, FakeWhatsApp, SentMessage } from './fake-whatsapp.js';

/** A clock tests move by hand; starts at a fixed instant. */
export class TestClock {
  constructor(public now = Date.UTC(2026, 11, 4, 12, 0, 0)) {}
  readonly clock = (): Date => new Date(this.now);
  advance(ms: number) {
    this.now += ms;
  }
}

export interface StackOptions {
  db: TestDatabase;
  /** Shared by stacks that stand for processes talking to the same WhatsApp (a restart, a cluster). */
  fakes?: FakeSocketFactory;
  /** The WhatsApp channel's reconnect, QR and watchdog timers (ManualTimers); real by default. */
  timers?: Timers;
  /** Everything's clock (runtime, manager, channel, leases). Default: a TestClock, frozen until moved. */
  clock?: () => Date;
  /** Lease length on PostgreSQL (short in cluster tests, with a real clock). */
  leaseMs?: number;
  holder?: string;
  /** Start the manager at once (reconnecting what was open): default true. */
  start?: boolean;
}

export interface Stack {
  db: Db;
  bus: Bus;
  flows: FlowStore;
  runtime: Runtime;
  files: FileStore;
  accounts: ChannelAccounts;
  manager: ChannelManager;
  fakes: FakeSocketFactory;
  clock: () => Date;
  /** The TestClock when the stack made its own clock. */
  testClock: TestClock | null;
  /** Every channel status announced on the bus, in order. */
  statuses: ChannelNotice[];
  /** Every delivery status announced on the bus, in order. */
  deliveries: DeliveryStatus[];
  /** Channel log lines at warn and error. */
  logs: Parameters<ChannelLog>[0][];
  /** The latest fake socket. */
  readonly sock: FakeWhatsApp;
  addAccount(o?: { flow?: FlowDocument; name?: string; delivery?: AccountInput['delivery']; settings?: Record<string, unknown> }): Promise<string>;
  connectAndScan(channelId: string): Promise<void>;
  /** Resolves once `done()` holds (polling; real time, bounded). */
  until(done: () => boolean | Promise<boolean>, what?: string): Promise<void>;
  waitForState(channelId: string, state: ChannelState): Promise<void>;
  /**
   * Resolves once the inbound message with this WhatsApp id is stored and processed (answered or
   * kept silent), and — unless `idle: false` (a lane is stuck on purpose) — its answers sent.
   */
  processed(externalId: string, o?: { idle?: boolean }): Promise<void>;
  /** Texts the fake sent to `who` (poll questions included as "poll: …"), in order. */
  textsTo(who: FakeInboundFrom): string[];
  sentTo(who: FakeInboundFrom): SentMessage[];
  close(): Promise<void>;
  /** The process dies: its database connection goes, nothing is stopped or released. close() then only tidies up. */
  kill(): Promise<void>;
}

/** Pacing that does not get in a test's way: no typing pauses, no rate limit. */
export const QUICK_DELIVERY = { typingMsPerChar: 0, perMinute: 0 } as const;

function userOf(jid: string): string {
  return jid.split('@')[0].split(':')[0];
}

export function sentText(s: SentMessage): string {
  const c = s.content as { text?: string; poll?: { name: string }; caption?: string };
  if (typeof c.text === 'string') return c.text;
  if (c.poll) return `poll: ${c.poll.name}`;
  return c.caption ?? '';
}

export async function openStack(opts: StackOptions): Promise<Stack> {
  const db = await opts.db.open();
  const testClock = opts.clock ? null : new TestClock();
  const clock = opts.clock ?? testClock!.clock;
  const bus = new Bus();
  const flows = new FlowStore(db, clock);
  const runtime = new Runtime({ db, flows, bus, clock, pollIntervalMs: 20, flowForChannel: boundFlowVersions(db) });
  const filesDir = tempDir('ozia-wa-files-');
  const files = new FileStore(db, filesDir, clock);
  const accounts = new ChannelAccounts(db, clock);
  const fakes = opts.fakes ?? new FakeSocketFactory();
  const logs: Parameters<ChannelLog>[0][] = [];
  const manager = new ChannelManager({
    db,
    runtime,
    bus,
    files,
    accounts,
    definitions: channelDefinitions({ whatsapp: { factory: fakes.create, timers: opts.timers } }),
    clock,
    holder: opts.holder,
    leaseMs: opts.leaseMs,
    log: (e) => {
      if (e.level === 'warn' || e.level === 'error') logs.push(e);
    },
  });
  const statuses: ChannelNotice[] = [];
  const deliveries: DeliveryStatus[] = [];
  bus.on('channel', (n) => statuses.push(n));
  bus.on('status', (d) => deliveries.push(d));
  await runtime.start();
  if (opts.start ?? true) await manager.start();

  const until = async (done: () => boolean | Promise<boolean>, what = 'condition') => {
    const deadline = Date.now() + 8_000;
    while (Date.now() < deadline) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 5));
    }
    throw new Error(`timed out waiting for: ${what}`);
  };
  const sentTo = (who: FakeInboundFrom) => {
    const users = new Set([who.lid, who.pn].filter(Boolean));
    return fakes.sockets.flatMap((s) => s.sent).filter((m) => users.has(userOf(m.jid)));
  };
  let closed = false;
  let killed = false;

  const stack: Stack = {
    db,
    bus,
    flows,
    runtime,
    files,
    accounts,
    manager,
    fakes,
    clock,
    testClock,
    statuses,
    deliveries,
    logs,
    get sock() {
      return fakes.latest;
    },
    async addAccount(o = {}) {
      let flowId: string | null = null;
      if (o.flow) {
        const f = await flows.create({ name: `flow ${Math.random().toString(36).slice(2, 8)}`, document: o.flow });
        await flows.publish({ id: f.id });
        flowId = f.id;
      }
      const a = await accounts.create({ kind: 'whatsapp', name: o.name ?? 'Loja', flowId, delivery: { ...QUICK_DELIVERY, ...o.delivery }, settings: o.settings ?? {} });
      await manager.reload(a.id);
      return a.id;
    },
    async connectAndScan(channelId) {
      const before = fakes.sockets.length;
      await manager.connect(channelId);
      await until(() => fakes.sockets.length > before && fakes.latest.qrShown > 0, 'a QR');
      await fakes.latest.scan();
      await stack.waitForState(channelId, 'open');
    },
    until,
    async waitForState(channelId, state) {
      await until(() => manager.status(channelId)?.state === state, `state ${state}`);
    },
    async processed(externalId, o = {}) {
      await until(async () => {
        const row = await db.kysely.selectFrom('inbound').select('status').where('external_id', '=', externalId).executeTakeFirst();
        return row?.status === 'done';
      }, `inbound ${externalId} processed`);
      if (o.idle ?? true) await runtime.idle();
    },
    textsTo: (who) => sentTo(who).map(sentText),
    sentTo,
    async close() {
      if (closed) return;
      closed = true;
      try {
        if (killed) {
          await manager.stop().catch(() => {});
          await runtime.stop().catch(() => {});
          return;
        }
        await manager.stop();
        await runtime.stop();
        await db.close();
      } finally {
        fs.rmSync(filesDir, { recursive: true, force: true });
      }
    },
    async kill() {
      killed = true;
      await db.close();
    },
  };
  return stack;
}
