// The contacts an agent may write to first (the outbound picker): supervisors see every contact;
// an operator sees the contacts that had a conversation in one of their departments or with
// them, or that they added by hand. A contact who only ever talked to the bot belongs to no department yet, so only a
// supervisor can start a conversation with them (the conversation then shows up in its department).
import { sql } from 'kysely';
import { ANONYMOUS_CONTACT_ID } from '../contacts/anonymous.js';
import type { Db } from '../db/connect.js';
import type { Viewer } from './access.js';
import { contactMatches } from './list.js';

export interface ContactHit {
  id: string;
  name: string | null;
  phone: string | null;
  channel: string;
}

/**
 * Whether an operator may see the contact (`contacts` in the query): one of their conversations
 * (their departments', or served by them) is the contact's, or they added the contact by hand
 * (the Contacts tab). The one rule the outbound picker and the Contacts tab share.
 */
export function contactReachable(v: Viewer) {
  // "Added by hand" as a set read off its index: a list walking a sort index then tests each
  // contact without reading its row.
  return sql<boolean>`(contacts.id in (select mine.id from contacts mine where mine.created_by = ${v.id}) or exists (select 1 from conversations c where c.contact_id = contacts.id and (c.agent_id = ${v.id}${
    v.departmentIds.length ? sql` or c.department_id in (${sql.join(v.departmentIds)})` : sql``
  })))`;
}

/**
 * The same rule as the set of contact ids it lets through, each part off its own index: a list
 * may start from it (an operator sees a few thousand of 100,000) where testing the rule on every
 * contact would read them all. A list adds it beside `contactReachable`; the planner picks.
 */
export function reachableIds(v: Viewer) {
  const byDepartment = v.departmentIds.length
    ? sql` union select c.contact_id from conversations c where c.department_id in (${sql.join(v.departmentIds)}) and c.contact_id <> ''`
    : sql``;
  // `contact_id <> ''` (always true) is what lets these read their partial indexes (migration 0015).
  return sql`(select c.contact_id from conversations c where c.agent_id = ${v.id} and c.contact_id <> ''${byDepartment} union select mine.id from contacts mine where mine.created_by = ${v.id})`;
}

export class ContactDirectory {
  constructor(private readonly db: Db) {}

  private get k() {
    return this.db.kysely;
  }

  private reachable(v: Viewer) {
    return contactReachable(v);
  }

  /** The newest contacts the viewer may write to, by name or phone. */
  async search(v: Viewer, text: string, limit = 20): Promise<ContactHit[]> {
    let q = this.k.selectFrom('contacts').select(['id', 'name', 'phone', 'channel']).where('id', '!=', ANONYMOUS_CONTACT_ID).orderBy('created_at', 'desc').limit(limit);
    if (text) q = q.where(contactMatches(text, this.db.dialect));
    if (v.role !== 'supervisor') q = q.where(this.reachable(v));
    return q.execute();
  }

  /** The contact, when the viewer may see it; null otherwise (an unknown contact and a hidden one look the same). */
  async visible(v: Viewer, contactId: string): Promise<(ContactHit & { created_at: string }) | null> {
    if (contactId === ANONYMOUS_CONTACT_ID) return null;
    let q = this.k.selectFrom('contacts').select(['id', 'name', 'phone', 'channel', 'created_at']).where('id', '=', contactId);
    if (v.role !== 'supervisor') q = q.where(this.reachable(v));
    return (await q.executeTakeFirst()) ?? null;
  }
}
