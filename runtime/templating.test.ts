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

describe('values in the flow language', () => {
  it('shows decimal numbers with the language decimal mark, never grouping digits', () => {
    expect(renderTemplate('R$ {{price}}', scope({ price: 10.5 }))).toBe('R$ 10,5');
    expect(renderTemplate('$ {{price}}', scope({ price: 10.5 }, 'en'))).toBe('$ 10.5');
    expect(renderTemplate('{{n}} {{neg}} {{big}}', scope({ n: 123456, neg: -0.25, big: 1234567.89 }))).toBe('123456 -0,25 1234567,89');
  });

  it('shows the dates Ozia stores in the language order', () => {
    expect(renderTemplate('{{date}}', scope({ date: '2026-12-25' }))).toBe('25/12/2026');
    expect(renderTemplate('{{date}}', scope({ date: '2026-12-25' }, 'en'))).toBe('12/25/2026');
    expect(renderTemplate('{{when}}', scope({ when: '2026-12-25T14:30' }))).toBe('25/12/2026 14:30');
    expect(renderTemplate('{{when}}', scope({ when: '2026-12-25T14:30' }, 'en'))).toBe('12/25/2026 2:30 PM');
  });

  it('leaves text alone, whatever digits it holds: CPF, phone, order ids, typed decimals', () => {
    const vars = { cpf: '123.456.789-09', phone: '+5511987654321', order: '000123', typed: '10.5', notDate: '2026-13-45', stamp: '2026-12-25T14:30:00Z' };
    expect(renderTemplate('{{cpf}} {{phone}} {{order}} {{typed}} {{notDate}} {{stamp}}', scope(vars))).toBe(
      '123.456.789-09 +5511987654321 000123 10.5 2026-13-45 2026-12-25T14:30:00Z',
    );
    expect(renderTemplate('{{contact.phone}}', scope({}))).toBe('+5511987654321');
  });

  it('formats what default hands through and each item, but gives helpers the stored value', () => {
    expect(renderTemplate('{{default price "—"}} {{default none "—"}}', scope({ price: 2.5, none: '' }))).toBe('2,5 —');
    expect(renderTemplate('{{#each list}}[{{this}}]{{/each}}', scope({ list: [1.5, '2.5'] }))).toBe('[1,5][2.5]');
    expect(renderTemplate('{{#if (gt price 10.25)}}caro{{/if}} {{formatDate date "yyyy"}}', scope({ price: 10.5, date: '2026-12-25' }))).toBe('caro 2026');
    expect(renderTemplate('{{#each list}}{{@index}}{{/each}}', scope({ list: ['a', 'b'] }))).toBe('01');
  });

  it('keeps the stored value with raw', () => {
    expect(renderTemplate('{{raw price}} {{raw date}} {{raw missing}}', scope({ price: 10.5, date: '2026-12-25', missing: null }))).toBe('10.5 2026-12-25 ');
  });
});

describe('variables named like object members', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'])('{{%s}} renders its value', (name) => {
    const s = templateScope({ v1: 'Ana' }, [{ id: 'v1', name }], { id: 'c' }, new Date('2026-03-20T15:04:00Z'), 'UTC');
    expect(renderTemplate(`[{{${name}}}] [{{default ${name} "—"}}] [{{#if ${name}}}sim{{/if}}]`, s)).toBe('[Ana] [Ana] [sim]');
    const unset = templateScope({}, [{ id: name, name }], { id: 'c' }, new Date('2026-03-20T15:04:00Z'), 'UTC');
    expect(renderTemplate(`[{{${name}}}] [{{default ${name} "—"}}]`, unset)).toBe('[] [—]');
  });
});
