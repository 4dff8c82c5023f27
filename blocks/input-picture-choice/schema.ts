import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { choiceItemShape, choiceOptionsShape, refineUniqueIds } from '../shared/choice.js';
import { inputBaseShape } from '../shared/input.js';

const pictureItemSchema = z.object({
  imageUrl: z
    .string()
    .trim()
    .min(1, 'add the image address')
    .max(2048, 'the address holds at most 2048 characters')
    // A template is checked after rendering, when the real address is known; an empty one has its own message.
    .refine((s) => !s || s.includes('{{') || /^https?:\/\/\S+$/i.test(s), 'use an http(s) address or a {{variable}}')
    .meta({
      label: { en: 'Image address', 'pt-BR': 'Endereço da imagem' },
      input: 'template',
      placeholder: { en: 'https://…/photo.jpg', 'pt-BR': 'https://…/foto.jpg' },
    }),
  title: z
    .string()
    .trim()
    .min(1, 'type the option title')
    .max(200, 'the title holds at most 200 characters')
    .meta({
      label: { en: 'Title', 'pt-BR': 'Título' },
      input: 'template',
      placeholder: { en: 'Option title', 'pt-BR': 'Título da opção' },
    }),
  ...choiceItemShape({ en: 'title', 'pt-BR': 'do título' }),
});

export const schema = defineBlock({
  kind: 'input-picture-choice',
  category: 'inputs',
  label: { en: 'Picture choice', 'pt-BR': 'Escolha com imagem' },
  icon: '🖼️',
  isInput: true,
  options: z
    .object({
      ...inputBaseShape,
      items: z
        .array(pictureItemSchema)
        .min(1, 'add at least one option')
        .max(100, 'use at most 100 options')
        .meta({ label: { en: 'Options', 'pt-BR': 'Opções' }, input: 'items' }),
      ...choiceOptionsShape,
    })
    .superRefine((o, ctx) => refineUniqueIds(o.items, ctx)),
  // The images are the author's to give: a fresh block asks for them.
  defaults: (newId) => ({
    items: [
      { id: newId(), imageUrl: '', title: 'Opção 1' },
      { id: newId(), imageUrl: '', title: 'Opção 2' },
    ],
    multiple: false,
    retryMessage: '',
  }),
  formerDefaults: (newId) => ({
    items: [
      { id: newId(), imageUrl: 'https://placehold.co/600x400?text=1', title: 'Opção 1' },
      { id: newId(), imageUrl: 'https://placehold.co/600x400?text=2', title: 'Opção 2' },
    ],
  }),
  // A multiple choice continues on the default path, so its items own no edge.
  items: (o) => (o.multiple ? [] : o.items.map(({ id, title }) => ({ id, label: title }))),
});
