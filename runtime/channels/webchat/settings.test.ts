// A site chat's settings: sites are origins exactly (no path, https or local http), errors name
// the field, and the public id is generated once and survives every update.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import type { Db } from '../../db/connect.js';
import { testDatabases, type TestDatabase } from '../../testing/databases.js';
import { ChannelAccounts } from '../accounts.js';
import { webchatSettings } from './settings.js';

describe('web chat settings', () => {
  it('takes origins as a browser sends them and refuses paths, plain http and junk, naming the entry', () => {
    const ok = webchatSettings.parse({ allowedOrigins: ['https://Loja.example/', 'https://loja.example:8443', 'http://localhost:5173'] });
    expect(ok.allowedOrigins).toEqual(['https://loja.example', 'https://loja.example:8443', 'http://localhost:5173']);
    for (const bad of ['https://loja.example/carrinho', 'http://loja.example', 'loja.example', 'ftp://loja.example']) {
      const r = webchatSettings.safeParse({ allowedOrigins: ['https://ok.example', bad] });
      expect(r.success, bad).toBe(false);
      expect((r.error as ZodError).issues[0].path).toEqual(['allowedOrigins', 1]);
    }
    expect(webchatSettings.safeParse({ color: 'green' }).error?.issues[0].message).toBe('use a colour like #1f7a5a');
    expect(webchatSettings.safeParse({ messagesPerMinute: 0 }).error?.issues[0].path).toEqual(['messagesPerMinute']);
  });

  it('gives every account its own random public id', () => {
    const a = webchatSettings.parse({}).publicId;
    const b = webchatSettings.parse({}).publicId;
    expect(a).toMatch(/^[\w-]{22}$/);
    expect(a).not.toBe(b);
  });
});

describe.each(testDatabases)('web chat accounts on %s', (_name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;
  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
  });
  afterEach(async () => {
    await db.close();
    await tdb.cleanup();
  });

  it('keeps the public id it generated whatever a create or an update says, and starts with no pacing limit', async () => {
    const accounts = new ChannelAccounts(db);
    const a = await accounts.create({ kind: 'webchat', name: 'Site', settings: { publicId: 'chosen-by-caller-000', title: 'Loja' } });
    const id = (a.settings as { publicId: string }).publicId;
    expect(id).not.toBe('chosen-by-caller-000');
    expect(a.delivery).toMatchObject({ perMinute: 0, typingMsPerChar: 0 });
    const b = await accounts.update(a.id, { settings: { publicId: 'another-one-0000000', title: 'Loja 2' } });
    expect(b.settings).toMatchObject({ publicId: id, title: 'Loja 2' });
    await expect(accounts.update(a.id, { settings: { allowedOrigins: ['https://x.example/path'] } })).rejects.toMatchObject({ issues: [{ path: ['settings', 'allowedOrigins', 0] }] });
  });
});
