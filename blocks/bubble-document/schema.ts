import { defineMediaBlock } from '../shared/media.js';

export const schema = defineMediaBlock('document', {
  label: { en: 'Document', 'pt-BR': 'Documento' },
  icon: '📄',
  exampleUrl: 'https://example.com/document.pdf',
});
