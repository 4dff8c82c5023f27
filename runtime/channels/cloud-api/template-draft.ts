// A message template as a supervisor writes it in Settings → Modelos de mensagem, checked the way
// Meta reviews its format (names, lengths, variables numbered in order, an example for each), and
// turned into Meta's `POST /{waba-id}/message_templates` request; plus the reading of Meta's
// components back into variables and the text a contact reads once the values are in.
import { z } from 'zod';
import type { TemplateParam } from '../../../blocks/contract.js';
import { fillTemplateText, templateReading, templateVariableNames } from '../../../blocks/shared/template-text.js';

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** Meta's limits for template components (template creation guide). */
export const TEMPLATE_LIMITS = { name: 512, header: 60, body: 1024, footer: 60, buttons: 10, quickReply: 25, buttonText: 25, url: 2000, phone: 20 } as const;

/** A variable of a template: where it is, its name (`1` or `nome`) and the example Meta reviewed it with. */
export interface TemplateVariable {
  component: 'header' | 'body';
  name: string;
  example: string;
}

export type ParameterFormat = 'POSITIONAL' | 'NAMED';

const NAMED_VARIABLE = /^[a-z][a-z0-9_]*$/;
const variableNames = templateVariableNames;

const button = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('QUICK_REPLY'),
    text: z.string().trim().min(1, 'type the button text').max(TEMPLATE_LIMITS.quickReply, `at most ${TEMPLATE_LIMITS.quickReply} characters`),
  }),
  z.object({
    type: z.literal('URL'),
    text: z.string().trim().min(1, 'type the button text').max(TEMPLATE_LIMITS.buttonText, `at most ${TEMPLATE_LIMITS.buttonText} characters`),
    url: z.url({ protocol: /^https?$/, error: 'type an address starting with https://' }).max(TEMPLATE_LIMITS.url),
  }),
  z.object({
    type: z.literal('PHONE_NUMBER'),
    text: z.string().trim().min(1, 'type the button text').max(TEMPLATE_LIMITS.buttonText, `at most ${TEMPLATE_LIMITS.buttonText} characters`),
    phone: z
      .string()
      .transform((s) => s.replace(/[\s()+.-]/g, ''))
      .pipe(z.string().regex(/^[1-9]\d{7,14}$/, 'type the phone number with country and area code, digits only')),
  }),
]);
export type TemplateButton = z.output<typeof button>;

const examples = z.record(z.string(), z.string().trim().max(200, 'at most 200 characters')).default({});

export const templateDraft = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, 'type the template name')
      .max(TEMPLATE_LIMITS.name, `at most ${TEMPLATE_LIMITS.name} characters`)
      .regex(/^[a-z0-9_]+$/, 'use lowercase letters, digits and _ only (e.g. pedido_enviado)'),
    category: z.enum(TEMPLATE_CATEGORIES, { error: 'choose marketing, utility or authentication' }),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'choose a language (e.g. pt_BR)'),
    header: z.string().trim().max(TEMPLATE_LIMITS.header, `at most ${TEMPLATE_LIMITS.header} characters`).optional(),
    body: z.string().trim().min(1, 'type the message body').max(TEMPLATE_LIMITS.body, `at most ${TEMPLATE_LIMITS.body} characters`),
    footer: z.string().trim().max(TEMPLATE_LIMITS.footer, `at most ${TEMPLATE_LIMITS.footer} characters`).optional(),
    buttons: z.array(button).max(TEMPLATE_LIMITS.buttons, `at most ${TEMPLATE_LIMITS.buttons} buttons`).default([]),
    /** Example value per variable name, for the header and the body. */
    headerExamples: examples,
    bodyExamples: examples,
  })
  .superRefine((d, ctx) => {
    const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
    const header = variableNames(d.header ?? '');
    const body = variableNames(d.body);
    const all = [...header, ...body];
    const named = all.filter((n) => !/^\d+$/.test(n));
    const positional = all.filter((n) => /^\d+$/.test(n));
    if (named.length && positional.length) issue(['body'], 'use either numbers ({{1}}) or names ({{nome}}) for the variables, not both');
    for (const n of named) if (!NAMED_VARIABLE.test(n)) issue([header.includes(n) ? 'header' : 'body'], `{{${n}}}: a variable name has lowercase letters, digits and _ only`);
    if (header.length > 1) issue(['header'], 'the header takes at most one variable');
    for (const [field, names] of [['header', header], ['body', body]] as const) {
      if (!positional.length || named.length) continue;
      // Meta numbers each component's variables from 1, in the order they appear.
      if (names.some((n, i) => n !== String(i + 1))) issue([field], `number the variables in order: ${names.map((_, i) => `{{${i + 1}}}`).join(', ')}`);
    }
    const text = d.body.trim();
    if (/^{{[^}]*}}/.test(text) || /{{[^}]*}}$/.test(text)) issue(['body'], 'the body cannot start or end with a variable: add words around it');
    for (const [field, names, given] of [['headerExamples', header, d.headerExamples], ['bodyExamples', body, d.bodyExamples]] as const) {
      for (const n of names) if (!given[n]?.trim()) issue([field, n], `type an example value for {{${n}}}`);
    }
    if (d.category === 'AUTHENTICATION' && (d.header || d.footer)) issue(['category'], 'authentication templates have Meta\u2019s fixed text: leave the header and footer empty');
    if (d.buttons.filter((b) => b.type === 'URL').length > 2) issue(['buttons'], 'at most 2 link buttons');
    if (d.buttons.filter((b) => b.type === 'PHONE_NUMBER').length > 1) issue(['buttons'], 'at most 1 phone button');
  });
