// Tags (etiquetas): a name and a color, put on conversations to sort and filter them.
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import { notFound, OziaError } from '../errors.js';
import { newId } from '../ids.js';
import { COLOR } from './departments.js';

export const tagInput = z.object({
  name: z.string().trim().min(1, 'name the tag').max(40, 'at most 40 characters'),
  color: z.string().regex(COLOR, 'use a color like #e0a100').default('#8a94a6'),
});

export interface Tag {
  id: string;
  name: string;
  color: string;
  /** Conversations carrying it (shown before deleting). */
  uses: number;
}

export class Tags {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  private get k() {
    return this.db.kysely;
  }

  async list(): Promise<Tag[]> {
    const rows = await this.k
      .selectFrom('tags')
      .select((eb) => [
        'tags.id',
        'tags.name',
        'tags.color',
        eb.selectFrom('conversation_tags').select((e) => e.fn.countAll<number>().as('n')).whereRef('conversation_tags.tag_id', '=', 'tags.id').as('uses'),
      ])
      .orderBy('tags.name')
      .execute();
    return rows.map((r) => ({ id: r.id, name: r.name, color: r.color, uses: Number(r.uses ?? 0) }));
  }

  private async taken(name: string, exceptId?: string) {
    const rows = await this.k.selectFrom('tags').select(['id', 'name']).execute();
    return rows.some((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
  }

  async create(raw: z.input<typeof tagInput>): Promise<Tag> {
    const input = tagInput.parse(raw);
    if (await this.taken(input.name)) throw new OziaError('CONFLICT', `name: a tag called "${input.name}" already exists`);
    const id = newId();
    await this.k.insertInto('tags').values({ id, name: input.name, color: input.color.toLowerCase(), created_at: this.clock().toISOString() }).execute();
    return { id, name: input.name, color: input.color.toLowerCase(), uses: 0 };
  }

  async update(id: string, raw: z.input<typeof tagInput>): Promise<void> {
    const input = tagInput.parse(raw);
    if (await this.taken(input.name, id)) throw new OziaError('CONFLICT', `name: a tag called "${input.name}" already exists`);
    const r = await this.k.updateTable('tags').set({ name: input.name, color: input.color.toLowerCase() }).where('id', '=', id).executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notFound(`tag "${id}"`);
  }

  async remove(id: string): Promise<void> {
    await this.k.transaction().execute(async (tx) => {
      await tx.deleteFrom('conversation_tags').where('tag_id', '=', id).execute();
      const r = await tx.deleteFrom('tags').where('id', '=', id).executeTakeFirst();
      if (Number(r.numDeletedRows) !== 1) throw notFound(`tag "${id}"`);
    });
  }
}
