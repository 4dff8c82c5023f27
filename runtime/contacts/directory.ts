// The contacts directory: the Contacts tab's list (server-side search, filters, sort and pages
// over indexes of `contacts`), a contact's page, adding and editing a contact. Operators see the
// contacts the Inbox lets them see (`contactReachable`); any other contact answers "not found".
import { sql, type Expression, type Insertable, type SqlBool } from 'kysely';
import { z } from 'zod';
import type { FlowDocument, FlowIssue } from '../../blocks/flow.js';
import { noticeScope, type Bus } from '../bus.js';
import type { Db } from '../db/connect.js';
import type { ContactFieldType, ContactsTable, Stage } from '../db/schema.js';
import { notFound, OziaError } from '../errors.js';
import { newId } from '../ids.js';
import { canSee, type Viewer } from '../inbox/access.js';
import type { ContactIdentityView, InboxChannels } from '../inbox/channel-accounts.js';
import { contactReachable, reachableIds } from '../inbox/contacts.js';
import { documentKey, documentKind } from '../../blocks/shared/documents.js';
import type { ContactFields } from './field-store.js';
import { collectedByFlow, type CollectedFlow } from './flow-runs.js';
import { applyValues, documentsOf, readValues, type FieldDefinition, type FieldValues } from './fields.js';
import { phoneDigits, phoneSpellings, storedToE164, toE164 } from './phone.js';
import { ANONYMOUS_CONTACT_ID } from './anonymous.js';
import { contactQuery, type ContactFilters, type ContactQuery, type FieldFilter } from './query.js';
import { fieldValueSql } from './field-indexes.js';

const email = z.email({ error: 'type a valid email' }).max(200, 'at most 200 characters');

export const contactEdit = z.object({
  name: z.string().trim().max(120, 'at most 120 characters').nullish(),
  /** Any format; stored as E.164. Empty clears it. */
  phone: z.string().trim().max(40, 'at most 40 characters').nullish(),
  email: z.union([z.literal(''), z.string().trim().toLowerCase().pipe(email)]).nullish(),
  notes: z.string().max(5000, 'at most 5000 characters').nullish(),
  /** Values by field key; null or '' clears one. */
  fields: z.record(z.string(), z.unknown()).optional(),
  tagIds: z.array(z.string().min(1)).max(50, 'at most 50 tags').optional(),
});
export type ContactEdit = z.input<typeof contactEdit>;

export const contactCreate = contactEdit.refine((c) => (c.name ?? '').trim() || (c.phone ?? '').trim() || (c.email ?? '').trim(), {
  path: ['name'],
  message: 'type a name, a phone or an e-mail',
});

export interface ContactRowView {
  id: string;
  name: string | null;
  /** E.164 ('+5511…'). */
  phone: string | null;
  email: string | null;
  tags: { id: string; name: string; color: string }[];
  /** The channel accounts that know the person, by kind. */
  channels: { channelId: string; kind: string | null; name: string | null }[];
  createdAt: string;
  lastContactAt: string | null;
  blockedAt: string | null;
}

/** A blocked contact: since when, by whom, why. */
export interface ContactBlockView {
  at: string;
  byName: string | null;
  reason: string | null;
}

export interface ContactConversationView {
  id: string;
  stage: Stage;
  channel: string;
  channelKind: string | null;
  channelName: string | null;
  departmentId: string | null;
  departmentName: string | null;
  agentName: string | null;
  openedAt: string;
  closedAt: string | null;
  lastMessageAt: string;
  preview: string | null;
  /** Its messages before this moment were deleted by the retention policy. */
  purgedBefore: string | null;
}

export interface ContactPage {
  id: string;
  name: string | null;
  phone: string | null;
  /** Every phone the person is known by (their own, and their phone identities), E.164. */
  phones: string[];
  email: string | null;
  emails: string[];
  notes: string;
  fields: FieldValues;
  tags: { id: string; name: string; color: string }[];
  identities: ContactIdentityView[];
  /** The conversations the viewer could open in the Inbox, newest first. */
  conversations: ContactConversationView[];
  createdAt: string;
  updatedAt: string | null;
  lastContactAt: string | null;
  /** Null: not blocked. */
  block: ContactBlockView | null;
  /** What flows collected, per flow, newest run first ("Dados coletados"). */
  collected: CollectedFlow[];
}

