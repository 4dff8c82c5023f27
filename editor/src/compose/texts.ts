import type { Dictionary } from '../i18n.js';

export interface ComposeTexts {
  /** "{count} / {max}" characters. */
  counter: string;
  counterLabel: string;
  tooLong: string;
  tooLongOne: string;
}

export const composeTexts: Dictionary<ComposeTexts> = {
  en: {
    counter: '{count} / {max}',
    counterLabel: '{count} of {max} characters',
    tooLong: 'Too long to send: remove {over} characters (a message holds at most {max}).',
    tooLongOne: 'Too long to send: remove 1 character (a message holds at most {max}).',
  },
  'pt-BR': {
    counter: '{count} / {max}',
    counterLabel: '{count} de {max} caracteres',
    tooLong: 'Longa demais para enviar: apague {over} caracteres (uma mensagem tem no máximo {max}).',
    tooLongOne: 'Longa demais para enviar: apague 1 caractere (uma mensagem tem no máximo {max}).',
  },
};
