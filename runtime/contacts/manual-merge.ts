// "Mesclar com outro contato": a person merges the contact they are on with another. The preview
// shows both side by side, every value both hold differently (the one to keep is chosen, the
// contact one is on by default) and what combines without a choice. Committing re-reads both
// inside the merge's transaction: if either changed since the preview, nothing is written. Both
// contacts must be ones the person may open (an operator's departments); anything else answers
// "not found". The rows move through the same path as ingest's merges (runtime/contacts/merge.ts).
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { ContactFieldType, ContactRow } from '../db/schema.js';
import { notFound, OziaError } from '../errors.js';
import { canSee, type Viewer } from '../inbox/access.js';
import type { ContactIdentityView, InboxChannels } from '../inbox/channel-accounts.js';
import { contactReachable } from '../inbox/contacts.js';
import type { ContactFields } from './field-store.js';
import { readValues, type FieldValue, type FieldValues } from './fields.js';
import { mergeFingerprint, valueConflicts, type ConflictKey, type MergedRows, type MergeRows } from './merge.js';
import { storedToE164 } from './phone.js';

/** What a manual merge needs of the runtime: the merge inside both contacts' queues (`Runtime.mergeContacts`). */
export interface ContactMerger {
  mergeContacts(input: Omit<MergeRows, 'at' | 'loserRun'>): Promise<MergedRows | null>;
}

const contactId = z.string().min(1, 'choose a contact');

export const mergeInput = z.object({
  /** The contact the person is on: it stays, with its address. */
  id: contactId,
  otherId: contactId,
  /** The preview's fingerprint (both contacts as the person saw them). */
  fingerprint: z.string().min(1, 'look at the preview first'),
  /** Per conflict (`name`, `phone`, `email`, `fields.<key>`): whose value stays. Absent: this contact's. */
  keep: z.record(z.string(), z.enum(['here', 'other'], { error: 'choose "here" or "other"' })).default({}),
});
export type MergeInput = z.input<typeof mergeInput>;

type Tag = { id: string; name: string; color: string };

export interface MergeSideView {
  id: string;
  name: string | null;
  phone: string | null;
  email: string | null;
  notes: string;
  fields: FieldValues;
  tags: Tag[];
  identities: ContactIdentityView[];
  /** The conversations the viewer could open. */
  conversations: number;
  createdAt: string;
  blocked: boolean;
}

export interface MergeConflictView {
  key: ConflictKey;
  /** A custom field's label and type (null for name, phone, e-mail). */
  field: { key: string; label: string; type: ContactFieldType } | null;
  here: FieldValue;
  other: FieldValue;
}

export interface MergePreview {
  here: MergeSideView;
  other: MergeSideView;
  conflicts: MergeConflictView[];
  /** What combines without a choice. */
  combined: { identities: ContactIdentityView[]; conversations: number; tags: Tag[]; notes: string[]; phones: string[]; emails: string[]; blocked: boolean };
  fingerprint: string;
}

export class ContactMerges {
  constructor(
    private readonly db: Db,
    private readonly fields: ContactFields,
    private readonly channels: InboxChannels,
    private readonly merger: ContactMerger | null,
  ) {}

  private get k() {
    return this.db.kysely;
  }

  private async visible(v: Viewer, id: string): Promise<ContactRow> {
    let q = this.k.selectFrom('contacts').selectAll().where('contacts.id', '=', id);
    if (v.role !== 'supervisor') q = q.where(contactReachable(v));
    const row = await q.executeTakeFirst();
    if (!row) throw notFound(`contact "${id}"`);
    return row;
  }

  private async pair(v: Viewer, id: string, otherId: string) {
    if (id === otherId) throw new OziaError('BAD_REQUEST', 'otherId: choose another contact', [{ path: 'otherId', message: 'choose another contact' }]);
    return [await this.visible(v, id), await this.visible(v, otherId)] as const;
  }

  private async tags(id: string): Promise<Tag[]> {
    return this.k.selectFrom('contact_tags as ct').innerJoin('tags', 'tags.id', 'ct.tag_id').select(['tags.id', 'tags.name', 'tags.color']).where('ct.contact_id', '=', id).orderBy('tags.name').execute();
  }

