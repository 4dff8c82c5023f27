import { defineMediaBlock } from '../shared/media.js';

export const schema = defineMediaBlock('video', {
  label: { en: 'Video', 'pt-BR': 'Vídeo' },
  icon: '🎬',
  exampleUrl: 'https://example.com/video.mp4',
});
