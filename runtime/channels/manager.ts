// Runs this process's channel accounts: builds each account's host (what Ozia lends a channel),
// starts and stops its channel, registers it with the outbox, keeps Settings told of its state,
// and — for exclusive kinds on a shared database — holds the account's lease so that exactly one
// process keeps its socket, and another takes over when that one dies.
import type { Bus } from '../bus.js';
import type { Db } from '../db/connect.js';
import { OziaError, notFound } from '../errors.js';
import type { FileStore } from '../files.js';
import type { Runtime } from '../runtime.js';
import type {
  ChannelAccount,
  ChannelCapabilities,
  ChannelDefinition,
  ChannelHost,
  ChannelKind,
  ChannelState,
  ChannelStatus,
  FreeTextStartFacts,
  ManagedChannel,
  WebhookAnswer,
  WebhookRequest,
} from './contract.js';
import type { Localized } from '../../blocks/contract.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { ChannelAccountRecord, ChannelAccounts } from './accounts.js';
import { applyTemplateStatus } from './template-status.js';
import { lastInboundOnAccount } from './last-inbound.js';
import type { ChannelControl } from './control.js';
import { LeaseKeeper, Leases, processHolderId } from './leases.js';
import { channelStateStore, clearChannelState } from './state-store.js';
import { TEST_CHANNEL, testChatCapabilities } from './test-chat.js';

/** Where the manager reads and records accounts. */
export type AccountSource = Pick<ChannelAccounts, 'find' | 'list' | 'recordStatus'>;

export type ChannelLog = (entry: { level: 'debug' | 'info' | 'warn' | 'error'; channelId: string; message: string; data?: Record<string, unknown> }) => void;

export interface ChannelManagerOptions {
  db: Db;
  runtime: Runtime;
  bus: Bus;
  files: FileStore;
  accounts: AccountSource;
  /** The kinds this process can run (registry.ts), keyed by kind. */
  definitions: Partial<Record<ChannelKind, ChannelDefinition<any>>>;
  clock?: () => Date;
  log?: ChannelLog;
  /** This process's name in lease rows. */
  holder?: string;
  /** Lease length for exclusive accounts on PostgreSQL. */
  leaseMs?: number;
  /** Opens the settings sealed at rest (tokens, app secrets). */
  secrets?: SecretBox;
}

/** States in which an account was meant to be connected: a restarted process connects it again. */
const WANTED: ReadonlySet<ChannelState> = new Set(['open', 'connecting', 'reconnecting', 'error']);

interface Running {
  account: ChannelAccount;
  definition: ChannelDefinition<any>;
  channel: ManagedChannel;
  status: ChannelStatus;
}

export class ChannelManager implements ChannelControl {
  private readonly running = new Map<string, Running>();
  /**
   * Credentials opened once per sealed value: a webhook checks its signature with the app secret
   * on every delivery, and an AES-GCM open per delivery is work for nothing. A new secret saved in
   * Settings is a new sealed value, so nothing stale is ever read from here.
   */
  private readonly opened = new Map<string, string>();
  /** Accounts this process was asked to keep connected, while it waits for their lease. */
  private readonly pending = new Map<string, { pairingPhone?: string }>();
  private readonly keeper: LeaseKeeper | null;
  /** Each known account's kind, for its capabilities while it is not running here. */
  private readonly kinds = new Map<string, ChannelKind>();
  private readonly clock: () => Date;
  /** Each account's status write under way: they are stored in the order they were announced. */
  private readonly recording = new Map<string, Promise<void>>();
  private stopped = false;

  /** When a contact last wrote on an account: Meta's kinds ask before every send. */
  private readonly lastInbound: (contactId: string, channelId: string) => Promise<string | null>;

  constructor(private readonly opts: ChannelManagerOptions) {
    this.clock = opts.clock ?? (() => new Date());
    this.lastInbound = lastInboundOnAccount(opts.db);
    // SQLite is one process (the instance lock): no lease needed. PostgreSQL may be several.
    this.keeper =
      opts.db.dialect === 'postgres'
        ? new LeaseKeeper(new Leases(opts.db, opts.holder ?? processHolderId(), () => this.clock().getTime()), {
            ms: opts.leaseMs,
            onError: (channelId, e) => this.log('warn', channelId, 'the lease could not be renewed; the account stops here until it is held again', { error: String(e) }),
          })
        : null;
  }

