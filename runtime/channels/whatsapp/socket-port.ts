// The part of a Baileys socket Ozia uses, and the factory that makes one. The connection, the
// inbound and the outbound wiring only see `WASocketPort`, so tests inject a fake socket
// (testing/fake-whatsapp.ts) through `SocketFactory` and the product injects the real one.
import NodeCache from '@cacheable/node-cache';
import {
  Browsers,
  fetchLatestWaWebVersion,
  makeCacheableSignalKeyStore,
  makeWASocket,
  type AnyMessageContent,
  type AuthenticationState,
  type BaileysEventEmitter,
  type CacheStore,
  type Contact,
  type MiscMessageGenerationOptions,
  type proto,
  type WAMessage,
  type WAMessageKey,
  type WAPresence,
  type WASocket,
  type WAVersion,
} from 'baileys';
import type { ILogger } from 'baileys/lib/Utils/logger.js';
import type { WhatsAppSettings } from './settings.js';

/** The socket, as Ozia uses it. The real `WASocket` satisfies it (checked below). */
export interface WASocketPort {
  readonly ev: BaileysEventEmitter;
  /** The transport; its 'frame' event (every frame decoded) feeds the silent-socket watchdog. */
  readonly ws?: {
    on(event: 'frame', listener: (frame: unknown) => void): unknown;
    off(event: 'frame', listener: (frame: unknown) => void): unknown;
  };
  /** Who this socket is logged in as (`creds.me`), once known. */
  readonly user: Contact | undefined;
  /** Closes the socket; Baileys then emits `connection.update` close with `error`. */
  end(error: Error | undefined): void | Promise<void>;
  /** Unlinks this device from the phone, then ends with 401. */
  logout(msg?: string): Promise<void>;
  sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage | undefined>;
  sendPresenceUpdate(type: WAPresence, toJid?: string): Promise<void>;
  presenceSubscribe?(toJid: string): Promise<void>;
  readMessages?(keys: WAMessageKey[]): Promise<void>;
  /** Digits with country code; returns the 8-character code the user types on the phone. */
  requestPairingCode(phoneNumber: string, customPairingCode?: string): Promise<string>;
  /** Asks the phone to re-upload media whose URL expired (downloadMediaMessage's reuploadRequest). */
  updateMediaMessage?(message: WAMessage): Promise<WAMessage>;
  readonly signalRepository?: {
    readonly lidMapping: {
      getPNForLID(lid: string): Promise<string | null>;
      getLIDForPN(pn: string): Promise<string | null>;
    };
  };
}

// Compile-time proof that the real socket fits the port: if Baileys changes a signature, this fails.
type RealSocketFits = WASocket extends WASocketPort ? true : never;
const realSocketFits: RealSocketFits = true;
void realSocketFits;

/** What the connection hands the factory for each socket it creates. */
export interface SocketOptions {
  /** The account's auth state; the same object across sockets, so creds updates are seen by the next one. */
  auth: AuthenticationState;
  logger: ILogger;
  settings: WhatsAppSettings;
  /** Reads the account's current settings (they may change while a socket lives). */
  shouldIgnoreJid(jid: string): boolean;
  /** Answers WhatsApp's retry requests from stored outgoing messages (else contacts see "waiting for this message"). */
  getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined>;
  /** How long each QR lives. */
  qrTimeoutMs: number;
  /** Lives as long as the connection (one account): the factory may keep caches here across sockets. Cleared on logout. */
  scope: Map<string, unknown>;
}

export type SocketFactory = (options: SocketOptions) => WASocketPort | Promise<WASocketPort>;

/** Baileys rc14's own default, used when the current WhatsApp Web version cannot be fetched. */
export const PINNED_WA_VERSION: WAVersion = [2, 3000, 1043857760];

export interface VersionCacheOptions {
  fetchVersion?: (signal: AbortSignal) => Promise<{ version: WAVersion; isLatest: boolean }>;
  /** Longest a start waits for the fetch. */
  timeoutMs?: number;
  /** How long a fetched version is reused, and how long a failure is before trying again. */
  ttlMs?: number;
  failureTtlMs?: number;
  now?: () => number;
  timers?: { setTimeout(fn: () => void, ms: number): unknown; clearTimeout(h: unknown): void };
}

