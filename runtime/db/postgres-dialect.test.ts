// Ozia shares a PostgreSQL database with other schemas (other apps, other Ozia instances, the
// test suite's parallel files): its migrations must see only its own schema.
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from './connect.js';
import { PG_URL, postgresDatabase, type TestDatabase } from '../testing/databases.js';

describe('PostgreSQL migrations beside other schemas', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  async function admin(query: string) {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      await c.query(query);
    } finally {
      await c.end();
    }
  }

  it("another schema's migration table does not stop Ozia creating its own tables", async () => {
    const other = `other_app_${Date.now().toString(36)}`;
    await admin(`create schema ${other}; create table ${other}.kysely_migration (name varchar(255) primary key, timestamp varchar(255) not null);
      create table ${other}.kysely_migration_lock (id varchar(255) primary key, is_locked integer not null default 0);
      insert into ${other}.kysely_migration values ('0001_initial', 'x'), ('0006_channels', 'x');
      create table ${other}.contacts (id text primary key);`);
    cleanups.push(() => admin(`drop schema if exists ${other} cascade`));
    const tdb: TestDatabase = postgresDatabase();
    cleanups.push(() => tdb.cleanup());
    const db: Db = await tdb.open();
    cleanups.push(() => db.close());
    // Every table, the last migration's included, exists in Ozia's own schema.
    await expect(db.kysely.selectFrom('channels').select('id').execute()).resolves.toEqual([expect.objectContaining({ id: 'test' })]);
    const names = await db.kysely.introspection.getTables();
    expect(names.every((t) => t.schema !== other)).toBe(true);
    expect(names.map((t) => t.name)).toContain('contact_identities');
  });

  it('a schema dropped while Ozia migrates does not fail the migration', async () => {
    const doomed = postgresDatabase();
    await (await doomed.open()).close();
    const tdb = postgresDatabase();
    cleanups.push(() => tdb.cleanup());
    await (await tdb.open()).close();
    // Drop one schema again and again while the other database is opened and migrated.
    let dropping = true;
    const churn = (async () => {
      for (let i = 0; dropping; i++) {
        const name = `churn_${Date.now().toString(36)}_${i}`;
        await admin(`create schema ${name}; create table ${name}.t (x int); drop schema ${name} cascade`);
      }
    })();
    try {
      for (let i = 0; i < 10; i++) {
        const db = await openDatabase({ databaseUrl: tdb.url });
        await db.close();
      }
    } finally {
      dropping = false;
      await churn;
      await doomed.cleanup();
    }
  });
});
