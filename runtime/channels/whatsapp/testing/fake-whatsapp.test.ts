// The fake is what every WhatsApp test and the e2e suite stand on: these check it keeps
// Baileys' shapes, so a green test over the fake means something for the real socket.
import { downloadMediaMessage, proto, type BaileysEventMap } from 'baileys';
import { describe, expect, it } from 'vitest';
import { whatsappSettings } from '../settings.js';
import type { SocketOptions } from '../socket-port.js';
import { FakeSocketFactory } from './fake-factory.js';
import { silentLogger, type FakeWhatsApp } from './fake-whatsapp.js';
import { ManualTimers, settle } from './manual-timers.js';
import { memoryAuthState } from './memory-auth.js';

function options(auth = memoryAuthState()): SocketOptions {
  return {
    auth: auth.state,
    logger: silentLogger,
    settings: whatsappSettings.parse({}),
    shouldIgnoreJid: () => false,
    getMessage: async () => undefined,
    qrTimeoutMs: 45_000,
    scope: new Map(),
  };
}

function record<E extends keyof BaileysEventMap>(sock: FakeWhatsApp, event: E) {
  const got: BaileysEventMap[E][] = [];
  sock.ev.on(event, (d) => got.push(d));
  return got;
}

async function openSocket(fakes = new FakeSocketFactory({ timers: new ManualTimers() })) {
  const auth = memoryAuthState();
  const first = await fakes.create(options(auth));
  await settle();
  const unpaired = fakes.latest;
  await unpaired.scan();
  await fakes.create(options(auth));
  await settle();
  expect(first).toBe(unpaired);
  return { fakes, sock: fakes.latest, auth };
}

