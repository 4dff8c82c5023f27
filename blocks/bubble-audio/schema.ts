import { defineMediaBlock } from '../shared/media.js';

export const schema = defineMediaBlock('audio', {
  label: { en: 'Audio', 'pt-BR': 'Áudio' },
  icon: '🎧',
  exampleUrl: 'https://example.com/audio.ogg',
});
