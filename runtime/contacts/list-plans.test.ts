// The Contacts list's query plans on SQLite over 20,000 contacts, pinned: each search and filter
// starts from its own index (the trigram table, a field's expression index, the tag's and the
// channel's rows, an operator's conversations) instead of scanning the contacts, and a filter
// matching many walks the sort's index rather than sorting them all. The trigram path answers
// exactly what a plain LIKE does, and follows writes in the same transaction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';
import { sqliteDatabase, type TestDatabase } from '../testing/databases.js';
import type { Viewer } from '../inbox/access.js';
import { ContactDirectoryStore } from './directory.js';
import { ContactFields } from './field-store.js';
import type { ContactQuery } from './query.js';

const N = 20_000;
const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elisa', 'Fábio', 'Gabriela', 'Heitor'];
const LAST = ['Silva', 'Souza', 'Queiroz', 'Lima', 'Xavier', 'Moura'];

describe('the contacts list reads its indexes (sqlite)', () => {
  let tdb: TestDatabase;
  let db: Db;
  let dir: ContactDirectoryStore;
  const sup: Viewer = { id: 'sup', name: 'S', role: 'supervisor', departmentIds: [] };
  const op: Viewer = { id: 'op', name: 'O', role: 'operator', departmentIds: ['d1'] };

  const explain = async (c: { sql: string; parameters: readonly unknown[] }) =>
    (db.sqlite!.prepare(`explain query plan ${c.sql}`).all(...(c.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail).join('\n');
  const pagePlan = async (v: Viewer, q: ContactQuery, many = false) => explain((await dir.pageQuery(v, q, many)).compile());
  const countPlan = async (v: Viewer, q: ContactQuery) => explain((await dir.countQuery(v, q)).compile());
  const ids = async (v: Viewer, q: ContactQuery) => (await dir.list(v, { ...q, pageSize: 100 })).items.map((i) => i.id);

  beforeAll(async () => {
    tdb = sqliteDatabase();
    db = await tdb.open();
    const clock = () => new Date('2026-06-01T12:00:00Z');
    const fields = new ContactFields(db, clock);
    dir = new ContactDirectoryStore(db, fields, {} as never, clock);
    await fields.create({ label: 'Plano', key: 'plano', type: 'list', options: ['Básico', 'Premium'] });
    await fields.create({ label: 'Idade', key: 'idade', type: 'number' });
    const k = db.kysely;
    const at = new Date().toISOString();
    await k.insertInto('tags').values({ id: 'vip', name: 'vip', color: '#f00', created_at: at }).execute();
    await k.insertInto('tags').values({ id: 'rare', name: 'rare', color: '#0f0', created_at: at }).execute();
    for (let base = 0; base < N; base += 500) {
      const rows = Array.from({ length: 500 }, (_, j) => {
        const i = base + j;
        return {
          id: `c-${String(i).padStart(6, '0')}`,
          channel: i % 10 === 0 ? 'site' : 'wa',
          external_id: `e-${i}`,
          name: `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${i}`,
          phone: `55119${String(70_000_000 + i)}`,
          email: i % 2 ? `p${i}@mail${i % 50}.test` : null,
          fields: JSON.stringify({ plano: i % 4 ? 'Básico' : 'Premium', idade: 18 + (i % 60) }),
          created_at: new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString(),
        };
      });
      await k.insertInto('contacts').values(rows).execute();
      await k.insertInto('contact_identities').values(rows.map((r) => ({ channel_id: r.channel, kind: 'phone' as const, value: r.external_id, contact_id: r.id, created_at: at, last_seen_at: at }))).execute();
      await k.insertInto('contact_tags').values(rows.filter((_, j) => j % 5 === 0).map((r) => ({ contact_id: r.id, tag_id: 'vip', created_at: at }))).execute();
      await k
        .insertInto('conversations')
        .values(rows.filter((_, j) => j % 3 === 0).map((r, j) => ({ id: `v-${r.id}`, contact_id: r.id, channel: 'wa', stage: 'closed' as const, opened_at: at, last_message_at: at, department_id: j % 2 ? 'd1' : null, handoff_mode: 'auto' })))
        .execute();
    }
    await k.insertInto('contact_tags').values({ contact_id: 'c-000042', tag_id: 'rare', created_at: at }).execute();
    db.sqlite!.exec('analyze');
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await tdb?.cleanup();
  });

  it('a partial name or e-mail that narrows the contacts reads the trigram table, and answers exactly what LIKE does', async () => {
    for (const search of ['queiroz 12', 'p1234@', 'mail7.te']) {
      const plan = await countPlan(sup, { search });
      expect(plan, search).toContain('contacts_fts VIRTUAL TABLE');
      expect(plan, search).not.toMatch(/^SCAN contacts$/m);
      const like = `%${search}%`;
      const expected = await sql<{ id: string }>`select id from contacts where name like ${like} or email like ${like} order by created_at desc, id desc limit 100`.execute(db.kysely);
      expect(await ids(sup, { search }), search).toEqual(expected.rows.map((r) => r.id));
    }
  });

  it('partial phone digits read the trigram table too', async () => {
    const plan = await countPlan(sup, { search: '70001' });
    expect(plan).toContain('contacts_fts VIRTUAL TABLE');
    expect(await ids(sup, { search: '70001' })).toEqual(
      (await sql<{ id: string }>`select id from contacts where phone like '%70001%' order by created_at desc, id desc limit 100`.execute(db.kysely)).rows.map((r) => r.id),
    );
  });

  it('the trigram table follows renames and deletions in the writing transaction', async () => {
    await dir.update(sup, 'c-000042', { name: 'Zuleica Trigrama' });
    expect(await ids(sup, { search: 'zuleica tri' })).toEqual(['c-000042']);
    expect(await ids(sup, { search: `${FIRST[42 % FIRST.length]} ${LAST[(42 * 7) % LAST.length]} 42` })).not.toContain('c-000042');
    await db.kysely.insertInto('contacts').values({ id: 'c-gone', channel: 'manual', external_id: 'c-gone', name: 'Zuleica Apagada', created_at: new Date().toISOString() }).execute();
    expect(await ids(sup, { search: 'zuleica' })).toEqual(['c-gone', 'c-000042']);
    await db.kysely.deleteFrom('contacts').where('id', '=', 'c-gone').execute();
    expect(await ids(sup, { search: 'zuleica' })).toEqual(['c-000042']);
  });

  it('field, tag and channel filters start from their own indexes', async () => {
    expect(await countPlan(sup, { field: { key: 'plano', op: 'equals', value: 'premium' } })).toContain('contacts_field_plano');
    expect(await countPlan(sup, { field: { key: 'idade', op: 'between', from: 30, to: 31 } })).toContain('contacts_field_idade');
    expect(await countPlan(sup, { tagId: 'rare' })).toContain('contact_tags_tag');
    expect(await countPlan(sup, { channel: 'site' })).toContain('contact_identities_channel');
    expect(await ids(sup, { tagId: 'rare' })).toEqual(['c-000042']);
  });

  it('when many match, the page walks the sort index instead of sorting them all', async () => {
    for (const [q, index] of [
      [{ field: { key: 'plano', op: 'equals', value: 'básico' } }, 'contacts_created'],
      [{ tagId: 'vip', sort: 'name' }, 'contacts_name_sort'],
      [{ channel: 'wa', sort: 'last_contact' }, 'contacts_last_contact'],
    ] as [ContactQuery, string][]) {
      const r = await dir.list(sup, q);
      expect(r.totalCapped, JSON.stringify(q)).toBe(true);
      const plan = await pagePlan(sup, q, true);
      expect(plan, JSON.stringify(q)).toContain(`USING INDEX ${index}`);
      expect(plan, JSON.stringify(q)).not.toContain('TEMP B-TREE');
    }
    // The walk answers what the index plan answers.
    const q: ContactQuery = { field: { key: 'plano', op: 'equals', value: 'Premium' }, tagId: 'vip', page: 3 };
    const walked = await db.kysely.executeQuery((await dir.pageQuery(sup, q, true)).compile());
    const indexed = await db.kysely.executeQuery((await dir.pageQuery(sup, q, false)).compile());
    expect(walked.rows).toEqual(indexed.rows);
  });

  it('an operator’s rule reads one index of conversations per contact and their own additions off an index', async () => {
    const plan = await countPlan(op, {});
    expect(plan).toContain('conversations_contact_scope');
    expect(plan).toContain('contacts_created_by');
    const r = await dir.list(op, { pageSize: 5 });
    // Every third contact had a conversation, every other of those in d1.
    expect(r.items.every((i) => (Number(i.id.slice(2)) % 500) % 3 === 0)).toBe(true);
  });

  it('an operator’s search that no index narrows starts from the operator’s own contacts', async () => {
    // Two letters: too short for the trigram table.
    const plan = await countPlan(op, { search: 'an' });
    expect(plan).toContain('conversations_department_contact');
    const r = await dir.list(op, { search: 'an', pageSize: 100 });
    const expected = await sql<{ id: string }>`select id from contacts where (name like '%an%' or email like '%an%') and exists (select 1 from conversations c where c.contact_id = contacts.id and c.department_id = 'd1') order by created_at desc, id desc limit 100`.execute(db.kysely);
    expect(r.items.map((i) => i.id)).toEqual(expected.rows.map((x) => x.id));
  });

  it('counts up to the cap and says so', async () => {
    const all = await dir.list(sup, {});
    expect(all).toMatchObject({ total: 1000, totalCapped: true });
    const few = await dir.list(sup, { field: { key: 'idade', op: 'equals', value: 20 }, tagId: 'vip' });
    expect(few.totalCapped).toBe(false);
    const exact = await sql<{ n: number }>`select count(*) as n from contacts c join contact_tags t on t.contact_id = c.id and t.tag_id = 'vip' where json_extract(c.fields, '$.idade') = 20`.execute(db.kysely);
    expect(few.total).toBe(Number(exact.rows[0].n));
  });
});
