// Test databases: a fresh SQLite file, and a fresh schema on the local PostgreSQL, so the
// store's tests run the same migrations and queries on both.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Db } from '../db/connect.js';

export const PG_URL = process.env.OZIA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  open(): Promise<Db>;
  cleanup(): Promise<void>;
  /** For SQLite: the file, so a test can reopen it as a restarted process would. */
  file?: string;
  url?: string;
}

export function tempDir(prefix = 'ozia-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function sqliteDatabase(): TestDatabase {
  const dir = tempDir();
  const file = path.join(dir, 'ozia.sqlite');
  return {
    name: 'sqlite',
    file,
    open: () => openDatabase({ sqliteFile: file }),
    async cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function postgresDatabase(): TestDatabase {
  const schema = `ozia_t_${randomBytes(6).toString('hex')}`;
  const url = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  let created = false;
  return {
    name: 'postgres',
    url,
    async open() {
      if (!created) {
        const c = new pg.Client({ connectionString: PG_URL });
        await c.connect();
        await c.query(`create schema ${schema}`);
        await c.end();
        created = true;
      }
      return openDatabase({ databaseUrl: url });
    },
    async cleanup() {
      if (!created) return;
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`drop schema if exists ${schema} cascade`);
      await c.end();
    },
  };
}

export const testDatabases: [string, () => TestDatabase][] = [
  ['sqlite', sqliteDatabase],
  ['postgres', postgresDatabase],
];
