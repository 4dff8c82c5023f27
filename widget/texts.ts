// Every text the chat page and the loader show, in pt-BR and en. The language is the account's,
// or the browser's when the account says "auto".
export type WidgetLocale = 'pt-BR' | 'en';

const texts = {
  'pt-BR': {
    open: 'Abrir o chat',
    close: 'Fechar o chat',
    dismiss: 'Dispensar',
    placeholder: 'Escreva sua mensagem…',
    send: 'Enviar',
    attach: 'Anexar arquivo',
    typing: 'digitando…',
    reconnecting: 'Sem conexão. Tentando de novo…',
    unavailable: 'O chat não está disponível agora.',
    forbidden: 'Este site não pode usar este chat.',
    notFound: 'Este chat não existe (confira o link).',
    failed: 'Não foi possível enviar. Toque para tentar de novo.',
    uploading: 'Enviando arquivo…',
    agent: 'Atendente',
    download: 'Baixar',
    sendChoices: 'Enviar escolhas',
    empty: 'Escreva para começar a conversa.',
    tooMany: 'Muitas mensagens seguidas. Espere {s} s e envie de novo.',
    fileRefused: 'Este arquivo não pode ser enviado ({reason}).',
  },
  en: {
    open: 'Open chat',
    close: 'Close chat',
    dismiss: 'Dismiss',
    placeholder: 'Type your message…',
    send: 'Send',
    attach: 'Attach a file',
    typing: 'typing…',
    reconnecting: 'Offline. Trying again…',
    unavailable: 'The chat is not available right now.',
    forbidden: 'This site may not use this chat.',
    notFound: 'This chat does not exist (check the link).',
    failed: 'Could not send. Tap to try again.',
    uploading: 'Uploading file…',
    agent: 'Agent',
    download: 'Download',
    sendChoices: 'Send choices',
    empty: 'Write to start the conversation.',
    tooMany: 'Too many messages in a row. Wait {s} s and send it again.',
    fileRefused: 'This file cannot be sent ({reason}).',
  },
} as const;

export type WidgetTexts = { [K in keyof (typeof texts)['en']]: string };

export function localeFor(setting: 'auto' | WidgetLocale, browser: readonly string[]): WidgetLocale {
  if (setting !== 'auto') return setting;
  // The browser's first language decides; Portuguese of any country reads pt-BR, anything else en.
  const first = browser[0]?.toLowerCase() ?? 'pt-br';
  return first.startsWith('pt') ? 'pt-BR' : 'en';
}

export const widgetTexts = (locale: WidgetLocale): WidgetTexts => texts[locale];
