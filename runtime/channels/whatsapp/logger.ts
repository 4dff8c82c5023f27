// Baileys logs through a pino-shaped logger. This one forwards to the channel host's log as
// structured data, so one account's lines land in Ozia's JSON log with the account attached,
// and it redacts what must never reach a log file: credentials and signal keys (always),
// and what people wrote (at info and above; debug is for a developer's own machine).
import type { ILogger } from 'baileys/lib/Utils/logger.js';
import type { ChannelHost } from '../contract.js';

type HostLog = ChannelHost['log'];

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;
type LevelName = keyof typeof LEVELS;

export const REDACTED = '[redacted]';

/** Secrets: a log line with one of these lets someone impersonate the number or read its chats. */
const SECRET_KEYS = new Set(
  [
    'creds',
    'keys',
    'auth',
    'authState',
    'noiseKey',
    'signedIdentityKey',
    'signedPreKey',
    'pairingEphemeralKeyPair',
    'advSecretKey',
    'identityKey',
    'identifierKey',
    'private',
    'privKey',
    'privateKey',
    'public',
    'pubKey',
    'publicKey',
    'keyPair',
    'signature',
    'accountSignature',
    'accountSignatureKey',
    'deviceSignature',
    'mediaKey',
    'messageSecret',
    'encKey',
    'macKey',
    'secret',
    'encPayload',
    'encIv',
    'keyData',
    'fingerprint',
    'token',
    'tctoken',
    'password',
    'authorization',
    'cookie',
    'pairingCode',
    'routingInfo',
    'qr',
    'ref',
    'record',
    'session',
    'sessions',
    'senderKey',
    'sender-key',
    'pre-key',
    'app-state-sync-key',
    'helloMsg',
  ].map((k) => k.toLowerCase()),
);

/** Content: what a person wrote or sent. */
const BODY_KEYS = new Set(
  [
    'message',
    'messages',
    'conversation',
    'text',
    'caption',
    'body',
    'content',
    'vcard',
    'displayName',
    'selectedDisplayText',
    'selectedButtonId',
    'selectedRowId',
    'title',
    'description',
    'name',
    'values',
    'options',
    'pollUpdates',
    'xml',
    'frame',
    'fullErrorNode',
    'contacts',
    'degreesLatitude',
    'degreesLongitude',
    'address',
    'jpegThumbnail',
    'thumbnail',
    'payload',
    'payloadNode',
  ].map((k) => k.toLowerCase()),
);

const MAX_DEPTH = 6;
const MAX_ITEMS = 20;

function isBytes(v: unknown): v is Uint8Array {
  return v instanceof Uint8Array || (typeof ArrayBuffer !== 'undefined' && v instanceof ArrayBuffer);
}

function errorShape(e: Error, redactBodies: boolean, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = { name: e.name, message: e.message };
  if (e.stack) out.stack = e.stack;
  // Boom errors carry the WhatsApp close code and the stanza that caused it
  const boom = e as Error & { output?: { statusCode?: number }; data?: unknown; isBoom?: boolean };
  if (boom.isBoom && boom.output?.statusCode !== undefined) out.statusCode = boom.output.statusCode;
  if (boom.data !== undefined) out.data = redactValue(boom.data, redactBodies, seen, depth + 1);
  return out;
}

function redactValue(value: unknown, redactBodies: boolean, seen: WeakSet<object>, depth: number): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (typeof value !== 'object') return value;
  // Raw bytes in Baileys' logs are keys, ciphertext or media: never useful, often secret
  if (isBytes(value)) return `[${value.byteLength} bytes]`;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[depth]';
  seen.add(value);
  if (value instanceof Error) return errorShape(value, redactBodies, seen, depth);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => redactValue(v, redactBodies, seen, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`[+${value.length - MAX_ITEMS}]`);
    return items;
  }
  if (value instanceof Map || value instanceof Set) return `[${value.constructor.name} ${value.size}]`;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = k.toLowerCase();
    if (SECRET_KEYS.has(key)) out[k] = v === undefined || v === null ? v : REDACTED;
    else if (redactBodies && BODY_KEYS.has(key)) out[k] = v === undefined || v === null ? v : REDACTED;
    // binaryNodeToString output: XML that cannot be redacted piecewise
    else if (redactBodies && key === 'node' && typeof v === 'string') out[k] = REDACTED;
    else {
      const r = redactValue(v, redactBodies, seen, depth + 1);
      if (r !== undefined) out[k] = r;
    }
  }
  return out;
}

/**
 * Returns `data` with secrets replaced (always) and message content replaced (when
 * `redactBodies`). Bytes become their length; cycles and deep nesting are cut.
 */
export function redact(data: unknown, redactBodies = true): unknown {
  return redactValue(data, redactBodies, new WeakSet(), 0);
}

export interface WhatsAppLoggerOptions {
  /** Lowest level forwarded; 'info' by default (Baileys skips its costly trace formatting). */
  level?: LevelName;
  /** Fields added to every line (the account id). */
  bindings?: Record<string, unknown>;
}

type HostLevel = Parameters<HostLog>[0];

function hostLevel(level: LevelName): HostLevel {
  if (level === 'trace' || level === 'debug') return 'debug';
  if (level === 'info') return 'info';
  if (level === 'warn') return 'warn';
  return 'error';
}

/** A pino-compatible logger (Baileys' `ILogger`) that writes to the host log, redacted. */
export function createWhatsAppLogger(log: HostLog, options: WhatsAppLoggerOptions = {}): ILogger & { fatal(obj: unknown, msg?: string): void } {
  // Children share the root's level, as setting `logger.level` on the root is how an operator turns on debug
  const shared = { level: options.level ?? ('info' as LevelName) };

  const make = (bindings: Record<string, unknown>) => {
    const write = (level: LevelName, obj: unknown, msg?: string) => {
      if (LEVELS[level] < LEVELS[shared.level]) return;
      const redactBodies = LEVELS[level] >= LEVELS.info;
      let text = msg;
      let fields: Record<string, unknown> = {};
      if (typeof obj === 'string') {
        text = msg === undefined ? obj : `${obj} ${msg}`;
      } else if (obj instanceof Error) {
        fields = { err: redact(obj, redactBodies) };
        text ??= obj.message;
      } else if (obj && typeof obj === 'object') {
        fields = redact(obj, redactBodies) as Record<string, unknown>;
      } else if (obj !== undefined) {
        fields = { value: obj };
      }
      const data = { ...(redact(bindings, redactBodies) as Record<string, unknown>), ...fields };
      if (level === 'fatal') data.fatal = true;
      try {
        log(hostLevel(level), text ?? 'baileys', data);
      } catch {
        // a failing log sink must never break the socket
      }
    };
    const logger = {
      get level() {
        return shared.level;
      },
      set level(l: string) {
        if (l in LEVELS) shared.level = l as LevelName;
      },
      child(obj: Record<string, unknown>) {
        return make({ ...bindings, ...obj });
      },
      trace: (obj: unknown, msg?: string) => write('trace', obj, msg),
      debug: (obj: unknown, msg?: string) => write('debug', obj, msg),
      info: (obj: unknown, msg?: string) => write('info', obj, msg),
      warn: (obj: unknown, msg?: string) => write('warn', obj, msg),
      error: (obj: unknown, msg?: string) => write('error', obj, msg),
      fatal: (obj: unknown, msg?: string) => write('fatal', obj, msg),
    };
    return logger;
  };
  return make({ ...(options.bindings ?? {}) });
}
