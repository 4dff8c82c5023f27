// The inbox lists: Waiting (oldest first), Mine, Department (supervisors: everything open) and
// Closed, with filters and counts. Sorted and filtered on indexed columns of `conversations`
// (stage, department, agent, times, preview and unread are kept there), so a page costs
// the same with a hundred conversations or with millions.
import { sql, type Expression, type SqlBool } from 'kysely';
import { z } from 'zod';
import { ANONYMOUS_CONTACT_ID } from '../contacts/anonymous.js';
import type { Db } from '../db/connect.js';
import type { Stage } from '../db/schema.js';
import type { Viewer } from './access.js';
import { PG_ACCENTS, PG_SEARCH_VECTOR, type DialectName } from '../db/migrations.js';

export const listViews = ['waiting', 'mine', 'department', 'closed'] as const;
export type ListView = (typeof listViews)[number];

export const listFilters = z.object({
  departmentId: z.string().min(1).optional(),
  agentId: z.string().min(1).optional(),
  tagId: z.string().min(1).optional(),
  /** A channel account (`conversations.channel`). */
  channel: z.string().min(1).optional(),
  /** A channel kind (whatsapp, webchat…): every account of it. */
  channelKind: z.string().min(1).max(40).optional(),
  unread: z.boolean().optional(),
  /** Opened on or after (ISO date or date-time). */
  from: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Opened before (exclusive; a date means the end of that day). */
  to: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  /** Words in any message of the conversation, or in the contact's name or phone. */
  search: z.string().trim().max(200, 'at most 200 characters').optional(),
});
export type ListFilters = z.infer<typeof listFilters>;

/** A page's `nextCursor`: the sort key and id of its last row. */
const encodeCursor = (key: string, id: string) => Buffer.from(JSON.stringify([key, id])).toString('base64url');
function decodeCursor(cursor: string): [string, string] | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString());
    return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string') ? (v as [string, string]) : null;
  } catch {
    return null;
  }
}

export const listInput = listFilters.extend({
  view: z.enum(listViews),
  cursor: z.string().max(200).refine((c) => decodeCursor(c) !== null, 'not a cursor this list gave; load the list again').nullish(),
  limit: z.number().int().min(1).max(200).default(50),
});
export type ListInput = z.input<typeof listInput>;

export interface ConversationSummary {
  id: string;
  stage: Stage;
  /** The channel account's id, kind and name (null kind and name: an account with no row, as in tests). */
  channel: string;
  channelKind: string | null;
  channelName: string | null;
  /** `blocked`: nothing automated answers this contact (the list shows a chip). */
  contact: { id: string; name: string | null; phone: string | null; blocked: boolean };
  departmentId: string | null;
  agentId: string | null;
  agentName: string | null;
  openedAt: string;
  waitingSince: string | null;
  assignedAt: string | null;
  lastMessageAt: string;
  closedAt: string | null;
  preview: string | null;
  unread: number;
  csatScore: number | null;
  csatPending: boolean;
  tags: { id: string; name: string; color: string }[];
}

/** Words for FTS5, each a quoted prefix: user text can never be read as query syntax. */
function ftsQuery(text: string): string | null {
  const words = text
    .normalize('NFKC')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null;
}

/** Contacts whose name or phone contains `text` (LIKE wildcards in it are taken literally; case ignored). */
export function contactMatches(text: string, dialect: DialectName) {
  const like = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
  const op = sql.raw(dialect === 'sqlite' ? 'like' : 'ilike');
  return sql<boolean>`(contacts.name ${op} ${like} escape '\\' or contacts.phone ${op} ${like} escape '\\')`;
}

const endOfDay = (d: string) => (d.length === 10 ? new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString() : new Date(d).toISOString());
const startOf = (d: string) => new Date(d.length === 10 ? `${d}T00:00:00Z` : d).toISOString();

