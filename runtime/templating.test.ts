import { describe, expect, it } from 'vitest';
import { HANDLEBARS_BUILT_IN_HELPERS, TEMPLATE_HELPERS } from '../blocks/shared/template-names.js';
import { compileTemplate, registeredHelperNames, renderTemplate, templateCacheSize, templateScope } from './templating.js';

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

  it('registers exactly the helpers the editor and the linter know as helpers', () => {
    expect(new Set(registeredHelperNames())).toEqual(new Set([...TEMPLATE_HELPERS, ...HANDLEBARS_BUILT_IN_HELPERS]));
    // Each one is really callable: none renders the raw text or throws.
    expect(renderTemplate('{{default nome "—"}} {{upper "a"}} {{#if (and (eq 1 1) (ne 1 2) (gt 2 1) (gte 2 2) (lt 1 2) (lte 2 2) (or 0 1) (not 0))}}ok{{/if}} {{join lista "-"}} {{length lista}}', scope({}))).toBe(
      '— A ok  0',
    );
  });
});
