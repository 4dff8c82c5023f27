// Poll votes. WhatsApp encrypts each vote (AES-256-GCM) with a key derived from the poll's
// 32-byte message secret, the poll id and both JIDs, and names options by the SHA-256 of their
// text. Baileys 7.0.0-rc14 no longer decrypts votes itself (its process-message branch is
// commented out), so the `pollUpdateMessage` reaches `messages.upsert` encrypted and is read here.
import { createHash } from 'node:crypto';
import { decryptPollVote, jidNormalizedUser } from 'baileys';
import type { proto, WAMessageKey } from 'baileys';
import { bareJid, type OwnJids } from './jid.js';

/** What the adapter stores when it sends a poll (`renderForWhatsApp` returns it). */
export interface PollRecord {
  /** Choice item ids, in the order of the poll's options. */
  itemIds: string[];
  /** The options' texts exactly as sent: a vote names an option by the SHA-256 of this text. */
  labels: string[];
  /** The poll's message secret (base64 of 32 bytes), sent as `messageContextInfo.messageSecret`. */
  secret: string;
}

/** How WhatsApp names an option in a vote. */
export function pollOptionHash(label: string): Buffer {
  return createHash('sha256').update(Buffer.from(label, 'utf8')).digest();
}

function unique(jids: (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const j of jids) {
    if (!j) continue;
    const bare = jidNormalizedUser(bareJid(j));
    if (bare && !out.includes(bare)) out.push(bare);
  }
  return out;
}

/**
 * The option hashes a vote selects, or null when no candidate key opens it. Which JIDs WhatsApp
 * signs with (phone or LID, for the poll's author and for the voter) changed with the LID
 * migration, and GCM authenticates, so every pair is tried: a wrong pair can only fail.
 */
export function decryptVote(
  vote: proto.Message.IPollEncValue,
  ctx: { pollMessageId: string; secret: Uint8Array; creatorJids: string[]; voterJids: string[] },
): Buffer[] | null {
  if (!vote.encPayload || !vote.encIv) return null;
  for (const pollCreatorJid of ctx.creatorJids) {
    for (const voterJid of ctx.voterJids) {
      try {
        const decoded = decryptPollVote(vote, { pollCreatorJid, pollMsgId: ctx.pollMessageId, pollEncKey: ctx.secret, voterJid });
        return (decoded.selectedOptions ?? []).map((o) => Buffer.from(o));
      } catch {
        // wrong pair (authentication failed): try the next
      }
    }
  }
  return null;
}

/** The poll's items a set of option hashes selects, in the poll's order. */
export function selectedItems(hashes: readonly Uint8Array[], poll: Pick<PollRecord, 'itemIds' | 'labels'>): { itemIds: string[]; labels: string[] } {
  const chosen = new Set<number>();
  poll.labels.forEach((label, i) => {
    const h = pollOptionHash(label);
    if (hashes.some((x) => h.equals(Buffer.from(x)))) chosen.add(i);
  });
  const idx = [...chosen].sort((a, b) => a - b);
  return { itemIds: idx.map((i) => poll.itemIds[i]), labels: idx.map((i) => poll.labels[i]) };
}

export type VoteResult =
  | { ok: true; itemIds: string[]; labels: string[] }
  /** undecryptable: no key opened it; unknown: hashes matched no stored option; empty: the vote was withdrawn. */
  | { ok: false; reason: 'undecryptable' | 'unknown' | 'empty' };

/** Reads one `pollUpdateMessage` of message `key` against the stored poll. */
export function readVote(update: proto.Message.IPollUpdateMessage, key: WAMessageKey, poll: PollRecord, me: OwnJids | null): VoteResult {
  const pollMessageId = update.pollCreationMessageKey?.id;
  if (!update.vote || !pollMessageId) return { ok: false, reason: 'undecryptable' };
  const hashes = decryptVote(update.vote, {
    pollMessageId,
    secret: Buffer.from(poll.secret, 'base64'),
    creatorJids: unique([me?.id, me?.lid]),
    // The business voting from its phone signs as itself.
    voterJids: key.fromMe ? unique([me?.id, me?.lid]) : unique([key.participantAlt, key.remoteJidAlt, key.participant, key.remoteJid]),
  });
  if (!hashes) return { ok: false, reason: 'undecryptable' };
  if (!hashes.length) return { ok: false, reason: 'empty' };
  const picked = selectedItems(hashes, poll);
  return picked.itemIds.length ? { ok: true, ...picked } : { ok: false, reason: 'unknown' };
}
