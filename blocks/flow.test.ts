import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { step } from '../runtime/engine/step.js';
import {
  CURRENT_SCHEMA_VERSION,
  emptyFlowDocument,
  FlowValidationError,
  parseFlowDocument,
  safeParseFlowDocument,
} from './flow.js';
import { blockSchemaList, blockSchemas } from './schemas.js';
import { blockExecutors } from './runtime.js';

const v1 = JSON.parse(fs.readFileSync(new URL('./fixtures/flow-v1.json', import.meta.url), 'utf8'));

function issuesOf(doc: unknown) {
  const r = safeParseFlowDocument(doc);
  if (r.ok) throw new Error('expected the document to be refused');
  return r.issues;
}

describe('flow document', () => {
  it('migrates a version 1 document forward and runs it', async () => {
    const doc = parseFlowDocument(v1);
    expect(doc.schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    expect(doc.variables).toEqual([
      { id: 'var_1', name: 'name' },
      { id: 'var_2', name: 'email' },
    ]);
    expect(doc.groups[0].blocks[1]).toMatchObject({ kind: 'input-text', options: { variableId: 'var_1' } });
    expect(doc.events).toEqual([{ id: 'start', kind: 'start', position: { x: -200, y: 0 } }]);
    expect(doc.edges).toContainEqual({ id: 'edge_1', from: { blockId: 'ask_name' }, to: { groupId: 'ask_email_group' } });

    const env = { now: new Date('2026-01-01T10:00:00Z'), contact: { id: 'c' }, seed: 1 };
    let r = await step(doc, null, { type: 'start' }, env);
    r = await step(doc, r.session, { type: 'reply', reply: { text: 'Ana' } }, env);
    expect(r.messages.map((m) => (m.message as { text: string }).text)).toEqual(['Prazer, Ana! Seu e-mail?']);
    r = await step(doc, r.session, { type: 'reply', reply: { text: 'ANA@Example.com' } }, env);
    expect(r.messages.map((m) => (m.message as { text: string }).text)).toEqual(['Obrigado! Enviaremos para ana@example.com.']);
  });

  it('names the path of a bad block option', () => {
    const doc = structuredClone(emptyFlowDocument()) as any;
    doc.groups.push({ id: 'g2', title: '', position: { x: 0, y: 0 }, blocks: [] });
    doc.groups.push({
      id: 'g3',
      title: '',
      position: { x: 0, y: 0 },
      blocks: [{ id: 'b', kind: 'input-text', options: { variableId: 42 } }],
    });
    const issues = issuesOf(doc);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('groups[2].blocks[0].options.variableId');
    expect(new FlowValidationError(issues).message).toMatch(/^groups\[2\]\.blocks\[0\]\.options\.variableId: /);
  });

  it('keeps a draft block whose options do not parse as typed, and still checks the structure', () => {
    const doc = structuredClone(emptyFlowDocument()) as any;
    doc.groups[0].blocks.push(
      { id: 'w', kind: 'wait', options: { amount: '', unit: 'minutes' } },
      { id: 'c', kind: 'condition', options: { items: [{ id: 'yes', label: '', condition: { variableId: '' } }] } },
      { id: 't', kind: 'bubble-text', options: { text: 'oi' } },
    );
    doc.edges.push({ id: 'e2', from: { blockId: 'c', itemId: 'yes' }, to: { groupId: 'group_1' } });
    expect(safeParseFlowDocument(doc).ok).toBe(false);
    const draft = parseFlowDocument(doc, { draft: true });
    expect(draft.groups[0].blocks[0].options).toEqual({ amount: '', unit: 'minutes' });
    expect(draft.groups[0].blocks[1].options).toEqual(doc.groups[0].blocks[1].options);
    expect(draft.groups[0].blocks[2].options).toEqual(blockSchemas['bubble-text'].options.parse({ text: 'oi' }));

    doc.groups[0].blocks.push({ id: 'w', kind: 'teleport', options: {} });
    doc.edges.push({ id: 'e3', from: { blockId: 'ghost' }, to: { groupId: 'group_1' } });
    const r = safeParseFlowDocument(doc, { draft: true });
    expect(r.ok ? [] : r.issues.map((i) => i.path)).toEqual(['groups[0].blocks[3].id', 'groups[0].blocks[3].kind', 'edges[2].from.blockId']);
  });

  it('names structural errors, unknown kinds and dangling references', () => {
    expect(issuesOf({ schemaVersion: 2, groups: 'x', edges: [], events: [], variables: [] })[0].path).toBe('groups');
    expect(issuesOf({ groups: [] })[0].path).toBe('schemaVersion');
    const doc = structuredClone(emptyFlowDocument()) as any;
    doc.groups[0].blocks.push({ id: 'x', kind: 'teleport', options: {} });
    doc.edges.push({ id: 'bad', from: { blockId: 'nope' }, to: { groupId: 'missing' } });
    const issues = issuesOf(doc);
    expect(issues.map((i) => i.path)).toEqual(['groups[0].blocks[0].kind', 'edges[1].from.blockId', 'edges[1].to.groupId']);
    expect(issues[0].message).toContain('teleport');
  });

  it('refuses duplicate ids and edges from items a block does not have', () => {
    const doc = structuredClone(emptyFlowDocument()) as any;
    doc.groups[0].blocks.push(
      { id: 'b1', kind: 'bubble-text', options: { text: 'a' } },
      { id: 'b1', kind: 'input-buttons', options: { items: [{ id: 'i1', label: 'Sim' }] } },
    );
    doc.edges.push({ id: 'e2', from: { blockId: 'b1', itemId: 'ghost' }, to: { groupId: 'group_1' } });
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toContain('groups[0].blocks[1].id');
    expect(paths).toContain('edges[1].from.itemId');
  });

  it('refuses a document from a newer Ozia instead of guessing', () => {
    expect(issuesOf({ schemaVersion: 99 })[0]).toEqual({ path: 'schemaVersion', message: expect.stringContaining('newer') });
  });

  it('refuses variable names that templates could not reference', () => {
    const doc = structuredClone(emptyFlowDocument()) as any;
    doc.variables.push({ id: 'v', name: '1st name' });
    expect(issuesOf(doc)[0].path).toBe('variables[0].name');
  });
});

describe('block registry', () => {
  it('every block kind has an executor, and defaults that parse', () => {
    let n = 0;
    const newId = () => `id${++n}`;
    for (const s of blockSchemaList) {
      expect(blockExecutors[s.kind], s.kind).toBeDefined();
      const parsed = s.options.safeParse(s.defaults(newId));
      // Media starts empty, asking for its file; everything else is ready to run as dropped.
      if (s.formerDefaults) {
        expect(parsed.success, s.kind).toBe(false);
        expect(parsed.error!.issues.map((i) => i.message), s.kind).toEqual(expect.arrayContaining([expect.stringMatching(/^(upload a file|add the image address)$/)]));
        expect(JSON.stringify(s.defaults(newId)), s.kind).not.toMatch(/example\.com|placehold\.co/);
      } else expect(parsed.success, `${s.kind}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
      if (s.isInput) expect(blockExecutors[s.kind].reply, s.kind).toBeTypeOf('function');
    }
    expect(new Set(blockSchemaList.map((s) => s.kind)).size).toBe(blockSchemaList.length);
  });
});