  private async side(v: Viewer, row: ContactRow): Promise<MergeSideView> {
    const convs = await this.k.selectFrom('conversations').select(['department_id', 'agent_id']).where('contact_id', '=', row.id).execute();
    return {
      id: row.id,
      name: row.name,
      phone: storedToE164(row.phone) ?? row.phone,
      email: row.email,
      notes: row.notes ?? '',
      fields: readValues(row.fields),
      tags: await this.tags(row.id),
      identities: await this.channels.identities(row.id),
      conversations: convs.filter((c) => canSee(v, c)).length,
      createdAt: row.created_at,
      blocked: !!row.blocked_at,
    };
  }

  async preview(v: Viewer, id: string, otherId: string): Promise<MergePreview> {
    const [a, b] = await this.pair(v, id, otherId);
    const [here, other, defs] = [await this.side(v, a), await this.side(v, b), await this.fields.list()];
    const byKey = new Map(defs.map((d) => [d.key, d]));
    const conflicts = valueConflicts(a, b, defs).map((c): MergeConflictView => {
      const key = c.key.startsWith('fields.') ? c.key.slice('fields.'.length) : null;
      const def = key ? byKey.get(key) : undefined;
      return { key: c.key, field: key ? { key, label: def?.label ?? key, type: def?.type ?? 'text' } : null, here: c.survivor, other: c.other };
    });
    const identities = [...here.identities, ...other.identities];
    const phones = new Set<string>();
    const emails = new Set<string>();
    for (const i of identities) {
      if (i.kind === 'phone') phones.add(storedToE164(i.value) ?? i.value);
      if (i.kind === 'email') emails.add(i.value.toLowerCase());
    }
    const tags = new Map([...here.tags, ...other.tags].map((t) => [t.id, t]));
    return {
      here,
      other,
      conflicts,
      combined: {
        identities,
        conversations: here.conversations + other.conversations,
        tags: [...tags.values()].sort((x, y) => x.name.localeCompare(y.name)),
        notes: [...new Set([here.notes, other.notes].filter((n) => n.trim()))],
        phones: [...phones],
        emails: [...emails],
        blocked: here.blocked || other.blocked,
      },
      fingerprint: mergeFingerprint(
        a,
        here.tags.map((t) => t.id),
        b,
        other.tags.map((t) => t.id),
      ),
    };
  }

  /** Merges `otherId` into `id` with the chosen values; refused when either changed since the preview. */
  async merge(v: Viewer, raw: MergeInput): Promise<{ id: string }> {
    const input = mergeInput.parse(raw);
    await this.pair(v, input.id, input.otherId);
    if (!this.merger) throw new Error('contact merges need the runtime');
    const defs = await this.fields.list();
    const takeOther = new Set<ConflictKey>();
    const merged = await this.merger.mergeContacts({
      survivor: input.id,
      loser: input.otherId,
      by: v.id,
      takeOther,
      check: (s, l, tags) => {
        if (mergeFingerprint(s, tags.survivor, l, tags.loser) !== input.fingerprint) {
          throw new OziaError('CONFLICT', 'fingerprint: one of the contacts changed since the preview; look at the merge again');
        }
        const conflicts = new Set<string>(valueConflicts(s, l, defs).map((c) => c.key));
        const issues = Object.keys(input.keep)
          .filter((key) => !conflicts.has(key))
          .map((key) => ({ path: `keep.${key}`, message: 'not a conflict between these contacts' }));
        if (issues.length) throw new OziaError('BAD_REQUEST', issues.map((i) => `${i.path}: ${i.message}`).join('\n'), issues);
        for (const [key, side] of Object.entries(input.keep)) if (side === 'other') takeOther.add(key as ConflictKey);
      },
    });
    // Gone between the visibility check and the merge (another merge, an erasure).
    if (!merged) throw notFound(`contact "${input.otherId}"`);
    return { id: input.id };
  }

  /**
   * Where a merged-away contact went, for its old address: the survivor when the viewer may open
   * it, null otherwise (and for an id that was never merged), so nothing leaks.
   */
  async mergedInto(v: Viewer, id: string): Promise<{ id: string; name: string | null; at: string } | null> {
    const m = await this.k.selectFrom('contact_merges').select(['survivor_id', 'merged_at']).where('loser_id', '=', id).executeTakeFirst();
    if (!m) return null;
    try {
      const row = await this.visible(v, m.survivor_id);
      return { id: row.id, name: row.name ?? storedToE164(row.phone) ?? row.email, at: m.merged_at };
    } catch {
      return null;
    }
  }
}
