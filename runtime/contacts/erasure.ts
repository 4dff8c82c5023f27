// LGPD erasure of a contact: everything held about the person goes in one transaction, inside
// their turn queue (no turn of theirs runs meanwhile): the contact, identities, tags, field
// values, session (collected variables), timers, inbound payloads, transcripts with their
// full-text entries, outbox rows, files only their conversations used, notifications about
// their conversations, saved filters searching for them, and what channel accounts keep that
// names their identities (WhatsApp's LID↔phone mappings, sessions, device lists; what was sent
// to them). Conversation rows stay for report counts — department, agent, times, CSAT score —
// pointed at the anonymous contact, closed, with no preview or CSAT comment. The erasure itself
// is recorded in `erasures` with counts only.
import { sql as q } from 'kysely';
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { Sql } from '../db/prepared.js';
import { notFound, OziaError } from '../errors.js';
import type { FileStore } from '../files.js';
import { newId } from '../ids.js';
import type { Viewer } from '../inbox/access.js';
import { noticeScope } from '../bus.js';
import type { Runtime } from '../runtime.js';
import { ANONYMOUS_CONTACT_ID } from './anonymous.js';
import { purgeChannelState } from './erasure-channel-state.js';
import { personMarks, scrubSavedFilters } from './erasure-filters.js';
import { chunked, compactSearchIndex, purgeConversationFiles, purgeMessages, PURGE_MAX_IDS } from '../purge.js';

/** The word that confirms an erasure when the contact has no name (or instead of it). */
export const ERASE_WORD = 'EXCLUIR';

export const eraseInput = z.object({
  id: z.string().min(1, 'choose a contact'),
  /** The contact's name or EXCLUIR, typed by the person erasing. */
  confirm: z.string().trim().min(1, 'type the contact name or EXCLUIR to confirm').max(200, 'at most 200 characters'),
});

export interface ErasureCounts {
  conversations: number;
  messages: number;
  files: number;
}

export interface ErasurePreview extends ErasureCounts {
  id: string;
  name: string | null;
}

export interface ErasureDeps {
  db: Db;
  runtime: Runtime;
  files: FileStore;
  clock: () => Date;
  /** After the commit: departments whose agents had room freed (their queues are served again). */
  onErased?: (departmentIds: string[]) => void;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ');

/** Whether the typed confirmation is the contact's name (accents, case and spaces aside) or EXCLUIR. */
export function confirms(typed: string, name: string | null): boolean {
  const t = fold(typed);
  return t === fold(ERASE_WORD) || (!!name?.trim() && t === fold(name));
}

export class ContactErasure {
  constructor(private readonly d: ErasureDeps) {}

  private get k() {
    return this.d.db.kysely;
  }

  /**
   * Only supervisors erase: it cannot be undone and reaches conversations of every department
   * (an operator sees only their departments' part of the person). The API refuses others first.
   */
  private check(v: Viewer) {
    if (v.role !== 'supervisor') throw new OziaError('FORBIDDEN', 'only supervisors can delete contacts');
  }

  /** What an erasure of this contact would remove, for the confirmation. */
  async preview(v: Viewer, id: string): Promise<ErasurePreview> {
    this.check(v);
    if (id === ANONYMOUS_CONTACT_ID) throw notFound(`contact "${id}"`);
    const row = await this.k.selectFrom('contacts').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`contact "${id}"`);
    const convs = this.k.selectFrom('conversations').select('id').where('contact_id', '=', id);
    const [c, m, f] = await Promise.all([
      this.k.selectFrom('conversations').select((eb) => eb.fn.countAll<number>().as('n')).where('contact_id', '=', id).executeTakeFirst(),
      this.k.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('conversation_id', 'in', convs).executeTakeFirst(),
      this.k
        .selectFrom('file_links')
        .select((eb) => eb.fn.count<number>('file_id').distinct().as('n'))
        .where('owner_kind', '=', 'conversation')
        .where('owner_id', 'in', convs)
        .executeTakeFirst(),
    ]);
    return { id: row.id, name: row.name, conversations: Number(c?.n ?? 0), messages: Number(m?.n ?? 0), files: Number(f?.n ?? 0) };
  }