interface ReadPlan {
  /** Walk the sort's index, testing each contact (many match). */
  walk: boolean;
  /** SQLite: the search reads the trigram table (it narrows the contacts). */
  trigram: boolean;
  /** The search is a LIKE no index serves (too short, or matching too many for the trigram table). */
  unindexed: boolean;
}

/** A search the trigram table finds in more contacts than this reads faster as a LIKE on the rows walked. */
const TRIGRAM_MOST = 5_000;

/** The list counts its matches up to this many. */
export const COUNT_CAP = 1_000;

/** The cap, or further when the page asked for lies past it (the count always reaches the page). */
type ParsedQuery = ReturnType<typeof contactQuery.parse>;
const PAGE_COLUMNS = ['contacts.id', 'contacts.name', 'contacts.phone', 'contacts.email', 'contacts.created_at', 'contacts.last_contact_at', 'contacts.blocked_at'] as const;
const countCap = (q: { page: number; pageSize: number }) => Math.max(COUNT_CAP, q.page * q.pageSize);

export interface ContactListPage {
  items: ContactRowView[];
  /** The matches, counted up to COUNT_CAP (or the requested page's end, if further). */
  total: number;
  /** More than COUNT_CAP match ("10.000+"). */
  totalCapped: boolean;
  page: number;
  pageSize: number;
}

const startOfDay = (d: string) => `${d}T00:00:00.000Z`;
const afterDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString();
const likeOf = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * A contact added by a person (by hand or by an import): no channel yet, so its own id keeps
 * (channel, external_id) unique; whoever added it is `created_by` (an operator then sees it).
 */
export function manualContactRow(c: {
  id: string;
  name: string | null;
  phone: string | null | undefined;
  email: string | null | undefined;
  notes: string | null;
  values: FieldValues;
  defs: FieldDefinition[];
  at: string;
  by: string;
}): Insertable<ContactsTable> {
  return {
    id: c.id,
    channel: 'manual',
    external_id: c.id,
    name: c.name,
    phone: c.phone ?? null,
    email: c.email ?? null,
    notes: c.notes,
    fields: Object.keys(c.values).length ? JSON.stringify(c.values) : null,
    document: documentsOf(c.defs, c.values),
    created_at: c.at,
    updated_at: c.at,
    created_by: c.by,
  };
}

export class ContactDirectoryStore {
  constructor(
    private readonly db: Db,
    private readonly fields: ContactFields,
    private readonly channels: InboxChannels,
    private readonly clock: () => Date,
    private readonly versionDocument?: (versionId: string) => Promise<{ doc: FlowDocument }>,
    private readonly bus?: Bus,
  ) {}

  private get k() {
    return this.db.kysely;
  }

  private get like() {
    return sql.raw(this.db.dialect === 'sqlite' ? 'like' : 'ilike');
  }

  /** A custom field's stored value, as SQL: the expression its index holds (text and list lower-cased). */
  private fieldValue(key: string, type: ContactFieldType) {
    return sql.raw(fieldValueSql(this.db.dialect, key, type, 'contacts'));
  }

  /**
   * SQLite: the contacts whose trigram row matches, found through `contacts_fts` (migration
   * 0015). The pattern is the LIKE one; the caller keeps its own LIKE on `contacts` too, so the
   * answer is exactly the plain LIKE's and the index only narrows the rows read.
   */
  private trigramHits(column: 'words' | 'numbers', pattern: string): Expression<SqlBool> {
    return sql<boolean>`contacts.id in (select r.contact_id from contact_search_rows r where r.row in (select rowid from contacts_fts where contacts_fts.${sql.raw(column)} like ${pattern}))`;
  }

  /** Whether SQLite's trigram table can serve a LIKE for this text: three characters at least, none LIKE or the row's separator treat specially. */
  private trigramServes(text: string): boolean {
    return this.db.dialect === 'sqlite' && text.length >= 3 && !/[\\%_\n\r]/.test(text);
  }

