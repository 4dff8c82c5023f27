// Two contacts that are one person become one: the one path both ingest (a phone and a LID
// reported as the same person) and a person merging two contacts by hand take. Everything moves
// to the survivor: identities, conversations, messages, inbound rows, timers, sessions and past
// flow runs; tags add up, both notes are kept, the latest last contact stands. Where both hold a
// different name, phone, e-mail or custom field value, the survivor's wins unless the caller
// chose the other's (`takeOther`); where only one holds a value, it stays. The merged-away id
// leaves a `contact_merges` pointer so its old address can say where the person went.
// Runs inside one transaction that the caller holds while no turn of either contact runs.
import { createHash } from 'node:crypto';
import { sql as q, type Kysely } from 'kysely';
import type { Sql } from '../db/prepared.js';
import type { ContactRow, Database } from '../db/schema.js';
import { documentsOf, readValues, type FieldDefinition, type FieldValue, type FieldValues } from './fields.js';
import { recordRun, type PastRun } from './flow-runs.js';
import { storedToE164 } from './phone.js';

/** A value both contacts hold, differently: `name`, `phone`, `email` or `fields.<key>`. */
export type ConflictKey = 'name' | 'phone' | 'email' | `fields.${string}`;

export interface ValueConflict {
  key: ConflictKey;
  /** The survivor's value and the other's, as stored (phones as E.164). */
  survivor: FieldValue;
  other: FieldValue;
}

type Side = Pick<ContactRow, 'name' | 'phone' | 'email' | 'fields'>;

const phoneOf = (p: string | null) => storedToE164(p) ?? p;
const same = (a: FieldValue, b: FieldValue) => (typeof a === 'string' && typeof b === 'string' ? a.trim().toLowerCase() === b.trim().toLowerCase() : a === b);

/** Every value both contacts hold differently, in the order the contact page shows them. */
export function valueConflicts(survivor: Side, other: Side, defs: FieldDefinition[]): ValueConflict[] {
  const out: ValueConflict[] = [];
  const own = (key: 'name' | 'phone' | 'email', a: string | null, b: string | null) => {
    if (a && b && !same(a, b)) out.push({ key, survivor: a, other: b });
  };
  own('name', survivor.name, other.name);
  own('phone', phoneOf(survivor.phone), phoneOf(other.phone));
  own('email', survivor.email, other.email);
  const s = readValues(survivor.fields);
  const o = readValues(other.fields);
  // Fields in their Settings order, then any stored key no definition names any more.
  const keys = [...new Set([...defs.map((d) => d.key), ...Object.keys(s), ...Object.keys(o)])];
  for (const key of keys) {
    if (s[key] === undefined || o[key] === undefined || same(s[key], o[key])) continue;
    out.push({ key: `fields.${key}`, survivor: s[key], other: o[key] });
  }
  return out;
}

/**
 * What a preview was made from: both contacts' own values and tags. A merge committed against
 * a different fingerprint would overwrite an edit its author never saw, so it is refused.
 */
export function mergeFingerprint(a: ContactRow, aTags: string[], b: ContactRow, bTags: string[]): string {
  const side = (r: ContactRow, tags: string[]) => [r.id, r.name, r.phone, r.email, r.notes, r.fields, r.blocked_at, [...tags].sort().join(',')];
  return createHash('sha256').update(JSON.stringify([side(a, aTags), side(b, bTags)])).digest('base64url').slice(0, 32);
}

export interface MergeRows {
  survivor: string;
  loser: string;
  at: string;
  /** The user merging by hand; null for ingest. */
  by: string | null;
  /** Conflicts where the other contact's value stays. */
  takeOther?: ReadonlySet<ConflictKey>;
  /** The loser's session, when the survivor has one too and it must go: its variables are kept. */
  loserRun?: PastRun | null;
  /** Runs with both rows read in this transaction, before anything is written (the stale check). */
  check?: (survivor: ContactRow, loser: ContactRow, tags: { survivor: string[]; loser: string[] }) => void;
}

export interface LiveConversationRef {
  id: string;
  contact_id: string;
  department_id: string | null;
  agent_id: string | null;
}

export interface MergedRows {
  /** The loser's live conversation, ended because the survivor had one (one live per contact). */
  ended: LiveConversationRef | null;
  /** The live conversation the person has now, if any (its list rows show the survivor now). */
  live: LiveConversationRef | null;
}

