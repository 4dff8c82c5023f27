// Custom field definitions. Deleting a field deletes its values on every contact in the same
// transaction (the confirmation says how many hold one): a value nobody can see or use is data
// held without a purpose, which LGPD's necessity principle rules out, and a later field reusing
// the key would otherwise wake old values of another meaning.
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { notFound, OziaError } from '../errors.js';
import { newId } from '../ids.js';
import { documentsOf, fieldInput, fieldUpdate, keyFromLabel, readValues, type FieldDefinition, type FieldInput } from './fields.js';
import type { z } from 'zod';
import { fieldIndexDdl, fieldIndexDropDdl } from './field-indexes.js';

export class ContactFields {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  private get k() {
    return this.db.kysely;
  }

  async list(): Promise<FieldDefinition[]> {
    const rows = await this.k.selectFrom('contact_fields').selectAll().orderBy('position').orderBy('created_at').execute();
    return rows.map((r) => ({ id: r.id, key: r.key, label: r.label, type: r.type, options: JSON.parse(r.options) as string[], position: r.position }));
  }

  async create(raw: FieldInput): Promise<FieldDefinition> {
    const input = fieldInput.parse(raw);
    const key = input.key ?? keyFromLabel(input.label);
    const existing = await this.k.selectFrom('contact_fields').select(['key', 'label']).execute();
    if (existing.some((f) => f.key === key)) throw new OziaError('CONFLICT', `key: a field already uses the key "${key}"`, [{ path: 'key', message: `a field already uses the key "${key}"` }]);
    if (existing.some((f) => f.label.toLowerCase() === input.label.toLowerCase()))
      throw new OziaError('CONFLICT', `label: a field called "${input.label}" already exists`, [{ path: 'label', message: `a field called "${input.label}" already exists` }]);
    const top = await this.k.selectFrom('contact_fields').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
    const def: FieldDefinition = { id: newId(), key, label: input.label, type: input.type, options: input.type === 'list' ? input.options : [], position: Number(top?.p ?? 0) + 1 };
    // The field's index comes with it, so filtering by it never scans the contacts.
    await this.k.transaction().execute(async (tx) => {
      await tx
        .insertInto('contact_fields')
        .values({ id: def.id, key, label: def.label, type: def.type, options: JSON.stringify(def.options), position: def.position, created_at: this.clock().toISOString() })
        .execute();
      await sql.raw(fieldIndexDdl(this.db.dialect, key, def.type)).execute(tx);
    });
    return def;
  }

  async update(id: string, raw: z.input<typeof fieldUpdate>): Promise<void> {
    const input = fieldUpdate.parse(raw);
    const def = (await this.list()).find((f) => f.id === id);
    if (!def) throw notFound(`field "${id}"`);
    if ((await this.list()).some((f) => f.id !== id && f.label.toLowerCase() === input.label.toLowerCase()))
      throw new OziaError('CONFLICT', `label: a field called "${input.label}" already exists`, [{ path: 'label', message: `a field called "${input.label}" already exists` }]);
    if (def.type === 'list' && input.options && input.options.length === 0) throw new OziaError('BAD_REQUEST', 'options: a list needs at least one option');
    const options = def.type === 'list' ? (input.options ?? def.options) : [];
    await this.k.updateTable('contact_fields').set({ label: input.label, options: JSON.stringify(options) }).where('id', '=', id).execute();
  }

  /** The fields in this order (every field's id once). */
  async reorder(ids: string[]): Promise<void> {
    const defs = await this.list();
    if (ids.length !== defs.length || new Set(ids).size !== ids.length || !ids.every((i) => defs.some((d) => d.id === i)))
      throw new OziaError('BAD_REQUEST', 'ids: list every field once; reload the page');
    await this.k.transaction().execute(async (tx) => {
      for (const [i, id] of ids.entries()) await tx.updateTable('contact_fields').set({ position: i + 1 }).where('id', '=', id).execute();
    });
  }

  /** How many contacts hold a value of the field (told before deleting it). */
  async usage(id: string): Promise<number> {
    const def = (await this.list()).find((f) => f.id === id);
    if (!def) throw notFound(`field "${id}"`);
    const r = await this.k.selectFrom('contacts').select((eb) => eb.fn.countAll<number>().as('n')).where(this.holds(def.key)).executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  private holds(key: string) {
    return this.db.dialect === 'sqlite' ? sql<boolean>`json_extract(contacts.fields, ${`$.${key}`}) is not null` : sql<boolean>`(contacts.fields::jsonb ? ${key})`;
  }

  /** Deletes the field and its values on every contact, in one transaction. */
  async remove(id: string): Promise<{ cleared: number }> {
    const defs = await this.list();
    const def = defs.find((f) => f.id === id);
    if (!def) throw notFound(`field "${id}"`);
    const rest = defs.filter((d) => d.id !== id);
    const cleared = await this.k.transaction().execute(async (tx) => {
      const holders = await tx.selectFrom('contacts').select(['id', 'fields']).where(this.holds(def.key)).execute();
      for (const c of holders) {
        const values = readValues(c.fields);
        delete values[def.key];
        const fields = Object.keys(values).length ? JSON.stringify(values) : null;
        await tx.updateTable('contacts').set({ fields, document: documentsOf(rest, values) }).where('id', '=', c.id).execute();
      }
      await tx.deleteFrom('contact_fields').where('id', '=', id).execute();
      await sql.raw(fieldIndexDropDdl(def.key)).execute(tx);
      return holders.length;
    });
    return { cleared };
  }
}
