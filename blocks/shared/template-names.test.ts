import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION, settingsSchema, type FlowDocument } from '../flow.js';
import { lintFlow } from '../lint/index.js';
import { blockSchemaList } from '../schemas.js';
import { defOf, layersOf, metaOf, unwrap } from './schema-meta.js';
import { readTemplate, TEMPLATE_HELPERS, templateVariableNames, type TemplateHelper } from './template-names.js';

describe('templateVariableNames on every helper', () => {
  // One use of each helper the runtime registers: the helper is never a variable, its arguments are.
  const uses: Record<TemplateHelper, [string, string[]]> = {
    default: ['{{default city "—"}}', ['city']],
    eq: ['{{#if (eq plan "pro")}}VIP{{/if}}', ['plan']],
    ne: ['{{#if (ne plan other)}}x{{/if}}', ['plan', 'other']],
    gt: ['{{#if (gt age 17)}}x{{/if}}', ['age']],
    gte: ['{{#if (gte age limit)}}x{{/if}}', ['age', 'limit']],
    lt: ['{{#if (lt age 18)}}x{{/if}}', ['age']],
    lte: ['{{#unless (lte total 0)}}x{{/unless}}', ['total']],
    and: ['{{#if (and paid (not blocked))}}x{{/if}}', ['paid', 'blocked']],
    or: ['{{#if (or vip gold)}}x{{/if}}', ['vip', 'gold']],
    not: ['{{#if (not paid)}}x{{/if}}', ['paid']],
    upper: ['{{upper name}}', ['name']],
    lower: ["{{lower 'ABC'}} {{lower city}}", ['city']],
    join: ['{{join items sep=separator}}', ['items', 'separator']],
    length: ['{{length items}} itens', ['items']],
    formatDate: ['{{formatDate day "dd/MM/yyyy"}} {{formatDate (now) "HH:mm"}}', ['day']],
    now: ['{{now "dd/MM"}} {{now}}', []],
    raw: ['R$ {{raw price}}', ['price']],
  };
  it.each(TEMPLATE_HELPERS.map((h) => [h, ...uses[h]] as const))('%s', (_helper, template, names) => {
    expect(templateVariableNames(template)).toEqual(names);
  });

  it('reads Handlebars block forms: with, each with else, chained else if, inverted sections', () => {
    expect(templateVariableNames('{{#with address}}{{street}} {{@root.zip}}{{/with}}{{city}}')).toEqual(['address', 'zip', 'city']);
    expect(templateVariableNames('{{#each items}}{{this.name}} {{name}} {{@index}} {{@first}}{{else}}{{empty}}{{/each}}')).toEqual(['items', 'empty']);
    expect(templateVariableNames('{{#if a}}1{{else if (eq b "x")}}2{{else}}{{c}}{{/if}}')).toEqual(['a', 'b', 'c']);
    expect(templateVariableNames('{{^paid}}{{amount}}{{/paid}}')).toEqual(['paid', 'amount']);
    expect(templateVariableNames('{{lookup prices product}} {{[odd name]}} {{order.items.[0].sku}}')).toEqual(['prices', 'product', 'odd name', 'order']);
  });

  it('reads nothing from comments, escapes, raw blocks and literals', () => {
    expect(templateVariableNames('{{!-- {{x}} --}}{{! y }}\\{{z}}{{{{raw}}}}{{w}}{{{{/raw}}}}{{"s"}} {{1.5}} {{null}} {{ok}}')).toEqual(['ok']);
  });
});

describe('readTemplate', () => {
  it('places every mustache with the paths it reads, so the editor can colour each one', () => {
    const text = 'Oi {{contact.name}}, {{#each items}}{{name}}{{/each}} {{order.status}}';
    const tags = readTemplate(text);
    expect(tags.map((t) => text.slice(t.start, t.end))).toEqual(['{{contact.name}}', '{{#each items}}', '{{name}}', '{{/each}}', '{{order.status}}']);
    expect(tags.map((t) => t.refs.map((r) => r.path))).toEqual([['contact.name'], ['items'], [], [], ['order.status']]);
    expect(tags[4].refs[0].root).toBe('order');
  });
});

// --- every block form that holds a template -----------------------------------------------

const SAMPLE = 'Oi {{default cidade "—"}}, pedido {{pedido.status}}: {{#each itens}}{{nome}} {{this.preco}}{{/each}}{{#if (eq plano "pro")}}!{{/if}}';
const SAMPLE_NAMES = ['cidade', 'pedido', 'itens', 'plano'];

const isTemplate = (schema: unknown) => [...layersOf(schema)].some((s) => metaOf(s).input === 'template');

/** `value` with every template field the schema shows for it set to SAMPLE; the number of fields set goes to `count`. */
function fill(schema: unknown, value: unknown, count: { n: number }): unknown {
  const def = defOf(unwrap(schema));
  if (!def || value === null || typeof value !== 'object') return value;
  if (def.type === 'array' && Array.isArray(value)) return value.map((v) => fill(def.element, v, count));
  if (def.type === 'union') {
    const branch = (def.options as unknown[]).find((o) => (unwrap(o) as { safeParse(v: unknown): { success: boolean } }).safeParse(value).success);
    return branch ? fill(branch, value, count) : value;
  }
  if (def.type !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, field] of Object.entries(def.shape as Record<string, unknown>)) {
    if (isTemplate(field)) {
      out[key] = SAMPLE;
      count.n++;
    } else if (out[key] !== undefined) out[key] = fill(field, out[key], count);
  }
  return out;
}

/** Options for kinds whose defaults hold no template field yet (a condition starts with no branch). */
const EXTRA: Record<string, unknown> = {
  condition: { items: [{ id: 'c1', group: { logicalOperator: 'and', comparisons: [{ id: 'k1', variableId: 'v_x', operator: 'equals', value: '' }] } }] },
};

function docWith(kind: string, options: unknown): FlowDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    groups: [{ id: 'g', title: 'G', position: { x: 0, y: 0 }, blocks: [{ id: 'b', kind, options: options as Record<string, unknown> }] }],
    edges: [{ id: 'e', from: { eventId: 'start' }, to: { groupId: 'g' } }],
    events: [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }],
    variables: [{ id: 'v_x', name: 'x' }],
    settings: settingsSchema.parse({}),
  } as FlowDocument;
}

describe('every block form that holds a template', () => {
  const forms = blockSchemaList.flatMap((def) => {
    const count = { n: 0 };
    const options = fill(def.options, EXTRA[def.kind] ?? def.defaults(() => 'id_1'), count);
    return count.n ? [[def.kind, options, count.n] as const] : [];
  });

  it('covers the blocks that have template fields', () => {
    expect(forms.map(([kind]) => kind)).toEqual(expect.arrayContaining(['bubble-text', 'input-text', 'input-buttons', 'set-variable', 'condition', 'agent']));
  });

  it.each(forms)('%s: the linter reads the same names in every template field', (kind, options) => {
    const undefinedNames = lintFlow(docWith(kind, options))
      .filter((p) => p.code === 'undefined-variable')
      .map((p) => /uses \{\{(.+?)\}\}/.exec(p.message.en)![1]);
    expect(undefinedNames).toEqual(SAMPLE_NAMES);
  });
});