export async function mergeContactRows(sql: Sql, k: Kysely<Database>, m: MergeRows): Promise<MergedRows | null> {
  const { survivor, loser, at } = m;
  const both = await sql.exec(k.selectFrom('contacts').selectAll().where('id', 'in', [survivor, loser]));
  const s = both.rows.find((r) => r.id === survivor);
  const l = both.rows.find((r) => r.id === loser);
  if (!s || !l) return null;
  const tags = await sql.exec(k.selectFrom('contact_tags').select(['contact_id', 'tag_id']).where('contact_id', 'in', [survivor, loser]));
  m.check?.(s, l, {
    survivor: tags.rows.filter((t) => t.contact_id === survivor).map((t) => t.tag_id),
    loser: tags.rows.filter((t) => t.contact_id === loser).map((t) => t.tag_id),
  });

  const live = await sql.exec(k.selectFrom('conversations').select(['id', 'contact_id', 'department_id', 'agent_id']).where('contact_id', 'in', [survivor, loser]).where('stage', '!=', 'closed'));
  const loserLive = live.rows.find((r) => r.contact_id === loser) ?? null;
  const survivorLive = live.rows.find((r) => r.contact_id === survivor) ?? null;
  let ended: LiveConversationRef | null = null;
  if (loserLive && survivorLive) {
    // One live conversation per contact: the merged-away one's ends, its history stays.
    await sql.exec(k.updateTable('conversations').set({ stage: 'closed', closed_at: at, closed_by: 'system', close_reason: 'contacts merged', csat_state: null }).where('id', '=', loserLive.id));
    ended = loserLive;
  }
  for (const table of ['contact_identities', 'conversations', 'messages', 'inbound', 'timers', 'flow_runs'] as const) {
    await sql.exec(k.updateTable(table).set({ contact_id: survivor }).where('contact_id', '=', loser));
  }
  const sessions = await sql.exec(k.selectFrom('sessions').select('contact_id').where('contact_id', '=', survivor));
  if (sessions.rows.length) {
    if (m.loserRun) await recordRun(sql, k, survivor, m.loserRun);
    await sql.exec(k.deleteFrom('sessions').where('contact_id', '=', loser));
  } else await sql.exec(k.updateTable('sessions').set({ contact_id: survivor }).where('contact_id', '=', loser));

  await sql.exec(
    q`insert into contact_tags (contact_id, tag_id, created_at)
      select ${survivor}, t.tag_id, t.created_at from contact_tags t
      where t.contact_id = ${loser} and not exists (select 1 from contact_tags s where s.contact_id = ${survivor} and s.tag_id = t.tag_id)`.compile(k),
  );
  const take = m.takeOther ?? new Set<ConflictKey>();
  const pick = <T>(key: ConflictKey, a: T | null, b: T | null): T | null => (a !== null && b !== null ? (take.has(key) ? b : a) : (a ?? b));
  const sf = readValues(s.fields);
  const lf = readValues(l.fields);
  const fields: FieldValues = {};
  for (const key of new Set([...Object.keys(sf), ...Object.keys(lf)])) fields[key] = pick(`fields.${key}`, sf[key] ?? null, lf[key] ?? null)!;
  const defs = (await sql.exec(k.selectFrom('contact_fields').select(['id', 'key', 'label', 'type', 'options', 'position']))).rows.map(
    (d): FieldDefinition => ({ ...d, options: [] }),
  );
  const notes = [...new Set([s.notes, l.notes].filter((n): n is string => !!n?.trim()))];
  const latest = (a: string | null, b: string | null) => [a, b].filter((x): x is string => !!x).sort().at(-1) ?? null;
  await sql.exec(
    k
      .updateTable('contacts')
      .set({
        name: pick('name', s.name, l.name),
        phone: pick('phone', s.phone, l.phone),
        email: pick('email', s.email, l.email),
        notes: notes.length ? notes.join('\n\n') : null,
        fields: Object.keys(fields).length ? JSON.stringify(fields) : null,
        document: documentsOf(defs, fields),
        last_contact_at: latest(s.last_contact_at, l.last_contact_at),
        bot_paused_until: latest(s.bot_paused_until, l.bot_paused_until),
        created_by: s.created_by ?? l.created_by,
        // A person blocked under one of their contacts stays blocked as one.
        blocked_at: s.blocked_at ?? l.blocked_at,
        blocked_by: s.blocked_at ? s.blocked_by : l.blocked_by,
        block_reason: s.blocked_at ? s.block_reason : l.block_reason,
        updated_at: m.by ? at : s.updated_at,
      })
      .where('id', '=', survivor),
  );
  // Earlier merges into the one going away now lead to the survivor.
  await sql.exec(k.updateTable('contact_merges').set({ survivor_id: survivor }).where('survivor_id', '=', loser));
  await sql.exec(k.deleteFrom('contact_merges').where('loser_id', '=', survivor));
  await sql.exec(k.insertInto('contact_merges').values({ loser_id: loser, survivor_id: survivor, merged_at: at, merged_by: m.by }));
  await sql.exec(k.deleteFrom('contacts').where('id', '=', loser));
  return { ended, live: survivorLive ?? (ended ? null : loserLive) };
}
