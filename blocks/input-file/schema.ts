// The File input: the contact sends a photo, video, audio or document and the flow keeps it in a
// variable. An "Image input" is this block with only images accepted, not a block of its own.
import { z } from 'zod';
import { defineBlock } from '../contract.js';
import { MAX_FILE_BYTES, megabytes } from '../limits.js';
import { inputBaseShape } from '../shared/input.js';

export const FILE_KINDS = ['image', 'video', 'audio', 'document'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export const MAX_FILES = 20;

export const schema = defineBlock({
  kind: 'input-file',
  category: 'inputs',
  label: { en: 'File', 'pt-BR': 'Arquivo' },
  icon: '📎',
  isInput: true,
  options: z.object({
    prompt: z
      .string()
      .max(1024, 'the text holds at most 1024 characters')
      .default('')
      .meta({
        label: { en: 'Question', 'pt-BR': 'Pergunta' },
        input: 'template',
        placeholder: { en: 'Send a photo of your receipt', 'pt-BR': 'Envie uma foto do comprovante' },
        help: {
          en: 'Sent when the flow reaches the block; leave empty when a bubble before it asks.',
          'pt-BR': 'Enviada quando o fluxo chega ao bloco; deixe vazio quando um balão antes dele já pergunta.',
        },
      }),
    accept: z
      .array(z.enum(FILE_KINDS))
      .max(FILE_KINDS.length)
      .default([])
      .meta({
        label: { en: 'Accepted files', 'pt-BR': 'Arquivos aceitos' },
        input: 'checkboxes',
        options: {
          image: { en: 'Images', 'pt-BR': 'Imagens' },
          video: { en: 'Videos', 'pt-BR': 'Vídeos' },
          audio: { en: 'Audio and voice notes', 'pt-BR': 'Áudios e mensagens de voz' },
          document: { en: 'Documents (PDF, Word, Excel…)', 'pt-BR': 'Documentos (PDF, Word, Excel…)' },
        },
        help: { en: 'None checked: any file.', 'pt-BR': 'Nenhum marcado: qualquer arquivo.' },
      }),
    multiple: z
      .boolean()
      .default(false)
      .meta({
        label: { en: 'Allow several files', 'pt-BR': 'Permitir vários arquivos' },
        input: 'switch',
        help: {
          en: 'The files are saved as a list; the contact sends the word below when done.',
          'pt-BR': 'Os arquivos são salvos como lista; o contato envia a palavra abaixo quando terminar.',
        },
      }),
    doneWord: z
      .string()
      .trim()
      .max(30, 'the text holds at most 30 characters')
      .default('')
      .meta({
        label: { en: 'Word that finishes', 'pt-BR': 'Palavra para terminar' },
        input: 'text',
        placeholder: { en: 'done', 'pt-BR': 'pronto' },
        help: { en: 'Used with several files.', 'pt-BR': 'Usada com vários arquivos.' },
      }),
    maxFiles: z
      .number()
      .int()
      .min(2)
      .max(MAX_FILES)
      .default(10)
      .meta({
        label: { en: 'At most this many files', 'pt-BR': 'No máximo esta quantidade de arquivos' },
        input: 'number',
        help: { en: 'Used with several files: the flow goes on when they arrive.', 'pt-BR': 'Usado com vários arquivos: o fluxo segue quando chegarem.' },
      }),
    maxSizeMb: z
      .number()
      .positive()
      .max(megabytes(MAX_FILE_BYTES))
      .optional()
      .meta({
        label: { en: 'Largest file (MB)', 'pt-BR': 'Tamanho máximo (MB)' },
        input: 'number',
        help: {
          en: `Leave empty for the server's limit, ${megabytes(MAX_FILE_BYTES)} MB.`,
          'pt-BR': `Deixe vazio para o limite do servidor, ${megabytes(MAX_FILE_BYTES)} MB.`,
        },
      }),
    ...inputBaseShape,
  }),
  defaults: () => ({ prompt: '', accept: [], multiple: false, doneWord: '', maxFiles: 10, retryMessage: '' }),
});
