import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { generateMessageIDV2, jidNormalizedUser, proto, WAMessageStatus, WAMessageStubType } from 'baileys';
import type { WAMessage } from 'baileys';
import type { InboundEvent, InboundMessageEvent } from '../contract.js';
import { normalizeLidMapping, normalizeUpdates, normalizeUpsert, undecryptableIdOf, type InboundContext, type MessageSettings } from './inbound.js';
import { baileysMediaDownloader, type MediaDownloader } from './media.js';
import type { PollRecord } from './poll-vote.js';
import { renderForWhatsApp } from './outbound.js';
import { ME, ciphertext, content, incoming, mediaContent, mediaServer, person, pollVote, statusUpdate, upsert, wire } from './testing/messages.js';

const ana = person({ pn: '5511987654321', lid: '201234567890123', name: 'Ana' });
const settings: MessageSettings = { ignoreGroups: true, ignoreBroadcasts: true, ignoreStatus: true, ignoreNewsletters: true, mediaMaxMb: 1 };
const clock = () => new Date('2026-12-04T15:00:00Z');

let server: Awaited<ReturnType<typeof mediaServer>>;
beforeAll(async () => {
  server = await mediaServer();
});
afterAll(() => server.close());

interface Harness {
  ctx: InboundContext;
  saved: { data: Buffer; mime: string; name?: string }[];
  downloads: number;
  logs: { level: string; message: string }[];
}

function harness(over: Partial<InboundContext> = {}, polls: Record<string, PollRecord> = {}): Harness {
  const h: Harness = { saved: [], downloads: 0, logs: [], ctx: undefined as never };
  const real = baileysMediaDownloader();
  const media: MediaDownloader = async (m, limits) => {
    h.downloads++;
    return real(m, limits);
  };
  h.ctx = {
    me: ME,
    settings,
    media,
    saveFile: async (data, mime, name) => {
      h.saved.push({ data, mime, name });
      return { id: `f${h.saved.length}`, url: `/api/files/f${h.saved.length}` };
    },
    clock,
    log: (level, message) => void h.logs.push({ level, message }),
    findPoll: (id) => polls[id] ?? null,
    ...over,
  };
  return h;
}

async function one(msg: WAMessage, h = harness(), type: 'notify' | 'append' = 'notify'): Promise<InboundEvent> {
  const events = await normalizeUpsert(upsert([msg], type), h.ctx);
  expect(events).toHaveLength(1);
  return events[0];
}

async function message(msg: WAMessage, h = harness(), type: 'notify' | 'append' = 'notify'): Promise<InboundMessageEvent> {
  const e = await one(msg, h, type);
  expect(e.type).toBe('message');
  return e as InboundMessageEvent;
}

