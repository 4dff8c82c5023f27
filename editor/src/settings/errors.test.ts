import { describe, expect, it } from 'vitest';
import { splitServerError } from './errors.js';

describe('splitServerError', () => {
  it('puts a message on the field its prefix names', () => {
    expect(splitServerError('email: a user with ana@x.com already exists', ['name', 'email'], 'en')).toEqual({
      fields: { email: 'a user with ana@x.com already exists' },
      other: [],
    });
  });

  it('splits schema errors, one per line, keeping the first per field and paths under a field', () => {
    const msg = 'name: type the name\nname: at most 80 characters\nhours.weekly[2].to: must be after the start\ndepartmentIds[0]: no department "x"';
    expect(splitServerError(msg, ['name', 'hours'], 'en')).toEqual({
      fields: { name: 'type the name', hours: 'weekly[2].to: must be after the start' },
      other: ['departmentIds[0]: no department "x"'],
    });
  });

  it('does not mistake a field that only shares a prefix', () => {
    expect(splitServerError('codeName: bad', ['code'], 'en')).toEqual({ fields: {}, other: ['codeName: bad'] });
  });

  it('leaves messages without a field for a toast, in Portuguese when it knows them', () => {
    const msg = '"Vendas" still has 2 open conversation(s): transfer or finish them before deleting it';
    expect(splitServerError(msg, ['name'], 'pt-BR')).toEqual({
      fields: {},
      other: ['“Vendas” ainda tem 2 atendimento(s) em aberto: transfira ou finalize antes de excluir'],
    });
  });
});