  /** Connects again every account that was connected when the last process stopped. */
  async start(): Promise<void> {
    for (const account of await this.opts.accounts.list()) {
      this.kinds.set(account.id, account.kind);
      // Not announced as 'connecting': on a cluster another process may hold it open, and the
      // status it recorded is the one Settings must show; this one reports once it holds the lease.
      if (this.opts.definitions[account.kind] && WANTED.has(account.status.state)) await this.want(account.id, {}, { announce: false });
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const id of [...this.running.keys(), ...this.pending.keys()]) await this.halt(id, { release: true });
    await this.recorded();
  }

  /** Null for accounts not running in this process: the API shows the status last recorded (by whichever process holds it). */
  status(channelId: string): ChannelStatus | null {
    return this.running.get(channelId)?.status ?? null;
  }

  async connect(channelId: string, how: { pairingPhone?: string } = {}): Promise<void> {
    const live = this.running.get(channelId);
    if (live) {
      await live.channel.start(how);
      return;
    }
    await this.want(channelId, how);
  }

  async disconnect(channelId: string): Promise<void> {
    await this.mustExist(channelId);
    await this.halt(channelId, { release: true });
    await this.record(channelId, { state: 'stopped' });
  }

  async clearSession(channelId: string): Promise<void> {
    await this.mustExist(channelId);
    const live = this.running.get(channelId);
    if (live?.channel.logout) {
      await live.channel.logout().catch((e) => this.log('warn', channelId, 'logout at the provider failed; the session is forgotten anyway', { error: String(e) }));
    }
    await this.halt(channelId, { release: true });
    await clearChannelState(this.opts.db, channelId);
    await this.record(channelId, { state: 'logged_out', detail: 'session cleared' });
  }

  async reload(channelId: string): Promise<void> {
    const row = await this.load(channelId);
    const live = this.running.get(channelId);
    if (row) this.kinds.set(channelId, row.account.kind);
    if (!row) {
      if (live || this.pending.has(channelId)) await this.remove(channelId);
      return;
    }
    if (!live) return;
    live.account = row.account;
    this.opts.runtime.setDelivery(channelId, row.account.delivery);
    live.channel.reconfigure?.(row.account);
  }

  async remove(channelId: string): Promise<void> {
    await this.halt(channelId, { release: true });
    await clearChannelState(this.opts.db, channelId);
  }

  reconnectsToday(channelId: string): number {
    return this.running.get(channelId)?.channel.reconnectsToday?.() ?? 0;
  }

  async webhook(channelId: string, req: WebhookRequest, forwarded = false): Promise<WebhookAnswer> {
    // A running account is current (reload() keeps it so): no read per delivery.
    let live = this.running.get(channelId);
    let account = live?.account;
    let definition = live?.definition;
    if (!live) {
      const row = await this.load(channelId);
      definition = row ? this.opts.definitions[row.account.kind] : undefined;
      if (!row || !definition) return { status: 404, body: 'no such account' };
      account = row.account;
      // A webhook-driven account holds no socket: any process may serve it (placement shared), and
      // one not started here yet (a restart, another process's account) is started by its first call.
      if (definition.placement === 'shared' && !this.stopped) await this.launch(row.account, definition, {});
      live = this.running.get(channelId);
    }
    if (!account || !definition) return { status: 404, body: 'no such account' };
    if (!live?.channel.webhook) return { status: 404, body: 'this account takes no webhooks' };
    const answer = await live.channel.webhook(req);
    if (answer.status !== 200 || forwarded || !answer.unclaimed?.length || !definition.webhookKey) return { status: answer.status, body: answer.body, contentType: answer.contentType };
    // One Meta app, several numbers, one webhook URL: each number's changes go to its own account,
    // which checks the signature with its own app secret. A number no account has is logged.
    const kind = account.kind;
    const others = (await this.opts.accounts.list()).filter((a) => a.id !== channelId && a.kind === kind);
    for (const key of new Set(answer.unclaimed)) {
      const owner = others.find((a) => definition!.webhookKey!(a.settings) === key);
      if (!owner) {
        this.log('warn', channelId, 'a webhook carried changes for a number no account here has; they were not stored', { key });
        continue;
      }
      const theirs = await this.webhook(owner.id, req, true);
      if (theirs.status !== 200) return theirs;
    }
    return { status: answer.status, body: answer.body, contentType: answer.contentType };
  }

