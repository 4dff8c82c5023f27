// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { blockSchemaList, blockSchemas } from '../../../../blocks/schemas.js';
import {
  applyCompletion,
  collectAnchors,
  describePath,
  completionItems,
  completionQuery,
  defaultValueFor,
  flattenNodes,
  getIn,
  issuesUnder,
  mapIssues,
  moveItem,
  newItemId,
  removeAt,
  setIn,
  knownTemplateNames,
  tokenizeTemplate,
  variableNameProblem,
  variantValue,
  walkSchema,
  withFreshIds,
  type FormNode,
} from './form-model.js';
import { visibilityFor } from './overrides.js';

const walk = (kind: string) => walkSchema(blockSchemas[kind].options);
const field = (root: FormNode, path: string) => flattenNodes(root).find((n) => n.path === path)?.node;
let seq = 0;
const ids = () => `id${++seq}`;

describe('walkSchema', () => {
  it.each(blockSchemaList.map((s) => [s.kind, s] as const))('%s: every option is a field, every shown field has a label in both languages', (_kind, schema) => {
    const root = walkSchema(schema.options);
    expect(root.type).toBe('object');
    const shape = (schema.options as unknown as { _zod: { def: { shape: Record<string, unknown> } } })._zod.def.shape;
    expect(root.fields?.map((f) => f.key)).toEqual(Object.keys(shape));
    for (const { path, node } of flattenNodes(root)) {
      if (node.widget === 'hidden') continue;
      expect(node.widget, path).not.toBe('unsupported');
      expect(node.meta.label?.en, `${schema.kind} ${path}`).toBeTruthy();
      expect(node.meta.label?.['pt-BR'], `${schema.kind} ${path}`).toBeTruthy();
    }
  });

  it('reads wrappers, enums, numbers and list bounds', () => {
    const buttons = walk('input-buttons');
    expect(field(buttons, 'variableId')).toMatchObject({ widget: 'variable', optional: true, hasDefault: false });
    expect(field(buttons, 'retryMessage')).toMatchObject({ widget: 'template', hasDefault: true, defaultValue: '' });
    expect(field(buttons, 'maxRetries')).toMatchObject({ widget: 'number', min: 0, max: 20, int: true });
    expect(field(buttons, 'source')).toMatchObject({ widget: 'select', values: ['static', 'variable'], defaultValue: 'static' });
    expect(field(buttons, 'source')?.meta.options?.variable?.['pt-BR']).toBe('Uma variável de lista');
    expect(field(buttons, 'items')).toMatchObject({ widget: 'items', maxItems: 100 });
    expect(field(buttons, 'items[].id')?.widget).toBe('hidden');
    expect(field(buttons, 'items[].displayCondition')).toMatchObject({ widget: 'object', optional: true });
    expect(field(buttons, 'items[].displayCondition.group')?.widget).toBe('conditions');
    expect(field(buttons, 'items[].displayCondition.group.comparisons')).toMatchObject({ minItems: 1 });
    expect(field(walk('ab-test'), 'items')).toMatchObject({ minItems: 2, maxItems: 10 });
    expect(field(walk('bubble-text'), 'text')).toMatchObject({ widget: 'template', maxLength: 4096, minLength: 1 });
  });

  it('turns discriminated unions into branches without the discriminator', () => {
    const op = field(walk('set-variable'), 'operation')!;
    expect(op).toMatchObject({ type: 'union', widget: 'union', discriminator: 'kind' });
    expect(op.variants?.map((v) => v.value)).toEqual(['template', 'now', 'today', 'contact_name', 'contact_phone', 'random_id', 'expression', 'append']);
    expect(op.variants?.find((v) => v.value === 'expression')?.label?.en).toBe('Calculation');
    expect(op.variants?.find((v) => v.value === 'expression')?.fields.map((f) => f.key)).toEqual(['expression']);
    expect(op.variants?.find((v) => v.value === 'now')?.fields).toEqual([]);

    const source = field(walk('bubble-image'), 'source')!;
    expect(source.widget).toBe('media');
    expect(source.variants?.map((v) => v.value)).toEqual(['url', 'file']);
  });

  it('recognises the jump target and the condition group by metadata', () => {
    expect(field(walk('jump'), 'target')?.widget).toBe('target');
    expect(field(walk('condition'), 'items[].group')?.widget).toBe('conditions');
  });
});

describe('paths', () => {
  it('sets a nested path immutably, copying only what is on the path', () => {
    const before = { items: [{ id: 'a', label: 'A', extra: { x: 1 } }, { id: 'b', label: 'B' }], other: { y: 2 } };
    const after = setIn(before, ['items', 0, 'label'], 'Alpha') as typeof before;
    expect(after.items[0].label).toBe('Alpha');
    expect(before.items[0].label).toBe('A');
    expect(after).not.toBe(before);
    expect(after.items).not.toBe(before.items);
    expect(after.items[0]).not.toBe(before.items[0]);
    expect(after.items[0].extra).toBe(before.items[0].extra);
    expect(after.items[1]).toBe(before.items[1]);
    expect(after.other).toBe(before.other);
  });

  it('creates missing containers and removes keys set to undefined', () => {
    expect(setIn(undefined, ['a', 0, 'b'], 1)).toEqual({ a: [{ b: 1 }] });
    expect(setIn({ a: 1, b: 2 }, ['a'], undefined)).toEqual({ b: 2 });
    expect(getIn({ a: [{ b: 'x' }] }, ['a', 0, 'b'])).toBe('x');
    expect(getIn({ a: null }, ['a', 'b'])).toBeUndefined();
  });

  it('moves and removes list items', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
    expect(removeAt(['a', 'b', 'c'], 1)).toEqual(['a', 'c']);
  });
});

