// One WhatsApp number's socket lifecycle: QR / pairing code, open, and what each close code
// means. Peers lose numbers to reconnect loops (440), to sockets that look open but are dead,
// and to two sockets fighting over one session; this class keeps exactly one socket, one
// reconnect timer and one watchdog timer per number, and says in its status why it stopped.
//
// Close codes (Baileys DisconnectReason): 401 logged out → session wiped, waits for a new QR;
// 403 forbidden → stops; 440 replaced by another session → stops (reconnecting would fight it);
// 515 restart required (right after a scan) → recreated at once with the same auth;
// anything else (408, 428, 500, 503…) → exponential backoff with jitter.
import type { AuthenticationCreds, AuthenticationState, BaileysEventMap, Contact, proto, WAMessageKey } from 'baileys';
import { jidDecode } from 'baileys';
import type { ILogger } from 'baileys/lib/Utils/logger.js';
import type { ChannelHost, ChannelStatus } from '../contract.js';
import { createWhatsAppLogger } from './logger.js';
import { ignoredJid, type WhatsAppSettings } from './settings.js';
import type { SocketFactory, WASocketPort } from './socket-port.js';

/** The account's auth state (runtime/channels/whatsapp/auth-state.ts `databaseAuthState`, or testing/memory-auth.ts). */
export interface WhatsAppAuth {
  /** The same object for the connection's life; `clear()` resets its creds in place. */
  readonly state: AuthenticationState;
  saveCreds(): Promise<void>;
  clear(): Promise<void>;
  hasSession(): boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type ConnectionStatus = Omit<ChannelStatus, 'since'>;

/** `detail` of a 'qr' / 'pairing_code' status whose codes ran out: Settings offers "Gerar novo QR". */
export const QR_EXPIRED = 'qr_expired';
/** How long each QR lives before the socket shows the next one. */
export const QR_TIMEOUT_MS = 45_000;
export const DEFAULT_BACKOFF = { baseMs: 2_000, maxMs: 120_000, jitter: 0.25 } as const;
/** 515s in a row recreated at once before they are treated like any other close (a server that keeps asking). */
const MAX_IMMEDIATE_RESTARTS = 3;
const LOGOUT_TIMEOUT_MS = 5_000;

export interface WhatsAppConnectionOptions {
  auth: WhatsAppAuth;
  factory: SocketFactory;
  settings: WhatsAppSettings;
  getMessage(key: WAMessageKey): Promise<proto.IMessage | undefined>;
  /** Called with each new socket before it can emit anything: inbound/outbound attach their listeners here. */
  onSocket?(sock: WASocketPort): void;
  onStatus(status: ConnectionStatus): void;
  log: ChannelHost['log'];
  /** Baileys' logger; by default one over `log`, redacted. */
  logger?: ILogger;
  timers?: Timers;
  /** In [0, 1): spreads reconnects so many numbers cut off together do not come back together. */
  random?: () => number;
  clock?: () => Date;
  backoff?: Partial<typeof DEFAULT_BACKOFF>;
  qrTimeoutMs?: number;
}

/** Events that prove the socket is alive, besides transport frames. */
const ACTIVITY_EVENTS = [
  'messages.upsert',
  'messages.update',
  'messages.reaction',
  'message-receipt.update',
  'presence.update',
  'chats.update',
  'chats.upsert',
  'contacts.update',
  'contacts.upsert',
  'lid-mapping.update',
  'call',
] as const satisfies readonly (keyof BaileysEventMap)[];

/** The close code Baileys puts on its Boom errors. */
export function closeCodeOf(error: unknown): number | undefined {
  const code = (error as { output?: { statusCode?: unknown } } | null | undefined)?.output?.statusCode;
  return typeof code === 'number' ? code : undefined;
}

/** A pairing finished on the phone: WhatsApp signed this device's identity (`account`). */
export function isPaired(creds: AuthenticationCreds): boolean {
  return !!creds.me?.id && !!creds.account;
}

/** E.164 digits and name of the account a socket is logged in as. */
export function meOf(user: Contact | undefined): { phone: string | null; name: string | null } {
  const decoded = user?.id ? jidDecode(user.id) : undefined;
  const pn = decoded?.server === 's.whatsapp.net' ? decoded.user : user?.phoneNumber ? (jidDecode(user.phoneNumber)?.user ?? null) : null;
  const name = user?.name && user.name !== '~' ? user.name : (user?.verifiedName ?? user?.notify ?? null);
  return { phone: pn ?? null, name: name ?? null };
}

function utcDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export class WhatsAppConnection {
  private settings: WhatsAppSettings;
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly clock: () => Date;
  private readonly logger: ILogger;
  private readonly backoff: typeof DEFAULT_BACKOFF;
  /** Kept across sockets of this account (Baileys retry counters); cleared with the session. */
  private readonly scope = new Map<string, unknown>();

  private sock: WASocketPort | null = null;
  private detach: (() => void) | null = null;
  /** Bumped by every socket creation and every stop: a callback from an older one is ignored. */
  private generation = 0;
  private creating: Promise<void> | null = null;
  /** The last socket's end (or a session wipe): a new socket waits for it, so two never overlap. */
  private settling: Promise<void> = Promise.resolve();
  private credsWrites: Promise<void> = Promise.resolve();
  private running = false;
  private reconnectTimer: unknown = null;
  private watchdogTimer: unknown = null;
  private lastActivity = 0;
  private attempt = 0;
  private restarts = 0;
  private qrAttempt = 0;
  private pairing: { phone: string; requestedOn: WASocketPort | null } | null = null;
  private current: ConnectionStatus = { state: 'stopped' };
  private reconnects = { day: '', count: 0 };

  constructor(private readonly options: WhatsAppConnectionOptions) {
    this.settings = options.settings;
    this.timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
    };
    this.random = options.random ?? Math.random;
    this.clock = options.clock ?? (() => new Date());
    this.logger = options.logger ?? createWhatsAppLogger(options.log);
    this.backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  }

