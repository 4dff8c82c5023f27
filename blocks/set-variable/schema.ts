import { z } from 'zod';
import { defineBlock } from '../contract.js';

const kindMeta = { label: { en: 'Operation', 'pt-BR': 'Operação' }, input: 'hidden' } as const;

const operationSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('template').meta(kindMeta),
      value: z
        .string()
        .max(4096, 'the value holds at most 4096 characters')
        .default('')
        .meta({
          label: { en: 'Value', 'pt-BR': 'Valor' },
          input: 'template',
          placeholder: { en: '{{first_name}} {{last_name}}', 'pt-BR': '{{nome}} {{sobrenome}}' },
        }),
    }),
    z.object({ kind: z.literal('now').meta(kindMeta) }),
    z.object({ kind: z.literal('today').meta(kindMeta) }),
    z.object({ kind: z.literal('contact_name').meta(kindMeta) }),
    z.object({ kind: z.literal('contact_phone').meta(kindMeta) }),
    z.object({ kind: z.literal('random_id').meta(kindMeta) }),
    z.object({
      kind: z.literal('expression').meta(kindMeta),
      expression: z
        .string()
        .trim()
        .min(1, 'type the expression')
        .max(1000, 'the expression holds at most 1000 characters')
        .meta({
          label: { en: 'Expression', 'pt-BR': 'Expressão' },
          input: 'textarea',
          placeholder: { en: 'price * quantity * 1.1', 'pt-BR': 'preco * quantidade * 1.1' },
          help: {
            en: 'Math on variables by name: round(total * 0.9, 2), concat(first_name, " ", last_name), randomInt(1, 7). Numbers typed as 1.234,56 work.',
            'pt-BR': 'Contas com variáveis pelo nome: round(total * 0.9, 2), concat(nome, " ", sobrenome), randomInt(1, 7). Números como 1.234,56 funcionam.',
          },
        }),
    }),
    z.object({
      kind: z.literal('append').meta(kindMeta),
      value: z
        .string()
        .max(4096, 'the value holds at most 4096 characters')
        .default('')
        .meta({
          label: { en: 'Value to add to the list', 'pt-BR': 'Valor a adicionar à lista' },
          input: 'template',
          placeholder: { en: '{{product}}', 'pt-BR': '{{produto}}' },
        }),
    }),
  ])
  .meta({
    label: { en: 'Set to', 'pt-BR': 'Definir como' },
    input: 'select',
    options: {
      template: { en: 'Text or template', 'pt-BR': 'Texto ou modelo' },
      now: { en: 'Current date and time', 'pt-BR': 'Data e hora atuais' },
      today: { en: "Today's date", 'pt-BR': 'Data de hoje' },
      contact_name: { en: 'Contact name', 'pt-BR': 'Nome do contato' },
      contact_phone: { en: 'Contact phone', 'pt-BR': 'Telefone do contato' },
      random_id: { en: 'Random id', 'pt-BR': 'Id aleatório' },
      expression: { en: 'Calculation', 'pt-BR': 'Cálculo' },
      append: { en: 'Add to a list', 'pt-BR': 'Adicionar a uma lista' },
    },
  });

export const schema = defineBlock({
  kind: 'set-variable',
  category: 'logic',
  label: { en: 'Set variable', 'pt-BR': 'Definir variável' },
  icon: '📝',
  options: z.object({
    // Optional so a freshly dropped block parses; run() logs and skips while it is unset.
    variableId: z
      .string()
      .optional()
      .meta({ label: { en: 'Variable', 'pt-BR': 'Variável' }, input: 'variable' }),
    operation: operationSchema,
  }),
  defaults: () => ({ operation: { kind: 'template' as const, value: '' } }),
});
