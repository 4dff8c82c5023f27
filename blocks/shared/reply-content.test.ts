// Every input meets the replies WhatsApp really sends while a question waits: a bare photo, a
// voice note, a location, a captioned photo. Inputs that take text refuse what has no text with a
// reason (never a crash, never a match) and read a caption as the answer.
import { describe, expect, it } from 'vitest';
import type { Attachment, Reply } from '../contract.js';
import { blockExecutors } from '../runtime.js';
import { blockSchemaList } from '../schemas.js';
import { testContext } from '../../runtime/context.js';
import { buildFlow, text } from '../../runtime/testing/flow-builder.js';
import { step, type SessionState } from '../../runtime/engine/step.js';
import { replyContent, textAnswer } from './reply-content.js';

const photo: Attachment = { fileId: 'f_photo_000001', url: '/api/files/f_photo_000001', kind: 'image', mime: 'image/jpeg', size: 2048, name: 'foto.jpg' };
const voice: Attachment = { fileId: 'f_voice_000001', url: '/api/files/f_voice_000001', kind: 'audio', mime: 'audio/ogg', size: 900 };

/** Each input that takes text (or a typed option), with an answer it accepts. */
const textInputs: Record<string, { options?: Record<string, unknown>; answer: string }> = {
  'input-text': { answer: 'Ana Souza' },
  'input-number': { answer: '42' },
  'input-email': { answer: 'ana@ozia.dev' },
  'input-phone': { answer: '(11) 98765-4321' },
  'input-website': { answer: 'ozia.dev' },
  'input-date': { answer: '2026-03-01' },
  'input-buttons': { answer: '2' },
  'input-picture-choice': {
    options: {
      items: [
        { id: 'p1', title: 'Azul', imageUrl: 'https://ozia.dev/azul.png' },
        { id: 'p2', title: 'Verde', imageUrl: 'https://ozia.dev/verde.png' },
      ],
    },
    answer: '2',
  },
};
/** Inputs whose answer is a file, not text: they have their own tests. */
const fileInputs = new Set(['input-file']);

let n = 0;
const newId = () => `id${++n}`;

async function answerOf(kind: string, reply: Reply, locale: 'pt-BR' | 'en' = 'pt-BR') {
  const schema = blockSchemaList.find((s) => s.kind === kind)!;
  const options = schema.options.parse({ ...(schema.defaults(newId) as object), ...textInputs[kind].options, variableId: 'v' });
  const ctx = testContext({ locale });
  const executor = blockExecutors[kind];
  const ran = await executor.run(options, ctx);
  const state = ran.wait?.for === 'reply' ? ran.wait.state : undefined;
  return executor.reply!(options, reply, ctx, state);
}

describe('reply content', () => {
  it('reads text, a caption, files only, a location, a click and nothing apart', () => {
    expect(replyContent({ text: ' oi ' })).toMatchObject({ kind: 'text', text: ' oi ' });
    expect(replyContent({ text: 'minha casa', attachments: [photo] })).toMatchObject({ kind: 'text', text: 'minha casa', attachments: [photo] });
    expect(replyContent({ text: '  ', attachments: [voice, photo] })).toEqual({ kind: 'media', media: 'audio', attachments: [voice, photo] });
    expect(replyContent({ text: '', location: { latitude: -23.5, longitude: -46.6 } })).toMatchObject({ kind: 'location' });
    expect(replyContent({ text: '', choiceIds: ['a'] })).toEqual({ kind: 'choice', choiceIds: ['a'] });
    expect(replyContent({ text: ' ' })).toEqual({ kind: 'empty' });
    // A channel that forgot the text field must not crash an input.
    expect(replyContent({ attachments: [photo] } as unknown as Reply)).toMatchObject({ kind: 'media', media: 'image' });
  });

  it('names what came instead of text, in the flow language', () => {
    expect(textAnswer({ text: '', attachments: [photo] }, 'pt-BR')).toEqual({ ok: false, reason: 'uma foto não responde a esta pergunta: digite a resposta' });
    expect(textAnswer({ text: '', attachments: [voice] }, 'en')).toEqual({ ok: false, reason: 'an audio message cannot answer this question: please type your answer' });
    expect(textAnswer({ text: '', location: { latitude: 1, longitude: 2 } }, 'pt-BR')).toMatchObject({ ok: false, reason: expect.stringContaining('uma localização') });
    expect(textAnswer({ text: 'legenda', attachments: [photo] }, 'pt-BR')).toEqual({ ok: true, text: 'legenda' });
    expect(textAnswer({ text: '' }, 'pt-BR')).toEqual({ ok: true, text: '' });
  });
});

