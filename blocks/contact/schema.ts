import { z } from 'zod';
import { defineBlock } from '../contract.js';

/** The load block's path when the contact already had every chosen value. */
export const KNOWN_ITEM = 'known';

/** The contact's own columns a mapping can name; anything else is a custom field's key (which can never be one of these). */
export const CONTACT_COLUMNS = ['name', 'email', 'phone'] as const;

export const schema = defineBlock({
  kind: 'contact',
  category: 'chat',
  label: { en: 'Contact', 'pt-BR': 'Contato' },
  icon: '👤',
  options: z.object({
      mode: z
        .enum(['load', 'save'])
        .default('load')
        .meta({
          label: { en: 'Action', 'pt-BR': 'Ação' },
          input: 'select',
          options: {
            load: { en: 'Load from the contact into variables', 'pt-BR': 'Carregar do contato para variáveis' },
            save: { en: 'Save variables into the contact', 'pt-BR': 'Salvar variáveis no contato' },
          },
          help: {
            en: 'Load: when the contact already has every chosen value, the flow follows "known" (skip the questions); otherwise it goes on by "unknown". Save: the values are written when the turn is stored; a value a field refuses (an invalid CPF) is skipped and the flow goes on.',
            'pt-BR': 'Carregar: se o contato já tem todos os valores escolhidos, o fluxo segue por "conhecido" (pula as perguntas); senão segue por "desconhecido". Salvar: os valores são gravados quando a rodada é salva; um valor que o campo recusa (um CPF inválido) é ignorado e o fluxo continua.',
          },
        }),
      mappings: z
        .array(
          z.object({
            id: z
              .string()
              .min(1)
              .meta({ label: { en: 'Id', 'pt-BR': 'Id' }, input: 'hidden' }),
            field: z
              .string()
              .default('')
              .meta({ label: { en: 'Contact field', 'pt-BR': 'Campo do contato' }, input: 'contact-field' }),
            // Empty on a fresh row, which must parse; the linter asks for it.
            variableId: z
              .string()
              .default('')
              .meta({ label: { en: 'Variable', 'pt-BR': 'Variável' }, input: 'variable' }),
          }),
        )
        .max(30, 'use at most 30 fields')
        .default([])
        .meta({ label: { en: 'Fields', 'pt-BR': 'Campos' }, input: 'items' }),
      addTags: z
        .string()
        .max(500, 'at most 500 characters')
        .default('')
        .meta({
          label: { en: 'Tags to add', 'pt-BR': 'Etiquetas a adicionar' },
          input: 'text',
          placeholder: { en: 'customer, vip', 'pt-BR': 'cliente, vip' },
          help: {
            en: 'Save only. Names of existing tags (Settings → Tags), separated by commas; a name with no tag is skipped.',
            'pt-BR': 'Só ao salvar. Nomes de etiquetas existentes (Configurações → Etiquetas), separados por vírgula; um nome sem etiqueta é ignorado.',
          },
        }),
  }),
  defaults: (newId) => ({ mode: 'load' as const, mappings: [{ id: newId(), field: 'name' }], addTags: '' }),
  items: (o) => (o.mode === 'load' ? [{ id: KNOWN_ITEM, label: 'Known / Conhecido' }] : []),
});

/** Tag names of the save mode's text, each once (case aside). */
export function tagNames(text: string): string[] {
  const seen = new Map<string, string>();
  for (const part of text.split(',')) {
    const name = part.trim();
    if (name && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()];
}