/**
 * A memoised "latest WhatsApp Web version": fetched at most once per TTL, never waiting more
 * than `timeoutMs`, and falling back to `PINNED_WA_VERSION` offline. Concurrent callers share one fetch.
 */
export function createVersionCache(options: VersionCacheOptions = {}): () => Promise<WAVersion> {
  const fetchVersion = options.fetchVersion ?? ((signal) => fetchLatestWaWebVersion({ signal }));
  const timeoutMs = options.timeoutMs ?? 3000;
  const ttlMs = options.ttlMs ?? 6 * 3_600_000;
  const failureTtlMs = options.failureTtlMs ?? 10 * 60_000;
  const now = options.now ?? Date.now;
  const timers = options.timers ?? { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
  let cached: { version: WAVersion; until: number } | null = null;
  let inFlight: Promise<WAVersion> | null = null;

  const resolveOnce = async (): Promise<WAVersion> => {
    const abort = new AbortController();
    let timer: unknown;
    const timedOut = new Promise<null>((resolve) => {
      timer = timers.setTimeout(() => {
        abort.abort();
        resolve(null);
      }, timeoutMs);
    });
    try {
      const got = await Promise.race([fetchVersion(abort.signal).catch(() => null), timedOut]);
      const ok = got?.isLatest === true && Array.isArray(got.version) && got.version.length === 3;
      const version = ok ? (got.version.slice() as WAVersion) : PINNED_WA_VERSION;
      cached = { version, until: now() + (ok ? ttlMs : failureTtlMs) };
      return version;
    } finally {
      timers.clearTimeout(timer);
    }
  };

  return () => {
    if (cached && cached.until > now()) return Promise.resolve(cached.version);
    inFlight ??= resolveOnce().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}

/** The process-wide version cache the product uses. */
export const cachedLatestVersion = createVersionCache();

export interface BaileysFactoryOptions {
  /** Where the version comes from when the account does not override it; `false` uses the pinned one (offline tests). */
  latestVersion?: false | (() => Promise<WAVersion>);
  /** Tests point this at a local ws server. */
  waWebSocketUrl?: string;
  connectTimeoutMs?: number;
}

// Values are Baileys' own (retry counts, device lists): the cache holds them untyped
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const newCache = (stdTTL: number): CacheStore => new NodeCache<any>({ stdTTL, useClones: false });

function scoped<T>(scope: Map<string, unknown>, key: string, make: () => T): T {
  if (!scope.has(key)) scope.set(key, make());
  return scope.get(key) as T;
}

/** The real socket factory: makeWASocket with the options a customer-service number needs. */
export function baileysSocketFactory(options: BaileysFactoryOptions = {}): SocketFactory {
  const latest = options.latestVersion === false ? async () => PINNED_WA_VERSION : (options.latestVersion ?? cachedLatestVersion);
  return async (o) => {
    const version = o.settings.versionOverride ?? (await latest());
    // Retry counters and device lists outlive one socket: a retry request after a reconnect must still be counted
    const msgRetryCounterCache = scoped<CacheStore>(o.scope, 'msgRetryCounterCache', () => newCache(3600));
    const userDevicesCache = scoped<CacheStore>(o.scope, 'userDevicesCache', () => newCache(300));
    const sock = makeWASocket({
      auth: { creds: o.auth.creds, keys: makeCacheableSignalKeyStore(o.auth.keys, o.logger) },
      logger: o.logger,
      version,
      browser: Browsers.ubuntu('Ozia'),
      ...(options.waWebSocketUrl ? { waWebSocketUrl: options.waWebSocketUrl } : {}),
      ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      qrTimeout: o.qrTimeoutMs,
      // A bot number must not look online: the phone keeps its notifications, and WhatsApp treats it like a person's device
      markOnlineOnConnect: false,
      // Own sends would echo back as 'append' upserts
      emitOwnEvents: false,
      syncFullHistory: false,
      shouldSyncHistoryMessage: () => false,
      msgRetryCounterCache,
      userDevicesCache,
      getMessage: o.getMessage,
      shouldIgnoreJid: (jid) => o.shouldIgnoreJid(jid),
    });
    return sock;
  };
}
