// Where channel events enter: the sender resolved to one contact through their identities, the
// message stored durably (unique by channel + provider id) before any block runs, then answered
// in order in the contact's queue. Reactions, edits, deletions and receipts update the
// transcript; a reported identity link merges two contacts into one.
import { pastRunOf } from './contacts/flow-runs.js';
import { mergeContactRows, type MergedRows, type MergeRows } from './contacts/merge.js';
import type { Reply } from '../blocks/contract.js';
import { noticeScope } from './bus.js';
import type { Identity, IdentityKind, InboundEvent } from './channels/contract.js';
import type { RuntimeCore } from './core.js';
import { newId } from './ids.js';
import { inboxMessage } from './inbox/messages.js';
import { KeyedQueue } from './keyed-queue.js';
import { parseInboundPayload, type InboundPayload } from './transcript.js';
import type { TurnOutcome, Turns } from './turns/turn.js';

/** Who sent a message: their identities on the account (or one external id, the test chat's). */
export interface ContactRef {
  externalId?: string;
  identities?: Identity[];
  name?: string | null;
  phone?: string | null;
}

export interface InboundInput {
  /** Channel account id. */
  channel: string;
  /** The channel's id for this message (WhatsApp key id); unique per channel. */
  externalId: string;
  /** Who sent it: the channel's contact reference, or a contact id already known. */
  from: ContactRef | { contactId: string };
  reply: Reply;
  /** What else the channel told (kind, media, fromMe, late…); plain text when absent. */
  details?: Omit<InboundPayload, 'reply'>;
}

/** How an external id is known when a channel names no kind: digits are a phone number. */
function defaultKind(channel: string, externalId: string): IdentityKind {
  return channel !== 'test' && /^\d{8,15}$/.test(externalId) ? 'phone' : 'visitor';
}

export function identitiesOf(channel: string, ref: ContactRef): Identity[] {
  if (ref.identities?.length) return ref.identities;
  if (!ref.externalId) throw new Error('a contact reference needs identities or an external id');
  return [{ kind: defaultKind(channel, ref.externalId), value: ref.externalId }];
}

export class Ingest {
  /** Storing is serialised per sender, so concurrent arrivals keep their arrival order. */
  private readonly arrivals = new KeyedQueue();
  private readonly contactIds = new Map<string, string>();
  /** The identity each contact last wrote from, per account: replies go there. */
  private readonly lastSeen = new Map<string, string>();

  constructor(
    private readonly core: RuntimeCore,
    private readonly turns: Turns,
  ) {}

  idle() {
    return this.arrivals.idle();
  }

  // --- contacts ---------------------------------------------------------------------------

  /** The one contact these identities belong to: found, created, or two merged into one. */
  async ensureContact(channel: string, from: ContactRef): Promise<string> {
    const core = this.core;
    const ids = identitiesOf(channel, from);
    const key = `${channel}\u0000${ids.map((i) => `${i.kind}:${i.value}`).join('|')}`;
    const cached = this.contactIds.get(key);
    if (cached) {
      await this.seen(channel, ids[0], cached);
      return cached;
    }
    const owners = new Set<string>();
    const missing: Identity[] = [];
    for (const i of ids) {
      const [row] = await core.sql.rows(core.q.findIdentity, channel, i.kind, i.value);
      if (row) owners.add(row.contact_id);
      else missing.push(i);
    }
    let contactId: string;
    const at = core.clock().toISOString();
    if (owners.size === 0) {
      contactId = newId();
      const first = ids[0];
      // A new contact joins the next group commit rather than paying for a commit of its own.
      await core.writer.run(async (sql) => {
        await sql.changes(core.q.insertContact, contactId, channel, first.value, from.name ?? null, from.phone ?? null, at);
        for (const i of ids) await sql.changes(core.q.insertIdentity, channel, i.kind, i.value, contactId, at);
      });
      const [row] = await core.sql.rows(core.q.findIdentity, channel, first.kind, first.value);
      contactId = row.contact_id; // another process may have created them first
    } else {
      contactId = owners.size === 1 ? [...owners][0] : await this.merge([...owners]);
      if (missing.length) {
        await core.writer.run(async (sql) => {
          for (const i of missing) await sql.changes(core.q.insertIdentity, channel, i.kind, i.value, contactId, at);
        });
      }
    }
    if (this.contactIds.size > 100_000) this.contactIds.clear();
    this.contactIds.set(key, contactId);
    await this.seen(channel, ids[0], contactId);
    return contactId;
  }

  /** Replies go to the identity the contact wrote from last; written only when it changes. */
  private async seen(channel: string, identity: Identity, contactId: string) {
    if (channel === 'test') return;
    const key = `${channel}\u0000${contactId}`;
    const value = `${identity.kind}:${identity.value}`;
    const before = this.lastSeen.get(key);
    if (before === value) return;
    this.lastSeen.set(key, value);
    if (before === undefined) return; // first sight this process: the stored order stands
    const at = this.core.clock().toISOString();
    await this.core.writer.run((sql) => sql.changes(this.core.q.seenIdentity, at, channel, identity.kind, identity.value));
    this.core.outbox.forgetIdentity(channel, contactId);
  }

