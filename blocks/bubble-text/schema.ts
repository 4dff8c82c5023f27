import { z } from 'zod';
import { defineBlock } from '../contract.js';

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
  }),
  defaults: () => ({ text: 'Olá!' }),
});
