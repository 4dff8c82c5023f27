// Saved filters of the Contacts tab: each user's own, by name (saving a name again replaces it).
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import { newId } from '../ids.js';
import type { Viewer } from '../inbox/access.js';
import { contactFilters, type ContactFilters } from './query.js';

export const savedFilterInput = z.object({
  name: z.string().trim().min(1, 'name the filter').max(60, 'at most 60 characters'),
  query: contactFilters.extend({ sort: z.string().max(20).optional(), dir: z.enum(['asc', 'desc']).optional() }),
});

export interface SavedFilter {
  id: string;
  name: string;
  query: ContactFilters & { sort?: string; dir?: 'asc' | 'desc' };
}

export class SavedFilters {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  async list(v: Viewer): Promise<SavedFilter[]> {
    const rows = await this.db.kysely.selectFrom('contact_filters').select(['id', 'name', 'query']).where('user_id', '=', v.id).orderBy('name').execute();
    return rows.flatMap((r) => {
      // A filter saved before a change of shape is left out rather than breaking the list.
      const q = savedFilterInput.shape.query.safeParse(JSON.parse(r.query));
      return q.success ? [{ id: r.id, name: r.name, query: q.data }] : [];
    });
  }

  async save(v: Viewer, raw: z.input<typeof savedFilterInput>): Promise<SavedFilter> {
    const input = savedFilterInput.parse(raw);
    const k = this.db.kysely;
    return k.transaction().execute(async (tx) => {
      const same = await tx.selectFrom('contact_filters').select('id').where('user_id', '=', v.id).where('name', '=', input.name).executeTakeFirst();
      const id = same?.id ?? newId();
      if (same) await tx.updateTable('contact_filters').set({ query: JSON.stringify(input.query) }).where('id', '=', id).execute();
      else await tx.insertInto('contact_filters').values({ id, user_id: v.id, name: input.name, query: JSON.stringify(input.query), created_at: this.clock().toISOString() }).execute();
      return { id, name: input.name, query: input.query };
    });
  }

  /** Removes one of the caller's own filters; another's (or none) is left alone. */
  async remove(v: Viewer, id: string): Promise<{ removed: boolean }> {
    const r = await this.db.kysely.deleteFrom('contact_filters').where('id', '=', id).where('user_id', '=', v.id).executeTakeFirst();
    return { removed: Number(r.numDeletedRows) > 0 };
  }
}