  /** Connects (QR, pairing code from settings, or the stored session). Restarts a stopped, expired or halted account; no-op while live. */
  async start(): Promise<void> {
    this.running = true;
    if (this.sock || this.creating) return this.creating ?? undefined;
    this.cancelReconnect();
    this.qrAttempt = 0;
    this.attempt = 0;
    this.restarts = 0;
    const phone = this.settings.pairingPhone;
    this.pairing = phone && !isPaired(this.options.auth.state.creds) ? { phone, requestedOn: null } : null;
    await this.createSocket();
  }

  /** Connects by a pairing code typed on the phone instead of a QR. No-op when already connected. */
  async connectWithPairingCode(phone: string): Promise<void> {
    const digits = phone.replace(/\D/g, '');
    if (!/^\d{8,15}$/.test(digits)) throw new Error('pairing phone: digits only, with the country code');
    if (this.isOpen()) return;
    // Already linked: there is nothing to pair, the stored session connects
    if (isPaired(this.options.auth.state.creds)) return this.start();
    this.running = true;
    this.cancelReconnect();
    this.qrAttempt = 0;
    this.attempt = 0;
    this.pairing = { phone: digits, requestedOn: null };
    if (this.creating) await this.creating;
    const sock = this.sock;
    // A socket showing a QR is asked for a code now; one still connecting asks on its first QR
    if (sock && this.current.state === 'qr') {
      this.pairing.requestedOn = sock;
      await this.requestPairingCode(sock, digits);
      return;
    }
    if (sock && this.current.state === 'connecting') return;
    if (sock) await this.dropSocket();
    await this.createSocket();
  }

  /** Closes the socket and keeps the session: the next start needs no QR. */
  async stop(): Promise<void> {
    const gen = this.halt();
    const creating = this.creating;
    await this.dropSocket();
    await creating?.catch(() => undefined);
    await this.settling;
    // A start() while stopping wins: its status is the current one
    if (gen === this.generation) this.report({ state: 'stopped' });
  }