  /** What the account's kind can do, running or not (the Inbox offers its actions by it). */
  capabilities(channelId: string): ChannelCapabilities | null {
    if (channelId === TEST_CHANNEL) return testChatCapabilities;
    const live = this.running.get(channelId);
    if (live) return live.channel.capabilities;
    const kind = this.kinds.get(channelId);
    return (kind && this.opts.definitions[kind]?.capabilities) || null;
  }

  freeTextRefusal(channelId: string, facts: FreeTextStartFacts): Localized | null {
    const live = this.running.get(channelId);
    const kind = live?.account.kind ?? this.kinds.get(channelId);
    return (kind && this.opts.definitions[kind]?.freeTextStart?.(facts)?.reason) || null;
  }

  queueLength(channelId: string): number {
    return this.opts.runtime.queueLength(channelId);
  }

  async revoke(messageId: number): Promise<void> {
    const k = this.opts.db.kysely;
    const m = await k
      .selectFrom('messages')
      .select(['id', 'channel', 'contact_id', 'external_id', 'direction', 'deleted_at'])
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (!m) throw notFound('message');
    if (m.direction !== 'out' || !m.external_id) throw new OziaError('BAD_REQUEST', 'message: only a message that was sent can be deleted for everyone');
    if (m.deleted_at) throw new OziaError('CONFLICT', 'message: already deleted');
    const live = this.running.get(m.channel);
    if (!live || !live.channel.revoke) throw new OziaError('BAD_REQUEST', 'message: its channel cannot delete messages now (disconnected, or not supported)');
    if (!live.channel.ready()) throw new OziaError('BAD_REQUEST', 'message: its number is not connected; try again once it is');
    const to = await k
      .selectFrom('contact_identities')
      .select(['kind', 'value'])
      .where('contact_id', '=', m.contact_id)
      .where('channel_id', '=', m.channel)
      .orderBy('last_seen_at', 'desc')
      .executeTakeFirst();
    if (!to) throw new OziaError('BAD_REQUEST', 'message: the contact has no address on this channel');
    await live.channel.revoke(to, m.external_id);
  }

  /** A live (not deleted) account. */
  private async load(channelId: string): Promise<{ account: ChannelAccountRecord } | null> {
    const account = await this.opts.accounts.find(channelId);
    return account && !account.deletedAt ? { account } : null;
  }

  private async mustExist(channelId: string) {
    if (!(await this.load(channelId))) throw notFound('channel');
  }