describe('normalizeUpsert: texts and who sent them', () => {
  it('a plain conversation text from a LID-addressed contact carries both LID and phone identities', async () => {
    const e = await message(incoming(wire({ conversation: 'oi, tudo bem?' }), { from: ana, id: 'ID1', at: new Date('2026-12-04T14:59:00Z') }));
    expect(e).toMatchObject({ externalId: 'ID1', kind: 'text', reply: { text: 'oi, tudo bem?' }, at: '2026-12-04T14:59:00.000Z' });
    expect(e.from.identities).toEqual([
      { kind: 'lid', value: '201234567890123' },
      { kind: 'phone', value: '5511987654321' },
    ]);
    expect(e.from.phone).toBe('5511987654321');
    expect(e.from.name).toBe('Ana');
    expect(e.fromMe).toBeUndefined();
    expect(e.late).toBeUndefined();
  });

  it('a phone-addressed message with a sender LID gives the same two identities', async () => {
    const e = await message(incoming(wire({ conversation: 'x' }), { from: ana, addressing: 'pn' }));
    expect(e.from.identities).toEqual([
      { kind: 'lid', value: '201234567890123' },
      { kind: 'phone', value: '5511987654321' },
    ]);
  });

  it('extended text (how Baileys itself sends text) with a quote gives the quoted id', async () => {
    const built = await content({ text: 'sobre isso', contextInfo: { stanzaId: 'QUOTED1', participant: jidNormalizedUser(ME.id), quotedMessage: { conversation: 'olá' } } });
    expect(built.extendedTextMessage).toBeTruthy();
    const e = await message(incoming(built, { from: ana }));
    expect(e).toMatchObject({ kind: 'text', reply: { text: 'sobre isso' }, quotedExternalId: 'QUOTED1' });
  });

  it('ephemeral and view-once wrappers are unwrapped', async () => {
    const inner = { extendedTextMessage: { text: 'some em 7 dias' } };
    const e1 = await message(incoming(wire({ ephemeralMessage: { message: inner } }), { from: ana }));
    expect(e1.reply.text).toBe('some em 7 dias');
    const e2 = await message(incoming(wire({ viewOnceMessageV2: { message: { conversation: 'uma vez' } } }), { from: ana }));
    expect(e2.reply.text).toBe('uma vez');
  });

  it('a message the business wrote from its phone is fromMe, addressed to the contact, without the business name as the contact name', async () => {
    const e = await message(incoming(wire({ conversation: 'já te atendo' }), { from: ana, fromMe: true }));
    expect(e.fromMe).toBe(true);
    expect(e.from.identities.map((i) => i.value)).toEqual(['201234567890123', '5511987654321']);
    expect(e.from.name).toBeNull();
  });

  it("an echo of Ozia's own send is dropped; other phone messages are kept", async () => {
    const h = harness({ isOwnSend: (id) => id === 'OZIA1' });
    const events = await normalizeUpsert(
      upsert([incoming(wire({ conversation: 'bot' }), { from: ana, fromMe: true, id: 'OZIA1' }), incoming(wire({ conversation: 'humano' }), { from: ana, fromMe: true, id: 'PHONE1' })]),
      h.ctx,
    );
    expect(events.map((e) => (e as InboundMessageEvent).externalId)).toEqual(['PHONE1']);
  });

  it('a failing lookup costs only its own message, never the rest of the batch', async () => {
    const h = harness({ findPoll: () => Promise.reject(new Error('db down')), isOwnSend: () => Promise.reject(new Error('db down')) });
    const vote = pollVote({ pollId: 'P1', secret: randomBytes(32), labels: ['x'], voterJid: `${ana.lid}@lid` });
    const events = await normalizeUpsert(
      upsert([incoming(vote, { from: ana, id: 'V' }), incoming(wire({ conversation: 'do celular' }), { from: ana, fromMe: true, id: 'PH' })]),
      h.ctx,
    );
    expect(events.map((e) => (e as InboundMessageEvent).externalId)).toEqual(['PH']);
    expect(h.logs.map((l) => l.level)).toEqual(['error', 'warn']);
  });

  it('append (sent while Ozia was offline) marks messages late', async () => {
    const e = await message(incoming(wire({ conversation: 'enquanto offline' }), { from: ana }), harness(), 'append');
    expect(e.late).toBe(true);
  });

  it('groups, broadcasts, status and newsletters are ignored by default; groups pass when the switch is off', async () => {
    const group = incoming(wire({ conversation: 'no grupo' }), { from: ana, group: '120363000000000001@g.us' });
    const status = incoming(wire({ conversation: 'status' }), { from: ana, chat: 'status@broadcast' });
    const list = incoming(wire({ conversation: 'lista' }), { from: ana, chat: '1700000000@broadcast' });
    expect(await normalizeUpsert(upsert([group, status, list]), harness().ctx)).toEqual([]);
    const open = harness({ settings: { ...settings, ignoreGroups: false } });
    const [e] = (await normalizeUpsert(upsert([group]), open.ctx)) as InboundMessageEvent[];
    expect(e.reply.text).toBe('no grupo');
    expect(e.from.identities).toContainEqual({ kind: 'lid', value: '201234567890123' });
  });

  it("the account's own chat (message yourself) is not a contact", async () => {
    const self = incoming(wire({ conversation: 'nota' }), { from: { pn: '5511900000000', lid: '99000000000001' } });
    expect(await normalizeUpsert(upsert([self]), harness().ctx)).toEqual([]);
  });

  it('button, list, template and native-flow replies carry the clicked id and the shown text', async () => {
    const cases: [proto.IMessage, string, string][] = [
      [{ buttonsResponseMessage: { selectedButtonId: 'b2', selectedDisplayText: 'Opção 2', type: 1 } }, 'b2', 'Opção 2'],
      [{ listResponseMessage: { title: 'Linha 3', listType: 1, singleSelectReply: { selectedRowId: 'r3' } } }, 'r3', 'Linha 3'],
      [{ templateButtonReplyMessage: { selectedId: 't1', selectedDisplayText: 'Sim', selectedIndex: 0 } }, 't1', 'Sim'],
      [{ interactiveResponseMessage: { body: { text: 'Quero' }, nativeFlowResponseMessage: { name: 'quick_reply', paramsJson: '{"id":"n4"}', version: 3 } } }, 'n4', 'Quero'],
    ];
    for (const [c, id, text] of cases) {
      const e = await message(incoming(wire(c), { from: ana }));
      expect(e.reply).toEqual({ text, choiceIds: [id] });
    }
  });
});

