import { describe, expect, it } from 'vitest';
import { collectedContactName, contactNameFrom, isContactNameVariable } from './contact-name.js';

describe('the contact-name variable', () => {
  it('is nome/name and their spellings, whatever the case and accents', () => {
    for (const n of ['nome', 'Nome', 'NAME', 'nome_do_cliente', 'contact_name', 'Nome_Completo']) expect(isContactNameVariable(n)).toBe(true);
    for (const n of ['empresa', 'nome_empresa', 'username', 'company', 'nomes']) expect(isContactNameVariable(n)).toBe(false);
  });

  it('takes a tidy text, not numbers, lists, blanks or essays', () => {
    expect(contactNameFrom('  Maria   Souza \n')).toBe('Maria Souza');
    expect(contactNameFrom(42)).toBeNull();
    expect(contactNameFrom(['Maria'])).toBeNull();
    expect(contactNameFrom('   ')).toBeNull();
    expect(contactNameFrom('a'.repeat(101))).toBeNull();
    expect(contactNameFrom('👍🏽'.repeat(100))).toBe('👍🏽'.repeat(100)); // 100 characters, 400 units
  });

  it('is what a turn changed in such a variable', () => {
    const vars = [
      { id: 'v1', name: 'empresa' },
      { id: 'v2', name: 'nome' },
    ];
    expect(collectedContactName(vars, {}, { v1: 'Ozia', v2: 'Ana' })).toBe('Ana');
    expect(collectedContactName(vars, { v2: 'Ana' }, { v2: 'Ana', v1: 'x' })).toBeNull();
    expect(collectedContactName(vars, {}, { v1: 'Ozia' })).toBeNull();
  });
});