  /**
   * One person known as several contacts (a phone number and a LID reported as the same):
   * the newer ones merge into the oldest, with their identities, conversations, messages and
   * timers, each inside its contact's queue so no turn of theirs runs meanwhile.
   */
  async merge(contactIds: string[]): Promise<string> {
    const core = this.core;
    const rows = await core.k.selectFrom('contacts').select(['id', 'created_at']).where('id', 'in', contactIds).orderBy('created_at').orderBy('id').execute();
    if (!rows.length) return contactIds[0];
    const survivor = rows[0].id;
    for (const loser of rows.slice(1).map((r) => r.id)) await this.mergeInto({ survivor, loser, by: null });
    return survivor;
  }

  /**
   * Merges `loser` into `survivor` (runtime/contacts/merge.ts), inside both contacts' queues so
   * no turn of theirs runs meanwhile; then forgets every cached trace of the merged-away contact
   * and tells open Inboxes. Ingest and a person merging by hand both come through here.
   */
  async mergeInto(input: Omit<MergeRows, 'at' | 'loserRun'>): Promise<MergedRows | null> {
    const core = this.core;
    const { survivor, loser } = input;
    // Both queues, always taken in the same order, so two merges of one pair cannot wait on each other.
    const [first, second] = [survivor, loser].sort();
    const merged = await core.queue.run(first, () =>
      core.queue.run(second, async () => {
        const session = await core.k.selectFrom('sessions').select(['flow_id', 'flow_version_id', 'state']).where('contact_id', '=', loser).executeTakeFirst();
        const doc = session ? ((await core.flows.versionDocument(session.flow_version_id).catch(() => null))?.doc ?? null) : null;
        const loserRun = session ? pastRunOf({ flowId: session.flow_id, flowVersionId: session.flow_version_id, state: JSON.parse(session.state) }, doc) : null;
        const at = core.clock().toISOString();
        return core.writer.run((sql) => mergeContactRows(sql, core.k, { ...input, at, loserRun }));
      }),
    );
    if (!merged) return null;
    this.forget(loser);
    // The survivor now answers on identities the other held: the outbox looks again.
    const channels = await core.k.selectFrom('contact_identities').select('channel_id').distinct().where('contact_id', '=', survivor).execute();
    for (const c of channels) {
      core.outbox.forgetIdentity(c.channel_id, survivor);
      core.outbox.forgetIdentity(c.channel_id, loser);
    }
    const { ended, live } = merged;
    if (ended) core.bus.emit('inbox', { type: 'conversation', conversationId: ended.id, reason: 'closed', stage: 'closed', ...noticeScope({ departmentId: ended.department_id, agentId: ended.agent_id }) });
    if (live) {
      const row = await core.k.selectFrom('conversations').select('stage').where('id', '=', live.id).executeTakeFirst();
      if (row) core.bus.emit('inbox', { type: 'conversation', conversationId: live.id, reason: 'updated', stage: row.stage, ...noticeScope({ departmentId: live.department_id, agentId: live.agent_id }) });
    }
    return merged;
  }

  /** An erased contact: no identity of theirs may lead back to the id that is gone. */
  forget(contactId: string) {
    for (const [key, id] of this.contactIds) if (id === contactId) this.contactIds.delete(key);
    for (const key of [...this.lastSeen.keys()]) if (key.endsWith(`\u0000${contactId}`)) this.lastSeen.delete(key);
  }

  // --- messages ---------------------------------------------------------------------------

  /**
   * Stores the message (once) and queues its answer. Resolves once the message is committed;
   * `done` when this contact's queue has processed it; `duplicate` when the same channel +
   * external id came before.
   */
  async receive(input: InboundInput): Promise<{ duplicate: boolean; contactId: string; done: Promise<TurnOutcome | null> }> {
    const core = this.core;
    const key = 'contactId' in input.from ? input.from.contactId : `${input.channel}\u0000${identitiesOf(input.channel, input.from)[0].value}`;
    return this.arrivals.run(key, async () => {
      const contactId = 'contactId' in input.from ? input.from.contactId : await this.ensureContact(input.channel, input.from);
      const payload: InboundPayload = { kind: 'text', ...input.details, reply: input.reply };
      const receivedAt = core.clock().toISOString();
      // Stored before any block runs: blocks may call slow services, and a crash must not lose it.
      const [row] = await core.writer.run((sql) => sql.rows(core.q.insertInbound, input.channel, input.externalId, contactId, JSON.stringify(payload), receivedAt));
      if (!row) return { duplicate: true, contactId, done: Promise.resolve(null) };
      const inboundId = Number(row.id);
      const done = core.queue.run(contactId, () =>
        this.turns.turn(contactId, { type: 'reply', reply: payload.reply }, { inboundId, payload, externalId: input.externalId, channel: input.channel }),
      );
      return { duplicate: false, contactId, done };
    });
  }

