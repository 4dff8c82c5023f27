// Templates as written and as sent: Meta's create request for named variables, the text a contact
// reads, and a send's parameters (named ones carry `parameter_name`).
import { describe, expect, it } from 'vitest';
import { templateBody } from './outbound.js';
import { createRequest, paramsFor, renderTemplate, templateDraft, variablesOf } from './template-draft.js';

describe('message template drafts', () => {
  it('named variables go to Meta as NAMED with their examples by name; read back as variables', () => {
    const draft = templateDraft.parse({
      name: 'boas_vindas',
      category: 'MARKETING',
      language: 'pt_BR',
      header: 'Oi {{nome}}',
      body: 'Olá {{nome}}, seu cupom {{cupom}} vale hoje.',
      headerExamples: { nome: 'Ana' },
      bodyExamples: { nome: 'Ana', cupom: 'OZIA10' },
      buttons: [{ type: 'URL', text: 'Ver loja', url: 'https://loja.example/ofertas' }, { type: 'PHONE_NUMBER', text: 'Ligar', phone: '+55 (11) 3000-0000' }],
    });
    const req = createRequest(draft);
    expect(req).toEqual({
      name: 'boas_vindas',
      language: 'pt_BR',
      category: 'MARKETING',
      parameter_format: 'NAMED',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Oi {{nome}}', example: { header_text_named_params: [{ param_name: 'nome', example: 'Ana' }] } },
        {
          type: 'BODY',
          text: 'Olá {{nome}}, seu cupom {{cupom}} vale hoje.',
          example: { body_text_named_params: [{ param_name: 'nome', example: 'Ana' }, { param_name: 'cupom', example: 'OZIA10' }] },
        },
        {
          type: 'BUTTONS',
          buttons: [
            { type: 'URL', text: 'Ver loja', url: 'https://loja.example/ofertas' },
            { type: 'PHONE_NUMBER', text: 'Ligar', phone_number: '+551130000000' },
          ],
        },
      ],
    });
    const variables = variablesOf(req.components as never);
    expect(variables).toEqual([
      { component: 'header', name: 'nome', example: 'Ana' },
      { component: 'body', name: 'nome', example: 'Ana' },
      { component: 'body', name: 'cupom', example: 'OZIA10' },
    ]);
    const { params, missing } = paramsFor(variables, 'NAMED', { 'header.nome': 'Bia', 'body.nome': 'Bia', 'body.cupom': ' ' });
    expect(missing.map((v) => `${v.component}.${v.name}`)).toEqual(['body.cupom']);
    const full = paramsFor(variables, 'NAMED', { 'header.nome': 'Bia', 'body.nome': 'Bia', 'body.cupom': 'BIA5' }).params;
    expect(renderTemplate(req.components as never, full)).toBe('*Oi Bia*\n\nOlá Bia, seu cupom BIA5 vale hoje.');
    expect(templateBody({ name: 'boas_vindas', language: 'pt_BR', params: full })).toEqual({
      type: 'template',
      template: {
        name: 'boas_vindas',
        language: { code: 'pt_BR' },
        components: [
          { type: 'header', parameters: [{ type: 'text', parameter_name: 'nome', text: 'Bia' }] },
          { type: 'body', parameters: [{ type: 'text', parameter_name: 'nome', text: 'Bia' }, { type: 'text', parameter_name: 'cupom', text: 'BIA5' }] },
        ],
      },
    });
    expect(params).toHaveLength(3);
  });

  it('a template without variables is sent without components; mixed or misnamed variables are refused', () => {
    expect(templateBody({ name: 'ola', language: 'en_US', params: [] })).toEqual({ type: 'template', template: { name: 'ola', language: { code: 'en_US' } } });
    const issues = (body: string, extra: object = {}) => {
      const r = templateDraft.safeParse({ name: 'x', category: 'UTILITY', language: 'pt_BR', body, ...extra });
      return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    };
    expect(issues('Oi {{1}} e {{nome}} ok', { bodyExamples: { '1': 'a', nome: 'b' } })).toContain('body: use either numbers ({{1}}) or names ({{nome}}) for the variables, not both');
    expect(issues('Oi {{Nome}} ok', { bodyExamples: { Nome: 'a' } })).toContain('body: {{Nome}}: a variable name has lowercase letters, digits and _ only');
    expect(issues('Oi ok', { header: '{{1}} e {{2}}', headerExamples: { '1': 'a', '2': 'b' } })).toContain('header: the header takes at most one variable');
    expect(issues('Oi ok', { language: 'portugues' })).toContain('language: choose a language (e.g. pt_BR)');
  });
});