  /** Unlinks the device on the phone and forgets the session: the next start shows a new QR. */
  async logout(): Promise<void> {
    const gen = this.halt();
    const creating = this.creating;
    await creating?.catch(() => undefined);
    const sock = this.sock;
    if (sock) {
      this.release(sock);
      try {
        // A half-dead socket may never confirm the send: the session is wiped regardless
        await this.within(LOGOUT_TIMEOUT_MS, sock.logout('Intentional Logout'));
      } catch (err) {
        // Not connected: the phone still lists the device until WhatsApp expires it
        this.options.log('warn', 'whatsapp logout could not reach WhatsApp', { err: String(err) });
      }
      this.settling = this.endQuietly(sock);
    } else {
      this.options.log('info', 'whatsapp session cleared while disconnected; the phone may still list the device');
    }
    await this.wipeSession();
    if (gen === this.generation) this.report({ state: 'logged_out', detail: 'logout' });
  }

  isOpen(): boolean {
    return this.sock !== null && this.current.state === 'open';
  }

  /** The live socket, if any (open or still connecting). */
  socket(): WASocketPort | null {
    return this.sock;
  }

  status(): ConnectionStatus {
    return this.current;
  }

  /** Reconnections since midnight UTC (backoff reconnects and watchdog restarts; not the restart after a scan). */
  reconnectsToday(): number {
    return this.reconnects.day === utcDay(this.clock()) ? this.reconnects.count : 0;
  }

  /** Takes effect at once for ignored JIDs, the QR cap and the watchdog; the version override on the next socket. */
  updateSettings(settings: WhatsAppSettings): void {
    this.settings = settings;
    if (this.isOpen()) this.armWatchdog();
  }

  // --- sockets ---

  private createSocket(): Promise<void> {
    if (this.creating) return this.creating;
    const gen = ++this.generation;
    const p = (async () => {
      await this.settling;
      if (gen !== this.generation || !this.running) return;
      this.forgetUnfinishedPairing();
      // While backing off, Settings keeps showing which attempt this is
      this.report(this.attempt > 0 ? { state: 'connecting', attempt: this.attempt } : { state: 'connecting' });
      let sock: WASocketPort;
      try {
        sock = await this.options.factory({
          auth: this.options.auth.state,
          logger: this.logger,
          settings: this.settings,
          shouldIgnoreJid: (jid) => ignoredJid(jid, this.settings),
          getMessage: this.options.getMessage,
          qrTimeoutMs: this.options.qrTimeoutMs ?? QR_TIMEOUT_MS,
          scope: this.scope,
        });
      } catch (err) {
        if (gen !== this.generation || !this.running) return;
        this.options.log('error', 'whatsapp socket could not be created', { err: String(err) });
        this.scheduleReconnect(500, err instanceof Error ? err.message : String(err));
        return;
      }
      if (gen !== this.generation || !this.running) {
        this.settling = this.endQuietly(sock);
        return;
      }
      this.sock = sock;
      this.attach(sock, gen);
      try {
        this.options.onSocket?.(sock);
      } catch (err) {
        this.options.log('error', 'whatsapp socket wiring failed', { err: String(err) });
      }
    })().finally(() => {
      if (this.creating === p) this.creating = null;
    });
    this.creating = p;
    return p;
  }

  private attach(sock: WASocketPort, gen: number): void {
    const live = () => gen === this.generation && this.sock === sock;
    const offs: (() => void)[] = [];
    const on = <E extends keyof BaileysEventMap>(event: E, fn: (arg: BaileysEventMap[E]) => void) => {
      sock.ev.on(event, fn);
      offs.push(() => sock.ev.off(event, fn));
    };
    on('connection.update', (u) => {
      if (!live()) return;
      this.touch();
      if (u.qr) this.onQr(sock, u.qr);
      if (u.connection === 'open') this.onOpen(sock);
      else if (u.connection === 'close') void this.onClose(sock, u.lastDisconnect?.error);
    });
    on('creds.update', () => {
      if (!live()) return;
      this.touch();
      this.saveCreds();
    });
    for (const event of ACTIVITY_EVENTS) {
      on(event, () => {
        if (live()) this.touch();
      });
    }
    const onFrame = () => {
      if (live()) this.touch();
    };
    sock.ws?.on('frame', onFrame);
    offs.push(() => sock.ws?.off('frame', onFrame));
    this.detach = () => offs.forEach((off) => off());
  }

  /** Forgets the socket without ending it (it is closed, or about to be by the caller). */
  private release(sock: WASocketPort): void {
    if (this.sock !== sock) return;
    this.detach?.();
    this.detach = null;
    this.sock = null;
    this.stopWatchdog();
  }

