import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { choiceItemShape, choiceOptionsShape, refineUniqueIds } from '../shared/choice.js';
import { inputBaseShape } from '../shared/input.js';

const buttonItemSchema = z.object({
  label: z
    .string()
    .trim()
    .min(1, 'type the option text')
    .max(200, 'the option text holds at most 200 characters')
    .meta({
      label: { en: 'Option', 'pt-BR': 'Opção' },
      input: 'template',
      placeholder: { en: 'Option text', 'pt-BR': 'Texto da opção' },
      help: {
        en: 'WhatsApp reply buttons hold up to 20 characters (and up to 3 buttons); longer options are sent as a numbered list.',
        'pt-BR': 'Botões de resposta do WhatsApp aceitam até 20 caracteres (e até 3 botões); opções maiores vão como lista numerada.',
      },
    }),
  ...choiceItemShape({ en: 'option', 'pt-BR': 'da opção' }),
});

export const schema = defineBlock({
  kind: 'input-buttons',
  category: 'inputs',
  label: { en: 'Buttons', 'pt-BR': 'Botões' },
  icon: '🔘',
  isInput: true,
  options: z
    .object({
      ...inputBaseShape,
      source: z
        .enum(['static', 'variable'])
        .default('static')
        .meta({
          label: { en: 'Options from', 'pt-BR': 'Opções de' },
          input: 'select',
          options: {
            static: { en: 'Options typed here', 'pt-BR': 'Opções digitadas aqui' },
            variable: { en: 'A list variable', 'pt-BR': 'Uma variável de lista' },
          },
        }),
      items: z
        .array(buttonItemSchema)
        .max(100, 'use at most 100 options')
        .default([])
        .meta({ label: { en: 'Options', 'pt-BR': 'Opções' }, input: 'items' }),
      listVariableId: z
        .string()
        .optional()
        .meta({
          label: { en: 'List variable', 'pt-BR': 'Variável de lista' },
          input: 'variable',
          help: {
            en: 'Each element of the list becomes an option; all of them continue on the default path.',
            'pt-BR': 'Cada elemento da lista vira uma opção; todas seguem pelo caminho padrão.',
          },
        }),
      ...choiceOptionsShape,
    })
    .superRefine((o, ctx) => {
      if (o.source === 'static') {
        if (o.items.length === 0) ctx.addIssue({ code: 'custom', path: ['items'], message: 'add at least one option' });
        refineUniqueIds(o.items, ctx);
      } else if (!o.listVariableId) {
        ctx.addIssue({ code: 'custom', path: ['listVariableId'], message: 'choose the list variable' });
      }
    }),
  defaults: (newId) => ({
    source: 'static' as const,
    items: [
      { id: newId(), label: 'Opção 1' },
      { id: newId(), label: 'Opção 2' },
    ],
    multiple: false,
    retryMessage: '',
  }),
  // Only a single choice among typed options branches; list options and multiple choices
  // continue on the default path, so they own no edge.
  items: (o) => (o.source === 'static' && !o.multiple ? o.items.map(({ id, label }) => ({ id, label })) : []),
});
