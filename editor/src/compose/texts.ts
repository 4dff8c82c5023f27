import type { Dictionary } from '../i18n.js';

export interface ComposeTexts {
  /** "{count} / {max}" characters. */
  counter: string;
  counterLabel: string;
  tooLong: string;
}

export const composeTexts: Dictionary<ComposeTexts> = {
  en: {
    counter: '{count} / {max}',
    counterLabel: '{count} of {max} characters',
    tooLong: 'Too long to send: remove {over} characters (a message holds at most {max}).',
  },
  'pt-BR': {
    counter: '{count} / {max}',
    counterLabel: '{count} de {max} caracteres',
    tooLong: 'Longa demais para enviar: apague {over} caracteres (uma mensagem tem no máximo {max}).',
  },
};
