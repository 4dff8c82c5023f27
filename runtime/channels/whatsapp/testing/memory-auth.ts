// An in-memory auth state of the same shape as auth-state.ts `databaseAuthState`, for tests
// of the connection. Creds go through BufferJSON like the database copy, so a test can
// "restart the process" with `memoryAuthState({ from: auth.snapshot() })`.
import { BufferJSON, initAuthCreds, type AuthenticationCreds, type AuthenticationState, type SignalDataSet, type SignalDataTypeMap } from 'baileys';
import type { WhatsAppAuth } from '../connection.js';

export interface MemoryAuth extends WhatsAppAuth {
  /** saveCreds calls so far. */
  saves: number;
  clears: number;
  /** What the last saveCreds stored (BufferJSON text), null when none or cleared. */
  snapshot(): { creds: string | null; keys: Record<string, string> };
}

export function memoryAuthState(options: { from?: { creds: string | null; keys: Record<string, string> } } = {}): MemoryAuth {
  let saved: string | null = options.from?.creds ?? null;
  const keys = new Map<string, string>(Object.entries(options.from?.keys ?? {}));
  let creds: AuthenticationCreds = saved ? JSON.parse(saved, BufferJSON.reviver) : initAuthCreds();

  // Getters, as databaseAuthState has: clear() puts a new creds object in place, so a socket
  // made before the wipe keeps the old one (Baileys captures creds at creation) and one made
  // after gets fresh creds
  const keyStore: AuthenticationState['keys'] = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const out: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const id of ids) {
        const v = keys.get(`${type}/${id}`);
        if (v !== undefined) out[id] = JSON.parse(v, BufferJSON.reviver);
      }
      return out;
    },
    async set(data: SignalDataSet) {
      for (const [type, entries] of Object.entries(data)) {
        for (const [id, value] of Object.entries(entries ?? {})) {
          if (value === null || value === undefined) keys.delete(`${type}/${id}`);
          else keys.set(`${type}/${id}`, JSON.stringify(value, BufferJSON.replacer));
        }
      }
    },
  };
  const state: AuthenticationState = {
    get creds() {
      return creds;
    },
    get keys() {
      return keyStore;
    },
  };

  const auth: MemoryAuth = {
    state,
    saves: 0,
    clears: 0,
    async saveCreds() {
      auth.saves++;
      saved = JSON.stringify(state.creds, BufferJSON.replacer);
    },
    async clear() {
      auth.clears++;
      saved = null;
      keys.clear();
      creds = initAuthCreds();
    },
    hasSession() {
      return !!state.creds.me?.id && !!state.creds.account;
    },
    snapshot() {
      return { creds: saved, keys: Object.fromEntries(keys) };
    },
  };
  return auth;
}
