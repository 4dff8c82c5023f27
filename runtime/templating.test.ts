import { describe, expect, it } from 'vitest';
import { compileTemplate, referencedNames, renderTemplate, templateCacheSize, templateScope } from './templating.js';

const scope = (vars: Record<string, unknown>, locale = 'pt-BR') =>
  templateScope(
    vars as never,
    Object.keys(vars).map((k) => ({ id: k, name: k })),
    { id: 'c', name: 'Ana', phone: '+5511987654321' },
    new Date('2026-03-20T15:04:00Z'),
    'America/Sao_Paulo',
    locale,
  );

describe('templating', () => {
  it('renders variables, contact fields and helpers without HTML escaping', () => {
    expect(renderTemplate('Oi {{nome}} & {{contact.name}} <3', scope({ nome: 'Zé' }))).toBe('Oi Zé & Ana <3');
    expect(renderTemplate('{{default cidade "sua cidade"}}', scope({ cidade: '' }))).toBe('sua cidade');
    expect(renderTemplate('{{#if (gt idade 17)}}adulto{{else}}menor{{/if}}', scope({ idade: 18 }))).toBe('adulto');
    expect(renderTemplate('{{join itens " e "}}', scope({ itens: ['a', 'b'] }))).toBe('a e b');
  });

  it('formats dates in the flow time zone and language', () => {
    expect(renderTemplate("{{formatDate d \"cccc, d 'de' MMMM\"}}", scope({ d: '2026-03-20' }))).toBe('sexta-feira, 20 de março');
    expect(renderTemplate('{{formatDate d "cccc"}}', scope({ d: '2026-03-20' }, 'en'))).toBe('Friday');
    expect(renderTemplate('{{now "dd/MM/yyyy HH:mm"}}', scope({}))).toBe('20/03/2026 12:04');
  });

  it('compiles each text once', () => {
    const before = templateCacheSize();
    const a = compileTemplate('cache {{x}} test');
    expect(compileTemplate('cache {{x}} test')).toBe(a);
    expect(templateCacheSize()).toBe(before + 1);
  });

  it('keeps a template with a syntax error as plain text instead of failing the turn', () => {
    expect(renderTemplate('Oi {{#if}}', scope({}))).toBe('Oi {{#if}}');
  });

  it('lists referenced variable names, not helpers or quoted literals', () => {
    expect(referencedNames('{{default nome "não foi informado"}} {{#if vip}}{{contact.name}}{{/if}} {{formatDate data "dd/MM"}}').sort()).toEqual(
      ['contact', 'data', 'nome', 'vip'],
    );
  });
});