export class ConversationLists {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.kysely;
  }

  /** Everything the viewer may see in a view, before filters. */
  private scoped(v: Viewer, view: ListView) {
    // Erased people's conversations stay for report counts only: no list shows them.
    let q = this.k.selectFrom('conversations as c').where('c.contact_id', '!=', ANONYMOUS_CONTACT_ID);
    const depts = v.departmentIds;
    const inScope = (eb: any): Expression<SqlBool> =>
      v.role === 'supervisor' ? sql<boolean>`1 = 1` : depts.length ? eb('c.department_id', 'in', depts) : sql<boolean>`1 = 0`;
    // Stages as literals, not parameters: only then can the planner pick the partial index of each list.
    switch (view) {
      case 'waiting':
        q = q.where('c.stage', '=', sql.lit('waiting')).where((eb) => inScope(eb));
        break;
      case 'mine':
        q = q.where('c.agent_id', '=', v.id).where('c.stage', '=', sql.lit('in_service'));
        break;
      case 'department':
        q = q.where('c.stage', 'in', [sql.lit<Stage>('waiting'), sql.lit<Stage>('in_service')]).where((eb) => inScope(eb));
        break;
      case 'closed':
        q = q
          .where('c.stage', '=', sql.lit('closed'))
          .where((eb) => (v.role === 'supervisor' ? sql<boolean>`1 = 1` : eb.or([inScope(eb), eb('c.agent_id', '=', v.id)])));
        break;
    }
    return q;
  }

  private filtered(v: Viewer, view: ListView, f: ListFilters) {
    let q = this.scoped(v, view);
    if (f.departmentId) q = q.where('c.department_id', '=', f.departmentId);
    if (f.agentId) q = q.where('c.agent_id', '=', f.agentId);
    if (f.channel) q = q.where('c.channel', '=', f.channel);
    // The kind's accounts are a handful of rows: the list still walks its own index, checking each row's account.
    if (f.channelKind) q = q.where('c.channel', 'in', this.k.selectFrom('channels').select('channels.id').where('channels.kind', '=', f.channelKind));
    if (f.unread) q = q.where('c.unread', '>', 0);
    if (f.from) q = q.where('c.opened_at', '>=', startOf(f.from));
    if (f.to) q = q.where('c.opened_at', '<', endOfDay(f.to));
    if (f.tagId) {
      const tagId = f.tagId;
      q = q.where((eb) =>
        eb.exists(eb.selectFrom('conversation_tags as t').select('t.tag_id').whereRef('t.conversation_id', '=', 'c.id').where('t.tag_id', '=', tagId)),
      );
    }
    if (f.search) {
      const text = f.search;
      const sqlite = this.db.dialect === 'sqlite';
      const match = sqlite ? ftsQuery(text) : null;
      q = q.where((eb) => {
        const byContact = eb('c.contact_id', 'in', eb.selectFrom('contacts').select('contacts.id').where(contactMatches(text, this.db.dialect)));
        const messages = eb.selectFrom('messages as m').select('m.conversation_id');
        if (sqlite) {
          if (!match) return byContact;
          return eb.or([byContact, eb('c.id', 'in', messages.where('m.id', 'in', sql<number>`(select rowid from messages_fts where messages_fts match ${match})`))]);
        }
        return eb.or([
          byContact,
          eb(
            'c.id',
            'in',
            messages
              .where('m.kind', '=', sql.lit('text'))
              .where('m.author', 'in', [sql.lit<'contact'>('contact'), sql.lit<'agent'>('agent')])
              .where(sql<boolean>`${sql.raw(PG_SEARCH_VECTOR)} @@ plainto_tsquery('simple', translate(lower(${text}), ${sql.raw(PG_ACCENTS)}))`),
          ),
        ]);
      });
    }
    return q;
  }

  /** A page's query, as `list` runs it (tests read its plan). */
  pageQuery(v: Viewer, raw: ListInput) {
    const input = listInput.parse(raw);
    const { view, limit } = input;
    // Waiting: oldest first (who has waited longest is served first); Closed: last closed first; others: latest activity.
    const sortCol = view === 'waiting' ? 'c.waiting_since' : view === 'closed' ? 'c.closed_at' : 'c.last_message_at';
    const asc = view === 'waiting';
    let q = this.filtered(v, view, input);
    if (input.cursor) {
      const [key, id] = decodeCursor(input.cursor)!;
      q = q.where((eb) =>
        asc
          ? eb.or([eb(sortCol, '>', key), eb.and([eb(sortCol, '=', key), eb('c.id', '>', id)])])
          : eb.or([eb(sortCol, '<', key), eb.and([eb(sortCol, '=', key), eb('c.id', '<', id)])]),
      );
    }
    return q
      .innerJoin('contacts as ct', 'ct.id', 'c.contact_id')
      .leftJoin('users as u', 'u.id', 'c.agent_id')
      .leftJoin('channels as ch', 'ch.id', 'c.channel')
      .select([
        'c.id',
        'c.stage',
        'c.channel',
        'ch.kind as channel_kind',
        'ch.name as channel_name',
        'c.contact_id',
        'ct.name as contact_name',
        'ct.phone as contact_phone',
        'ct.blocked_at as contact_blocked_at',
        'c.department_id',
        'c.agent_id',
        'u.name as agent_name',
        'c.opened_at',
        'c.waiting_since',
        'c.assigned_at',
        'c.last_message_at',
        'c.closed_at',
        'c.last_preview',
        'c.unread',
        'c.csat_score',
        'c.csat_state',
      ])
      .orderBy(sortCol, asc ? 'asc' : 'desc')
      .orderBy('c.id', asc ? 'asc' : 'desc')
      .limit(limit + 1);
  }

  async list(v: Viewer, raw: ListInput): Promise<{ items: ConversationSummary[]; nextCursor: string | null }> {
    const { view, limit } = listInput.parse(raw);
    const rows = await this.pageQuery(v, raw).execute();
    const page = rows.slice(0, limit);
    const tags = page.length
      ? await this.k
          .selectFrom('conversation_tags as t')
          .innerJoin('tags', 'tags.id', 't.tag_id')
          .select(['t.conversation_id', 'tags.id', 'tags.name', 'tags.color'])
          .where(
            't.conversation_id',
            'in',
            page.map((r) => r.id),
          )
          .execute()
      : [];
    const tagsOf = new Map<string, ConversationSummary['tags']>();
    for (const t of tags) tagsOf.set(t.conversation_id, [...(tagsOf.get(t.conversation_id) ?? []), { id: t.id, name: t.name, color: t.color }]);
    const last = page[page.length - 1];
    const keyOf = (r: (typeof rows)[number]) => (view === 'waiting' ? r.waiting_since : view === 'closed' ? r.closed_at : r.last_message_at) ?? '';
    return {
      items: page.map((r) => ({
        id: r.id,
        stage: r.stage,
        channel: r.channel,
        channelKind: r.channel_kind,
        channelName: r.channel_name,
        contact: { id: r.contact_id, name: r.contact_name, phone: r.contact_phone, blocked: !!r.contact_blocked_at },
        departmentId: r.department_id,
        agentId: r.agent_id,
        agentName: r.agent_name,
        openedAt: r.opened_at,
        waitingSince: r.waiting_since,
        assignedAt: r.assigned_at,
        lastMessageAt: r.last_message_at,
        closedAt: r.closed_at,
        preview: r.last_preview,
        unread: Number(r.unread),
        csatScore: r.csat_score === null ? null : Number(r.csat_score),
        csatPending: r.csat_state === 'asked',
        tags: (tagsOf.get(r.id) ?? []).sort((a, b) => a.name.localeCompare(b.name)),
      })),
      nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last), last.id) : null,
    };
  }

  /** How many conversations each view holds with these filters (Closed: capped, it only grows). */
  async counts(v: Viewer, f: ListFilters): Promise<Record<ListView, number>> {
    const filters = listFilters.parse(f);
    const count = async (view: ListView, cap?: number) => {
      let inner = this.filtered(v, view, filters).select('c.id');
      if (cap) inner = inner.limit(cap);
      const r = await this.k
        .selectFrom(inner.as('x'))
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    };
    const [waiting, mine, department, closed] = await Promise.all([count('waiting'), count('mine'), count('department'), count('closed', CLOSED_COUNT_CAP)]);
    return { waiting, mine, department, closed };
  }
}

/** Closed keeps growing; the badge says "1000+" past this. */
export const CLOSED_COUNT_CAP = 1000;