  /** Ends the live socket, its listeners removed first so its close is not taken for a disconnect. */
  private async dropSocket(error?: Error): Promise<void> {
    const sock = this.sock;
    if (!sock) return this.settling;
    this.release(sock);
    this.settling = this.endQuietly(sock, error);
    await this.settling;
  }

  private async endQuietly(sock: WASocketPort, error?: Error): Promise<void> {
    try {
      await sock.end(error);
    } catch (err) {
      this.options.log('debug', 'whatsapp socket end failed', { err: String(err) });
    }
  }

  /** No socket, no timer, nothing will start until start() is called again. */
  private halt(): number {
    this.running = false;
    this.cancelReconnect();
    this.stopWatchdog();
    return ++this.generation;
  }

  /** `work`, or a rejection after `ms` on the injected timers. */
  private within<T>(ms: number, work: Promise<T>): Promise<T> {
    let timer: unknown = null;
    const timeout = new Promise<never>((_, reject) => {
      timer = this.timers.setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    });
    return Promise.race([work, timeout]).finally(() => this.timers.clearTimeout(timer));
  }

  // --- connection.update ---

  private onQr(sock: WASocketPort, qr: string): void {
    this.qrAttempt++;
    const qrLimit = this.settings.qrLimit;
    if (this.qrAttempt > qrLimit) {
      void this.expire();
      return;
    }
    if (this.pairing) {
      // The code stays on screen while the socket rotates QRs underneath; it is asked for once per socket
      if (this.pairing.requestedOn !== sock) {
        this.pairing.requestedOn = sock;
        void this.requestPairingCode(sock, this.pairing.phone);
      }
      return;
    }
    this.report({ state: 'qr', qr, qrAttempt: this.qrAttempt, qrLimit });
  }

  private async requestPairingCode(sock: WASocketPort, phone: string): Promise<void> {
    try {
      const pairingCode = await sock.requestPairingCode(phone);
      if (this.sock !== sock) return;
      this.report({ state: 'pairing_code', pairingCode, qrAttempt: this.qrAttempt, qrLimit: this.settings.qrLimit });
    } catch (err) {
      if (this.sock !== sock) return;
      this.options.log('warn', 'whatsapp pairing code request failed', { err: String(err) });
      this.report({ state: 'error', detail: `pairing code: ${err instanceof Error ? err.message : String(err)}` });
    }
  }

  /** The QR (or pairing code) budget is spent: no socket until the user asks for a new one. */
  private async expire(): Promise<void> {
    const qrLimit = this.settings.qrLimit;
    const state = this.pairing ? 'pairing_code' : 'qr';
    const gen = this.halt();
    await this.dropSocket();
    if (gen === this.generation) this.report({ state, qrAttempt: qrLimit, qrLimit, detail: QR_EXPIRED });
  }

  private onOpen(sock: WASocketPort): void {
    this.cancelReconnect();
    this.attempt = 0;
    this.restarts = 0;
    this.qrAttempt = 0;
    this.pairing = null;
    this.touch();
    this.armWatchdog();
    this.report({ state: 'open', me: meOf(sock.user ?? this.options.auth.state.creds.me) });
  }

  private async onClose(sock: WASocketPort, error: Error | undefined): Promise<void> {
    this.release(sock);
    if (!this.running) return;
    const code = closeCodeOf(error) ?? 428;
    const detail = error?.message;
    switch (code) {
      case 401:
        this.options.log('warn', 'whatsapp logged out: the session is wiped and a new QR is needed', { code, detail });
        const gen = this.halt();
        await this.wipeSession();
        if (gen === this.generation) this.report({ state: 'logged_out', code, detail });
        return;
      case 403:
        this.options.log('error', 'whatsapp refused this number (forbidden)', { code, detail });
        this.halt();
        this.report({ state: 'forbidden', code, detail });
        return;
      case 440:
        this.options.log('error', 'whatsapp session replaced by another connection; not reconnecting', { code, detail });
        this.halt();
        this.report({ state: 'replaced', code, detail });
        return;
    }
    if (!isPaired(this.options.auth.state.creds) && this.qrAttempt >= this.settings.qrLimit) {
      await this.expire();
      return;
    }
    if (code === 515 && ++this.restarts <= MAX_IMMEDIATE_RESTARTS) {
      this.options.log('info', 'whatsapp restart required; recreating the socket', { code });
      await this.createSocket();
      return;
    }
    this.options.log('warn', 'whatsapp connection closed; reconnecting', { code, detail });
    this.scheduleReconnect(code, detail);
  }

