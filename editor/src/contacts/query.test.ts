import { describe, expect, it } from 'vitest';
import { localizeServerMessage } from '../server-errors.js';
import { maskDocument } from './format.js';
import { EMPTY, isFiltered, stateFromSearch, stateToSearch, toQuery } from './query.js';

describe('the contacts list in the address', () => {
  it('keeps every filter, the sort and the page across a reload', () => {
    const s = { ...EMPTY, q: '11 99999-0000', tag: 't1', fieldKey: 'plano', fieldValue: 'Pro', kind: 'whatsapp', createdFrom: '2026-01-01', lastTo: '2026-12-31', sort: 'name' as const, dir: 'desc' as const, page: 3 };
    const search = stateToSearch(s);
    expect(search).toContain('field=plano');
    expect(stateFromSearch(search)).toEqual(s);
    expect(stateToSearch(EMPTY)).toBe('');
    // Junk in the address falls back to the defaults.
    expect(stateFromSearch('?sort=idade&dir=up&page=-2&op=like')).toMatchObject({ sort: 'created', dir: '', page: 1, fieldOp: 'equals' });
  });

  it('asks the server only for filters that hold a value', () => {
    expect(toQuery({ ...EMPTY, fieldKey: 'plano' }, 'list', 25)).toEqual({ sort: 'created', page: 1, pageSize: 25 });
    expect(toQuery({ ...EMPTY, fieldKey: 'vip', fieldValue: 'false' }, 'yes_no', 25).field).toEqual({ key: 'vip', op: 'equals', value: false });
    expect(toQuery({ ...EMPTY, fieldKey: 'pontos', fieldOp: 'between', fieldFrom: '10' }, 'number', 25).field).toEqual({ key: 'pontos', op: 'between', from: '10' });
    expect(isFiltered({ ...EMPTY, fieldKey: 'plano' })).toBe(false);
    expect(isFiltered({ ...EMPTY, q: ' ana ' })).toBe(true);
  });
});

describe('CPF/CNPJ as typed', () => {
  it('is punctuated while the digits come', () => {
    expect(maskDocument('529')).toBe('529');
    expect(maskDocument('5299822')).toBe('529.982.2');
    expect(maskDocument('52998224725')).toBe('529.982.247-25');
    expect(maskDocument('11222333000181')).toBe('11.222.333/0001-81');
  });

  it("reads the server's refusals in Portuguese", () => {
    expect(localizeServerMessage('"CPF" is not a valid CPF or CNPJ', 'pt-BR')).toBe('“CPF” não é um CPF ou CNPJ válido (confira os dígitos)');
    expect(localizeServerMessage('contact "abc" already has this phone', 'pt-BR')).toBe('outro contato já tem este telefone');
    expect(localizeServerMessage('"Plano" must be one of: Básico, Pro', 'pt-BR')).toBe('“Plano” deve ser uma destas opções: Básico, Pro');
  });
});