export type TemplateDraft = z.output<typeof templateDraft>;

export function parameterFormatOf(d: Pick<TemplateDraft, 'header' | 'body'>): ParameterFormat {
  const names = [...variableNames(d.header ?? ''), ...variableNames(d.body)];
  return names.length && names.every((n) => !/^\d+$/.test(n)) ? 'NAMED' : 'POSITIONAL';
}

/** Meta's create request for a checked draft. */
export function createRequest(d: TemplateDraft): Record<string, unknown> {
  const format = parameterFormatOf(d);
  const components: Record<string, unknown>[] = [];
  const example = (kind: 'header' | 'body', names: string[], given: Record<string, string>) => {
    if (!names.length) return {};
    if (format === 'NAMED') return { example: { [`${kind}_text_named_params`]: names.map((n) => ({ param_name: n, example: given[n] })) } };
    return { example: kind === 'header' ? { header_text: names.map((n) => given[n]) } : { body_text: [names.map((n) => given[n])] } };
  };
  if (d.header) components.push({ type: 'HEADER', format: 'TEXT', text: d.header, ...example('header', variableNames(d.header), d.headerExamples) });
  components.push({ type: 'BODY', text: d.body, ...example('body', variableNames(d.body), d.bodyExamples) });
  if (d.footer) components.push({ type: 'FOOTER', text: d.footer });
  if (d.buttons.length) {
    components.push({
      type: 'BUTTONS',
      buttons: d.buttons.map((b) =>
        b.type === 'QUICK_REPLY' ? { type: b.type, text: b.text } : b.type === 'URL' ? { type: b.type, text: b.text, url: b.url } : { type: b.type, text: b.text, phone_number: `+${b.phone}` },
      ),
    });
  }
  return { name: d.name, language: d.language, category: d.category, parameter_format: format, components };
}

/** Meta's components as it returns them; read loosely, stored as they are. */
export const metaComponent = z
  .object({
    type: z.string(),
    format: z.string().optional(),
    text: z.string().optional(),
    example: z
      .object({
        header_text: z.array(z.string()).optional(),
        body_text: z.array(z.array(z.string())).optional(),
        header_text_named_params: z.array(z.object({ param_name: z.string(), example: z.string() }).loose()).optional(),
        body_text_named_params: z.array(z.object({ param_name: z.string(), example: z.string() }).loose()).optional(),
      })
      .loose()
      .optional(),
    buttons: z.array(z.object({ type: z.string(), text: z.string().optional() }).loose()).optional(),
  })
  .loose();
export type MetaComponent = z.output<typeof metaComponent>;

function componentText(components: MetaComponent[], type: string): string | undefined {
  return components.find((c) => c.type.toUpperCase() === type)?.text;
}

/** The variables of Meta's components, with the examples it was reviewed with. */
export function variablesOf(components: MetaComponent[]): TemplateVariable[] {
  const out: TemplateVariable[] = [];
  for (const kind of ['header', 'body'] as const) {
    const c = components.find((x) => x.type.toUpperCase() === kind.toUpperCase());
    if (!c?.text || (kind === 'header' && c.format && c.format.toUpperCase() !== 'TEXT')) continue;
    const names = variableNames(c.text);
    const namedExamples = kind === 'header' ? c.example?.header_text_named_params : c.example?.body_text_named_params;
    const positional = kind === 'header' ? c.example?.header_text : c.example?.body_text?.[0];
    names.forEach((name, i) => {
      const example = namedExamples?.find((p) => p.param_name === name)?.example ?? positional?.[i] ?? '';
      out.push({ component: kind, name, example });
    });
  }
  return out;
}

/** The text a contact reads: header, body and footer with the values in (a missing value stays `{{n}}`). */
export function renderTemplate(components: MetaComponent[], params: Pick<TemplateParam, 'component' | 'name' | 'value'>[]): string {
  const fill = (kind: 'header' | 'body', text: string | undefined) => {
    if (!text) return '';
    const names = variableNames(text);
    const values = params.filter((p) => p.component === kind);
    return fillTemplateText(text, (name) => (values.find((p) => p.name === name) ?? (/^\d+$/.test(name) ? values[names.indexOf(name)] : undefined))?.value);
  };
  return templateReading({ header: fill('header', componentText(components, 'HEADER')), body: fill('body', componentText(components, 'BODY')), footer: componentText(components, 'FOOTER') });
}

/**
 * The parameters a send carries for `values` (variable name → value), or the names without a
 * value. Named templates carry `parameter_name`; positional ones go in order.
 */
export function paramsFor(variables: TemplateVariable[], format: ParameterFormat, values: Record<string, string>): { params: TemplateParam[]; missing: TemplateVariable[] } {
  const missing = variables.filter((v) => !values[`${v.component}.${v.name}`]?.trim());
  const params = variables.map((v) => ({ component: v.component, ...(format === 'NAMED' ? { name: v.name } : {}), value: (values[`${v.component}.${v.name}`] ?? '').trim() }));
  return { params, missing };
}
