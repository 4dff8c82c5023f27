// A choice sent by WhatsApp and answered three ways — the vote, "2", and the option's text —
// selects the same option through the blocks' own matcher.
import { describe, expect, it } from 'vitest';
import { generateWAMessageFromContent, generateMessageIDV2, jidNormalizedUser, proto } from 'baileys';
import { matchReply } from '../../../blocks/shared/choice.js';
import type { InboundMessageEvent } from '../contract.js';
import { normalizeUpsert, type InboundContext } from './inbound.js';
import { quotedMessage, renderForWhatsApp } from './outbound.js';
import { ME, content, incoming, pollVote, upsert, wire } from './testing/messages.js';

const bia = { pn: '5521988887777', lid: '301234567890123', name: 'Bia' };
const items = [
  { id: 'suporte', label: 'Suporte' },
  { id: 'financeiro', label: 'Financeiro' },
  { id: 'vendas', label: 'Vendas' },
];

describe('a WhatsApp choice answered by vote, number or text', () => {
  it('all three select option 2', async () => {
    const parts = await renderForWhatsApp({ type: 'choice', text: 'Setor?', multiple: false, items }, { polls: true, splitLong: true, readFile: async () => null });
    const poll = parts.find((p) => p.poll)!;
    // What the adapter does after sending: keep the record under the id WhatsApp gave the poll.
    const pollId = generateMessageIDV2();
    const stored = { [pollId]: poll.poll! };
    const ctx: InboundContext = {
      me: ME,
      settings: { ignoreGroups: true, ignoreBroadcasts: true, ignoreStatus: true, ignoreNewsletters: true, mediaMaxMb: 16 },
      media: async () => Promise.reject(new Error('no media here')),
      saveFile: async () => Promise.reject(new Error('no media here')),
      clock: () => new Date('2026-12-04T15:00:00Z'),
      log: () => {},
      findPoll: (id) => stored[id] ?? null,
    };
    const vote = pollVote({ pollId, secret: Buffer.from(poll.poll!.secret, 'base64'), labels: ['Financeiro'], voterJid: `${bia.lid}@lid`, creatorJid: jidNormalizedUser(ME.lid) });
    const events = (await normalizeUpsert(
      upsert([incoming(vote, { from: bia }), incoming(wire({ conversation: '2' }), { from: bia }), incoming(await content({ text: 'financeiro' }), { from: bia })]),
      ctx,
    )) as InboundMessageEvent[];
    expect(events).toHaveLength(3);
    for (const e of events) expect(matchReply(e.reply, items, false)?.map((i) => i.id)).toEqual(['financeiro']);
  });

  it('a quote built with quotedMessage() reaches WhatsApp as the quoted id and text', () => {
    const chat = `${bia.lid}@lid`;
    const msg = generateWAMessageFromContent(chat, proto.Message.create({ extendedTextMessage: { text: 'respondendo' } }), {
      userJid: ME.id,
      quoted: quotedMessage(chat, 'THEIRS1', { fromMe: false, text: 'qual o prazo?' }),
    });
    const ctx = msg.message?.extendedTextMessage?.contextInfo;
    expect(ctx?.stanzaId).toBe('THEIRS1');
    expect(ctx?.participant).toBe(chat);
    expect(ctx?.quotedMessage?.conversation).toBe('qual o prazo?');
  });
});
