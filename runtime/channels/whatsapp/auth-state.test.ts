import {
  addTransactionCapability,
  BufferJSON,
  Curve,
  DEFAULT_CONNECTION_CONFIG,
  generateSignalPubKey,
  initAuthCreds,
  makeCacheableSignalKeyStore,
  proto,
  type SignalDataSet,
} from 'baileys';
import type { ILogger } from 'baileys/lib/Utils/logger.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../db/connect.js';
import { testDatabases, type TestDatabase } from '../../testing/databases.js';
import type { ChannelStateStore } from '../contract.js';
import { channelStateStore } from '../state-store.js';
import { failingDb } from '../testing/failing-db.js';
import { CREDS_ID, CREDS_TYPE, databaseAuthState } from './auth-state.js';

const bytes = (n: number, seed: number) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));

/** One of every key type Baileys rc14 stores, in the layouts its code writes, plus a type it may add later. */
function everyKeyType() {
  const preKey = Curve.generateKeyPair();
  return {
    'pre-key': { '7': preKey },
    session: { '5511999990000.0': new Uint8Array(bytes(40, 1)) },
    'sender-key': { '1203@g.us::5511999990000::0': bytes(24, 2) },
    'sender-key-memory': { '1203@g.us': { '5511999990000:3@s.whatsapp.net': true } },
    'app-state-sync-key': {
      AAAAAGlm: proto.Message.AppStateSyncKeyData.fromObject({
        keyData: bytes(32, 3),
        fingerprint: { rawId: 7, currentIndex: 2, deviceIndexes: [0, 1] },
        timestamp: 1_700_000_000_000,
      }),
    },
    'app-state-sync-version': {
      regular_high: { version: 12, hash: bytes(128, 4), indexValueMap: { 'q1w2e3r4t5==': { valueMac: bytes(32, 5) } } },
    },
    'lid-mapping': { '5511999990000': '123456789012345', '123456789012345_reverse': '5511999990000' },
    'device-list': { '5511999990000': ['0', '12'] },
    tctoken: {
      '123456789012345@lid': { token: bytes(16, 6), timestamp: '1700000000', senderTimestamp: 1700000001 },
      __index: { token: Buffer.from(JSON.stringify(['123456789012345@lid'])) },
      // What Baileys keeps of an expired peer token: an empty Buffer and the sender timestamp.
      '987654321098765@lid': { token: Buffer.alloc(0), senderTimestamp: 1700000002 },
    },
    'identity-key': { '123456789012345@lid': new Uint8Array(bytes(33, 7)) },
    'future-type': { x: { blob: bytes(8, 8), n: 1 } },
  };
}

