// What the adapter remembers of each WhatsApp message it sent, in the account's own state store
// (`ChannelHost.state`). One outbox row can leave as several WhatsApp messages (pictures, the
// numbered text, a poll), each with its own id, while the transcript row keeps one; so this
// store answers by any part's id:
// - `message(id)`: the proto for Baileys' `getMessage` (an unanswered retry shows the contact
//   "waiting for this message");
// - `poll(id)`: the record a vote is read against (`InboundContext.findPoll`);
// - `isOwn(id)`: an upsert of this id is an echo of Ozia's send (`InboundContext.isOwnSend`);
// - `partsOf(rowId)` / `siblings(id)`: what a retried row already sent, and every part to delete for everyone.
import { proto } from 'baileys';
import type { ChannelStateStore } from '../contract.js';
import type { PollRecord } from './poll-vote.js';

const SENT = 'ozia-sent';
const POLL = 'ozia-poll';
const ROW = 'ozia-row';

interface SentEntry {
  /** The message proto, base64 of its protobuf encoding (exact, compact). */
  m: string | null;
  row: number;
}

export interface SentPart {
  /** The WhatsApp id `sendMessage` returned (key.id). */
  id: string;
  /** The sent message's content (`(await sendMessage(...)).message`). */
  message: proto.IMessage | null | undefined;
  poll?: PollRecord;
}

export class SentMessages {
  constructor(private readonly state: ChannelStateStore) {}

  /** Ids of the row's parts sent so far, in order: a retried row resumes after them instead of sending them twice. */
  async partsOf(rowId: number): Promise<string[]> {
    const got = await this.state.get(ROW, [String(rowId)]);
    const raw = got[String(rowId)];
    return raw ? (JSON.parse(raw) as string[]) : [];
  }

  /**
   * Records part `index` of row `rowId` once WhatsApp accepted it (one write: message, poll, row's list).
   * `known`: the row's part ids as the caller last read them with `partsOf` (and kept since), so a
   * part sent costs one write instead of a read and a write; the adapter's sends of one row are one at a time.
   */
  async sent(rowId: number, index: number, part: SentPart, known?: readonly string[]): Promise<void> {
    const parts = known ? [...known] : await this.partsOf(rowId);
    parts[index] = part.id;
    const entry: SentEntry = { m: part.message ? Buffer.from(proto.Message.encode(part.message).finish()).toString('base64') : null, row: rowId };
    await this.state.set({
      [SENT]: { [part.id]: JSON.stringify(entry) },
      [ROW]: { [String(rowId)]: JSON.stringify(parts) },
      ...(part.poll ? { [POLL]: { [part.id]: JSON.stringify(part.poll) } } : {}),
    });
  }

  private async entry(id: string): Promise<SentEntry | null> {
    const raw = (await this.state.get(SENT, [id]))[id];
    return raw ? (JSON.parse(raw) as SentEntry) : null;
  }

  /** For Baileys' `getMessage(key)`: the content sent under this id, or undefined. */
  async message(id: string): Promise<proto.IMessage | undefined> {
    const e = await this.entry(id);
    return e?.m ? proto.Message.decode(Buffer.from(e.m, 'base64')) : undefined;
  }

  async poll(id: string): Promise<PollRecord | null> {
    const raw = (await this.state.get(POLL, [id]))[id];
    return raw ? (JSON.parse(raw) as PollRecord) : null;
  }

  async isOwn(id: string): Promise<boolean> {
    return (await this.entry(id)) !== null;
  }

  /** Every part sent with the one of this id (itself included), to delete them all for everyone. */
  async siblings(id: string): Promise<string[]> {
    const e = await this.entry(id);
    if (!e) return [id];
    const parts = (await this.partsOf(e.row)).filter(Boolean);
    return parts.length ? parts : [id];
  }
}
