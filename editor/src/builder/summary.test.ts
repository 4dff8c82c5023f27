// The Contato card on the canvas names custom fields by their label, as Settings shows them,
// and still names a field by its key while the labels load or once the field is deleted.
import { describe, expect, it } from 'vitest';
import type { Block } from '../../../blocks/flow.js';
import { summarize, type SummaryContext } from './summary.js';
import { builderTexts } from './texts.js';

const block = (options: Record<string, unknown>): Block => ({ id: 'b1', kind: 'contact', options }) as Block;
const ctx = (fieldLabel?: (key: string) => string | null): SummaryContext => ({
  locale: 'pt-BR',
  t: builderTexts['pt-BR'],
  variableName: (id) => (id ? ({ v1: 'nascimento', v2: 'nome' } as Record<string, string>)[id] ?? id : null),
  groupTitle: () => null,
  fieldLabel,
});

describe('the Contato card summary', () => {
  const load = block({ mode: 'load', mappings: [{ id: 'm1', field: 'data_nascimento', variableId: 'v1' }, { id: 'm2', field: 'name', variableId: 'v2' }] });

  it('shows a custom field by its label', () => {
    expect(summarize(load, ctx((k) => (k === 'data_nascimento' ? 'Data de nascimento' : null)))).toBe('Carregar: Data de nascimento → nascimento, nome → nome');
    const save = block({ mode: 'save', mappings: [{ id: 'm1', field: 'data_nascimento', variableId: 'v1' }], addTags: '' });
    expect(summarize(save, ctx((k) => (k === 'data_nascimento' ? 'Data de nascimento' : null)))).toBe('Salvar: nascimento → Data de nascimento');
  });

  it('falls back to the key while labels load or for a deleted field', () => {
    expect(summarize(load, ctx())).toBe('Carregar: data_nascimento → nascimento, nome → nome');
    expect(summarize(load, ctx(() => null))).toBe('Carregar: data_nascimento → nascimento, nome → nome');
  });
});
