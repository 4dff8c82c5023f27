import { describe, expect, it } from 'vitest';
import { generateWAMessage } from 'baileys';
import type { AnyMessageContent, MiscMessageGenerationOptions, WAMessage } from 'baileys';
import { PermanentSendError, type OutboxItem } from '../contract.js';
import type { OutgoingMessage } from '../../../blocks/contract.js';
import { revokeItem, sendItem, type MessageSender } from './send.js';
import { SentMessages } from './sent-store.js';
import { ME } from './testing/messages.js';
import { memoryState } from '../testing/memory-state.js';


/** sendMessage as Baileys builds the message (generateWAMessage), recording what went out; `failAt` throws once at that call. */
function socket(failAt?: number): MessageSender & { calls: { jid: string; msg: WAMessage; options?: MiscMessageGenerationOptions }[] } {
  let n = 0;
  let failed = false;
  const calls: { jid: string; msg: WAMessage; options?: MiscMessageGenerationOptions }[] = [];
  return {
    calls,
    async sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions) {
      if (n === failAt && !failed) {
        failed = true;
        throw new Error('Connection Closed');
      }
      n++;
      const msg = await generateWAMessage(jid, content, { userJid: ME.id, upload: async () => ({ mediaUrl: 'x', directPath: '/x' }), ...options, messageId: `WA${n}` });
      calls.push({ jid, msg, options });
      return msg;
    },
  };
}

const choice: OutgoingMessage = { type: 'choice', text: 'Setor?', multiple: false, items: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] };
function item(message: OutgoingMessage, over: Partial<OutboxItem> = {}): OutboxItem {
  return { id: 1, channel: 'wa1', contactId: 'c1', conversationId: 'v1', to: { kind: 'lid', value: '201234567890123' }, message, blockId: null, author: 'bot', quotedExternalId: null, createdAt: '2026-12-04T12:00:00Z', attempts: 0, firstTry: false, ...over };
}
const render = { polls: true, splitLong: true, readFile: async () => null };

describe('sendItem', () => {
  it('sends every part to the contact, remembers the poll under its own id, and returns the first id', async () => {
    const sock = socket();
    const sent = new SentMessages(memoryState());
    const out = await sendItem(sock, item(choice), { sent, render });
    expect(out).toEqual({ externalId: 'WA1' });
    expect(sock.calls.map((c) => c.jid)).toEqual(['201234567890123@lid', '201234567890123@lid']);
    expect(sock.calls[1].msg.message?.pollCreationMessageV3).toBeTruthy();
    expect((await sent.poll('WA2'))?.itemIds).toEqual(['a', 'b']);
    expect(await sent.isOwn('WA1')).toBe(true);
  });

  it('a row retried after a failure midway does not send its first part again', async () => {
    const sock = socket(1);
    const sent = new SentMessages(memoryState());
    await expect(sendItem(sock, item(choice), { sent, render })).rejects.toThrow('Connection Closed');
    expect(sock.calls).toHaveLength(1);
    const out = await sendItem(sock, item(choice, { attempts: 1 }), { sent, render });
    expect(sock.calls).toHaveLength(2);
    expect(sock.calls[1].msg.message?.pollCreationMessageV3).toBeTruthy();
    expect(out).toEqual({ externalId: 'WA1' });
  });

  it("quotes on the first part: Ozia's own message with its content, a contact's by id", async () => {
    const sock = socket();
    const sent = new SentMessages(memoryState());
    await sendItem(sock, item({ type: 'text', text: 'primeira' }), { sent, render });
    await sendItem(sock, item({ type: 'text', text: 'resposta' }, { id: 2, quotedExternalId: 'WA1' }), { sent, render });
    const ctx = sock.calls[1].msg.message?.extendedTextMessage?.contextInfo;
    expect(ctx?.stanzaId).toBe('WA1');
    expect(ctx?.quotedMessage?.extendedTextMessage?.text).toBe('primeira');
    await sendItem(sock, item({ type: 'text', text: 'sobre isso' }, { id: 3, quotedExternalId: 'THEIRS' }), { sent, render });
    expect(sock.calls[2].msg.message?.extendedTextMessage?.contextInfo?.stanzaId).toBe('THEIRS');
  });

  it('a contact without a WhatsApp identity fails permanently', async () => {
    await expect(sendItem(socket(), item(choice, { to: null }), { sent: new SentMessages(memoryState()), render })).rejects.toBeInstanceOf(PermanentSendError);
    await expect(sendItem(socket(), item(choice, { to: { kind: 'visitor', value: 'v1' } }), { sent: new SentMessages(memoryState()), render })).rejects.toBeInstanceOf(
      PermanentSendError,
    );
  });

  it('revoking a row deletes every part it went out as', async () => {
    const sock = socket();
    const sent = new SentMessages(memoryState());
    const { externalId } = await sendItem(sock, item(choice), { sent, render });
    await revokeItem(sock, { kind: 'lid', value: '201234567890123' }, externalId!, sent);
    const deletes = sock.calls.slice(2).map((c) => c.msg.message?.protocolMessage?.key?.id);
    expect(deletes).toEqual(['WA1', 'WA2']);
  });
});
