import { defineMediaBlock } from '../shared/media.js';

export const schema = defineMediaBlock('image', {
  label: { en: 'Image', 'pt-BR': 'Imagem' },
  icon: '🖼️',
  exampleUrl: 'https://example.com/image.png',
});