const silent: ILogger = { level: 'silent', child: () => silent, trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/** Baileys' own signal repository over an account's auth state, its keys wrapped as the socket wraps them. */
async function signalDevice(db: Db, channelId: string) {
  const auth = await databaseAuthState(channelStateStore(db, channelId));
  const keys = addTransactionCapability(makeCacheableSignalKeyStore(auth.state.keys, silent), silent, { maxCommitRetries: 1, delayBetweenTriesMs: 0 });
  const repo = DEFAULT_CONNECTION_CONFIG.makeSignalRepository({ creds: auth.state.creds, keys }, silent, async () => []);
  return { auth, repo };
}

/** Buffers and Uint8Arrays as plain byte lists, so a Uint8Array that comes back as a Buffer compares equal. */
function plain(v: unknown): unknown {
  if (v instanceof Uint8Array) return { bytes: [...v] };
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

describe.each(testDatabases)('WhatsApp auth state on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;

  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
  });

  afterEach(async () => {
    await db.close();
    await tdb.cleanup();
  });

  it('starts with fresh creds and no session; saved creds survive a restart with their Buffers', async () => {
    const first = await databaseAuthState(channelStateStore(db, 'wa1'));
    expect(first.hasSession()).toBe(false);
    expect(Buffer.isBuffer(first.state.creds.noiseKey.private)).toBe(true);
    // What pairing does: Baileys merges the update into the creds and emits creds.update.
    // A pairing code's provisional `me` is not a session yet: only the signed account is.
    Object.assign(first.state.creds, { me: { id: '5511999990000:3@s.whatsapp.net', lid: '123456789012345:3@lid', name: 'Loja' }, routingInfo: bytes(12, 9) });
    expect(first.hasSession()).toBe(false);
    Object.assign(first.state.creds, {
      account: { details: bytes(32, 1), accountSignatureKey: bytes(32, 2), accountSignature: bytes(64, 3), deviceSignature: bytes(64, 4) },
    });
    await first.saveCreds();
    expect(first.hasSession()).toBe(true);

    await db.close();
    db = await tdb.open();
    const again = await databaseAuthState(channelStateStore(db, 'wa1'));
    expect(again.hasSession()).toBe(true);
    expect(plain(again.state.creds)).toEqual(plain(first.state.creds));
    expect(Buffer.isBuffer(again.state.creds.signedPreKey.signature)).toBe(true);
    expect(Buffer.isBuffer(again.state.creds.routingInfo)).toBe(true);
  });

  it('every key type round-trips, Buffers included, and keys survive a restart', async () => {
    const auth = await databaseAuthState(channelStateStore(db, 'wa1'));
    const data = everyKeyType();
    await auth.state.keys.set(data as SignalDataSet);

    await db.close();
    db = await tdb.open();
    const keys = (await databaseAuthState(channelStateStore(db, 'wa1'))).state.keys;
    for (const [type, entries] of Object.entries(data)) {
      const got = await keys.get(type as keyof typeof data & 'session', [...Object.keys(entries), 'absent']);
      expect(Object.keys(got).sort(), type).toEqual(Object.keys(entries).sort());
      // A protobuf message compares by its JSON form (bytes as base64, int64 as a string).
      const norm = (v: Record<string, unknown>) =>
        type === 'app-state-sync-key' ? Object.fromEntries(Object.entries(v).map(([k, m]) => [k, (m as proto.Message.AppStateSyncKeyData).toJSON()])) : plain(v);
      expect(norm(got), type).toEqual(norm(entries));
    }
    const session = (await keys.get('session', ['5511999990000.0']))['5511999990000.0'];
    expect(Buffer.isBuffer(session)).toBe(true);
    const sync = (await keys.get('app-state-sync-key', ['AAAAAGlm'])).AAAAAGlm;
    // Baileys calls protobuf methods on it (toJSON, the keyData bytes): it must be a real message.
    expect(sync).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.from(sync.keyData!).equals(bytes(32, 3))).toBe(true);
    const hash = (await keys.get('app-state-sync-version', ['regular_high'])).regular_high;
    expect(Buffer.isBuffer(hash.hash) && hash.hash.equals(bytes(128, 4))).toBe(true);
    expect((await keys.get('tctoken', ['__index'])).__index.token.toString()).toBe('["123456789012345@lid"]');
    const expired = (await keys.get('tctoken', ['987654321098765@lid']))['987654321098765@lid'];
    expect(Buffer.isBuffer(expired.token) && expired.token.length === 0).toBe(true);
  });

  it('a Signal session Baileys builds over the store survives a restart on both sides', async () => {
    const OZIA = '5511111110000@s.whatsapp.net';
    const CONTACT = '5511222220000@s.whatsapp.net';
    const ozia = await signalDevice(db, 'wa-ozia');
    const contact = await signalDevice(db, 'wa-contact');
    await contact.auth.saveCreds();
    await ozia.auth.saveCreds();
    // The contact's published bundle: identity, signed pre-key, one pre-key.
    const preKey = Curve.generateKeyPair();
    await contact.auth.state.keys.set({ 'pre-key': { '31': preKey } });
    const c = contact.auth.state.creds;
    await ozia.repo.injectE2ESession({
      jid: CONTACT,
      session: {
        registrationId: c.registrationId,
        identityKey: generateSignalPubKey(c.signedIdentityKey.public),
        signedPreKey: { keyId: c.signedPreKey.keyId, publicKey: generateSignalPubKey(c.signedPreKey.keyPair.public), signature: c.signedPreKey.signature },
        preKey: { keyId: 31, publicKey: generateSignalPubKey(preKey.public) },
      },
    });
    const first = await ozia.repo.encryptMessage({ jid: CONTACT, data: Buffer.from('Olá! Como posso ajudar?') });
    expect(first.type).toBe('pkmsg');
    expect(Buffer.from(await contact.repo.decryptMessage({ jid: OZIA, ...first })).toString()).toBe('Olá! Como posso ajudar?');
    // The one-time pre-key was used up, and that deletion was stored.
    expect(await channelStateStore(db, 'wa-contact').get('pre-key', ['31'])).toEqual({});

    // Both processes restart: everything the ratchet needs comes back from the database.
    await db.close();
    db = await tdb.open();
    const ozia2 = await signalDevice(db, 'wa-ozia');
    const contact2 = await signalDevice(db, 'wa-contact');
    const reply = await contact2.repo.encryptMessage({ jid: OZIA, data: Buffer.from('Quero o boleto') });
    expect(reply.type).toBe('msg');
    expect(Buffer.from(await ozia2.repo.decryptMessage({ jid: CONTACT, ...reply })).toString()).toBe('Quero o boleto');
    const next = await ozia2.repo.encryptMessage({ jid: CONTACT, data: Buffer.from('Segue o boleto') });
    expect(Buffer.from(await contact2.repo.decryptMessage({ jid: OZIA, ...next })).toString()).toBe('Segue o boleto');
  });

  it('keys.set is one store write: when any part fails, no key changes', async () => {
    const f = failingDb(db);
    const auth = await databaseAuthState(channelStateStore(f.db, 'wa1'));
    await auth.state.keys.set({ 'pre-key': { '1': Curve.generateKeyPair() }, session: { old: bytes(4, 1) } });
    const writes: string[][] = [];
    const spy: ChannelStateStore = channelStateStore(f.db, 'wa1');
    const set = spy.set;
    spy.set = (d) => (writes.push(Object.keys(d)), set(d));
    const spied = await databaseAuthState(spy);

    // New keys of several types plus deletions, as a socket's transaction commits them; the deletions fail.
    f.failWhen((q) => q.kind === 'delete');
    await expect(spied.state.keys.set({ ...(everyKeyType() as SignalDataSet), 'pre-key': { '1': null }, session: { old: null } })).rejects.toThrow(/injected/);
    f.heal();
    expect(writes).toHaveLength(1);
    expect(writes[0]).toEqual(expect.arrayContaining(['pre-key', 'session', 'lid-mapping', 'device-list', 'tctoken', 'identity-key', 'future-type']));

    const keys = (await databaseAuthState(channelStateStore(db, 'wa1'))).state.keys;
    expect(Object.keys(await keys.get('pre-key', ['1', '7']))).toEqual(['1']);
    expect(Object.keys(await keys.get('session', ['old', '5511999990000.0']))).toEqual(['old']);
    expect(await keys.get('lid-mapping', ['5511999990000'])).toEqual({});
  });

  it('clear() wipes creds and keys and leaves the same state object holding fresh creds', async () => {
    const store = channelStateStore(db, 'wa1');
    const auth = await databaseAuthState(store);
    const { state } = auth;
    Object.assign(state.creds, { me: { id: '5511999990000:3@s.whatsapp.net' } });
    await auth.saveCreds();
    await state.keys.set(everyKeyType() as SignalDataSet);
    const oldCreds = state.creds;
    const oldKeys = state.keys;

    await auth.clear();
    expect(auth.hasSession()).toBe(false);
    expect(auth.state).toBe(state);
    expect(state.creds).not.toBe(oldCreds);
    expect(state.creds.me).toBeUndefined();
    expect(state.creds.registered).toBe(false);
    expect(Buffer.from(state.creds.noiseKey.private).equals(Buffer.from(oldCreds.noiseKey.private))).toBe(false);
    for (const [type, entries] of Object.entries(everyKeyType())) {
      expect(await store.get(type, Object.keys(entries)), type).toEqual({});
    }
    expect(await store.get(CREDS_TYPE, [CREDS_ID])).toEqual({});

    // The old socket's late writes go nowhere: they cannot bring the dead session back.
    Object.assign(oldCreds, { lastPropHash: 'late' });
    await oldKeys.set({ session: { late: bytes(4, 2) } });
    expect(await store.get('session', ['late'])).toEqual({});
    expect(await oldKeys.get('session', ['late'])).toEqual({});

    // The fresh creds pair and persist like the first ones did.
    Object.assign(state.creds, { me: { id: '5511888880000:1@s.whatsapp.net' } });
    await auth.saveCreds();
    await state.keys.set({ session: { fresh: bytes(4, 3) } });
    const reopened = await databaseAuthState(channelStateStore(db, 'wa1'));
    expect(reopened.state.creds.me?.id).toBe('5511888880000:1@s.whatsapp.net');
    expect(Buffer.from(reopened.state.creds.noiseKey.private).equals(Buffer.from(state.creds.noiseKey.private))).toBe(true);
    expect(Object.keys(await reopened.state.keys.get('session', ['fresh', 'late']))).toEqual(['fresh']);
  });

  it('a creds save still running when clear() is called does not land after the wipe', async () => {
    const store = gated(channelStateStore(db, 'wa1'));
    const auth = await databaseAuthState(store);
    Object.assign(auth.state.creds, { me: { id: '5511999990000:3@s.whatsapp.net' } });
    const saving = auth.saveCreds();
    await store.arrived(1);
    const clearing = auth.clear();
    store.openAll();
    await Promise.all([saving, clearing]);
    expect(await channelStateStore(db, 'wa1').get(CREDS_TYPE, [CREDS_ID])).toEqual({});
    expect((await databaseAuthState(channelStateStore(db, 'wa1'))).hasSession()).toBe(false);
  });

  it('rapid creds updates: saves run one at a time and the last state is what is stored', async () => {
    const store = gated(channelStateStore(db, 'wa1'));
    const auth = await databaseAuthState(store);
    const c = auth.state.creds;
    c.lastPropHash = 'v1';
    const s1 = auth.saveCreds();
    await store.arrived(1);
    c.lastPropHash = 'v2';
    const s2 = auth.saveCreds();
    c.lastPropHash = 'v3';
    const s3 = auth.saveCreds();
    // While the first write is held, no second one has started (it could otherwise commit first).
    for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
    expect(store.started).toBe(1);
    store.openAll();
    await Promise.all([s1, s2, s3]);
    // v2 and v3 waited together: one more write, holding v3.
    expect(store.started).toBe(2);
    const stored = await databaseAuthState(channelStateStore(db, 'wa1'));
    expect(stored.state.creds.lastPropHash).toBe('v3');
  });

  it('two accounts never see each other’s creds or keys', async () => {
    const a = await databaseAuthState(channelStateStore(db, 'wa-a'));
    const b = await databaseAuthState(channelStateStore(db, 'wa-b'));
    Object.assign(a.state.creds, { me: { id: '5511111110000:1@s.whatsapp.net' } });
    await a.saveCreds();
    await a.state.keys.set(everyKeyType() as SignalDataSet);
    await b.saveCreds();

    const b2 = await databaseAuthState(channelStateStore(db, 'wa-b'));
    expect(b2.hasSession()).toBe(false);
    for (const [type, entries] of Object.entries(everyKeyType())) {
      expect(await b2.state.keys.get(type as 'session', Object.keys(entries)), type).toEqual({});
    }
    await b2.clear();
    const a2 = await databaseAuthState(channelStateStore(db, 'wa-a'));
    expect(a2.state.creds.me?.id).toBe('5511111110000:1@s.whatsapp.net');
    expect(Object.keys(await a2.state.keys.get('lid-mapping', ['5511999990000']))).toEqual(['5511999990000']);
  });

  it('refuses stored creds that are not Baileys creds instead of starting a new session silently', async () => {
    const store = channelStateStore(db, 'wa1');
    await store.set({ [CREDS_TYPE]: { [CREDS_ID]: JSON.stringify({ noiseKey: 'broken' }) } });
    await expect(databaseAuthState(store)).rejects.toThrow(/unreadable/);
    // Buffers written without BufferJSON (plain JSON.stringify) do not revive: refused too.
    await store.set({ [CREDS_TYPE]: { [CREDS_ID]: JSON.stringify(initAuthCreds()) } });
    await expect(databaseAuthState(store)).rejects.toThrow(/unreadable/);
    // Creds as Baileys writes them pass.
    const fresh = initAuthCreds();
    await store.set({ [CREDS_TYPE]: { [CREDS_ID]: JSON.stringify(fresh, BufferJSON.replacer) } });
    expect((await databaseAuthState(store)).state.creds.advSecretKey).toBe(fresh.advSecretKey);
  });
});

/** A store whose writes wait until the test opens them, to hold a write in flight. */
function gated(inner: ChannelStateStore) {
  let opened = false;
  const held: (() => void)[] = [];
  const arrivals: (() => void)[] = [];
  let started = 0;
  const store = {
    get: inner.get,
    list: inner.list,
    clear: inner.clear,
    async set(data: Record<string, Record<string, string | null>>) {
      started++;
      arrivals.splice(0).forEach((r) => r());
      if (!opened) await new Promise<void>((r) => held.push(r));
      await inner.set(data);
    },
    get started() {
      return started;
    },
    arrived(n: number) {
      return new Promise<void>((resolve) => {
        const check = () => (started >= n ? resolve() : arrivals.push(check));
        check();
      });
    },
    openAll() {
      opened = true;
      held.splice(0).forEach((r) => r());
    },
  };
  return store;
}
