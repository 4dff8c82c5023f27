import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './db/connect.js';
import { FlowStore } from './flows.js';
import { echoFlow } from './testing/flows.js';
import { sqliteDatabase } from './testing/databases.js';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testing', 'load-child.ts');
const CONTACTS = 8;
const PER_CONTACT = 60;

function run(file: string, killAfterLines?: number): Promise<{ lines: number; code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', child, file, String(CONTACTS), String(PER_CONTACT)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lines = 0;
    let buf = '';
    p.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const parts = buf.split('\n');
      buf = parts.pop()!;
      lines += parts.filter((l) => l.startsWith('stored')).length;
      if (killAfterLines !== undefined && lines >= killAfterLines && !p.killed) p.kill('SIGKILL');
    });
    p.on('error', reject);
    p.on('exit', (code, signal) => resolve({ lines, code, signal }));
  });
}

describe('a runtime process killed mid-load', () => {
  const tdb = sqliteDatabase();
  afterAll(() => tdb.cleanup());

  it('loses nothing and repeats nothing after a restart', async () => {
    const db = await openDatabase({ sqliteFile: tdb.file });
    const flows = new FlowStore(db);
    const f = await flows.create({ name: 'Echo', document: echoFlow });
    await flows.publish({ id: f.id });
    await db.close();

    const killed = await run(tdb.file!, 150);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.lines).toBeLessThan(CONTACTS * PER_CONTACT);

    const db2 = await openDatabase({ sqliteFile: tdb.file });
    const pendingAtCrash = await db2.kysely.selectFrom('inbound').select('id').where('status', '=', 'pending').execute();
    const storedAtCrash = await db2.kysely.selectFrom('inbound').select('id').execute();
    await db2.close();
    expect(storedAtCrash.length).toBeGreaterThanOrEqual(150);

    const restarted = await run(tdb.file!);
    expect(restarted.code).toBe(0);

    const db3 = await openDatabase({ sqliteFile: tdb.file });
    const inbound = await db3.kysely.selectFrom('inbound').select(['external_id', 'status']).execute();
    expect(inbound).toHaveLength(CONTACTS * PER_CONTACT);
    expect(inbound.every((r) => r.status === 'done')).toBe(true);
    const contacts = await db3.kysely.selectFrom('contacts').select('id').execute();
    expect(contacts).toHaveLength(CONTACTS);
    for (const c of contacts) {
      const rows = await db3.kysely
        .selectFrom('messages')
        .select(['direction', 'body'])
        .where('contact_id', '=', c.id)
        .orderBy('id')
        .execute();
      const said = rows.map((r) => `${r.direction} ${JSON.parse(r.body).text}`);
      const expected = ['in msg 0', 'out Oi! Diga algo.'];
      for (let i = 1; i < PER_CONTACT; i++) expected.push(`in msg ${i}`, `out eco: msg ${i}`);
      expect(said).toEqual(expected);
    }
    const outbox = await db3.kysely.selectFrom('messages').select('status').where('direction', '=', 'out').execute();
    expect(outbox).toHaveLength(CONTACTS * PER_CONTACT);
    expect(outbox.every((o) => o.status === 'sent')).toBe(true);
    await db3.close();
    // The kill left work behind that the restart had to finish (or the test proves nothing).
    expect(pendingAtCrash.length + (CONTACTS * PER_CONTACT - storedAtCrash.length)).toBeGreaterThan(0);
  });
});
