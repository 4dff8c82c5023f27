import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../templates/catalog.js';
import { CURRENT_SCHEMA_VERSION, parseFlowDocument, settingsSchema, type FlowDocument } from '../flow.js';
import { blockSchemas } from '../schemas.js';
import { lintFlow, problemPath, templateVariableNames, type Problem } from './index.js';

// --- a terse flow builder ----------------------------------------------------------------

type B = { id: string; kind: string; options?: Record<string, unknown> };
type G = { id: string; title?: string; blocks: B[] };
type E = { id?: string; from: Record<string, string>; to: { groupId: string; blockId?: string } };

interface Input {
  groups: G[];
  edges?: E[];
  variables?: string[];
  /** Group the start event connects to; null: a start event with no edge; false: no start event. */
  start?: string | null | false;
  keywords?: { id: string; groupId: string }[];
  /** Every input gets a fallback edge back to its own group (the rules under test are about other
   * paths), unless this is false. */
  fallbacks?: false;
}

function raw(input: Input): FlowDocument {
  const edges: E[] = [];
  const events: unknown[] = [];
  const startGroup = input.start === undefined ? input.groups[0]?.id : input.start;
  if (input.start !== false) events.push({ id: 'start', kind: 'start', position: { x: 0, y: 0 } });
  if (startGroup) edges.push({ id: 'e_start', from: { eventId: 'start' }, to: { groupId: startGroup } });
  (input.edges ?? []).forEach((e, i) => edges.push({ ...e, id: e.id ?? `e${i}` }));
  for (const k of input.keywords ?? []) {
    events.push({ id: k.id, kind: 'keyword', position: { x: 0, y: 100 }, keywords: [k.id], match: 'exact' });
    edges.push({ id: `e_${k.id}`, from: { eventId: k.id }, to: { groupId: k.groupId } });
  }
  if (input.fallbacks !== false) {
    for (const g of input.groups) {
      for (const b of g.blocks) {
        const own = edges.some((e) => e.from.blockId === b.id && e.from.path === 'fallback');
        if (blockSchemas[b.kind]?.isInput && !own) edges.push({ id: `e_fallback_${b.id}`, from: { blockId: b.id, path: 'fallback' }, to: { groupId: g.id } });
      }
    }
  }
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    groups: input.groups.map((g, i) => ({
      id: g.id,
      title: g.title ?? g.id,
      position: { x: i * 300, y: 0 },
      blocks: g.blocks.map((b) => ({ id: b.id, kind: b.kind, options: b.options ?? {} })),
    })),
    edges: edges as FlowDocument['edges'],
    events: events as FlowDocument['events'],
    variables: (input.variables ?? []).map((name) => ({ id: `v_${name}`, name })),
    settings: settingsSchema.parse({}),
  };
}

/** A document that passes validation, as the server stores it. */
const valid = (input: Input) => parseFlowDocument(raw(input));

const text = (id: string, value: string): B => ({ id, kind: 'bubble-text', options: { text: value } });
const ask = (id: string, variable?: string): B => ({ id, kind: 'input-text', options: variable ? { variableId: variable } : {} });
const buttons = (id: string, labels: string[], extra: Record<string, unknown> = {}): B => ({
  id,
  kind: 'input-buttons',
  options: { items: labels.map((label, i) => ({ id: `${id}_${i + 1}`, label })), ...extra },
});
const jump = (id: string, groupId: string, blockId?: string): B => ({
  id,
  kind: 'jump',
  options: { target: blockId ? { groupId, blockId } : { groupId } },
});
const end = (id: string): B => ({ id, kind: 'end', options: {} });

const codes = (ps: Problem[]) => ps.map((p) => p.code);
const withCode = (ps: Problem[], code: string) => ps.filter((p) => p.code === code);

// --- rules -------------------------------------------------------------------------------