describe('defaults', () => {
  it('builds new list items that parse (ids fresh, lists at their minimum)', () => {
    const condition = walk('condition');
    const branch = defaultValueFor(field(condition, 'items')!.item!, ids, true) as any;
    expect(branch).toMatchObject({ id: expect.any(String), group: { logicalOperator: 'and', comparisons: [{ operator: 'equal', value: '', variableId: '' }] } });
    expect(branch.group.comparisons[0].id).not.toBe(branch.id);
    const ab = defaultValueFor(field(walk('ab-test'), 'items')!.item!, ids, true);
    expect(ab).toMatchObject({ label: '', percent: 0 });
    const button = defaultValueFor(field(walk('input-buttons'), 'items')!.item!, ids, true);
    expect(Object.keys(button as object).sort()).toEqual(['id', 'label']);
  });

  it('gives ids in the documented shape', () => {
    expect(newItemId()).toMatch(/^[0-9a-z]{9,}$/);
  });

  it('switches a union branch, keeping shared text fields', () => {
    const op = field(walk('set-variable'), 'operation')!;
    expect(variantValue(op, 'append', { kind: 'template', value: '{{x}}' })).toEqual({ kind: 'append', value: '{{x}}' });
    expect(variantValue(op, 'expression', { kind: 'template', value: 'a' })).toEqual({ kind: 'expression', expression: '' });
    expect(variantValue(op, 'now', { kind: 'template', value: 'a' })).toEqual({ kind: 'now' });
    const parsed = blockSchemas['set-variable'].options.safeParse({ operation: variantValue(op, 'template', undefined) });
    expect(parsed.success).toBe(true);
  });

  it('duplicates with fresh ids everywhere', () => {
    const copy = withFreshIds({ id: 'a', label: 'x', group: { comparisons: [{ id: 'c', variableId: 'v' }] } }, ids) as any;
    expect(copy.id).not.toBe('a');
    expect(copy.group.comparisons[0].id).not.toBe('c');
    expect(copy.group.comparisons[0].variableId).toBe('v');
  });
});

describe('issues', () => {
  it('maps issues to the field that shows them', () => {
    const kind = 'input-buttons';
    const root = walk(kind);
    const options = {
      source: 'static',
      items: [
        { id: 'a', label: '' },
        { id: 'a', label: 'Two', displayCondition: { enabled: true, group: { logicalOperator: 'and', comparisons: [{ id: 'c', variableId: '', operator: 'equal', value: '' }] } } },
      ],
      multiple: false,
      retryMessage: '',
    };
    const res = blockSchemas[kind].options.safeParse(options);
    expect(res.success).toBe(false);
    const anchors = collectAnchors(root, options, visibilityFor(kind));
    const map = mapIssues(res.error!.issues, anchors);
    expect(map.get('items.0.label')?.[0].message).toBe('type the option text');
    // The duplicate id is a hidden field: its issue goes to the item card.
    expect(map.get('items.1')?.[0].message).toMatch(/duplicate item id/);
    // A comparison is drawn by the conditions widget, which gets everything under it.
    expect(map.get('items.1.displayCondition.group')?.[0].path).toEqual(['items', 1, 'displayCondition', 'group', 'comparisons', 0, 'variableId']);
    expect(issuesUnder(map, ['items', 1]).length).toBe(2);
  });

  it('sends issues of fields hidden by the kind rules to the closest shown parent', () => {
    const kind = 'input-buttons';
    const options = { source: 'variable', items: [{ id: 'a', label: '' }], multiple: false, retryMessage: '', submitLabel: 'x'.repeat(30) };
    const res = blockSchemas[kind].options.safeParse(options);
    const anchors = collectAnchors(walk(kind), options, visibilityFor(kind));
    expect(anchors.has('items')).toBe(false);
    expect(anchors.has('listVariableId')).toBe(true);
    const map = mapIssues(res.error!.issues, anchors);
    expect(map.get('listVariableId')?.[0].message).toBe('choose the list variable');
    expect(map.get('')?.map((i) => i.message)).toContain('WhatsApp buttons hold at most 20 characters');
    expect(describePath(walk(kind), ['items', 0, 'label'], 'pt-BR')).toBe('Opções 1 › Opção');
    expect(describePath(walk('set-variable'), ['operation', 'expression'], 'en')).toBe('Set to › Expression');
  });

  it('maps union branch and list-level issues', () => {
    const ab = { items: [{ id: 'a', label: 'A', percent: 30 }, { id: 'b', label: 'B', percent: 30 }] };
    const res = blockSchemas['ab-test'].options.safeParse(ab);
    const map = mapIssues(res.error!.issues, collectAnchors(walk('ab-test'), ab));
    expect(map.get('items')?.[0].message).toMatch(/add up to 100/);

    const sv = { operation: { kind: 'expression', expression: '' } };
    const res2 = blockSchemas['set-variable'].options.safeParse(sv);
    const map2 = mapIssues(res2.error!.issues, collectAnchors(walk('set-variable'), sv));
    expect(map2.get('operation.expression')?.[0].message).toBe('type the expression');

    const img = { source: { kind: 'url', url: 'ftp://x' } };
    const res3 = blockSchemas['bubble-image'].options.safeParse(img);
    const map3 = mapIssues(res3.error!.issues, collectAnchors(walk('bubble-image'), img));
    expect(map3.get('source')?.[0]).toMatchObject({ path: ['source', 'url'], message: 'use an http:// or https:// URL' });
  });
});