describe('every input given a reply without text', () => {
  it('covers every input block there is', () => {
    const inputs = blockSchemaList.filter((s) => s.isInput).map((s) => s.kind);
    expect(inputs.filter((k) => !fileInputs.has(k)).sort()).toEqual(Object.keys(textInputs).sort());
  });

  for (const kind of Object.keys(textInputs)) {
    it(`${kind}: a bare photo, a voice note or a location is refused, not saved`, async () => {
      for (const reply of [
        { text: '', attachments: [photo] },
        { text: '', attachments: [voice] },
        { text: '', location: { latitude: -23.5, longitude: -46.6 } },
      ] satisfies Reply[]) {
        const r = await answerOf(kind, reply);
        expect(r.ok).toBe(false);
        expect(r).not.toHaveProperty('set');
        expect(r.ok === false && r.reason).toBeTruthy();
      }
    });

    it(`${kind}: a captioned photo answers with its caption`, async () => {
      const r = await answerOf(kind, { text: textInputs[kind].answer, attachments: [photo] });
      expect(r.ok).toBe(true);
      expect(r.ok && r.set?.v).toBeDefined();
    });
  }

  it('text questions say a photo is not text; choices say how to choose', async () => {
    const t = await answerOf('input-text', { text: '', attachments: [photo] });
    expect(t).toEqual({ ok: false, reason: 'uma foto não responde a esta pergunta: digite a resposta' });
    const b = await answerOf('input-buttons', { text: '', attachments: [photo] });
    expect(b).toEqual({ ok: false, reason: 'escolha uma das opções: envie o número (de 1 a 2) ou o texto dela' });
  });
});

describe('the engine with a photo at a text question', () => {
  const doc = buildFlow({
    variables: ['idade'],
    groups: [
      {
        id: 'g1',
        blocks: [
          text('ask', 'Quantos anos você tem?'),
          { id: 'age', kind: 'input-number', options: { variableId: 'idade' } },
          text('ok', 'Anotado: {{idade}}.'),
        ],
      },
    ],
  });
  const env = { now: new Date('2026-03-10T12:00:00Z'), contact: { id: 'c1', name: 'Ana', phone: null }, seed: 1 };
  const said = (r: { messages: { message: { type: string; text?: string } }[] }) => r.messages.map((m) => m.message.text ?? m.message.type);

  it('sends the retry text and keeps waiting; the typed answer then goes on', async () => {
    let session: SessionState = (await step(doc, null, { type: 'start' }, env)).session;
    const photoTurn = await step(doc, session, { type: 'reply', reply: { text: '', attachments: [photo] } }, env);
    expect(said(photoTurn)).toEqual(['Uma foto não responde a esta pergunta: digite a resposta. Pode tentar de novo?']);
    expect(photoTurn.session.status).toBe('active');
    expect(photoTurn.session.variables.idade).toBeUndefined();
    session = photoTurn.session;
    const typed = await step(doc, session, { type: 'reply', reply: { text: '30' } }, env);
    expect(said(typed)).toEqual(['Anotado: 30.']);
  });

  it('uses the block’s own retry message when the author wrote one', async () => {
    const custom = structuredClone(doc);
    (custom.groups[0].blocks[1].options as Record<string, unknown>).retryMessage = 'Digite sua idade em números.';
    const session = (await step(custom, null, { type: 'start' }, env)).session;
    const r = await step(custom, session, { type: 'reply', reply: { text: '', attachments: [voice] } }, env);
    expect(said(r)).toEqual(['Digite sua idade em números.']);
  });
});