  /** Answers every pending inbound row of one contact, oldest first (a restart's leftovers). */
  async drain(contactId: string): Promise<void> {
    const core = this.core;
    for (;;) {
      const rows = await core.k
        .selectFrom('inbound')
        .select(['id', 'channel', 'external_id', 'payload'])
        .where('status', '=', 'pending')
        .where('contact_id', '=', contactId)
        .orderBy('id')
        .limit(50)
        .execute();
      if (!rows.length) return;
      for (const row of rows) {
        const payload = parseInboundPayload(row.payload);
        await this.turns.turn(contactId, { type: 'reply', reply: payload.reply }, { inboundId: row.id, payload, externalId: row.external_id, channel: row.channel });
      }
    }
  }

  /** A channel's event (`ChannelHost.receive`): resolves once it is stored. */
  async event(channel: string, e: InboundEvent): Promise<{ duplicate: boolean }> {
    switch (e.type) {
      case 'message': {
        const { type: _t, externalId, from, reply, ...details } = e;
        const r = await this.receive({
          channel,
          externalId,
          from: { identities: from.identities, name: from.name, phone: from.phone },
          reply,
          details: { ...details, kind: e.kind },
        });
        r.done.catch((err) => this.core.report(`answering ${externalId} failed`, err));
        return { duplicate: r.duplicate };
      }
      case 'status':
        await this.core.outbox.applyStatus(channel, e);
        return { duplicate: false };
      case 'reaction':
      case 'edit':
      case 'delete':
        await this.amend(channel, e);
        return { duplicate: false };
      case 'link': {
        const owners = new Set<string>();
        for (const i of e.identities) {
          const [row] = await this.core.sql.rows(this.core.q.findIdentity, channel, i.kind, i.value);
          if (row) owners.add(row.contact_id);
        }
        if (owners.size > 0) {
          if (owners.size > 1) await this.merge([...owners]);
          // Now one contact: the identities it lacked are added to it.
          await this.ensureContact(channel, { identities: e.identities });
        }
        return { duplicate: false };
      }
      case 'profile': {
        // Only a contact still without a name: a name an agent typed in the Inbox stays.
        for (const i of e.identities) {
          const [row] = await this.core.sql.rows(this.core.q.findIdentity, channel, i.kind, i.value);
          if (!row) continue;
          await this.core.writer.run((sql) => sql.exec(this.core.k.updateTable('contacts').set({ name: e.name }).where('id', '=', row.contact_id).where('name', 'is', null)));
          break;
        }
        return { duplicate: false };
      }
    }
  }

  /** A reaction, an edit or a deletion of a message already on the transcript. */
  private async amend(channel: string, e: Extract<InboundEvent, { type: 'reaction' | 'edit' | 'delete' }>) {
    const core = this.core;
    const k = core.k;
    const row = await k.selectFrom('messages').selectAll().where('channel', '=', channel).where('external_id', '=', e.externalId).executeTakeFirst();
    if (!row) return;
    // Only the person of that chat may react to, edit or delete its messages; and nobody edits or
    // deletes what the bot or an agent wrote through Ozia (a forged event changes nothing).
    const owners = new Set<string>();
    for (const i of e.from.identities) {
      const [found] = await core.sql.rows(core.q.findIdentity, channel, i.kind, i.value);
      if (found) owners.add(found.contact_id);
    }
    if (!owners.has(row.contact_id)) return;
    if (e.type !== 'reaction' && row.author !== 'contact' && row.author !== 'phone') return;
    const set: { reactions?: string; body?: string; edited_at?: string; deleted_at?: string } = {};
    if (e.type === 'reaction') {
      const by = e.fromMe ? 'phone' : 'contact';
      const list = (row.reactions ? JSON.parse(row.reactions) : []) as { by: string; emoji: string; at: string }[];
      const others = list.filter((r) => r.by !== by);
      set.reactions = JSON.stringify(e.emoji ? [...others, { by, emoji: e.emoji, at: e.at }] : others);
    } else if (e.type === 'edit') {
      const body = JSON.parse(row.body) as { type?: string; text?: string; caption?: string; previous?: { text: string; at: string }[] };
      const field = body.type === 'text' || body.text !== undefined ? 'text' : 'caption';
      const before = (field === 'text' ? body.text : body.caption) ?? '';
      set.body = JSON.stringify({ ...body, [field]: e.text, previous: [...(body.previous ?? []), { text: before, at: row.edited_at ?? row.created_at }] });
      set.edited_at = e.at;
    } else {
      set.deleted_at = e.at;
    }
    await core.writer.run((sql) => sql.exec(k.updateTable('messages').set(set).where('id', '=', row.id)));
    const conv = await k.selectFrom('conversations').select(['department_id', 'agent_id']).where('id', '=', row.conversation_id).executeTakeFirst();
    core.bus.emit('inbox', {
      type: 'message',
      conversationId: row.conversation_id,
      message: inboxMessage({ ...row, ...set }, row.id),
      ...noticeScope({ departmentId: conv?.department_id ?? null, agentId: conv?.agent_id ?? null }),
    });
  }
}
