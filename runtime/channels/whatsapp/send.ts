// One outbox row out through a socket's `sendMessage`: rendered into parts, sent in order, each
// part remembered as WhatsApp accepted it. No socket lifecycle here: the adapter passes the live
// socket (or anything with its `sendMessage`).
import type { AnyMessageContent, MiscMessageGenerationOptions, WAMessage } from 'baileys';
import { PermanentSendError, type Identity, type OutboxItem } from '../contract.js';
import { jidOf } from './jid.js';
import { quotedMessage, renderForWhatsApp, type RenderOptions } from './outbound.js';
import type { SentMessages } from './sent-store.js';

/** The part of a Baileys socket sending needs. */
export interface MessageSender {
  sendMessage(jid: string, content: AnyMessageContent, options?: MiscMessageGenerationOptions): Promise<WAMessage | undefined>;
}

function jidFor(to: Identity | null): string {
  if (!to) throw new PermanentSendError('the contact has no WhatsApp number on this account');
  try {
    return jidOf(to);
  } catch (e) {
    throw new PermanentSendError((e as Error).message);
  }
}

/**
 * Sends `item` and returns its provider id: the first part's (statuses, quotes and deletion
 * of the row follow it; `SentMessages.siblings` finds the rest). A retried row resumes after
 * the parts already accepted, so a failure midway never sends a part twice.
 */
export async function sendItem(
  sock: MessageSender,
  item: OutboxItem,
  deps: {
    sent: SentMessages;
    render: RenderOptions;
    quotable?: (externalId: string) => Promise<{ fromMe: boolean; text: string } | null>;
    /** WhatsApp took part `id`; called before the part is recorded. */
    accepted?: (id: string) => void;
  },
): Promise<{ externalId?: string }> {
  const jid = jidFor(item.to);
  const parts = await renderForWhatsApp(item.message, deps.render);
  const done = item.firstTry ? [] : await deps.sent.partsOf(item.id);
  let quoted: WAMessage | undefined;
  if (item.quotedExternalId && done.length === 0) {
    const id = item.quotedExternalId;
    const own = await deps.sent.message(id);
    // A contact's message is quoted with the text the transcript keeps (WhatsApp shows it above the answer).
    const theirs = own ? null : await deps.quotable?.(id);
    quoted = own ? quotedMessage(jid, id, { fromMe: true, message: own }) : quotedMessage(jid, id, { fromMe: theirs?.fromMe ?? false, text: theirs?.text });
  }
  for (let i = done.length; i < parts.length; i++) {
    const part = parts[i];
    const res = await sock.sendMessage(jid, part.content, i === 0 && quoted ? { quoted } : undefined);
    const id = res?.key?.id;
    if (!id) throw new Error('WhatsApp gave the message no id');
    deps.accepted?.(id);
    await deps.sent.sent(item.id, i, { id, message: res.message, ...(part.poll ? { poll: part.poll } : {}) }, done);
    done[i] = id;
  }
  return done[0] ? { externalId: done[0] } : {};
}

/** Deletes a sent row for everyone: every part it went out as. */
export async function revokeItem(sock: MessageSender, to: Identity, externalId: string, sent: SentMessages): Promise<void> {
  const jid = jidFor(to);
  for (const id of await sent.siblings(externalId)) await sock.sendMessage(jid, { delete: { remoteJid: jid, fromMe: true, id } });
}
