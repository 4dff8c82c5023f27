import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import type { LogEntry } from '../../runtime/context.js';
import { buildFlow } from '../../runtime/testing/flow-builder.js';
import { lintFlow } from '../lint/index.js';
import { executor } from './run.js';
import { KNOWN_ITEM, schema, tagNames } from './schema.js';

const load = schema.options.parse({
  mode: 'load',
  mappings: [
    { id: 'm1', field: 'name', variableId: 'nome' },
    { id: 'm2', field: 'email', variableId: 'email' },
    { id: 'm3', field: 'cpf', variableId: 'doc' },
  ],
});

const save = schema.options.parse({
  mode: 'save',
  mappings: [
    { id: 'm1', field: 'name', variableId: 'nome' },
    { id: 'm2', field: 'email', variableId: 'email' },
    { id: 'm3', field: 'phone', variableId: 'tel' },
    { id: 'm4', field: 'cpf', variableId: 'doc' },
    { id: 'm5', field: 'idade', variableId: 'idade' },
  ],
  addTags: ' cliente, VIP ,vip,, ',
});

describe('Contact block: load', () => {
  it('takes the "known" path and fills the variables when the contact has every chosen value', async () => {
    const ctx = testContext({ contact: { id: 'c', name: 'Ana', email: 'ana@example.com', fields: { cpf: '52998224725' } } });
    expect(await executor.run(load, ctx)).toEqual({
      set: { nome: 'Ana', email: 'ana@example.com', doc: '52998224725' },
      next: { path: 'item', itemId: KNOWN_ITEM },
    });
  });

  it('takes the "unknown" (default) path when one value is missing, still setting the ones it has', async () => {
    const ctx = testContext({ contact: { id: 'c', name: 'Ana', email: null, fields: { cpf: '  ' } } });
    expect(await executor.run(load, ctx)).toEqual({ set: { nome: 'Ana' } });
  });

  it('knows nothing with no mapping chosen, so the questions are asked', async () => {
    const fresh = schema.options.parse({ mode: 'load', mappings: [{ id: 'm', field: 'name' }] });
    expect(await executor.run(fresh, testContext())).toEqual({ set: {} });
  });

  it('owns a "known" edge only in load mode', () => {
    expect(schema.items!(load)).toEqual([{ id: KNOWN_ITEM, label: 'Known / Conhecido' }]);
    expect(schema.items!(save)).toEqual([]);
  });

  it('a freshly dropped block parses', () => {
    expect(schema.options.safeParse(schema.defaults(() => 'x')).success).toBe(true);
  });
});

describe('Contact block: save', () => {
  it('declares the write (trimmed values, tags once) instead of doing it', async () => {
    const ctx = testContext({ variables: { nome: ' Bia ', email: 'bia@example.com', tel: '11 98765-4321', doc: '529.982.247-25', idade: 31 } });
    expect(await executor.run(save, ctx)).toEqual({
      contact: {
        name: 'Bia',
        email: 'bia@example.com',
        phone: '11 98765-4321',
        fields: { cpf: '529.982.247-25', idade: 31 },
        addTags: ['cliente', 'VIP'],
      },
    });
  });

  it('never erases what the contact holds with an unanswered variable', async () => {
    const bare = schema.options.parse({ mode: 'save', mappings: [{ id: 'm1', field: 'name', variableId: 'nome' }, { id: 'm2', field: 'cpf', variableId: 'doc' }] });
    const logs: LogEntry[] = [];
    expect(await executor.run(bare, testContext({ variables: { nome: '', doc: null }, logs }))).toEqual({});
    expect(logs.map((l) => l.message)).toEqual(['nada a salvar: as variáveis escolhidas estão vazias']);
    expect(await executor.run(bare, testContext({ variables: { nome: 'Caio', doc: null } }))).toEqual({ contact: { name: 'Caio' } });
  });

  it('reads tag names once each', () => {
    expect(tagNames('a, b ,A,,')).toEqual(['a', 'b']);
  });
});

describe('Contact block: lint', () => {
  const flow = (options: Record<string, unknown>, knownEdge: boolean) =>
    buildFlow({
      variables: ['nome'],
      groups: [
        { id: 'g', blocks: [{ id: 'c', kind: 'contact', options }, { id: 't', kind: 'bubble-text', options: { text: 'Qual é o seu nome?' } }] },
        { id: 'k', blocks: [{ id: 'hi', kind: 'bubble-text', options: { text: 'Oi, {{nome}}' } }] },
      ],
      edges: knownEdge ? [{ from: { blockId: 'c', itemId: KNOWN_ITEM }, to: { groupId: 'k' } }] : [],
    });
  const codes = (doc: ReturnType<typeof flow>) => lintFlow(doc).filter((p) => p.blockId === 'c').map((p) => p.code);

  it('is quiet for a load with its fields and both paths', () => {
    expect(codes(flow({ mode: 'load', mappings: [{ id: 'm', field: 'name', variableId: 'nome' }] }, true))).toEqual([]);
  });

  it('warns when a load has no "known" path, and asks for the half of a row that is missing', () => {
    expect(codes(flow({ mode: 'load', mappings: [{ id: 'm', field: 'name', variableId: 'nome' }] }, false))).toEqual(['contact-known-unconnected']);
    expect(codes(flow({ mode: 'save', mappings: [{ id: 'm', field: 'name' }, { id: 'n', field: '', variableId: 'nome' }] }, false))).toEqual([
      'contact-mapping-incomplete',
      'contact-mapping-incomplete',
    ]);
    expect(codes(flow({ mode: 'save', mappings: [] }, false))).toEqual(['contact-nothing']);
    expect(codes(flow({ mode: 'save', mappings: [], addTags: 'vip' }, false))).toEqual([]);
  });
});
