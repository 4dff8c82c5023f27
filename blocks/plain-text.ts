// How a message reads on a channel without buttons or media previews: choices become numbered
// lines (answerable by number or text), media become a labelled link. The WhatsApp channel's
// fallback, the terminal chat and the test chat's WhatsApp preview all use this.
import type { Locale, OutgoingMessage } from './contract.js';

const mediaLabel: Record<string, Record<Locale, string>> = {
  image: { 'pt-BR': 'imagem', en: 'image' },
  video: { 'pt-BR': 'vídeo', en: 'video' },
  audio: { 'pt-BR': 'áudio', en: 'audio' },
  document: { 'pt-BR': 'documento', en: 'document' },
};

const hint: Record<Locale, { one: string; many: string }> = {
  'pt-BR': { one: 'Responda com o número da opção.', many: 'Responda com os números das opções, separados por vírgula.' },
  en: { one: 'Reply with the option number.', many: 'Reply with the option numbers, separated by commas.' },
};

/** The lines a message becomes as plain text. */
export function plainTextLines(message: OutgoingMessage, locale: Locale = 'pt-BR'): string[] {
  switch (message.type) {
    case 'text':
    case 'template':
      return message.text.split('\n');
    case 'choice': {
      const lines = message.text ? message.text.split('\n') : [];
      message.items.forEach((item, i) => {
        lines.push(`${i + 1}. ${item.label}${item.description ? ` — ${item.description}` : ''}`);
      });
      lines.push(`_${message.multiple ? hint[locale].many : hint[locale].one}_`);
      return lines;
    }
    default: {
      const label = mediaLabel[message.type][locale];
      const name = 'fileName' in message && message.fileName ? ` (${message.fileName})` : '';
      const caption = message.caption ? ` ${message.caption}` : '';
      return [`[${label}${name}] ${message.url}${caption}`];
    }
  }
}
