// Baileys' auth state in Ozia's database: creds as one row, every signal key as a row of its own,
// all in the account's `ChannelStateStore`. Never files, never one blob: keys change on every
// message, and a crash between a file write and the next must not split a session.
import { BufferJSON, initAuthCreds, proto } from 'baileys';
import type { AuthenticationCreds, AuthenticationState, SignalDataSet, SignalDataTypeMap, SignalKeyStore } from 'baileys';
import { z } from 'zod';
import type { ChannelStateStore } from '../contract.js';

/** Where the creds live in the store; key types are Baileys' own names, so they cannot clash. */
export const CREDS_TYPE = 'creds';
export const CREDS_ID = 'creds';

export interface DatabaseAuthState {
  /**
   * Give it to `makeWASocket` (keys wrapped in `makeCacheableSignalKeyStore`). `creds` and `keys`
   * are getters: read and wrap them afresh for each socket, since `clear()` replaces both (and a
   * cache wrapped around the old keys still holds the dead session's).
   */
  readonly state: AuthenticationState;
  /** Persists the current creds (wire it to `creds.update`; Baileys has already merged the update). */
  saveCreds(): Promise<void>;
  /** Forgets the session (creds and every key); `state.creds` is fresh creds from then on, ready for a new QR. */
  clear(): Promise<void>;
  /** The creds belong to a linked device: connecting needs no QR. */
  hasSession(): boolean;
}

const buffer = z.custom<Buffer>((v) => Buffer.isBuffer(v), 'expected a Buffer');
const keyPair = z.object({ public: buffer, private: buffer });
/** Enough of the creds to know the row is Baileys' creds and not something half-written or foreign. */
const storedCreds = z.looseObject({
  noiseKey: keyPair,
  pairingEphemeralKeyPair: keyPair,
  signedIdentityKey: keyPair,
  signedPreKey: z.looseObject({ keyPair, signature: buffer, keyId: z.number() }),
  registrationId: z.number(),
  advSecretKey: z.string(),
});

const encode = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
const decode = (text: string): unknown => JSON.parse(text, BufferJSON.reviver);

export async function databaseAuthState(store: ChannelStateStore): Promise<DatabaseAuthState> {
  const row = (await store.get(CREDS_TYPE, [CREDS_ID]))[CREDS_ID];
  let creds: AuthenticationCreds;
  if (row === undefined) {
    creds = initAuthCreds();
  } else {
    const parsed = storedCreds.safeParse(decode(row));
    if (!parsed.success) throw new Error(`stored WhatsApp creds are unreadable (${parsed.error.issues[0]?.message}); clear the session`);
    // The revived object, not zod's copy: Baileys mutates it in place (Object.assign on creds.update).
    creds = decode(row) as AuthenticationCreds;
  }

  // Key writes still running, so clear() can wait for them instead of racing their commit.
  const writing = new Set<Promise<void>>();
  let generation = 0;

  const keysOf = (gen: number): SignalKeyStore => ({
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      // A store from before clear() belongs to a socket being thrown away: it sees nothing.
      if (gen !== generation) return {};
      const rows = await store.get(type, ids);
      const out: Record<string, unknown> = {};
      for (const [id, text] of Object.entries(rows)) {
        const value = decode(text);
        // protobufjs gives its methods only to messages it built: revive as Baileys' file store does.
        out[id] = type === 'app-state-sync-key' ? proto.Message.AppStateSyncKeyData.fromObject(value as object) : value;
      }
      return out as { [id: string]: SignalDataTypeMap[T] };
    },
    async set(data: SignalDataSet) {
      if (gen !== generation) return;
      // Every type Baileys hands over, known today or not: a whitelist silently breaks LID (lid-mapping, device-list, tctoken).
      const rows: Record<string, Record<string, string | null>> = {};
      for (const [type, entries] of Object.entries(data as Record<string, Record<string, unknown> | undefined>)) {
        if (!entries) continue;
        rows[type] = {};
        for (const [id, value] of Object.entries(entries)) rows[type][id] = value === null || value === undefined ? null : encode(value);
      }
      const write = store.set(rows);
      writing.add(write);
      try {
        await write;
      } finally {
        writing.delete(write);
      }
    },
  });
  let keys = keysOf(generation);

  // Creds writes (and the wipe) run one after another: an older snapshot never lands after a newer
  // one. Calls made while a write waits share it; it reads the creds when it starts, so it holds all of theirs.
  let tail: Promise<void> = Promise.resolve();
  let waiting: Promise<void> | null = null;
  const enqueue = (job: () => Promise<void>): Promise<void> => {
    const run = tail.catch(() => {}).then(job);
    tail = run;
    return run;
  };

  const state: AuthenticationState = {
    get creds() {
      return creds;
    },
    get keys() {
      return keys;
    },
  };

  return {
    state,
    saveCreds() {
      if (waiting) return waiting;
      const run = enqueue(async () => {
        waiting = null;
        await store.set({ [CREDS_TYPE]: { [CREDS_ID]: encode(creds) } });
      });
      waiting = run;
      return run;
    },
    async clear() {
      // From here on the old socket's creds object and key store are detached: its late
      // updates can neither reach the fresh creds nor bring keys of the dead session back.
      generation++;
      keys = keysOf(generation);
      creds = initAuthCreds();
      await Promise.allSettled([...writing]);
      await enqueue(() => store.clear());
    },
    // A pairing code writes a provisional `me` before the phone confirms; only `account` proves the pairing finished.
    hasSession: () => Boolean(creds.me?.id && creds.account),
  };
}