  async erase(v: Viewer, raw: z.input<typeof eraseInput>): Promise<ErasureCounts> {
    this.check(v);
    const input = eraseInput.parse(raw);
    const id = input.id;
    if (id === ANONYMOUS_CONTACT_ID) throw notFound(`contact "${id}"`);
    const { runtime, db } = this.d;
    const k = this.k;
    const result = await runtime.forContact(id, async () => {
      const committed = await runtime.write(async (tx) => {
        const sql = tx.sql;
        // PostgreSQL: another process's edit of the contact waits for the erasure (a turn there finds
        // its session gone at commit, the optimistic lock, and then no contact).
        const read = k.selectFrom('contacts').selectAll().where('id', '=', id);
        const [row] = (await sql.exec(db.dialect === 'postgres' ? read.forUpdate() : read)).rows;
        if (!row) throw notFound(`contact "${id}"`);
        if (!confirms(input.confirm, row.name)) {
          throw new OziaError('BAD_REQUEST', `confirm: type the contact name or ${ERASE_WORD} to confirm`, [
            { path: 'confirm', message: `type the contact name or ${ERASE_WORD} to confirm` },
          ]);
        }
        const identities = (await sql.exec(k.selectFrom('contact_identities').select(['channel_id', 'kind', 'value']).where('contact_id', '=', id))).rows;
        const conversations = (
          await sql.exec(k.selectFrom('conversations').select(['id', 'department_id', 'agent_id', 'stage']).where('contact_id', '=', id))
        ).rows;
        const conversationIds = conversations.map((c) => c.id);
        const messageIds = await this.messageIds(sql, id, conversationIds);
        let messages = 0;
        const going = new Set<string>();
        for (const part of chunked(messageIds, PURGE_MAX_IDS)) {
          const purged = await purgeMessages(db, sql, part);
          messages += purged.messages;
          purged.fileIds.forEach((f) => going.add(f));
        }
        (await purgeConversationFiles(sql, k, conversationIds)).forEach((f) => going.add(f));
        const files = [...going];
        const at = this.d.clock().toISOString();
        if (conversationIds.length) {
          await sql.exec(
            k
              .insertInto('contacts')
              .values({ id: ANONYMOUS_CONTACT_ID, channel: 'anonymous', external_id: ANONYMOUS_CONTACT_ID, name: null, phone: null, created_at: new Date(0).toISOString() })
              .onConflict((oc) => oc.doNothing()),
          );
        }
        for (const part of chunked(conversationIds)) {
          await sql.exec(k.deleteFrom('notifications').where('conversation_id', 'in', part));
          await sql.exec(
            k
              .updateTable('conversations')
              .set({
                contact_id: ANONYMOUS_CONTACT_ID,
                stage: 'closed',
                closed_at: q<string>`coalesce(closed_at, ${at})`,
                closed_by: q<string>`coalesce(closed_by, 'system')`,
                close_reason: q<string>`coalesce(close_reason, 'contact erased')`,
                csat_state: null,
                csat_comment: null,
                last_preview: null,
                unread: 0,
              })
              .where('id', 'in', part),
          );
        }
        for (const table of ['sessions', 'timers', 'inbound', 'contact_tags', 'contact_identities'] as const) {
          await sql.exec(k.deleteFrom(table).where('contact_id', '=', id));
        }
        const marks = personMarks(row, identities);
        await purgeChannelState(sql, k, db.dialect, { marks: marks.digits.concat(identities.map((i) => i.value)), messageIds });
        await scrubSavedFilters(sql, k, marks);
        await sql.exec(k.deleteFrom('contacts').where('id', '=', id));
        const counts = { conversations: conversationIds.length, messages, files: files.length };
        await sql.exec(k.insertInto('erasures').values({ id: newId(), erased_at: at, erased_by: v.id, ...counts }));
        return { counts, files, conversations };
      });
      runtime.forgetContact(id);
      return committed;
    });
    // A message that resolved to them just before the commit may be stored just after it (its
    // turn then finds no contact and says nothing): once arrivals settle, its payload goes too.
    await runtime.arrivalsStored();
    await runtime.write((tx) => tx.sql.exec(k.deleteFrom('inbound').where('contact_id', '=', id)));
    this.d.files.discardBytes(result.files);
    // Deleted full-text entries linger in the index's segments until they are merged.
    await runtime.write((tx) => compactSearchIndex(tx.sql, k, db.dialect));
    for (const c of result.conversations) {
      runtime.bus.emit('inbox', { type: 'conversation', conversationId: c.id, reason: 'closed', stage: 'closed', ...noticeScope({ departmentId: c.department_id, agentId: c.agent_id }) });
    }
    const freed = [...new Set(result.conversations.filter((c) => c.stage !== 'closed' && c.department_id).map((c) => c.department_id!))];
    if (freed.length) this.d.onErased?.(freed);
    return result.counts;
  }

  /** Every transcript row of the person: by contact and by their conversations (one set). */
  private async messageIds(sql: Sql, contactId: string, conversationIds: string[]): Promise<number[]> {
    const k = this.k;
    const ids = new Set<number>();
    for (const r of (await sql.exec(k.selectFrom('messages').select('id').where('contact_id', '=', contactId))).rows) ids.add(Number(r.id));
    for (const part of chunked(conversationIds)) {
      for (const r of (await sql.exec(k.selectFrom('messages').select('id').where('conversation_id', 'in', part))).rows) ids.add(Number(r.id));
    }
    return [...ids];
  }
}