  /** This process should keep `channelId` connected: now on SQLite, once it holds the lease on PostgreSQL. */
  private async want(channelId: string, how: { pairingPhone?: string }, o: { announce?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    const row = await this.load(channelId);
    if (!row) throw notFound('channel');
    this.kinds.set(channelId, row.account.kind);
    const definition = this.opts.definitions[row.account.kind];
    if (!definition) throw new OziaError('BAD_REQUEST', `channel: this server cannot run ${row.account.kind} accounts`);
    if (!this.keeper || definition.placement === 'shared') {
      await this.launch(row.account, definition, how);
      return;
    }
    if (this.pending.has(channelId)) {
      this.pending.set(channelId, how);
      return;
    }
    this.pending.set(channelId, how);
    if (o.announce ?? true) await this.record(channelId, { state: 'connecting' });
    this.keeper.start(channelId, {
      onAcquired: async () => {
        const wanted = this.pending.get(channelId);
        const fresh = wanted ? await this.load(channelId) : null;
        if (!wanted || !fresh) {
          // Disconnected or deleted while this process waited for the lease.
          this.pending.delete(channelId);
          await this.keeper?.stop(channelId);
          return;
        }
        await this.launch(fresh.account, definition, wanted);
      },
      onLost: async () => {
        // Someone else holds the number now (or the database is unreachable): never two sockets.
        const live = this.running.get(channelId);
        if (!live) return;
        this.running.delete(channelId);
        this.opts.runtime.unregisterChannel(channelId);
        await live.channel.stop().catch(() => {});
        this.log('warn', channelId, 'lease lost: this process stopped the account');
      },
    });
  }

  private async launch(account: ChannelAccount, definition: ChannelDefinition<any>, how: { pairingPhone?: string }) {
    if (this.running.has(account.id)) return;
    const since = this.clock().toISOString();
    const entry: Running = { account, definition, channel: null as unknown as ManagedChannel, status: { state: 'connecting', since } };
    entry.channel = definition.create(this.host(entry));
    this.running.set(account.id, entry);
    this.opts.runtime.registerChannel(entry.channel, account.delivery);
    try {
      await entry.channel.start(how);
    } catch (e) {
      this.log('error', account.id, 'the channel failed to start', { error: String(e) });
      this.update(entry, { state: 'error', detail: e instanceof Error ? e.message : String(e) });
    }
  }

  private async halt(channelId: string, o: { release: boolean }) {
    this.pending.delete(channelId);
    const live = this.running.get(channelId);
    this.running.delete(channelId);
    if (live) {
      this.opts.runtime.unregisterChannel(channelId);
      await live.channel.stop().catch((e) => this.log('warn', channelId, 'stopping the channel failed', { error: String(e) }));
    }
    if (o.release && this.keeper) await this.keeper.stop(channelId);
  }

  private host(entry: Running): ChannelHost {
    const id = entry.account.id;
    const { runtime, files, db } = this.opts;
    return {
      get account() {
        return entry.account;
      },
      receive: (e) => runtime.receiveEvent(id, e),
      lifecycle: (s) => {
        if (this.running.get(id) !== entry) return; // a stopped channel's late report
        this.update(entry, s);
      },
      files: {
        save: async (data, mime, name) => {
          const f = await files.save({ data, mime, name: name ?? 'file' });
          return { id: f.id, url: f.url };
        },
        read: async (fileId) => {
          const f = await files.open(fileId);
          if (!f) return null;
          const chunks: Buffer[] = [];
          for await (const c of f.stream) chunks.push(c as Buffer);
          return { data: Buffer.concat(chunks), mime: f.meta.mime, name: f.meta.name };
        },
      },
      state: channelStateStore(db, id, runtime.writer),
      quotable: async (externalId) => {
        const m = await db.kysely
          .selectFrom('messages')
          .select(['body', 'direction'])
          .where('channel', '=', id)
          .where('external_id', '=', externalId)
          .executeTakeFirst();
        if (!m) return null;
        const body = JSON.parse(m.body) as { text?: string; caption?: string; fileName?: string };
        return { fromMe: m.direction === 'out', text: body.text ?? body.caption ?? body.fileName ?? '' };
      },
      log: (level, message, data) => this.log(level, id, message, data),
      clock: this.clock,
      lastInboundAt: (contactId) => this.lastInbound(contactId, id),
      templateStatus: async (change) => {
        if (!(await applyTemplateStatus(db.kysely, id, change, this.clock().toISOString()))) this.log('info', id, 'template status for a template not synced yet', { name: change.name, status: change.status });
      },
      secrets: {
        open: (sealed) => {
          if (!this.opts.secrets) throw new Error('this server has no secret key to open the account\'s credentials');
          let plain = this.opened.get(sealed);
          if (plain === undefined) {
            plain = this.opts.secrets.open(sealed);
            if (this.opened.size > 1000) this.opened.clear();
            this.opened.set(sealed, plain);
          }
          return plain;
        },
      },
    };
  }

  private update(entry: Running, s: Omit<ChannelStatus, 'since'>) {
    const same = entry.status.state === s.state;
    entry.status = { ...s, since: same ? entry.status.since : this.clock().toISOString() };
    this.publish(entry.account.id, entry.status);
  }

  private async record(channelId: string, s: Omit<ChannelStatus, 'since'>) {
    this.publish(channelId, { ...s, since: this.clock().toISOString() });
  }

  private publish(channelId: string, status: ChannelStatus) {
    this.opts.bus.emit('channel', { channelId, status });
    // The QR text changes every 20 s and means nothing after a restart: only states are kept.
    const { qr: _qr, pairingCode: _code, ...kept } = status;
    // One write after another per account: on a pool, a 'connecting' written late would
    // otherwise overwrite the 'replaced' or 'open' after it (and a restart would act on it).
    const previous = this.recording.get(channelId) ?? Promise.resolve();
    const write = previous
      .then(() => this.opts.accounts.recordStatus(channelId, kept))
      .catch((e) => this.log('error', channelId, 'recording the status failed', { error: String(e) }));
    this.recording.set(channelId, write);
    void write.then(() => {
      if (this.recording.get(channelId) === write) this.recording.delete(channelId);
    });
  }

  /** Resolves once every status announced so far is stored (tests, shutdown). */
  async recorded(): Promise<void> {
    await Promise.all([...this.recording.values()]);
  }

  private log(level: 'debug' | 'info' | 'warn' | 'error', channelId: string, message: string, data?: Record<string, unknown>) {
    this.opts.log?.({ level, channelId, message, data });
  }
}
