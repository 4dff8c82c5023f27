// The File input as a contact meets it: a photo is saved with what it is, text or the wrong kind
// gets the retry text, several files are collected until the finishing word, and the saved file
// reads sensibly in templates and conditions.
import { describe, expect, it } from 'vitest';
import type { Attachment, Reply } from '../contract.js';
import { testContext } from '../../runtime/context.js';
import { step, type SessionState } from '../../runtime/engine/step.js';
import { buildFlow, text } from '../../runtime/testing/flow-builder.js';
import { evaluateComparison } from '../shared/conditions.js';
import { executor } from './run.js';
import { schema } from './schema.js';
import { walkSchema } from '../../editor/src/builder/settings/form-model.js';

const photo: Attachment = { fileId: 'file_photo_01', url: '/api/files/file_photo_01', kind: 'image', mime: 'image/jpeg', size: 300_000, name: 'comprovante.jpg' };
const pdf: Attachment = { fileId: 'file_pdf_0001', url: '/api/files/file_pdf_0001', kind: 'document', mime: 'application/pdf', size: 50_000, name: 'nota.pdf' };
const voice: Attachment = { fileId: 'file_voice_01', url: '/api/files/file_voice_01', kind: 'audio', mime: 'audio/ogg', size: 9_000 };
const sticker: Attachment = { fileId: 'file_stick_01', url: '/api/files/file_stick_01', kind: 'sticker', mime: 'image/webp', size: 9_000 };

const parse = (o: Record<string, unknown> = {}) => schema.options.parse({ ...schema.defaults(() => 'x'), variableId: 'arquivo', ...o });
const answer = (o: Record<string, unknown>, reply: Reply, state: unknown = { files: [] }, locale: 'pt-BR' | 'en' = 'pt-BR') =>
  executor.reply!(parse(o), reply, testContext({ locale }), state);

