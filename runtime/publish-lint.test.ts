// Publishing refuses a flow with lint errors (and keeps the draft as it was); warnings do not block.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from './db/connect.js';
import { OziaError } from './errors.js';
import { FlowStore } from './flows.js';
import { buildFlow, text } from './testing/flow-builder.js';
import { sqliteDatabase, type TestDatabase } from './testing/databases.js';

describe('publishing a linted flow', () => {
  let tdb: TestDatabase;
  let db: Db;
  let flows: FlowStore;

  beforeEach(async () => {
    tdb = sqliteDatabase();
    db = await tdb.open();
    flows = new FlowStore(db);
  });

  afterEach(async () => {
    await db.close();
    await tdb.cleanup();
  });

  it('refuses a flow with errors, naming where they are, and keeps the draft unpublished', async () => {
    // A valid document (it saves), but the question's answer leads nowhere and the jump has no target.
    const broken = buildFlow({
      variables: ['nome'],
      groups: [
        { id: 'hello', title: 'Boas-vindas', blocks: [text('hi', 'Oi! Qual é o seu nome?'), { id: 'ask', kind: 'input-text', options: { variableId: 'nome' } }] },
        { id: 'loop', title: 'Volta', blocks: [{ id: 'j', kind: 'jump', options: { target: { groupId: '' } } }] },
      ],
      edges: [{ from: { blockId: 'hi' }, to: { groupId: 'hello', blockId: 'ask' } }],
      keywords: [{ id: 'kw', keywords: ['voltar'], groupId: 'loop' }],
    });
    const created = await flows.create({ name: 'Quebrado', document: broken });

    const error = await flows.publish({ id: created.id }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OziaError);
    const e = error as OziaError;
    expect(e.code).toBe('BAD_REQUEST');
    expect(e.message.startsWith('fix the problems before publishing:\n')).toBe(true);
    expect(e.issues).toEqual([
      { path: 'groups[0].blocks[1]', message: expect.stringMatching(/Text question block .*answer leads nowhere/) },
      { path: 'groups[1].blocks[0]', message: expect.stringMatching(/Jump block .*no destination/) },
    ]);
    expect(e.message).toContain('groups[0].blocks[1]: The Text question block (#2 in group "Boas-vindas")');

    const after = await flows.get(created.id);
    expect(after.publishedVersionId).toBeNull();
    expect(after.draftRevision).toBe(created.draftRevision);
    expect(after.draft).toEqual(created.draft);
    expect(await flows.versions(created.id)).toEqual([]);
    expect(await db.kysely.selectFrom('flow_versions').selectAll().execute()).toEqual([]);
  });

  it('publishes once the errors are fixed, even with warnings left', async () => {
    const broken = buildFlow({
      variables: ['nome'],
      groups: [{ id: 'hello', blocks: [text('hi', 'Oi! Qual é o seu nome?'), { id: 'ask', kind: 'input-text', options: { variableId: 'nome' } }] }],
    });
    const created = await flows.create({ name: 'Conserto', document: broken });
    await expect(flows.publish({ id: created.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    // Fixed: the answer now goes on. Left as warnings: an undeclared {{cidade}} and a group nothing reaches.
    const fixed = structuredClone(created.draft);
    fixed.groups[0].blocks.push({ id: 'thanks', kind: 'bubble-text', options: { text: 'Prazer, {{nome}} de {{cidade}}!' } });
    fixed.groups.push({ id: 'orphan', title: 'Esquecido', position: { x: 600, y: 0 }, blocks: [{ id: 'o', kind: 'bubble-text', options: { text: 'Ninguém chega aqui' } }] });
    await flows.saveDraft({ id: created.id, document: fixed, baseRevision: created.draftRevision });

    const v = await flows.publish({ id: created.id, note: 'com avisos' });
    expect(v).toMatchObject({ number: 1, note: 'com avisos', isPublished: true });
    const after = await flows.get(created.id);
    expect(after.publishedVersionId).toBe(v.id);
    expect(after.hasUnpublishedChanges).toBe(false);
  });
});