describe('no-start', () => {
  it('flags a flow without a start event', () => {
    const ps = lintFlow(raw({ start: false, groups: [{ id: 'g', blocks: [text('t', 'Oi')] }] }));
    const [p] = withCode(ps, 'no-start');
    expect(p).toMatchObject({ severity: 'error' });
    expect(p.message.en).toMatch(/no start event/);
    expect(p.message['pt-BR']).toMatch(/evento de início/);
    // With no way in at all, every group being unreachable is the same news: not repeated.
    expect(withCode(ps, 'unreachable-group')).toEqual([]);
  });

  it('flags a start event that is not connected, focusing it', () => {
    const ps = lintFlow(valid({ start: null, groups: [{ id: 'g', blocks: [text('t', 'Oi')] }] }));
    expect(withCode(ps, 'no-start')).toEqual([expect.objectContaining({ severity: 'error', eventId: 'start' })]);
  });

  it('accepts a connected start event', () => {
    expect(lintFlow(valid({ groups: [{ id: 'g', blocks: [text('t', 'Oi')] }] }))).toEqual([]);
  });
});

describe('unconnected-fallback', () => {
  it('warns on every question whose fallback path is not connected, in both languages', () => {
    const doc = valid({
      fallbacks: false,
      variables: ['x'],
      groups: [
        { id: 'g', title: 'Cadastro', blocks: [ask('a', 'v_x'), buttons('b', ['Sim', 'Não'], { variableId: 'v_x' }), text('t', 'fim')] },
        { id: 'h', blocks: [text('h1', 'tente depois')] },
      ],
      edges: [
        { from: { blockId: 'b', itemId: 'b_1' }, to: { groupId: 'h' } },
        { from: { blockId: 'b', itemId: 'b_2' }, to: { groupId: 'h' } },
      ],
    });
    const ps = withCode(lintFlow(doc), 'unconnected-fallback');
    expect(ps.map((p) => [p.severity, p.blockId])).toEqual([
      ['warning', 'a'],
      ['warning', 'b'],
    ]);
    expect(ps[0].message.en).toMatch(/the Text question block \(#1 in group "Cadastro"\) has no fallback path/i);
    expect(ps[0].message['pt-BR']).toMatch(/não tem caminho alternativo.*saída "alternativo"/);
    expect(ps[0].groupId).toBe('g');
  });

  it('is satisfied by a connected fallback, and never blocks publishing', () => {
    const groups = [
      { id: 'g', blocks: [ask('a'), text('t', 'fim')] },
      { id: 'h', blocks: [text('h1', 'tente depois')] },
    ];
    const connected = valid({ fallbacks: false, groups, edges: [{ from: { blockId: 'a', path: 'fallback' }, to: { groupId: 'h' } }] });
    expect(lintFlow(connected)).toEqual([]);
    const loose = lintFlow(valid({ fallbacks: false, groups, edges: [{ from: { blockId: 't' }, to: { groupId: 'h' } }] }));
    expect(loose.map((p) => p.code)).toEqual(['unconnected-fallback']);
    expect(loose.filter((p) => p.severity === 'error')).toEqual([]);
  });
});

describe('dead-end-input', () => {
  it('flags a question that is the last block of its group with no edge', () => {
    const ps = lintFlow(valid({ variables: ['nome'], groups: [{ id: 'g', title: 'Cadastro', blocks: [text('t', 'Seu nome?'), ask('a', 'v_nome')] }] }));
    expect(ps).toEqual([expect.objectContaining({ severity: 'error', code: 'dead-end-input', groupId: 'g', blockId: 'a' })]);
    expect(ps[0].message.en).toContain('Text question block (#2 in group "Cadastro")');
    expect(ps[0].message['pt-BR']).toContain('bloco Pergunta de texto (nº 2 do grupo "Cadastro")');
  });

  it('accepts a question followed by a block, or with a default edge', () => {
    expect(lintFlow(valid({ groups: [{ id: 'g', blocks: [ask('a'), text('t', 'Obrigado!')] }] }))).toEqual([]);
    const edged = valid({
      groups: [
        { id: 'g', blocks: [ask('a')] },
        { id: 'h', blocks: [text('t', 'Obrigado!')] },
      ],
      edges: [{ from: { blockId: 'a' }, to: { groupId: 'h' } }],
    });
    expect(lintFlow(edged)).toEqual([]);
  });

  it('accepts buttons whose every option has an edge', () => {
    const doc = valid({
      groups: [
        { id: 'g', blocks: [buttons('b', ['Sim', 'Não'])] },
        { id: 'yes', blocks: [text('y', 'Ótimo!')] },
        { id: 'no', blocks: [text('n', 'Que pena.')] },
      ],
      edges: [
        { from: { blockId: 'b', itemId: 'b_1' }, to: { groupId: 'yes' } },
        { from: { blockId: 'b', itemId: 'b_2' }, to: { groupId: 'no' } },
      ],
    });
    expect(lintFlow(doc)).toEqual([]);
  });

  it('flags buttons with an unconnected option and warns on that option alone', () => {
    const doc = valid({
      groups: [
        { id: 'g', blocks: [buttons('b', ['Sim', 'Não', 'Talvez'])] },
        { id: 'yes', blocks: [text('y', 'Ótimo!')] },
      ],
      edges: [{ from: { blockId: 'b', itemId: 'b_1' }, to: { groupId: 'yes' } }],
    });
    const ps = lintFlow(doc);
    expect(codes(ps)).toEqual(['dead-end-input', 'unconnected-item', 'unconnected-item']);
    expect(ps[0].message.en).toContain('"Não", "Talvez"');
    expect(ps[1]).toMatchObject({ severity: 'warning', blockId: 'b' });
    expect(ps[1].message.en).toContain('"Não"');
    expect(ps[2].message['pt-BR']).toContain('"Talvez"');
  });

  it('accepts unconnected options when the block has a default continuation', () => {
    const doc = valid({
      groups: [{ id: 'g', blocks: [buttons('b', ['Sim', 'Não']), text('t', 'Anotado.')] }],
    });
    expect(lintFlow(doc)).toEqual([]);
  });

  it('flags a multiple choice at the end of its group: its answers all take the default path', () => {
    const doc = valid({
      groups: [{ id: 'g', blocks: [buttons('b', ['A', 'B'], { multiple: true })] }],
    });
    expect(codes(lintFlow(doc))).toEqual(['dead-end-input']);
  });
});

describe('unreachable-group', () => {
  it('warns on a group nothing leads to', () => {
    const ps = lintFlow(valid({ groups: [{ id: 'g', blocks: [text('t', 'Oi')] }, { id: 'orphan', title: 'Órfão', blocks: [text('o', 'Ninguém me vê')] }] }));
    expect(ps).toEqual([expect.objectContaining({ severity: 'warning', code: 'unreachable-group', groupId: 'orphan' })]);
    expect(ps[0].message.en).toContain('"Órfão"');
    expect(ps[0].message['pt-BR']).toContain('"Órfão"');
  });

  it('follows edges, item edges, fallback edges, jumps and keyword events', () => {
    const doc = valid({
      variables: ['x'],
      groups: [
        { id: 'g', blocks: [buttons('b', ['Um', 'Dois'], { variableId: 'v_x' }), jump('j', 'via_jump')] },
        { id: 'via_item', blocks: [text('i', 'item')] },
        { id: 'via_fallback', blocks: [text('f', 'fallback')] },
        { id: 'via_jump', blocks: [text('jj', 'jump')] },
        { id: 'via_keyword', blocks: [text('k', 'keyword')] },
      ],
      edges: [
        { from: { blockId: 'b', itemId: 'b_1' }, to: { groupId: 'via_item' } },
        { from: { blockId: 'b', path: 'fallback' }, to: { groupId: 'via_fallback' } },
      ],
      keywords: [{ id: 'menu', groupId: 'via_keyword' }],
    });
    expect(lintFlow(doc)).toEqual([]);
  });

  it('does not count edges of blocks the flow never reaches', () => {
    // The End stops the group, so the text after it (and the group it points to) is never reached;
    // an entry into the middle of a group skips the blocks above it.
    const doc = valid({
      groups: [
        { id: 'g', blocks: [text('a', 'Oi'), end('stop'), text('after', 'nunca')] },
        { id: 'h', blocks: [text('h1', 'nunca'), text('h2', 'daqui')] },
        { id: 'k', blocks: [text('k1', 'x')] },
        { id: 'l', blocks: [text('l1', 'y')] },
      ],
      edges: [
        { from: { blockId: 'after' }, to: { groupId: 'h' } },
        { from: { blockId: 'a' }, to: { groupId: 'k', blockId: 'k1' } },
        { from: { blockId: 'h1' }, to: { groupId: 'l' } },
      ],
    });
    const ps = lintFlow(doc);
    // 'a' has a default edge to k, so it does not fall through to the End: g's End is unreached too.
    expect(withCode(ps, 'unreachable-group').map((p) => p.groupId)).toEqual(['h', 'l']);
    const fixed = structuredClone(doc);
    fixed.edges.push({ id: 'fix', from: { blockId: 'k1' }, to: { groupId: 'h' } });
    expect(withCode(lintFlow(fixed), 'unreachable-group')).toEqual([]);
  });
});

describe('edge-target-missing', () => {
  const base = (edges: E[]) =>
    raw({
      groups: [
        { id: 'g', blocks: [buttons('b', ['Sim']), text('t', 'ok')] },
        { id: 'h', blocks: [text('h1', 'oi')] },
      ],
      edges,
    });

  it('flags edges to a missing group or block', () => {
    const ps = lintFlow(
      base([
        { id: 'to_group', from: { blockId: 't' }, to: { groupId: 'gone' } },
        { id: 'to_block', from: { blockId: 'h1' }, to: { groupId: 'g', blockId: 'gone' } },
      ]),
    );
    const missing = withCode(ps, 'edge-target-missing');
    expect(missing.map((p) => [p.severity, p.edgeId])).toEqual([
      ['error', 'to_group'],
      ['error', 'to_block'],
    ]);
    expect(missing[0].message.en).toContain('"gone"');
    expect(missing[1].message['pt-BR']).toContain('grupo "g"');
  });

  it('flags edges from a missing block, item or event', () => {
    const ps = lintFlow(
      base([
        { id: 'from_block', from: { blockId: 'gone' }, to: { groupId: 'h' } },
        { id: 'from_item', from: { blockId: 'b', itemId: 'gone' }, to: { groupId: 'h' } },
        { id: 'from_event', from: { eventId: 'gone' }, to: { groupId: 'h' } },
      ]),
    );
    expect(withCode(ps, 'edge-target-missing').map((p) => p.edgeId)).toEqual(['from_block', 'from_item', 'from_event']);
    expect(withCode(ps, 'edge-target-missing')[1]).toMatchObject({ blockId: 'b', groupId: 'g' });
  });

  it('accepts edges between things that exist', () => {
    const doc = base([
      { from: { blockId: 'b', itemId: 'b_1' }, to: { groupId: 'h' } },
      { from: { blockId: 't' }, to: { groupId: 'h', blockId: 'h1' } },
    ]);
    expect(withCode(lintFlow(doc), 'edge-target-missing')).toEqual([]);
    expect(() => parseFlowDocument(doc)).not.toThrow();
  });
});

describe('undefined-variable and unset-variable-ref', () => {
  it('warns on a template naming a variable the flow does not declare', () => {
    const ps = lintFlow(valid({ variables: ['nome'], groups: [{ id: 'g', blocks: [text('t', 'Olá {{nome}}, seu pedido {{pedido}} saiu.')] }] }));
    expect(ps).toEqual([expect.objectContaining({ severity: 'warning', code: 'undefined-variable', blockId: 't' })]);
    expect(ps[0].message.en).toContain('"pedido"');
    expect(ps[0].message['pt-BR']).toContain('"pedido"');
  });

  it('walks every string of the options: item labels, condition values, set-variable values', () => {
    const doc = valid({
      variables: ['x'],
      groups: [
        {
          id: 'g',
          blocks: [
            { id: 's', kind: 'set-variable', options: { variableId: 'v_x', operation: { kind: 'template', value: '{{a}}' } } },
            {
              id: 'c',
              kind: 'condition',
              options: {
                items: [{ id: 'i', group: { comparisons: [{ id: 'k', variableId: 'v_x', operator: 'equal', value: '{{b}}' }] } }],
              },
            },
            buttons('b', ['{{upper c}}', 'Fixo']),
            text('t', 'fim'),
          ],
        },
      ],
    });
    const ps = withCode(lintFlow(doc), 'undefined-variable');
    expect(ps.map((p) => [p.blockId, p.message.en.match(/no variable "(\w+)"/)?.[1]])).toEqual([
      ['s', 'a'],
      ['c', 'b'],
      ['b', 'c'],
    ]);
  });

  it('accepts declared variables, contact fields, helpers and literals', () => {
    const doc = valid({
      variables: ['nome', 'itens'],
      groups: [
        {
          id: 'g',
          blocks: [text('t', '{{default nome "cliente"}} {{contact.name}} {{now "dd/MM"}} {{#each itens}}{{this}}{{/each}} {{upper nome}}')],
        },
      ],
    });
    expect(lintFlow(doc)).toEqual([]);
  });

  it('flags variable ids that point nowhere, in any options field that holds one', () => {
    const doc = raw({
      variables: ['ok'],
      groups: [
        {
          id: 'g',
          blocks: [
            ask('a', 'v_ghost'),
            { id: 'l', kind: 'input-buttons', options: { source: 'variable', listVariableId: 'v_lost' } },
            {
              id: 'c',
              kind: 'condition',
              options: { items: [{ id: 'i', group: { comparisons: [{ id: 'k', variableId: 'v_gone', operator: 'is_set' }] } }] },
            },
            text('t', 'fim'),
          ],
        },
      ],
    });
    const ps = withCode(lintFlow(doc), 'unset-variable-ref');
    expect(ps.map((p) => [p.severity, p.blockId])).toEqual([
      ['error', 'a'],
      ['error', 'l'],
      ['error', 'c'],
    ]);
    expect(ps[0].message.en).toContain('"v_ghost"');
    expect(ps[2].message['pt-BR']).toContain('"v_gone"');

    const fixed = raw({
      variables: ['ghost', 'lost', 'gone'],
      groups: doc.groups.map((g) => ({ id: g.id, blocks: g.blocks })),
    });
    expect(withCode(lintFlow(fixed), 'unset-variable-ref')).toEqual([]);
  });
});

describe('jumps', () => {
  it('flags a jump with no target, a missing group or a missing block', () => {
    const doc = raw({
      groups: [
        { id: 'g', blocks: [text('t', 'oi'), { id: 'j0', kind: 'jump', options: { target: { groupId: '' } } }] },
        { id: 'h', blocks: [jump('j1', 'gone')] },
        { id: 'i', blocks: [jump('j2', 'g', 'gone')] },
      ],
      edges: [{ from: { blockId: 't' }, to: { groupId: 'h' } }],
    });
    const ps = withCode(lintFlow(doc), 'jump-target-missing');
    expect(ps.map((p) => [p.severity, p.blockId])).toEqual([
      ['error', 'j0'],
      ['error', 'j1'],
      ['error', 'j2'],
    ]);
    expect(ps[0].message.en).toMatch(/no destination/);
    expect(ps[1].message.en).toContain('"gone"');
    expect(ps[2].message['pt-BR']).toContain('grupo "g"');
  });

  it('accepts a jump to an existing group or block', () => {
    const doc = valid({
      groups: [
        { id: 'g', blocks: [text('t', 'oi'), jump('j', 'h', 'h2')] },
        { id: 'h', blocks: [text('h1', 'a'), text('h2', 'b')] },
      ],
    });
    expect(lintFlow(doc)).toEqual([]);
  });

  it('warns on a jump back into its own group with nothing that waits in between', () => {
    const spin = valid({ groups: [{ id: 'g', blocks: [text('t', 'de novo'), jump('j', 'g')] }] });
    expect(lintFlow(spin)).toEqual([expect.objectContaining({ severity: 'warning', code: 'jump-to-self', blockId: 'j' })]);
    const toItself = valid({ groups: [{ id: 'g', blocks: [text('t', 'oi'), jump('j', 'g', 'j')] }] });
    expect(codes(lintFlow(toItself))).toEqual(['jump-to-self']);
  });

  it('accepts a loop that asks something, waits, or can leave', () => {
    const asks = valid({ groups: [{ id: 'g', blocks: [ask('a'), text('t', 'eco'), jump('j', 'g')] }] });
    expect(lintFlow(asks)).toEqual([]);
    const waits = valid({ groups: [{ id: 'g', blocks: [{ id: 'w', kind: 'wait', options: { seconds: 60 } }, jump('j', 'g')] }] });
    expect(lintFlow(waits)).toEqual([]);
    const counter = valid({
      variables: ['n'],
      groups: [
        {
          id: 'g',
          blocks: [
            { id: 'inc', kind: 'set-variable', options: { variableId: 'v_n', operation: { kind: 'expression', expression: 'n + 1' } } },
            {
              id: 'c',
              kind: 'condition',
              options: { items: [{ id: 'done', group: { comparisons: [{ id: 'k', variableId: 'v_n', operator: 'greater', value: '3' }] } }] },
            },
            jump('j', 'g'),
          ],
        },
        { id: 'out', blocks: [text('o', 'pronto')] },
      ],
      edges: [{ from: { blockId: 'c', itemId: 'done' }, to: { groupId: 'out' } }],
    });
    expect(lintFlow(counter)).toEqual([]);
  });
});

describe('empty-buttons', () => {
  it('flags typed buttons with no options, without repeating it as invalid options', () => {
    const ps = lintFlow(raw({ groups: [{ id: 'g', blocks: [{ id: 'b', kind: 'input-buttons', options: { source: 'static', items: [] } }, text('t', 'ok')] }] }));
    expect(codes(ps)).toEqual(['empty-buttons']);
    expect(ps[0]).toMatchObject({ severity: 'error', blockId: 'b' });
    expect(ps[0].message['pt-BR']).toMatch(/não tem opções/);
  });

  it('flags an option with blank text, on buttons and picture choice', () => {
    const doc = raw({
      groups: [
        {
          id: 'g',
          blocks: [
            buttons('b', ['Sim', '   ']),
            {
              id: 'p',
              kind: 'input-picture-choice',
              options: { items: [{ id: 'p1', imageUrl: 'https://cdn.loja.com/a.jpg', title: '' }] },
            },
            text('t', 'ok'),
          ],
        },
      ],
    });
    const ps = lintFlow(doc);
    expect(codes(ps)).toEqual(['empty-buttons', 'empty-buttons']);
    expect(ps[0].message.en).toMatch(/Option #2 of the Buttons block/);
    expect(ps[1].blockId).toBe('p');
  });

  it('accepts options with text, and options that come from a list variable', () => {
    const doc = valid({
      variables: ['lista'],
      groups: [{ id: 'g', blocks: [buttons('b', ['Sim']), { id: 'l', kind: 'input-buttons', options: { source: 'variable', listVariableId: 'v_lista' } }, text('t', 'ok')] }],
    });
    expect(lintFlow(doc)).toEqual([]);
  });
});

describe('invalid-options and unknown-kind', () => {
  it('flags options that fail the block schema, naming the field and the reason', () => {
    const ps = lintFlow(raw({ groups: [{ id: 'g', title: 'Boas-vindas', blocks: [text('t', '   ')] }] }));
    expect(ps).toEqual([expect.objectContaining({ severity: 'error', code: 'invalid-options', groupId: 'g', blockId: 't' })]);
    expect(ps[0].message.en).toBe('The Text message block (#1 in group "Boas-vindas") has an invalid setting, Message (text): type the message text.');
    expect(ps[0].message['pt-BR']).toContain('Mensagem (text): digite o texto da mensagem');
  });

  it('names nested fields through their labels', () => {
    const ps = lintFlow(raw({ groups: [{ id: 'g', blocks: [{ id: 'w', kind: 'wait', options: { amount: 0, unit: 'minutes' } }, text('t', 'ok')] }] }));
    expect(ps[0].message.en).toContain('Wait for (amount): wait at least 1');
    const ab = lintFlow(
      raw({ groups: [{ id: 'g', blocks: [{ id: 'a', kind: 'ab-test', options: { items: [{ id: 'x', label: 'A', percent: 50 }, { id: 'y', label: '', percent: 50 }] } }] }] }),
    );
    expect(ab[0].message.en).toContain('Branches › #2 › Branch (items[1].label)');
    expect(ab[0].message['pt-BR']).toContain('Ramos › nº 2 › Ramo');
  });

  it('flags a block of an unknown kind', () => {
    const ps = lintFlow(raw({ groups: [{ id: 'g', blocks: [text('t', 'oi'), { id: 'x', kind: 'teleport' }] }] }));
    expect(ps).toEqual([expect.objectContaining({ severity: 'error', code: 'unknown-kind', blockId: 'x' })]);
    expect(ps[0].message.en).toContain('"teleport"');
  });

  it('accepts valid options', () => {
    expect(lintFlow(valid({ groups: [{ id: 'g', blocks: [text('t', 'Olá!'), { id: 'w', kind: 'wait', options: { seconds: 5 } }] }] }))).toEqual([]);
  });
});

describe('empty-group', () => {
  it('warns on a group without blocks', () => {
    const ps = lintFlow(valid({ groups: [{ id: 'g', title: 'Vazio', blocks: [] }] }));
    expect(ps).toEqual([expect.objectContaining({ severity: 'warning', code: 'empty-group', groupId: 'g' })]);
    expect(ps[0].message.en).toContain('"Vazio"');
  });

  it('accepts a group with blocks', () => {
    expect(lintFlow(valid({ groups: [{ id: 'g', title: 'Cheio', blocks: [text('t', 'oi')] }] }))).toEqual([]);
  });
});

describe('placeholder-media', () => {
  it('warns on media bubbles still on the example address of a fresh block', () => {
    const doc = valid({
      groups: [
        {
          id: 'g',
          blocks: [
            { id: 'img', kind: 'bubble-image', options: { source: { kind: 'url', url: 'https://example.com/image.png' } } },
            { id: 'doc', kind: 'bubble-document', options: { source: { kind: 'url', url: 'https://example.com/document.pdf' } } },
            {
              id: 'pic',
              kind: 'input-picture-choice',
              options: { items: [{ id: 'p1', imageUrl: 'https://placehold.co/600x400?text=1', title: 'Um' }] },
            },
            text('t', 'ok'),
          ],
        },
      ],
    });
    const ps = lintFlow(doc);
    expect(ps.map((p) => [p.severity, p.code, p.blockId])).toEqual([
      ['warning', 'placeholder-media', 'img'],
      ['warning', 'placeholder-media', 'doc'],
      ['warning', 'placeholder-media', 'pic'],
    ]);
    expect(ps[0].message.en).toContain('https://example.com/image.png');
  });

  it('accepts real links and uploaded files', () => {
    const doc = valid({
      groups: [
        {
          id: 'g',
          blocks: [
            { id: 'img', kind: 'bubble-image', options: { source: { kind: 'url', url: 'https://cdn.loja.com.br/banner.png' } } },
            { id: 'vid', kind: 'bubble-video', options: { source: { kind: 'file', fileId: 'f_123' } } },
            // The same address in a caption is just text.
            { id: 'aud', kind: 'bubble-image', options: { source: { kind: 'url', url: 'https://cdn.loja.com.br/a.png' }, caption: 'https://example.com/image.png' } },
          ],
        },
      ],
    });
    expect(lintFlow(doc)).toEqual([]);
  });
});

// --- templates in text -------------------------------------------------------------------

describe('templateVariableNames', () => {
  it('lists the names a template reads, once each, in order', () => {
    expect(templateVariableNames('Olá {{nome}}! Seu pedido {{ pedido.status }} de {{nome}}')).toEqual(['nome', 'pedido']);
    expect(templateVariableNames('sem modelo')).toEqual([]);
  });

  it('skips helpers, literals, this, else, @data and contact', () => {
    expect(templateVariableNames('{{default cidade "não informada"}} {{formatDate data "dd/MM/yyyy"}} {{now}}')).toEqual(['cidade', 'data']);
    expect(templateVariableNames("{{#if (gt idade 17)}}adulto{{else}}{{upper 'menor'}}{{/if}}")).toEqual(['idade']);
    expect(templateVariableNames('{{contact.name}} {{contact.phone}} {{@root}} {{this}} {{10}} {{true}}')).toEqual([]);
  });

  it('reads a helper name in argument position as a variable, as Handlebars does', () => {
    // `{{formatDate now}}` looks up a variable "now" (and renders empty); the helper needs `(now)`.
    expect(templateVariableNames('{{formatDate now "dd/MM"}}')).toEqual(['now']);
    expect(templateVariableNames('{{formatDate (now) "dd/MM"}}')).toEqual([]);
  });

  it('reads block helper arguments, sub-expressions and hash values', () => {
    expect(templateVariableNames('{{#if (and (eq plano "pro") ativo)}}ok{{/if}}')).toEqual(['plano', 'ativo']);
    expect(templateVariableNames('{{join itens sep=separador}}')).toEqual(['itens', 'separador']);
    expect(templateVariableNames('{{~#unless pago~}} {{{valor}}} {{~/unless}}')).toEqual(['pago', 'valor']);
  });

  it('reads item properties inside each/with as the item, not as variables', () => {
    expect(templateVariableNames('{{#each itens}}{{nome}} {{this}} {{@index}} {{../total}}{{else}}{{vazio}}{{/each}}')).toEqual([
      'itens',
      'total',
      'vazio',
    ]);
    expect(templateVariableNames('{{#each lista as |item i|}}{{item.nome}}{{/each}}{{depois}}')).toEqual(['lista', 'depois']);
    expect(templateVariableNames('{{#with endereco}}{{rua}}{{/with}}{{cep}}')).toEqual(['endereco', 'cep']);
  });

  it('ignores comments and escaped mustaches', () => {
    expect(templateVariableNames('{{! {{nota}} }}{{!-- {{x}} --}}\\{{literal}} {{real}}')).toEqual(['real']);
  });
});

// --- whole flows ------------------------------------------------------------------------

describe('lintFlow', () => {
  it('lists errors before warnings and points each problem at its place in the document', () => {
    const doc = raw({
      groups: [
        { id: 'g', blocks: [text('t', 'Olá {{ninguem}}'), ask('a')] },
        { id: 'h', blocks: [] },
      ],
      edges: [{ id: 'bad', from: { blockId: 't' }, to: { groupId: 'gone' } }],
    });
    const ps = lintFlow(doc);
    expect(ps.map((p) => [p.severity, p.code])).toEqual([
      ['error', 'edge-target-missing'],
      ['error', 'dead-end-input'],
      ['warning', 'empty-group'],
      ['warning', 'undefined-variable'],
      ['warning', 'unreachable-group'],
    ]);
    expect(ps.map((p) => problemPath(doc, p))).toEqual(['edges[1]', 'groups[0].blocks[1]', 'groups[1]', 'groups[0].blocks[0]', 'groups[1]']);
    for (const p of ps) {
      expect(p.message.en.length).toBeGreaterThan(20);
      expect(p.message['pt-BR'].length).toBeGreaterThan(20);
      expect(p.message['pt-BR']).not.toBe(p.message.en);
    }
  });

  it('never throws on a half-drawn document', () => {
    const doc = raw({ groups: [{ id: 'g', blocks: [{ id: 'b', kind: 'input-buttons', options: { items: 'nope' } as never }] }] });
    (doc.groups[0].blocks[0] as { options: unknown }).options = null;
    expect(() => lintFlow(doc)).not.toThrow();
  });

  it('lints a 1,000-block flow and finds exactly its problems', () => {
    const groups: G[] = [];
    const edges: E[] = [];
    for (let g = 0; g < 100; g++) {
      const blocks: B[] = [];
      for (let b = 0; b < 10; b++) {
        const id = `g${g}b${b}`;
        if (b === 3) blocks.push(ask(id, 'v_resposta'));
        else if (b === 5) blocks.push(buttons(id, ['Sim', 'Não'], { variableId: 'v_resposta' }));
        else if (b === 7) blocks.push({ id, kind: 'set-variable', options: { variableId: 'v_total', operation: { kind: 'template', value: '{{resposta}}' } } });
        else blocks.push(text(id, g % 10 === 0 && b === 1 ? 'Olá {{sumiu}}' : `Passo ${b} do grupo ${g}: {{resposta}}`));
      }
      groups.push({ id: `g${g}`, blocks });
      if (g < 99) edges.push({ from: { blockId: `g${g}b9` }, to: { groupId: `g${g + 1}` } });
    }
    // The last group ends on a question with nowhere to go.
    groups[99].blocks[9] = ask('g99b9');
    groups.push({ id: 'orphan', blocks: [text('o', 'sozinho')] });
    const doc = valid({ variables: ['resposta', 'total'], groups, edges });
    expect(doc.groups.reduce((n, g) => n + g.blocks.length, 0)).toBe(1001);

    const ps = lintFlow(doc);
    expect(ps.filter((p) => p.severity === 'error').map((p) => [p.code, p.blockId])).toEqual([['dead-end-input', 'g99b9']]);
    expect(withCode(ps, 'undefined-variable')).toHaveLength(10);
    expect(withCode(ps, 'unreachable-group').map((p) => p.groupId)).toEqual(['orphan']);
    expect(ps).toHaveLength(12);
  });
});

describe('templates', () => {
  it.each(loadTemplates().map((t) => [t.key, t] as const))('%s lints without errors', (_key, template) => {
    const errors = lintFlow(template.document).filter((p) => p.severity === 'error');
    expect(errors.map((p) => `${p.code}: ${p.message.en}`)).toEqual([]);
  });
});