describe('File input', () => {
  it('is an input in the Inputs group, named in both languages, whose fresh defaults parse', () => {
    expect(schema).toMatchObject({ kind: 'input-file', category: 'inputs', isInput: true, label: { en: 'File', 'pt-BR': 'Arquivo' } });
    expect(schema.options.safeParse(schema.defaults(() => 'x')).success).toBe(true);
  });

  it('asks its question and waits', async () => {
    const ctx = testContext({ variables: { nome: 'Ana' } });
    expect(await executor.run(parse({ prompt: '{{nome}}, envie a foto' }), ctx)).toEqual({
      messages: [{ type: 'text', text: 'Ana, envie a foto' }],
      wait: { for: 'reply', state: { files: [] } },
    });
    expect(await executor.run(parse(), ctx)).toEqual({ wait: { for: 'reply', state: { files: [] } } });
  });

  it('saves the photo as a file value: id, address, name, type, size and kind', async () => {
    expect(await answer({}, { text: '', attachments: [photo] })).toEqual({
      ok: true,
      set: { arquivo: { fileId: 'file_photo_01', url: '/api/files/file_photo_01', name: 'comprovante.jpg', mime: 'image/jpeg', size: 300_000, kind: 'image' } },
    });
  });

  it('names a file that came without a name (a voice note) by its kind', async () => {
    const r = await answer({}, { text: '', attachments: [voice] });
    expect(r.ok && (r.set?.arquivo as { name: string }).name).toBe('audio.ogg');
  });

  it('takes a captioned photo too: the file is the answer', async () => {
    const r = await answer({}, { text: 'segue o comprovante', attachments: [photo] });
    expect(r.ok && (r.set?.arquivo as { fileId: string }).fileId).toBe('file_photo_01');
  });

  it('refuses a text answer, a location and an empty one, saying what it takes', async () => {
    expect(await answer({}, { text: 'não tenho foto' })).toEqual({ ok: false, reason: 'envie um arquivo' });
    expect(await answer({ accept: ['image'] }, { text: '', location: { latitude: 1, longitude: 2 } })).toEqual({ ok: false, reason: 'envie uma foto' });
    expect(await answer({ accept: ['image', 'document'] }, { text: '' }, undefined, 'en')).toEqual({ ok: false, reason: 'please send a photo or a document' });
  });

  it('takes only the kinds checked; a sticker only where any file is taken', async () => {
    const imagesOnly = { accept: ['image'] };
    expect(await answer(imagesOnly, { text: '', attachments: [pdf] })).toEqual({ ok: false, reason: 'um documento não serve aqui: envie uma foto' });
    expect((await answer(imagesOnly, { text: '', attachments: [sticker] })).ok).toBe(false);
    expect((await answer({}, { text: '', attachments: [sticker] })).ok).toBe(true);
    expect((await answer({ accept: ['image', 'audio'] }, { text: '', attachments: [voice] })).ok).toBe(true);
  });

  it('refuses a file over the block’s size limit', async () => {
    expect(await answer({ maxSizeMb: 0.25 }, { text: '', attachments: [photo] })).toEqual({ ok: false, reason: 'o arquivo passa de 0,3 MB' });
    expect((await answer({ maxSizeMb: 1 }, { text: '', attachments: [photo] })).ok).toBe(true);
  });

  describe('with several files', () => {
    const many = { multiple: true };

    it('collects files, acknowledging each, until the finishing word saves the list', async () => {
      const first = await answer(many, { text: '', attachments: [photo] });
      expect(first).toMatchObject({ ok: true, messages: [{ type: 'text', text: 'Recebido (1 arquivo). Envie mais, ou "pronto" para continuar.' }] });
      const state1 = first.ok ? first.more?.state : undefined;
      expect(state1).toEqual({ files: [expect.objectContaining({ fileId: 'file_photo_01' })] });
      const second = await answer(many, { text: '', attachments: [pdf] }, state1);
      const state2 = second.ok ? second.more?.state : undefined;
      expect(second.ok && (second.set?.arquivo as unknown[]).length).toBe(2);
      const done = await answer(many, { text: '  Pronto! '.replace('!', '') }, state2);
      expect(done.ok).toBe(true);
      expect(done.ok && done.more).toBeUndefined();
      expect(done.ok && (done.set?.arquivo as { fileId: string }[]).map((f) => f.fileId)).toEqual(['file_photo_01', 'file_pdf_0001']);
    });

    it('refuses the finishing word before any file, and other text while collecting', async () => {
      expect(await answer(many, { text: 'pronto' })).toEqual({ ok: false, reason: 'envie um arquivo' });
      const state = { files: [{ fileId: 'a', url: '/api/files/a', name: 'a.jpg', mime: 'image/jpeg', size: 1, kind: 'image' }] };
      expect(await answer(many, { text: 'oi' }, state)).toEqual({ ok: false, reason: 'envie um arquivo, ou "pronto" quando tiver enviado todos' });
      expect((await answer({ ...many, doneWord: 'fim' }, { text: 'FIM' }, state)).ok).toBe(true);
    });

    it('goes on by itself when the cap is reached', async () => {
      const r = await answer({ ...many, maxFiles: 2 }, { text: '', attachments: [photo, pdf, voice] });
      expect(r.ok && r.more).toBeUndefined();
      expect(r.ok && (r.set?.arquivo as unknown[]).length).toBe(2);
    });
  });

  it('offers the accepted kinds as checkboxes in the settings form', () => {
    const accept = walkSchema(schema.options).fields!.find((f) => f.key === 'accept')!;
    expect(accept.widget).toBe('checkboxes');
    expect(accept.item?.values).toEqual(['image', 'video', 'audio', 'document']);
    expect(Object.keys(accept.meta.options ?? {})).toEqual(['image', 'video', 'audio', 'document']);
  });
});