describe('normalizeUpsert: media, places and cards', () => {
  const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4b40000000049454e44ae426082', 'hex');

  it('an image is downloaded at once (really decrypted), saved, and its caption is the text', async () => {
    const h = harness();
    const e = await message(incoming(await mediaContent({ image: png, caption: 'meu boleto', mimetype: 'image/png' }, server), { from: ana, id: 'IMG1' }), h);
    expect(h.saved).toHaveLength(1);
    expect(h.saved[0].data.equals(png)).toBe(true);
    expect(h.saved[0].mime).toBe('image/png');
    expect(e).toMatchObject({ kind: 'image', reply: { text: 'meu boleto', attachments: [{ fileId: 'f1', url: '/api/files/f1', kind: 'image', mime: 'image/png', size: png.length }] } });
    expect(e.unavailable).toBeUndefined();
  });

  it('a voice note is audio with voice: true; a document keeps its file name; a sticker is a sticker', async () => {
    const ogg = Buffer.concat([Buffer.from('OggS'), randomBytes(100)]);
    const voice = await message(incoming(await mediaContent({ audio: ogg, ptt: true, mimetype: 'audio/ogg; codecs=opus' }, server), { from: ana }));
    expect(voice).toMatchObject({ kind: 'audio', voice: true, reply: { attachments: [{ kind: 'audio', mime: 'audio/ogg' }] } });
    const pdf = Buffer.from('%PDF-1.4 fatura');
    const doc = await message(incoming(await mediaContent({ document: pdf, mimetype: 'application/pdf', fileName: 'fatura.pdf', caption: 'segue' }, server), { from: ana }));
    expect(doc).toMatchObject({ kind: 'document', reply: { text: 'segue', attachments: [{ name: 'fatura.pdf', mime: 'application/pdf' }] } });
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), randomBytes(20)]);
    const sticker = await message(incoming(await mediaContent({ sticker: webp }, server), { from: ana }));
    expect(sticker).toMatchObject({ kind: 'sticker', reply: { attachments: [{ kind: 'sticker', mime: 'image/webp' }] } });
  });

  it('an animated sticker inside its Lottie wrapper is downloaded like any sticker; an album header yields nothing', async () => {
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.alloc(4), Buffer.from('WEBP'), randomBytes(20)]);
    const h = harness();
    const inner = await mediaContent({ sticker: webp, isAnimated: true }, server);
    const e = await message(incoming(wire({ lottieStickerMessage: { message: inner } }), { from: ana }), h);
    expect(e).toMatchObject({ kind: 'sticker', reply: { attachments: [{ kind: 'sticker' }] } });
    expect(h.saved[0].data.equals(webp)).toBe(true);
    expect(await normalizeUpsert(upsert([incoming(wire({ albumMessage: { expectedImageCount: 2 } }), { from: ana })]), h.ctx)).toEqual([]);
  });

  it('a video and a round video note are videos; a live location is a location', async () => {
    const mp4 = Buffer.concat([Buffer.alloc(4), Buffer.from('ftypisom'), randomBytes(64)]);
    const v = await message(incoming(await mediaContent({ video: mp4, caption: 'olha', mimetype: 'video/mp4' }, server), { from: ana }));
    expect(v).toMatchObject({ kind: 'video', reply: { text: 'olha', attachments: [{ kind: 'video', mime: 'video/mp4', size: mp4.length }] } });
    const note = await mediaContent({ video: mp4, ptv: true, mimetype: 'video/mp4' }, server);
    expect(note.ptvMessage).toBeTruthy();
    expect(await message(incoming(note, { from: ana }))).toMatchObject({ kind: 'video', reply: { attachments: [{ kind: 'video' }] } });
    const live = await message(incoming(wire({ liveLocationMessage: { degreesLatitude: -22.9, degreesLongitude: -43.2 } }), { from: ana }));
    expect(live).toMatchObject({ kind: 'location', reply: { location: { latitude: -22.9, longitude: -43.2 } } });
  });

  it('a batch keeps its order whatever each message costs (media downloads in the middle)', async () => {
    const img = await mediaContent({ image: png, mimetype: 'image/png' }, server);
    const events = (await normalizeUpsert(
      upsert([incoming(wire({ conversation: 'um' }), { from: ana, id: 'O1' }), incoming(img, { from: ana, id: 'O2' }), incoming(wire({ conversation: 'três' }), { from: ana, id: 'O3' })]),
      harness().ctx,
    )) as InboundMessageEvent[];
    expect(events.map((e) => [e.externalId, e.kind])).toEqual([
      ['O1', 'text'],
      ['O2', 'image'],
      ['O3', 'text'],
    ]);
  });

  it('a document with caption wrapper is unwrapped', async () => {
    const doc = await mediaContent({ document: Buffer.from('%PDF-1.4'), mimetype: 'application/pdf', fileName: 'a.pdf', caption: 'legenda' }, server);
    const e = await message(incoming(wire({ documentWithCaptionMessage: { message: doc } }), { from: ana }));
    expect(e).toMatchObject({ kind: 'document', reply: { text: 'legenda', attachments: [{ name: 'a.pdf' }] } });
  });

  it('a file over the limit declared by WhatsApp is not downloaded: a placeholder says why, the caption stays', async () => {
    const h = harness();
    const img = await mediaContent({ image: png, caption: 'grande' }, server);
    img.imageMessage!.fileLength = 5 * 1024 * 1024;
    const e = await message(incoming(img, { from: ana }), h);
    expect(h.downloads).toBe(0);
    expect(h.saved).toHaveLength(0);
    expect(e).toMatchObject({ kind: 'image', reply: { text: 'grande' }, unavailable: { reason: 'too_large' } });
    expect(e.reply.attachments).toBeUndefined();
  });

  it('a file that turns out larger than declared is stopped while streaming', async () => {
    const h = harness();
    const big = Buffer.concat([Buffer.from('%PDF-1.4'), randomBytes(1024 * 1024 + 10)]);
    const doc = await mediaContent({ document: big, mimetype: 'application/pdf', fileName: 'b.pdf' }, server);
    doc.documentMessage!.fileLength = 100; // lies
    const e = await message(incoming(doc, { from: ana }), h);
    expect(h.downloads).toBe(1);
    expect(h.saved).toHaveLength(0);
    expect(e.unavailable).toEqual({ reason: 'too_large' });
  });

  it('a download failure or a refused file still stores the message, with the reason', async () => {
    const failing = harness({ media: async () => Promise.reject(new Error('ECONNRESET')) });
    const img = await mediaContent({ image: png }, server);
    expect((await message(incoming(img, { from: ana }), failing)).unavailable).toEqual({ reason: 'download_failed' });
    const refused = harness({ saveFile: async () => Promise.reject(new Error('file: the content is not image/jpeg')) });
    expect((await message(incoming(img, { from: ana }), refused)).unavailable).toEqual({ reason: 'not_saved' });
  });

  it('a location carries coordinates, name and address', async () => {
    const built = await content({ location: { degreesLatitude: -23.55, degreesLongitude: -46.63, name: 'Loja Centro', address: 'Rua A, 1' } });
    const e = await message(incoming(built, { from: ana }));
    expect(e).toMatchObject({ kind: 'location', reply: { text: '', location: { latitude: -23.55, longitude: -46.63, name: 'Loja Centro', address: 'Rua A, 1' } } });
  });

  it('contact cards are parsed from their vCards (waid preferred, folded lines, several cards)', async () => {
    const vcard = 'BEGIN:VCARD\r\nVERSION:3.0\r\nN:Silva;João;;;\r\nFN:João\r\n  Silva\r\nitem1.TEL;type=CELL;type=VOICE;waid=5511912345678:+55 11 91234-5678\r\nTEL;type=WORK:+55 (11) 3333-4444\r\nEND:VCARD';
    const one = await message(incoming(await content({ contacts: { displayName: 'João', contacts: [{ vcard }] } }), { from: ana }));
    expect(one).toMatchObject({ kind: 'contact', contacts: [{ name: 'João Silva', phones: ['5511912345678', '551133334444'] }] });
    const two = await content({
      contacts: {
        displayName: '2 contatos',
        contacts: [
          { displayName: 'Maria', vcard: 'BEGIN:VCARD\nVERSION:3.0\nTEL;waid=5521999990000:+55 21 99999-0000\nEND:VCARD' },
          { vcard: 'BEGIN:VCARD\nVERSION:3.0\nFN:Pedro\nEND:VCARD' },
        ],
      },
    });
    expect(two.contactsArrayMessage).toBeTruthy();
    const e = await message(incoming(two, { from: ana }));
    expect(e.contacts).toEqual([
      { name: 'Maria', phones: ['5521999990000'] },
      { name: 'Pedro', phones: [] },
    ]);
  });

  it('content Ozia does not understand is kept as unsupported, naming what it was', async () => {
    const e = await message(incoming(wire({ eventMessage: { name: 'Festa', startTime: 1 } }), { from: ana }));
    expect(e).toMatchObject({ kind: 'unsupported', what: 'eventMessage' });
  });
});