describe('FakeWhatsApp', () => {
  it('pairs like the real server: QR, creds with me and account, close 515; the next socket logs in', async () => {
    const fakes = new FakeSocketFactory({ timers: new ManualTimers() });
    const auth = memoryAuthState();
    await fakes.create(options(auth));
    const sock = fakes.latest;
    const conn = record(sock, 'connection.update');
    const creds = record(sock, 'creds.update');
    await settle();
    expect(conn[0]).toEqual({ connection: 'connecting', receivedPendingNotifications: false, qr: undefined });
    expect(conn[1].qr?.split(',')).toHaveLength(4);

    await sock.scan();
    expect(creds[0].me).toEqual({ id: '5511999990001:10@s.whatsapp.net', name: 'Loja Ozia', lid: '187654321098765:10@lid' });
    expect(creds[0].account?.details).toBeInstanceOf(Uint8Array);
    expect(auth.state.creds.me?.id).toBe('5511999990001:10@s.whatsapp.net');
    const close = conn[conn.length - 1];
    expect(close.connection).toBe('close');
    expect(close.lastDisconnect?.error).toMatchObject({ isBoom: true, output: { statusCode: 515 }, message: 'Stream Errored (restart required)' });
    expect(sock.closed).toBe(true);

    await fakes.create(options(auth));
    const next = fakes.latest;
    const conn2 = record(next, 'connection.update');
    await settle();
    expect(conn2.map((u) => u.connection)).toEqual(['connecting', 'open', undefined]);
    expect(conn2[2]).toEqual({ receivedPendingNotifications: true });
    expect(next.qrShown).toBe(0);
  });

  it('rotates QRs every qrTimeoutMs and ends with 408 when the refs run out', async () => {
    const timers = new ManualTimers();
    const fakes = new FakeSocketFactory({ timers, qrRefs: 3 });
    await fakes.create(options());
    const sock = fakes.latest;
    const conn = record(sock, 'connection.update');
    await timers.advance(45_000 * 3);
    expect(conn.filter((u) => u.qr)).toHaveLength(3);
    expect(conn[conn.length - 1].lastDisconnect?.error).toMatchObject({ output: { statusCode: 408 } });
  });

  it('sends with Baileys-generated messages and ids, acks with real proto statuses', async () => {
    const { sock } = await openSocket();
    const updates = record(sock, 'messages.update');
    const msg = await sock.sendMessage('5511988887777@s.whatsapp.net', { text: 'Olá *mundo*' });
    expect(msg?.key).toMatchObject({ remoteJid: '5511988887777@s.whatsapp.net', fromMe: true });
    expect(msg?.key.id).toMatch(/^3EB0[0-9A-F]{18}$/);
    expect(msg?.message?.extendedTextMessage?.text ?? msg?.message?.conversation).toBe('Olá *mundo*');
    expect(sock.sent).toHaveLength(1);
    await settle();
    expect(updates).toEqual([[{ key: msg!.key, update: { status: proto.WebMessageInfo.Status.SERVER_ACK } }]]);
    sock.ack(msg!.key.id!, 'delivered');
    sock.ack(msg!.key.id!, 'read');
    expect(updates.slice(1).map((u) => u[0].update.status)).toEqual([proto.WebMessageInfo.Status.DELIVERY_ACK, proto.WebMessageInfo.Status.READ]);
  });

  it('builds polls and media with Baileys, the uploaded bytes decrypt to the original', async () => {
    const { sock } = await openSocket(new FakeSocketFactory({ timers: new ManualTimers(), autoAck: 'none' }));
    const poll = await sock.sendMessage('5511988887777@s.whatsapp.net', { poll: { name: 'Escolha', values: ['A', 'B'], selectableCount: 1 } });
    expect(poll?.message?.pollCreationMessageV3?.options?.map((o) => o.optionName)).toEqual(['A', 'B']);
    const image = Buffer.from('not really a jpeg, but bytes');
    const sent = await sock.sendMessage('5511988887777@s.whatsapp.net', { image, caption: 'foto', mimetype: 'image/jpeg' });
    expect(sent?.message?.imageMessage?.caption).toBe('foto');
    expect(sock.uploads).toHaveLength(1);
    expect(sock.uploads[0].data.equals(image)).toBe(false);
    // serve the "uploaded" ciphertext back and let Baileys decrypt it
    const enc = sock.uploads[0].data;
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async () => new Response(new Uint8Array(enc))) as typeof fetch;
    try {
      const plain = await downloadMediaMessage(sent!, 'buffer', {});
      expect(Buffer.compare(plain as Buffer, image)).toBe(0);
    } finally {
      globalThis.fetch = realFetch;
    }
  });

  it('refuses to send when not open, like a socket that is not connected', async () => {
    const fakes = new FakeSocketFactory({ timers: new ManualTimers() });
    await fakes.create(options());
    await expect(fakes.latest.sendMessage('5511988887777@s.whatsapp.net', { text: 'x' })).rejects.toMatchObject({ output: { statusCode: 428 } });
    const { sock } = await openSocket();
    sock.failNextSend(new Error('not on WhatsApp'));
    await expect(sock.sendMessage('5511988887777@s.whatsapp.net', { text: 'x' })).rejects.toThrow('not on WhatsApp');
    await expect(sock.sendMessage('5511988887777@s.whatsapp.net', { text: 'y' })).resolves.toBeTruthy();
  });

  it('inbound messages have Baileys 7 keys: LID chat with the phone as remoteJidAlt', async () => {
    const { sock } = await openSocket();
    const upserts = record(sock, 'messages.upsert');
    sock.receiveText({ lid: '99887766554433', pn: '5511988887777', name: 'Ana' }, 'oi', { id: 'ABC', at: new Date(Date.UTC(2026, 0, 5)) });
    sock.receiveText({ pn: '5511977776666' }, 'tarde', { type: 'append' });
    expect(upserts[0].type).toBe('notify');
    expect(upserts[0].messages[0]).toMatchObject({
      key: { remoteJid: '99887766554433@lid', remoteJidAlt: '5511988887777@s.whatsapp.net', fromMe: false, id: 'ABC', addressingMode: 'lid' },
      messageTimestamp: Date.UTC(2026, 0, 5) / 1000,
      pushName: 'Ana',
      message: { conversation: 'oi' },
    });
    expect(upserts[0].messages[0].message).toBeInstanceOf(proto.Message);
    expect(upserts[1]).toMatchObject({ type: 'append', messages: [{ key: { remoteJid: '5511977776666@s.whatsapp.net', addressingMode: 'pn' } }] });
  });

  it('pairing code like Baileys: provisional me in creds, an 8-character code', async () => {
    const fakes = new FakeSocketFactory({ timers: new ManualTimers() });
    const auth = memoryAuthState();
    await fakes.create(options(auth));
    await settle();
    const code = await fakes.latest.requestPairingCode('5511988887777');
    expect(code).toMatch(/^[0-9A-Z]{8}$/);
    expect(auth.state.creds.me).toEqual({ id: '5511988887777@s.whatsapp.net', name: '~' });
    expect(auth.state.creds.pairingCode).toBe(code);
    await expect(fakes.latest.requestPairingCode('5511988887777', 'SHORT')).rejects.toThrow(/8 chars/);
  });

  it('keepalive frames stop when silent; lid map answers like signalRepository.lidMapping', async () => {
    const timers = new ManualTimers();
    const { sock } = await openSocket(new FakeSocketFactory({ timers }));
    let frames = 0;
    sock.ws.on('frame', () => frames++);
    await timers.advance(90_000);
    expect(frames).toBe(3);
    sock.goSilent();
    await timers.advance(90_000);
    expect(frames).toBe(3);
    expect(await sock.signalRepository.lidMapping.getPNForLID('187654321098765:10@lid')).toBe('5511999990001@s.whatsapp.net');
    expect(await sock.signalRepository.lidMapping.getLIDForPN('5511999990001@s.whatsapp.net')).toBe('187654321098765@lid');
  });
});
