import { describe, expect, it } from 'vitest';
import { documentKey, documentKind, formatDocument } from './documents.js';

describe('CPF and CNPJ', () => {
  it('accepts numbers whose check digits are right, with or without punctuation', () => {
    expect(documentKind('529.982.247-25')).toBe('cpf');
    expect(documentKind('52998224725')).toBe('cpf');
    expect(documentKind('11.222.333/0001-81')).toBe('cnpj');
    expect(documentKind('11222333000181')).toBe('cnpj');
    // The alphanumeric CNPJ (from July 2026), Receita Federal's own example.
    expect(documentKind('12.ABC.345/01DE-35')).toBe('cnpj');
  });

  it('refuses a wrong check digit, repeated digits and other lengths', () => {
    expect(documentKind('529.982.247-24')).toBeNull();
    expect(documentKind('11.222.333/0001-80')).toBeNull();
    expect(documentKind('111.111.111-11')).toBeNull();
    expect(documentKind('00000000000000')).toBeNull();
    expect(documentKind('5299822472')).toBeNull();
    expect(documentKind('')).toBeNull();
  });

  it('stores without punctuation and shows punctuated', () => {
    expect(documentKey(' 529.982.247-25 ')).toBe('52998224725');
    expect(documentKey('12.abc.345/01de-35')).toBe('12ABC34501DE35');
    expect(formatDocument('52998224725')).toBe('529.982.247-25');
    expect(formatDocument('11222333000181')).toBe('11.222.333/0001-81');
  });
});