describe('normalizeUpsert: reactions, edits, deletions, undecryptable', () => {
  it('a reaction (and its removal) names the message reacted to', async () => {
    const target = { remoteJid: jidNormalizedUser(ME.id), fromMe: false, id: 'OUT1' };
    const r = await one(incoming(await content({ react: { text: '👍', key: target } }), { from: ana }));
    expect(r).toMatchObject({ type: 'reaction', externalId: 'OUT1', emoji: '👍' });
    const removed = await one(incoming(await content({ react: { text: '', key: target } }), { from: ana }));
    expect(removed).toMatchObject({ type: 'reaction', externalId: 'OUT1', emoji: '' });
  });

  it('an edit (protocol message, as Baileys builds it) gives the new text of the original id', async () => {
    const built = await content({ text: 'texto corrigido', edit: { remoteJid: `${ana.lid}@lid`, fromMe: true, id: 'ORIG1' } });
    expect(built.protocolMessage?.type).toBe(proto.Message.ProtocolMessage.Type.MESSAGE_EDIT);
    const e = await one(incoming(built, { from: ana }));
    expect(e).toMatchObject({ type: 'edit', externalId: 'ORIG1', text: 'texto corrigido' });
    // WhatsApp also wraps edits in editedMessage
    const wrapped = await one(incoming(wire({ editedMessage: { message: built } }), { from: ana }));
    expect(wrapped).toMatchObject({ type: 'edit', externalId: 'ORIG1', text: 'texto corrigido' });
  });

  it('an edit folded by the event buffer into its original (same flush) is not applied twice', async () => {
    const edit = await content({ text: 'novo', edit: { remoteJid: `${ana.lid}@lid`, fromMe: true, id: 'ORIG2' } });
    const original = incoming(wire({ editedMessage: { message: { conversation: 'novo' } } }), { from: ana, id: 'ORIG2' });
    const events = await normalizeUpsert(upsert([original, incoming(edit, { from: ana })]), harness().ctx);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'message', externalId: 'ORIG2', reply: { text: 'novo' } });
  });

  it('delete for everyone gives a DeleteEvent of the deleted id, also when folded into the original', async () => {
    // The sender names its own message: fromMe from its side.
    const built = await content({ delete: { remoteJid: jidNormalizedUser(ME.lid), fromMe: true, id: 'GONE1' } });
    expect(await one(incoming(built, { from: ana }))).toMatchObject({ type: 'delete', externalId: 'GONE1' });
    const folded = incoming(null, { from: ana, id: 'GONE2' });
    folded.messageStubType = WAMessageStubType.REVOKE;
    expect(await one(folded)).toMatchObject({ type: 'delete', externalId: 'GONE2' });
  });

  it("a deletion or edit naming someone else's message (forged in a one-to-one chat) is ignored", async () => {
    const h = harness();
    const revoke = await content({ delete: { remoteJid: jidNormalizedUser(ME.lid), fromMe: false, id: 'OZIA_SENT' } });
    const edit = await content({ text: 'hackeado', edit: { remoteJid: jidNormalizedUser(ME.lid), fromMe: false, id: 'OZIA_SENT' } });
    expect(await normalizeUpsert(upsert([incoming(revoke, { from: ana }), incoming(edit, { from: ana })]), h.ctx)).toEqual([]);
    expect(h.logs.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('view-once media (never given to linked devices) is shown as unsupported, not as undecryptable', async () => {
    const msg = incoming(null, { from: ana });
    msg.key.isViewOnce = true;
    expect(await message(msg)).toMatchObject({ kind: 'unsupported', what: 'viewOnce' });
  });

  it('a message that could not be decrypted is shown as such, under an id the real message will not collide with', async () => {
    const e = await message(ciphertext({ from: ana, id: 'BAD1' }, 'No matching sessions found for message'));
    expect(e).toMatchObject({ externalId: 'BAD1#undecryptable', kind: 'undecryptable', unavailable: { reason: 'undecryptable: No matching sessions found for message' } });
    expect(undecryptableIdOf('BAD1')).toBe(e.externalId);
    const real = await message(incoming(wire({ conversation: 'agora vai' }), { from: ana, id: 'BAD1' }));
    expect(real.externalId).toBe('BAD1');
  });

  it('protocol noise and group notices yield nothing', async () => {
    const history = incoming(wire({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.EPHEMERAL_SETTING, ephemeralExpiration: 86400 } }), { from: ana });
    const skdm = incoming(wire({ senderKeyDistributionMessage: { groupId: 'x', axolotlSenderKeyDistributionMessage: new Uint8Array([1]) } }), { from: ana });
    const notice = incoming(null, { from: ana });
    notice.messageStubType = WAMessageStubType.CALL_MISSED_VOICE;
    expect(await normalizeUpsert(upsert([history, skdm, notice]), harness().ctx)).toEqual([]);
  });
});