  private scheduleReconnect(code: number, detail: string | undefined): void {
    this.cancelReconnect();
    this.attempt++;
    const { baseMs, maxMs, jitter } = this.backoff;
    const exp = Math.min(maxMs, baseMs * 2 ** (this.attempt - 1));
    const delay = Math.max(0, Math.round(exp * (1 - jitter + 2 * jitter * this.random())));
    this.countReconnect();
    const nextAt = new Date(this.clock().getTime() + delay).toISOString();
    this.report({ state: 'reconnecting', attempt: this.attempt, nextAt, code, ...(detail ? { detail } : {}) });
    const gen = this.generation;
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null;
      if (this.running && gen === this.generation && !this.sock) void this.createSocket();
    }, delay);
  }

  private cancelReconnect(): void {
    if (this.reconnectTimer !== null) this.timers.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private countReconnect(): void {
    const day = utcDay(this.clock());
    if (this.reconnects.day !== day) this.reconnects = { day, count: 0 };
    this.reconnects.count++;
  }

  // --- watchdog ---

  private touch(): void {
    this.lastActivity = this.clock().getTime();
  }

  private armWatchdog(): void {
    this.stopWatchdog();
    const due = this.lastActivity + this.settings.watchdogSilentMs - this.clock().getTime();
    this.watchdogTimer = this.timers.setTimeout(() => this.checkWatchdog(), Math.max(0, due));
  }

  private stopWatchdog(): void {
    if (this.watchdogTimer !== null) this.timers.clearTimeout(this.watchdogTimer);
    this.watchdogTimer = null;
  }

  private checkWatchdog(): void {
    this.watchdogTimer = null;
    if (!this.isOpen()) return;
    const idle = this.clock().getTime() - this.lastActivity;
    if (idle < this.settings.watchdogSilentMs) {
      this.armWatchdog();
      return;
    }
    void this.restartSilent(idle);
  }

  private async restartSilent(idle: number): Promise<void> {
    const seconds = Math.round(idle / 1000);
    this.options.log('warn', 'whatsapp socket silent while open; replacing it', { silentSeconds: seconds });
    this.countReconnect();
    this.report({ state: 'reconnecting', attempt: 1, nextAt: this.clock().toISOString(), code: 408, detail: `no activity for ${seconds} s` });
    await this.dropSocket(new Error('watchdog: socket silent'));
    if (this.running) await this.createSocket();
  }

  // --- auth ---

  private saveCreds(): void {
    // In order, and awaited before a wipe: a late write must not bring a logged-out session back
    this.credsWrites = this.credsWrites
      .then(() => this.options.auth.saveCreds())
      .catch((err) => this.options.log('error', 'whatsapp creds could not be saved', { err: String(err) }));
  }

  private async wipeSession(): Promise<void> {
    const wipe = (async () => {
      await this.credsWrites;
      try {
        await this.options.auth.clear();
      } catch (err) {
        this.options.log('error', 'whatsapp session could not be cleared', { err: String(err) });
      }
      this.scope.clear();
      this.pairing = null;
      this.qrAttempt = 0;
    })();
    const previous = this.settling;
    this.settling = previous.then(() => wipe);
    await this.settling;
  }

  /**
   * Baileys' requestPairingCode writes `creds.me` before the phone confirms; a socket made
   * over that would try to log in as a device that does not exist (and get a 401). A pairing
   * that never finished is forgotten so the next socket registers afresh.
   */
  private forgetUnfinishedPairing(): void {
    const creds = this.options.auth.state.creds;
    if (creds.me && !creds.account) {
      creds.me = undefined;
      creds.pairingCode = undefined;
      this.saveCreds();
    }
  }

  private report(status: ConnectionStatus): void {
    this.current = status;
    try {
      this.options.onStatus(status);
    } catch (err) {
      this.options.log('error', 'whatsapp status listener failed', { err: String(err) });
    }
  }
}
