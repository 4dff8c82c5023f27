import { Boom } from '@hapi/boom';
import { initAuthCreds, makeCacheableSignalKeyStore, proto } from 'baileys';
import { describe, expect, it } from 'vitest';
import { createWhatsAppLogger, REDACTED } from './logger.js';

function capture() {
  const lines: { level: string; message: string; data: Record<string, unknown> }[] = [];
  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) =>
    lines.push({ level, message, data: data ?? {} });
  return { lines, log, text: () => JSON.stringify(lines) };
}

const creds = initAuthCreds();
const secretB64 = Buffer.from(creds.noiseKey.private).toString('base64');
const mediaKey = Buffer.from('0123456789abcdef0123456789abcdef');

describe('createWhatsAppLogger', () => {
  it('redacts credentials, keys, QR data and message content at info, keeping what an operator needs', () => {
    const { lines, log, text } = capture();
    const logger = createWhatsAppLogger(log, { bindings: { channel: 'wa-1' } }).child({ class: 'baileys' });
    logger.info(
      {
        creds,
        noiseKeyB64: undefined,
        advSecretKey: creds.advSecretKey,
        qr: '2@ref,abc,def,ghi',
        key: { remoteJid: '5511988887777@s.whatsapp.net', id: '3EB0ABC', fromMe: false },
        msg: {
          message: { conversation: 'my card is 4111 1111 1111 1111' },
        },
        imageMessage: { caption: 'private photo', mediaKey, url: 'https://mmg.whatsapp.net/x' },
        text: 'hello secret',
        pairingCode: 'ABCD1234',
      },
      'received message',
    );
    const out = text();
    expect(out).not.toContain(secretB64);
    expect(out).not.toContain(creds.advSecretKey);
    expect(out).not.toContain('4111 1111');
    expect(out).not.toContain('private photo');
    expect(out).not.toContain('hello secret');
    expect(out).not.toContain('ABCD1234');
    expect(out).not.toContain('2@ref');
    expect(out).not.toContain(mediaKey.toString('base64'));
    expect(lines[0]).toMatchObject({
      level: 'info',
      message: 'received message',
      data: {
        channel: 'wa-1',
        class: 'baileys',
        creds: REDACTED,
        qr: REDACTED,
        key: { remoteJid: '5511988887777@s.whatsapp.net', id: '3EB0ABC', fromMe: false },
        imageMessage: { caption: REDACTED, mediaKey: REDACTED, url: 'https://mmg.whatsapp.net/x' },
      },
    });
  });

  it('bytes never reach the log, at any level', () => {
    const { log, text } = capture();
    const logger = createWhatsAppLogger(log, { level: 'trace' });
    const bytes = Buffer.from('very secret session record');
    logger.debug({ whatever: bytes, nested: { deeper: new Uint8Array(bytes) } }, 'x');
    logger.trace({ whatever: bytes }, 'y');
    expect(text()).not.toContain('very secret');
    expect(text()).not.toContain(bytes.toString('base64'));
    expect(text()).toContain(`[${bytes.length} bytes]`);
  });

  it('debug keeps message text for a developer but still hides keys', () => {
    const { lines, log } = capture();
    const logger = createWhatsAppLogger(log, { level: 'debug' });
    logger.debug({ text: 'hello', creds }, 'sending');
    expect(lines[0].level).toBe('debug');
    expect(lines[0].data).toEqual({ text: 'hello', creds: REDACTED });
  });

  it('drops lines below the level, shared with children and changeable at run time', () => {
    const { lines, log } = capture();
    const root = createWhatsAppLogger(log);
    const child = root.child({ a: 1 });
    child.debug('hidden');
    child.trace({ x: 1 }, 'hidden');
    expect(lines).toHaveLength(0);
    root.level = 'debug';
    expect(child.level).toBe('debug');
    child.debug('shown');
    expect(lines).toEqual([{ level: 'debug', message: 'shown', data: { a: 1 } }]);
  });

  it('keeps the close code of a Boom and redacts the stanza it carries', () => {
    const { lines, log, text } = capture();
    const logger = createWhatsAppLogger(log);
    const err = new Boom('Stream Errored (conflict)', { statusCode: 440, data: { tag: 'conflict', attrs: { type: 'replaced' }, content: Buffer.from('x') } });
    logger.error({ err }, 'stream errored out');
    logger.error(err);
    expect(lines[0].data.err).toMatchObject({ message: 'Stream Errored (conflict)', statusCode: 440, data: { tag: 'conflict', attrs: { type: 'replaced' } } });
    expect(lines[1]).toMatchObject({ level: 'error', message: 'Stream Errored (conflict)', data: { err: { statusCode: 440 } } });
    expect(text()).not.toContain('"content":"x"');
  });

  it('maps warn/error/fatal to host levels, and survives cycles and a throwing sink', () => {
    const { lines, log } = capture();
    const logger = createWhatsAppLogger(log);
    const a: Record<string, unknown> = { id: 1 };
    a.self = a;
    logger.warn(a, 'cyclic');
    logger.fatal({}, 'dead');
    expect(lines.map((l) => l.level)).toEqual(['warn', 'error']);
    expect(lines[0].data).toEqual({ id: 1, self: '[circular]' });
    expect(lines[1].data).toEqual({ fatal: true });
    const throwing = createWhatsAppLogger(() => {
      throw new Error('sink down');
    });
    expect(() => throwing.error('x')).not.toThrow();
  });

  it('works as the logger Baileys itself uses (key store over it), nothing secret logged', async () => {
    const { lines, log, text } = capture();
    const logger = createWhatsAppLogger(log, { level: 'trace' });
    const store = new Map<string, unknown>();
    const keys = makeCacheableSignalKeyStore(
      {
        get: async (_type, ids) => Object.fromEntries(ids.filter((id) => store.has(id)).map((id) => [id, store.get(id)])) as never,
        set: async (data) => {
          for (const entries of Object.values(data)) for (const [id, v] of Object.entries(entries ?? {})) store.set(id, v);
        },
      },
      logger,
    );
    const keyData = proto.Message.AppStateSyncKeyData.fromObject({ keyData: Buffer.from('app state key bytes') });
    await keys.set({ 'app-state-sync-key': { k1: keyData }, session: { 's1': Buffer.from('session record bytes') } });
    await keys.get('session', ['s1', 's2']);
    expect(lines.map((l) => l.message)).toContain('updated cache');
    expect(text()).not.toContain('session record bytes');
    expect(text()).not.toContain('app state key bytes');
  });
});