describe('a saved file in the flow', () => {
  const doc = buildFlow({
    variables: ['arquivo', 'fotos'],
    groups: [
      {
        id: 'g1',
        blocks: [
          { id: 'ask', kind: 'input-file', options: { variableId: 'arquivo', prompt: 'Envie o comprovante', accept: ['image'] } },
          text('ok', 'Recebi {{arquivo}} ({{arquivo.mime}}) em {{raw arquivo}}'),
          { id: 'many', kind: 'input-file', options: { variableId: 'fotos', multiple: true } },
          text('list', 'Fotos: {{fotos}}'),
        ],
      },
    ],
  });
  const env = { now: new Date('2026-03-10T12:00:00Z'), contact: { id: 'c1', name: 'Ana', phone: null }, seed: 1 };
  const said = (r: { messages: { message: { type: string; text?: string } }[] }) => r.messages.map((m) => m.message.text ?? m.message.type);

  it('reads as its name in a message and its address as a value; a text answer gets the retry text', async () => {
    const start = await step(doc, null, { type: 'start' }, env);
    expect(said(start)).toEqual(['Envie o comprovante']);
    let session: SessionState = start.session;
    const typed = await step(doc, session, { type: 'reply', reply: { text: 'já mandei' } }, env);
    expect(said(typed)).toEqual(['Envie uma foto. Pode tentar de novo?']);
    session = typed.session;
    const sent = await step(doc, session, { type: 'reply', reply: { text: '', attachments: [photo] } }, env);
    expect(said(sent)).toEqual(['Recebi comprovante.jpg (image/jpeg) em /api/files/file_photo_01']);
    session = sent.session;
    // Several files: acknowledged one by one (tries start afresh), then listed by name.
    const one = await step(doc, session, { type: 'reply', reply: { text: '', attachments: [pdf] } }, env);
    expect(said(one)).toEqual(['Recebido (1 arquivo). Envie mais, ou "pronto" para continuar.']);
    expect(one.session.waiting).toMatchObject({ kind: 'reply', blockId: 'many', failures: 0 });
    const two = await step(doc, one.session, { type: 'reply', reply: { text: '', attachments: [voice] } }, env);
    const end = await step(doc, two.session, { type: 'reply', reply: { text: 'pronto' } }, env);
    expect(said(end)).toEqual(['Fotos: nota.pdf, audio.ogg']);
    expect(end.session.variables.fotos).toHaveLength(2);
  });

  it('prints as its name for a person, its address as a value, and its fields by path', () => {
    const file = (name: string) => ({ fileId: `id_${name}`, url: `/api/files/id_${name}`, name, mime: 'image/png', size: 1, kind: 'image' as const });
    const ctx = testContext({ variables: { foto: file('a.png'), fotos: [file('a.png'), file('b.png')] } });
    expect(ctx.render('{{foto}} · {{foto.url}} · {{foto.size}}')).toBe('a.png · /api/files/id_a.png · 1');
    expect(ctx.renderValue('{{foto}}')).toBe('/api/files/id_a.png');
    expect(ctx.render('{{fotos}} | {{join fotos " e "}} | {{#each fotos}}[{{this.url}}]{{/each}}')).toBe('a.png, b.png | a.png e b.png | [/api/files/id_a.png][/api/files/id_b.png]');
    expect(ctx.renderValue('{{fotos}}')).toBe('/api/files/id_a.png, /api/files/id_b.png');
  });

  it('is set for conditions and compares by its name', () => {
    const file = { fileId: 'f', url: '/api/files/f', name: 'nota.pdf', mime: 'application/pdf', size: 1, kind: 'document' as const };
    const ctx = testContext({ variables: { arquivo: file, vazio: [] } });
    const cmp = (variableId: string, operator: string, value = '') =>
      evaluateComparison({ id: 'c', variableId, operator: operator as never, value }, ctx);
    expect(cmp('arquivo', 'is_set')).toBe(true);
    expect(cmp('arquivo', 'is_empty')).toBe(false);
    expect(cmp('vazio', 'is_set')).toBe(false);
    expect(cmp('arquivo', 'ends_with', '.pdf')).toBe(true);
    expect(cmp('arquivo', 'contains', 'nota')).toBe(true);
  });
});