  /**
   * The search box: a phone in any format or a CPF/CNPJ (each an index lookup), an e-mail, or
   * words of a name. Partial names, e-mails and numbers read a trigram index (SQLite's
   * `contacts_fts`, PostgreSQL's pg_trgm GIN indexes), never a scan of the contacts.
   */
  private searchCondition(text: string, plan: ReadPlan): Expression<SqlBool> {
    const t = text.trim();
    const numeric = /^[+\d\s().\-/]+$/.test(t);
    const digits = t.replace(/\D/g, '');
    if (numeric && digits.length >= 8) {
      const ors: Expression<SqlBool>[] = [];
      const phone = phoneDigits(t);
      if (phone) ors.push(sql<boolean>`contacts.phone in (${sql.join(phoneSpellings(phone))})`);
      if (documentKind(t)) ors.push(sql<boolean>`contacts.document = ${documentKey(t)}`);
      if (ors.length) return sql<boolean>`(${sql.join(ors, sql` or `)})`;
    }
    if (numeric && digits.length >= 3) {
      const partial = sql<boolean>`(contacts.phone like ${`%${digits}%`} or contacts.document like ${`%${digits}%`})`;
      return plan.trigram ? sql<boolean>`(${this.trigramHits('numbers', `%${digits}%`)} and ${partial})` : partial;
    }
    if (/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) return sql<boolean>`contacts.email = ${t.toLowerCase()}`;
    const like = likeOf(t);
    const words = sql<boolean>`(contacts.name ${this.like} ${like} escape '\\' or contacts.email like ${like} escape '\\')`;
    return plan.trigram ? sql<boolean>`(${this.trigramHits('words', `%${t.toLowerCase()}%`)} and ${words})` : words;
  }

  private fieldCondition(f: FieldFilter, def: FieldDefinition | undefined, plan: ReadPlan): Expression<SqlBool> {
    if (!def) throw new OziaError('BAD_REQUEST', `field.key: no field "${f.key}"; reload the page`);
    const v = plan.walk ? sql`+${this.fieldValue(def.key, def.type)}` : this.fieldValue(def.key, def.type);
    const bad = (message: string) => new OziaError('BAD_REQUEST', `field.value: ${message}`, [{ path: 'field.value', message }]);
    if (f.op === 'between') {
      if (def.type !== 'number' && def.type !== 'date') throw bad(`"${def.label}" cannot be filtered by a range`);
      const end = (x: string | number | undefined) => {
        if (x === undefined || x === '') return undefined;
        if (def.type === 'number') {
          const n = typeof x === 'number' ? x : Number(String(x).replace(',', '.'));
          if (!Number.isFinite(n)) throw bad(`"${def.label}" must be a number`);
          return n;
        }
        if (typeof x !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(x)) throw bad(`"${def.label}" must be a date (YYYY-MM-DD)`);
        return x;
      };
      const from = end(f.from);
      const to = end(f.to);
      const parts: Expression<SqlBool>[] = [sql<boolean>`${v} is not null`];
      if (from !== undefined) parts.push(sql<boolean>`${v} >= ${from}`);
      if (to !== undefined) parts.push(sql<boolean>`${v} <= ${to}`);
      return sql<boolean>`(${sql.join(parts, sql` and `)})`;
    }
    const value = f.value!;
    if (f.op === 'contains') {
      if (def.type !== 'text') throw bad(`"${def.label}" can only be filtered by its value`);
      const like = likeOf(String(value));
      // SQLite: the matching rowids off the field's expression index (its values, no contact's
      // JSON parsed): a "contains" tests every value, and the index is a fraction of the table.
      if (this.db.dialect === 'sqlite') {
        const rowid = plan.walk ? sql`+contacts.rowid` : sql`contacts.rowid`;
        return sql<boolean>`${rowid} in (select rowid from contacts where ${this.fieldValue(def.key, def.type)} like ${like} escape '\\')`;
      }
      return sql<boolean>`${v} like ${like} escape '\\'`;
    }
    switch (def.type) {
      case 'text':
      case 'list':
        return sql<boolean>`${v} = ${String(value).trim().toLowerCase()}`;
      case 'number': {
        const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
        if (!Number.isFinite(n)) throw bad(`"${def.label}" must be a number`);
        return sql<boolean>`${v} = ${n}`;
      }
      case 'date':
        return sql<boolean>`${v} = ${String(value)}`;
      case 'yes_no': {
        const yes = value === true || value === 'true';
        return this.db.dialect === 'sqlite' ? sql<boolean>`${v} = ${yes ? 1 : 0}` : sql<boolean>`${v} = ${yes ? 'true' : 'false'}`;
      }
      case 'cpf_cnpj':
        return sql<boolean>`${v} = ${documentKey(String(value))}`;
    }
  }

