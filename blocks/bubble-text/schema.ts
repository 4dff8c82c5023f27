import { z } from 'zod';
import { defineBlock } from '../contract.js';

/**
 * What goes instead of the text where free text cannot (WhatsApp's official API more than 24
 * hours after the contact last wrote): an approved template by name and language, and a value per
 * variable. Without it such a message fails on the transcript with the reason.
 */
export const outsideWindowSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .meta({ label: { en: "Outside WhatsApp's 24-hour window (official API), send a template", 'pt-BR': 'Fora da janela de 24 horas do WhatsApp (API Oficial), enviar um modelo' }, input: 'switch' }),
    name: z
      .string()
      .trim()
      .max(512, 'at most 512 characters')
      .regex(/^[a-z0-9_]*$/, 'the template name has lowercase letters, digits and _ only')
      .default('')
      .meta({
        label: { en: 'Approved template name', 'pt-BR': 'Nome do modelo aprovado' },
        input: 'text',
        placeholder: { en: 'order_update', 'pt-BR': 'pedido_atualizado' },
        help: { en: 'As in Settings → Message templates.', 'pt-BR': 'Como aparece em Configurações → Modelos de mensagem.' },
      }),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'type the language code (e.g. pt_BR)')
      .default('pt_BR')
      .meta({ label: { en: 'Template language', 'pt-BR': 'Idioma do modelo' }, input: 'text', placeholder: { en: 'pt_BR', 'pt-BR': 'pt_BR' } }),
    values: z
      .array(
        z.object({
          id: z.string().min(1).meta({ label: { en: 'Id', 'pt-BR': 'Id' }, input: 'hidden' }),
          name: z
            .string()
            .trim()
            .max(60)
            .regex(/^[a-z0-9_]*$/, 'a variable name has lowercase letters, digits and _ only')
            .default('')
            .meta({
              label: { en: 'Variable name (named templates only)', 'pt-BR': 'Nome da variável (só modelos com nomes)' },
              input: 'text',
              placeholder: { en: 'empty for {{1}}, {{2}}…', 'pt-BR': 'vazio para {{1}}, {{2}}…' },
            }),
          value: z
            .string()
            .trim()
            .min(1, 'type the value (variables like {{name}} work)')
            .max(1024, 'at most 1024 characters')
            .meta({ label: { en: 'Value', 'pt-BR': 'Valor' }, input: 'template', placeholder: { en: '{{name}}', 'pt-BR': '{{nome}}' } }),
        }),
      )
      .max(10, 'at most 10 variables')
      .default([])
      .meta({ label: { en: "The template body's variables, in order", 'pt-BR': 'As variáveis do corpo do modelo, em ordem' }, input: 'items' }),
  })
  .superRefine((o, ctx) => {
    if (o.enabled && !o.name) ctx.addIssue({ code: 'custom', path: ['name'], message: "type the approved template's name" });
  })
  .optional()
  .meta({ label: { en: 'Outside the 24-hour window', 'pt-BR': 'Fora da janela de 24 horas' } });

export const schema = defineBlock({
  kind: 'bubble-text',
  category: 'bubbles',
  label: { en: 'Text message', 'pt-BR': 'Mensagem de texto' },
  icon: '💬',
  options: z.object({
    text: z
      .string()
      .trim()
      .min(1, 'type the message text')
      .max(4096, 'WhatsApp messages hold at most 4096 characters')
      .meta({
        label: { en: 'Message', 'pt-BR': 'Mensagem' },
        input: 'template',
        placeholder: { en: 'Hi {{name}}! *Bold* and _italic_ work too.', 'pt-BR': 'Olá {{name}}! *Negrito* e _itálico_ também.' },
      }),
    outsideWindow: outsideWindowSchema,
  }),
  defaults: () => ({ text: 'Olá!' }),
});
