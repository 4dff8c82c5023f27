// What the Inbox says about reply windows and message templates, in pt-BR and en.
import type { Dictionary } from '../i18n.js';

const pt = {
  outside: 'Só modelos de mensagem aprovados podem ser enviados agora',
  pick: 'Escolher modelo',
  search: 'Buscar modelo',
  searchPlaceholder: 'Buscar pelo nome…',
  list: 'Modelos aprovados',
  none: 'Nenhum modelo aprovado nesta conta. Um supervisor pode criar um em Configurações → Modelos de mensagem.',
  noMatch: 'Nenhum modelo com esse nome.',
  loading: 'Carregando modelos…',
  noTemplates: 'Este canal não tem modelos de mensagem: responda quando o contato escrever de novo. Notas internas continuam disponíveis.',
  change: 'Trocar modelo',
  variable: '{token} ({where})',
  where: { header: 'cabeçalho', body: 'corpo' } as Record<string, string>,
  fill: 'Preencha {token} antes de enviar.',
  send: 'Enviar modelo',
  preview: 'Como o contato vai ver',
  category: { MARKETING: 'Marketing', UTILITY: 'Utilidade', AUTHENTICATION: 'Autenticação' } as Record<string, string>,
  keys: 'Enter envia · Esc fecha a lista',
};
export type TemplateComposerTexts = typeof pt;

const en: TemplateComposerTexts = {
  outside: 'Only approved message templates can be sent now',
  pick: 'Choose a template',
  search: 'Search templates',
  searchPlaceholder: 'Search by name…',
  list: 'Approved templates',
  none: 'No approved template in this account. A supervisor can create one in Settings → Message templates.',
  noMatch: 'No template with that name.',
  loading: 'Loading templates…',
  noTemplates: 'This channel has no message templates: answer when the contact writes again. Internal notes are still available.',
  change: 'Change template',
  variable: '{token} ({where})',
  where: { header: 'header', body: 'body' },
  fill: 'Fill in {token} before sending.',
  send: 'Send template',
  preview: 'What the contact will see',
  category: { MARKETING: 'Marketing', UTILITY: 'Utility', AUTHENTICATION: 'Authentication' },
  keys: 'Enter sends · Esc closes the list',
};

export const templateComposerTexts: Dictionary<TemplateComposerTexts> = { 'pt-BR': pt, en };