  /**
   * How to read the contacts. SQLite's planner would start from a filter's index even when the
   * filter matches thousands (sorting them all for one page costs tens of ms); when the count
   * says many match, the page walks the sort's index instead and tests each contact (`walk`: the
   * filters' columns behind a unary +, which keeps the planner off their indexes), and the first
   * page's rows come within a few hundred. The trigram table serves a search when it narrows the
   * contacts (at most TRIGRAM_MOST rows); a search matching more reads faster as a plain LIKE on the
   * rows walked.
   */
  private async readPlan(f: ContactFilters): Promise<ReadPlan> {
    const none = { walk: false, trigram: false, unindexed: false };
    if (this.db.dialect !== 'sqlite' || !f.search) return none;
    const t = f.search.trim();
    const numeric = /^[+\d\s().\-/]+$/.test(t);
    const digits = t.replace(/\D/g, '');
    let probe: { column: 'words' | 'numbers'; text: string } | null = null;
    if (numeric && digits.length >= 3) {
      if (digits.length < 8 || (!phoneDigits(t) && !documentKind(t))) probe = { column: 'numbers', text: digits };
    } else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t)) probe = { column: 'words', text: t.toLowerCase() };
    if (!probe) return none;
    if (!this.trigramServes(probe.text)) return { ...none, unindexed: true };
    const r = await sql<{ n: number }>`select count(*) as n from (select 1 from contacts_fts where contacts_fts.${sql.raw(probe.column)} like ${`%${probe.text}%`} limit ${TRIGRAM_MOST + 1})`.execute(this.k);
    const trigram = Number(r.rows[0]?.n ?? 0) <= TRIGRAM_MOST;
    return { walk: false, trigram, unindexed: !trigram };
  }

  /** The contacts the viewer may see that pass the filters: the list and the CSV export share it. */
  async filtered(v: Viewer, f: ContactFilters, known?: ReadPlan) {
    const plan = known ?? (await this.readPlan(f));
    const defs = f.field ? await this.fields.list() : [];
    // Walking: the same conditions, none able to pick an index.
    const id = plan.walk ? sql`+contacts.id` : sql`contacts.id`;
    const col = (c: string) => sql.raw(plan.walk ? `+contacts.${c}` : `contacts.${c}`);
    // Erased people's conversations point at the anonymous contact: never a row of the list.
    let q = this.k.selectFrom('contacts').where(sql<boolean>`${id} != ${ANONYMOUS_CONTACT_ID}`);
    if (v.role !== 'supervisor') {
      q = q.where(contactReachable(v));
      // No index narrows the contacts (a search matching thousands): start
      // from the operator's own set rather than test every contact. Elsewhere the set would cost
      // more to build than the filter's index saves.
      if (this.db.dialect === 'sqlite' && plan.unindexed) q = q.where(sql<boolean>`${id} in ${reachableIds(v)}`);
    }
    if (f.search) q = q.where(this.searchCondition(f.search, plan));
    // Tag and channel filters as `id in (…)`: the planner may then start from the tag's or the
    // channel's own index instead of testing every contact (the count needs all of them).
    if (f.tagId) q = q.where(sql<boolean>`${id} in (select t.contact_id from contact_tags t where t.tag_id = ${f.tagId})`);
    if (f.field) q = q.where(this.fieldCondition(f.field, defs.find((d) => d.key === f.field!.key), plan));
    if (f.channel) q = q.where(sql<boolean>`${id} in (select i.contact_id from contact_identities i where i.channel_id = ${f.channel})`);
    if (f.channelKind)
      q = q.where(sql<boolean>`${id} in (select i.contact_id from contact_identities i where i.channel_id in (select ch.id from channels ch where ch.kind = ${f.channelKind}))`);
    if (f.createdFrom) q = q.where(sql<boolean>`${col('created_at')} >= ${startOfDay(f.createdFrom)}`);
    if (f.createdTo) q = q.where(sql<boolean>`${col('created_at')} < ${afterDay(f.createdTo)}`);
    if (f.lastContactFrom) q = q.where(sql<boolean>`${col('last_contact_at')} >= ${startOfDay(f.lastContactFrom)}`);
    if (f.lastContactTo) q = q.where(sql<boolean>`${col('last_contact_at')} < ${afterDay(f.lastContactTo)}`);
    if (f.blocked) q = q.where(sql<boolean>`${col('blocked_at')} is not null`);
    return q;
  }

  /** The list's order: each sort walks its own index; contacts never contacted come last either way. */
  private orderOf(input: ParsedQuery) {
    const dir = input.dir ?? (input.sort === 'name' ? 'asc' : 'desc');
    const d = sql.raw(dir);
    return input.sort === 'name'
      ? sql`lower(coalesce(contacts.name, '')) ${d}, contacts.id ${d}`
      : input.sort === 'created'
        ? sql`contacts.created_at ${d}, contacts.id ${d}`
        : sql`contacts.last_contact_at ${d} ${sql.raw(dir === 'desc' ? 'nulls last' : 'nulls first')}, contacts.id ${d}`;
  }

  /** The page's query (tests read its plan); `many`: the count reached its cap. */
  async pageQuery(v: Viewer, raw: ContactQuery, many = false, known?: ReadPlan) {
    const input = contactQuery.parse(raw);
    const plan = known ?? (await this.readPlan(input));
    return (await this.filtered(v, input, { ...plan, walk: many && this.db.dialect === 'sqlite' }))
      .select(PAGE_COLUMNS)
      .orderBy(this.orderOf(input))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize);
  }

  /** The page among contacts already known to match (at most the count's cap): read by primary key, no filter again. */
  private pageOfIds(input: ParsedQuery, ids: string[]) {
    return this.k
      .selectFrom('contacts')
      .select(PAGE_COLUMNS)
      .where('contacts.id', 'in', ids)
      .orderBy(this.orderOf(input))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize);
  }

  /**
   * How many contacts match, counted up to `COUNT_CAP` (past it the list says "1.000+"):
   * counting every one of 100,000 matches costs more than the page itself, and nobody pages
   * that far; a search or filter narrows the list instead.
   */
  async countQuery(v: Viewer, raw: ContactQuery, known?: ReadPlan) {
    const input = contactQuery.parse(raw);
    const capped = (await this.filtered(v, input, known ?? (await this.readPlan(input)))).select(sql.lit(1).as('one')).limit(countCap(input) + 1);
    return this.k.selectFrom(capped.as('m')).select((eb) => eb.fn.countAll<number>().as('n'));
  }

  async list(v: Viewer, raw: ContactQuery): Promise<ContactListPage> {
    const input = contactQuery.parse(raw);
    // The count first: how many match decides how the page is read.
    const plan = await this.readPlan(input);
    // The count reads the matching ids (up to its cap): when they are all there, the page is
    // those ids sorted, and the filters (a search, a field, an operator's rule) are not run twice.
    const cap = countCap(input);
    const matched = await (await this.filtered(v, input, plan)).select('contacts.id').limit(cap + 1).execute();
    const counted = matched.length;
    const rows =
      counted > cap
        ? await (await this.pageQuery(v, input, true, plan)).execute()
        : counted
          ? await this.pageOfIds(input, matched.map((m) => m.id)).execute()
          : [];
    const ids = rows.map((r) => r.id);
    const tags = await this.tagsOf(ids);
    const channels = await this.channelsOf(ids);
    return {
      items: rows.map((r) => ({
        id: r.id,
        name: r.name,
        phone: storedToE164(r.phone),
        email: r.email,
        tags: tags.get(r.id) ?? [],
        channels: channels.get(r.id) ?? [],
        createdAt: r.created_at,
        lastContactAt: r.last_contact_at,
        blockedAt: r.blocked_at,
      })),
      total: Math.min(counted, countCap(input)),
      totalCapped: counted > countCap(input),
      page: input.page,
      pageSize: input.pageSize,
    };
  }

  /** The channel accounts that know each contact, once each. */
  async channelsOf(ids: string[]): Promise<Map<string, ContactRowView['channels']>> {
    const out = new Map<string, Map<string, ContactRowView['channels'][number]>>();
    if (!ids.length) return new Map();
    const rows = await this.k
      .selectFrom('contact_identities as i')
      .leftJoin('channels as ch', 'ch.id', 'i.channel_id')
      .select(['i.contact_id', 'i.channel_id', 'ch.kind', 'ch.name'])
      .where('i.contact_id', 'in', ids)
      .execute();
    for (const c of rows) {
      const m = out.get(c.contact_id) ?? new Map();
      m.set(c.channel_id, { channelId: c.channel_id, kind: c.kind, name: c.name });
      out.set(c.contact_id, m);
    }
    return new Map([...out].map(([id, m]) => [id, [...m.values()]]));
  }

  async tagsOf(ids: string[]): Promise<Map<string, { id: string; name: string; color: string }[]>> {
    const out = new Map<string, { id: string; name: string; color: string }[]>();
    if (!ids.length) return out;
    const rows = await this.k
      .selectFrom('contact_tags as ct')
      .innerJoin('tags', 'tags.id', 'ct.tag_id')
      .select(['ct.contact_id', 'tags.id', 'tags.name', 'tags.color'])
      .where('ct.contact_id', 'in', ids)
      .orderBy('tags.name')
      .execute();
    for (const r of rows) out.set(r.contact_id, [...(out.get(r.contact_id) ?? []), { id: r.id, name: r.name, color: r.color }]);
    return out;
  }

  /** The contact's row when the viewer may see it; "not found" otherwise (a hidden contact and an unknown one look the same). */
  private async visibleRow(v: Viewer, id: string) {
    if (id === ANONYMOUS_CONTACT_ID) throw notFound(`contact "${id}"`);
    let q = this.k.selectFrom('contacts').selectAll().where('contacts.id', '=', id);
    if (v.role !== 'supervisor') q = q.where(contactReachable(v));
    const row = await q.executeTakeFirst();
    if (!row) throw notFound(`contact "${id}"`);
    return row;
  }

  async get(v: Viewer, id: string): Promise<ContactPage> {
    const row = await this.visibleRow(v, id);
    const identities = await this.channels.identities(id);
    const convs = await this.k
      .selectFrom('conversations as c')
      .leftJoin('channels as ch', 'ch.id', 'c.channel')
      .leftJoin('departments as d', 'd.id', 'c.department_id')
      .leftJoin('users as u', 'u.id', 'c.agent_id')
      .select([
        'c.id',
        'c.stage',
        'c.channel',
        'c.department_id',
        'c.agent_id',
        'c.opened_at',
        'c.closed_at',
        'c.last_message_at',
        'c.last_preview',
        'c.purged_before',
        'ch.kind as channel_kind',
        'ch.name as channel_name',
        'd.name as department_name',
        'u.name as agent_name',
      ])
      .where('c.contact_id', '=', id)
      .orderBy('c.opened_at', 'desc')
      .limit(200)
      .execute();
    const phones = new Set<string>();
    const own = storedToE164(row.phone);
    if (own) phones.add(own);
    for (const i of identities) if (i.kind === 'phone') phones.add(storedToE164(i.value) ?? i.value);
    const emails = new Set<string>();
    if (row.email) emails.add(row.email);
    for (const i of identities) if (i.kind === 'email') emails.add(i.value.toLowerCase());
    const lastMessage = convs.reduce<string | null>((m, c) => (!m || c.last_message_at > m ? c.last_message_at : m), null);
    return {
      id: row.id,
      name: row.name,
      phone: own,
      phones: [...phones],
      email: row.email,
      emails: [...emails],
      notes: row.notes ?? '',
      fields: readValues(row.fields),
      tags: (await this.tagsOf([id])).get(id) ?? [],
      identities,
      conversations: convs
        .filter((c) => canSee(v, c))
        .map((c) => ({
          id: c.id,
          stage: c.stage,
          channel: c.channel,
          channelKind: c.channel_kind,
          channelName: c.channel_name,
          departmentId: c.department_id,
          departmentName: c.department_name,
          agentName: c.agent_name,
          openedAt: c.opened_at,
          closedAt: c.closed_at,
          lastMessageAt: c.last_message_at,
          preview: c.last_preview,
          purgedBefore: c.purged_before,
        })),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      // The sweep may be a second behind: the live value is the later of the two.
      lastContactAt: [row.last_contact_at, lastMessage].filter((x): x is string => !!x).sort().at(-1) ?? null,
      block: row.blocked_at ? { at: row.blocked_at, byName: await this.userName(row.blocked_by), reason: row.block_reason } : null,
      collected: await collectedByFlow(this.k, id, async (versionId) => (this.versionDocument ? this.versionDocument(versionId).catch(() => null) : null)),
    };
  }

  private async userName(id: string | null): Promise<string | null> {
    if (!id) return null;
    const u = await this.k.selectFrom('users').select('name').where('id', '=', id).executeTakeFirst();
    return u?.name ?? null;
  }

  /**
   * Another contact holding this phone or e-mail. Refusal names it when the viewer may open it
   * (the form links there); otherwise says only that it exists.
   */
  private async duplicateCheck(v: Viewer, phoneE164: string | null, mail: string | null, exceptId: string | null): Promise<void> {
    const issues: FlowIssue[] = [];
    const check = async (path: 'phone' | 'email', where: Expression<SqlBool>) => {
      let q = this.k.selectFrom('contacts').select('id').where(where).limit(1);
      if (exceptId) q = q.where('id', '!=', exceptId);
      const other = await q.executeTakeFirst();
      if (!other) return;
      const seen = v.role === 'supervisor' || (await this.k.selectFrom('contacts').select('id').where('id', '=', other.id).where(contactReachable(v)).executeTakeFirst());
      const what = path === 'phone' ? 'phone' : 'e-mail';
      issues.push({ path, message: seen ? `contact "${other.id}" already has this ${what}` : `another contact already has this ${what}` });
    };
    if (phoneE164) await check('phone', sql<boolean>`contacts.phone in (${sql.join(phoneSpellings(phoneE164.slice(1)))})`);
    if (mail) await check('email', sql<boolean>`contacts.email = ${mail}`);
    if (issues.length) throw new OziaError('CONFLICT', issues.map((i) => `${i.path}: ${i.message}`).join('\n'), issues);
  }

  /** The edit checked in full (phone, e-mail, every field value, tags) before anything is written. */
  private async prepare(v: Viewer, raw: unknown, current: { id: string | null; fields: FieldValues }) {
    const p = await this.check(raw, current.fields);
    if (p.issues.length) throw new OziaError('BAD_REQUEST', p.issues.map((i) => `${i.path}: ${i.message}`).join('\n'), p.issues);
    await this.duplicateCheck(v, p.phone ?? null, p.mail ?? null, current.id);
    return p;
  }

  /**
   * The checks of adding or editing a contact, without looking for duplicates: what every value
   * becomes, or the issues by path (`phone`, `email`, `fields.<key>`, `tagIds.<i>`). The CSV
   * import checks each row with it; `defs` spares it reading the field definitions per row.
   */
  async check(raw: unknown, currentFields: FieldValues, defs?: FieldDefinition[]) {
    const parsed = contactEdit.safeParse(raw);
    if (!parsed.success) {
      const issues: FlowIssue[] = parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
      return { input: {} as z.output<typeof contactEdit>, phone: undefined, mail: undefined, values: undefined, tagIds: undefined, defs: defs ?? [], issues };
    }
    const input = parsed.data;
    const issues: FlowIssue[] = [];
    let phone: string | null | undefined;
    if (input.phone !== undefined) {
      phone = input.phone ? toE164(input.phone) : null;
      if (input.phone && !phone) issues.push({ path: 'phone', message: 'not a valid phone number (include the area code)' });
    }
    const mail = input.email === undefined ? undefined : input.email || null;
    defs ??= await this.fields.list();
    let values: FieldValues | undefined;
    if (input.fields) {
      try {
        values = applyValues(defs, currentFields, input.fields);
      } catch (e) {
        if (e instanceof OziaError && e.issues) issues.push(...e.issues);
        else throw e;
      }
    }
    let tagIds: string[] | undefined;
    if (input.tagIds) {
      tagIds = [...new Set(input.tagIds)];
      const known = tagIds.length ? new Set((await this.k.selectFrom('tags').select('id').where('id', 'in', tagIds).execute()).map((t) => t.id)) : new Set<string>();
      tagIds.forEach((t, i) => {
        if (!known.has(t)) issues.push({ path: `tagIds.${i}`, message: `no tag "${t}"` });
      });
    }
    return { input, phone, mail, values, tagIds, defs, issues };
  }

  async create(v: Viewer, raw: z.input<typeof contactCreate>): Promise<{ id: string }> {
    contactCreate.parse(raw);
    const p = await this.prepare(v, raw, { id: null, fields: {} });
    const id = newId();
    const at = this.clock().toISOString();
    const values = p.values ?? {};
    await this.k.transaction().execute(async (tx) => {
      await tx
        .insertInto('contacts')
        .values(manualContactRow({ id, name: p.input.name?.trim() || null, phone: p.phone, email: p.mail, notes: p.input.notes?.trim() || null, values, defs: p.defs, at, by: v.id }))
        .execute();
      if (p.tagIds?.length) await tx.insertInto('contact_tags').values(p.tagIds.map((t) => ({ contact_id: id, tag_id: t, created_at: at }))).execute();
    });
    return { id };
  }

  async update(v: Viewer, id: string, raw: ContactEdit): Promise<void> {
    const row = await this.visibleRow(v, id);
    const p = await this.prepare(v, raw, { id, fields: readValues(row.fields) });
    const at = this.clock().toISOString();
    const set: Record<string, string | null> = { updated_at: at };
    if (p.input.name !== undefined) set.name = p.input.name?.trim() || null;
    if (p.phone !== undefined) set.phone = p.phone;
    if (p.mail !== undefined) set.email = p.mail;
    if (p.input.notes !== undefined) set.notes = p.input.notes?.trim() || null;
    if (p.values) {
      set.fields = Object.keys(p.values).length ? JSON.stringify(p.values) : null;
      set.document = documentsOf(p.defs, p.values);
    }
    await this.k.transaction().execute(async (tx) => {
      await tx.updateTable('contacts').set(set).where('id', '=', id).execute();
      if (p.tagIds) {
        await tx.deleteFrom('contact_tags').where('contact_id', '=', id).execute();
        if (p.tagIds.length) await tx.insertInto('contact_tags').values(p.tagIds.map((t) => ({ contact_id: id, tag_id: t, created_at: at }))).execute();
      }
    });
  }

  /**
   * Blocks the contact: their messages are still stored, but no flow, auto-reply or survey
   * answers them. Anyone who may open the contact may block it (an operator reaches only the
   * contacts of their departments; others are "not found"), like editing it.
   */
  async block(v: Viewer, id: string, reason: string | null): Promise<void> {
    const row = await this.visibleRow(v, id);
    if (row.blocked_at) return;
    const at = this.clock().toISOString();
    await this.k.updateTable('contacts').set({ blocked_at: at, blocked_by: v.id, block_reason: reason?.trim() || null, updated_at: at }).where('id', '=', id).execute();
    await this.tellInbox(id);
  }

  /**
   * The Inbox shows the block on the contact's conversations (list rows, header, panel): each
   * agent who may see one of them hears of the change, as for any change to a conversation.
   */
  private async tellInbox(contactId: string): Promise<void> {
    if (!this.bus) return;
    const convs = await this.k
      .selectFrom('conversations')
      .select(['id', 'stage', 'department_id', 'agent_id'])
      .where('contact_id', '=', contactId)
      .orderBy('last_message_at', 'desc')
      .limit(50)
      .execute();
    for (const c of convs) {
      this.bus.emit('inbox', { type: 'conversation', conversationId: c.id, reason: 'contact', stage: c.stage, ...noticeScope({ departmentId: c.department_id, agentId: c.agent_id }) });
    }
  }

  /** Unblocks: the next message is answered as usual; those that came while blocked stay unanswered. */
  async unblock(v: Viewer, id: string): Promise<void> {
    await this.visibleRow(v, id);
    const at = this.clock().toISOString();
    await this.k.updateTable('contacts').set({ blocked_at: null, blocked_by: null, block_reason: null, updated_at: at }).where('id', '=', id).execute();
    await this.tellInbox(id);
  }
}