describe('templates and variables', () => {
  const known = new Set(['nome', 'idade']);

  it('marks known, unknown and helper-only references', () => {
    const segs = tokenizeTemplate('Oi {{nome}}, {{ cidade }}! {{contact.name}} {{default idade "?"}} {{now}}', known);
    const refs = segs.filter((s) => s.kind === 'ref');
    expect(refs.map((r) => (r.kind === 'ref' ? r.status : ''))).toEqual(['known', 'unknown', 'known', 'known', 'expr']);
    expect(segs.map((s) => s.text).join('')).toBe('Oi {{nome}}, {{ cidade }}! {{contact.name}} {{default idade "?"}} {{now}}');
    expect(tokenizeTemplate('{{#if x}}a{{/if}}', known).filter((s) => s.kind === 'ref').map((r) => (r.kind === 'ref' ? r.unknown : []))).toEqual([['x'], []]);
  });

  it('reads names as the linter does: items inside each, helpers with arguments, comments', () => {
    const unknownIn = (text: string, names = known) => tokenizeTemplate(text, names).flatMap((s) => (s.kind === 'ref' ? s.unknown : []));
    expect(unknownIn('{{#each itens}}{{nome}} {{this.preco}} {{../cidade}}{{/each}}')).toEqual(['itens', 'cidade']);
    expect(unknownIn('{{foo idade}} {{default cidade "—"}} {{pedido.status}}')).toEqual(['cidade', 'pedido.status']);
    expect(unknownIn('{{! nota }} {{!-- {{x}} --}} \\{{y}}')).toEqual([]);
    expect(tokenizeTemplate('a \\{{y}} b', known).every((s) => s.kind === 'text')).toBe(true);
  });

  it("knows the names a block fills itself, and dotted names under them, only in that block", () => {
    const agent = knownTemplateNames(['nome'], 'agent');
    const unknownIn = (text: string, names: ReadonlySet<string>) => tokenizeTemplate(text, names).flatMap((s) => (s.kind === 'ref' ? s.unknown : []));
    expect(unknownIn('{{nome}}, você é o {{position}}º. Abrimos {{opening}}.', agent)).toEqual([]);
    expect(unknownIn('{{position}}', knownTemplateNames(['nome'], 'bubble-text'))).toEqual(['position']);
    for (const root of agent) expect(unknownIn(`{{${root}.name}}`, agent)).toEqual([]);
  });

  it('finds an open {{ before the caret and inserts the completion', () => {
    expect(completionQuery('Oi {{no', 7)).toEqual({ start: 3, query: 'no' });
    expect(completionQuery('Oi {{nome}} e', 13)).toBeNull();
    expect(completionQuery('Oi {{', 5)).toEqual({ start: 3, query: '' });
    expect(completionQuery('{{a b', 5)).toBeNull();
    expect(applyCompletion('Oi {{no tudo', 7, 3, 'nome')).toEqual({ text: 'Oi {{nome}} tudo', caret: 11 });
    expect(applyCompletion('Oi {{no}} tudo', 7, 3, 'nome')).toEqual({ text: 'Oi {{nome}} tudo', caret: 11 });
    expect(completionItems('ph', ['phone_alt', 'nome'])).toEqual(['phone_alt', 'contact.phone']);
    expect(completionItems('', ['a'])).toEqual(['a', 'contact.name', 'contact.phone']);
  });

  it('checks new variable names like the flow document does', () => {
    const existing = [{ name: 'nome' }];
    expect(variableNameProblem('cidade', existing)).toBeNull();
    expect(variableNameProblem('_x1', existing)).toBeNull();
    expect(variableNameProblem('açaí', existing)).toBeNull();
    expect(variableNameProblem('1abc', existing)).toBe('invalid');
    expect(variableNameProblem('com espaço', existing)).toBe('invalid');
    expect(variableNameProblem('', existing)).toBe('empty');
    expect(variableNameProblem('nome', existing)).toBe('taken');
    expect(variableNameProblem('a'.repeat(61), existing)).toBe('too_long');
  });
});