describe('normalizeUpsert: poll votes', () => {
  async function sentPoll() {
    const [, pollPart] = await renderForWhatsApp(
      { type: 'choice', text: 'Qual plano?', multiple: false, items: [{ id: 'basic', label: 'Básico' }, { id: 'pro', label: 'Profissional' }, { id: 'max', label: 'Máximo' }] },
      { polls: true, splitLong: true, readFile: async () => null },
    );
    const pollId = generateMessageIDV2();
    return { pollId, record: pollPart.poll!, secret: Buffer.from(pollPart.poll!.secret, 'base64') };
  }

  it('a vote encrypted as WhatsApp does decrypts and selects option 2 (LID-signed)', async () => {
    const { pollId, record, secret } = await sentPoll();
    const vote = pollVote({ pollId, secret, labels: ['Profissional'], voterJid: `${ana.lid}@lid`, creatorJid: jidNormalizedUser(ME.lid) });
    const e = await message(incoming(vote, { from: ana, id: 'VOTE1' }), harness({}, { [pollId]: record }));
    expect(e).toMatchObject({ externalId: 'VOTE1', kind: 'text', reply: { text: 'Profissional', choiceIds: ['pro'] } });
  });

  it('a vote signed with phone JIDs decrypts too', async () => {
    const { pollId, record, secret } = await sentPoll();
    const vote = pollVote({ pollId, secret, labels: ['Profissional'], voterJid: `${ana.pn}@s.whatsapp.net` });
    const e = await message(incoming(vote, { from: ana }), harness({}, { [pollId]: record }));
    expect(e.reply.choiceIds).toEqual(['pro']);
  });

  it('a vote under the wrong secret, on an unknown poll, or withdrawn answers nothing', async () => {
    const { pollId, record } = await sentPoll();
    const forged = pollVote({ pollId, secret: randomBytes(32), labels: ['Profissional'], voterJid: `${ana.lid}@lid` });
    const h = harness({}, { [pollId]: record });
    expect(await normalizeUpsert(upsert([incoming(forged, { from: ana })]), h.ctx)).toEqual([]);
    expect(h.logs.some((l) => l.level === 'warn')).toBe(true);
    const unknown = pollVote({ pollId: 'OTHER', secret: randomBytes(32), labels: ['x'], voterJid: `${ana.lid}@lid` });
    expect(await normalizeUpsert(upsert([incoming(unknown, { from: ana })]), h.ctx)).toEqual([]);
    const withdrawn = pollVote({ pollId, secret: Buffer.from(record.secret, 'base64'), labels: [], voterJid: `${ana.lid}@lid` });
    expect(await normalizeUpsert(upsert([incoming(withdrawn, { from: ana })]), h.ctx)).toEqual([]);
  });
});

describe('normalizeUpdates and normalizeLidMapping', () => {
  it("maps WhatsApp's receipt numbers to sent, delivered, read and failed with the reason", () => {
    const events = normalizeUpdates(
      [
        statusUpdate('A', ana, WAMessageStatus.SERVER_ACK),
        statusUpdate('A', ana, WAMessageStatus.DELIVERY_ACK),
        statusUpdate('A', ana, WAMessageStatus.READ),
        statusUpdate('B', ana, WAMessageStatus.PLAYED),
        statusUpdate('C', ana, WAMessageStatus.ERROR, '479'),
        statusUpdate('D', ana, WAMessageStatus.PENDING),
      ],
      { clock },
    );
    expect(events.map((e) => [e.externalId, e.status, e.error])).toEqual([
      ['A', 'sent', undefined],
      ['A', 'delivered', undefined],
      ['A', 'read', undefined],
      ['B', 'read', undefined],
      ['C', 'failed', '479'],
    ]);
    expect(events[0].at).toBe('2026-12-04T15:00:00.000Z');
    const [read] = normalizeUpdates([{ ...statusUpdate('E', ana, WAMessageStatus.READ), update: { status: WAMessageStatus.READ, messageTimestamp: 1796396400 } }], { clock });
    expect(read.at).toBe(new Date(1796396400 * 1000).toISOString());
  });

  it("ignores updates of the contact's messages and non-status updates", () => {
    const theirs = { key: { remoteJid: `${ana.lid}@lid`, id: 'X', fromMe: false }, update: { status: WAMessageStatus.READ } };
    const revoke = { key: { remoteJid: `${ana.lid}@lid`, id: 'Y', fromMe: true }, update: { message: null, messageStubType: WAMessageStubType.REVOKE } };
    expect(normalizeUpdates([theirs, revoke], { clock })).toEqual([]);
  });

  it('lid-mapping.update links the LID and the phone of one person, never the account itself', () => {
    expect(normalizeLidMapping({ lid: '201234567890123@lid', pn: '5511987654321@s.whatsapp.net' }, { me: ME })).toEqual({
      type: 'link',
      identities: [
        { kind: 'lid', value: '201234567890123' },
        { kind: 'phone', value: '5511987654321' },
      ],
    });
    expect(normalizeLidMapping({ lid: '201234567890123:4@lid', pn: '5511987654321:4@s.whatsapp.net' }, { me: ME })?.identities[0].value).toBe('201234567890123');
    expect(normalizeLidMapping({ lid: '99000000000001@lid', pn: '5511900000000@s.whatsapp.net' }, { me: ME })).toBeNull();
    expect(normalizeLidMapping({ lid: 'x@g.us', pn: '5511@s.whatsapp.net' }, { me: ME })).toBeNull();
  });
});
