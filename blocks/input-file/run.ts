import { z } from 'zod';
import type { Attachment, FileValue, Locale, ReplyResult } from '../contract.js';
import { defineExecutor } from '../contract.js';
import { MAX_FILE_BYTES } from '../limits.js';
import { fileValueOf, fileValueSchema } from '../shared/file-value.js';
import { accepted } from '../shared/input.js';
import { contentNoun, replyContent } from '../shared/reply-content.js';
import { foldText } from '../shared/values.js';
import { schema, type FileKind } from './schema.js';

type Options = z.output<typeof schema.options>;

/** Files taken so far while collecting several, kept in the session between replies. */
const stateSchema = z.object({ files: z.array(fileValueSchema) });

const wanted: Record<FileKind | 'any', { en: string; 'pt-BR': string }> = {
  any: { en: 'a file', 'pt-BR': 'um arquivo' },
  image: { en: 'a photo', 'pt-BR': 'uma foto' },
  video: { en: 'a video', 'pt-BR': 'um vídeo' },
  audio: { en: 'an audio', 'pt-BR': 'um áudio' },
  document: { en: 'a document', 'pt-BR': 'um documento' },
};

/** "a photo or a video": what the block takes, in words. */
function wantedWords(accept: readonly FileKind[], locale: Locale): string {
  const words = (accept.length ? accept : (['any'] as const)).map((k) => wanted[k][locale]);
  if (words.length === 1) return words[0];
  return `${words.slice(0, -1).join(', ')} ${locale === 'en' ? 'or' : 'ou'} ${words[words.length - 1]}`;
}

export const doneWordOf = (options: Pick<Options, 'doneWord'>, locale: Locale) => options.doneWord.trim() || (locale === 'en' ? 'done' : 'pronto');

const reasons = {
  send: (what: string) => ({ en: `please send ${what}`, 'pt-BR': `envie ${what}` }),
  wrongKind: (sent: string, what: string) => ({ en: `${sent} is not what this question takes: please send ${what}`, 'pt-BR': `${sent} não serve aqui: envie ${what}` }),
  tooBig: (mb: string) => ({ en: `the file is larger than ${mb} MB`, 'pt-BR': `o arquivo passa de ${mb} MB` }),
  sendOrDone: (what: string, done: string) => ({
    en: `please send ${what}, or "${done}" when you have sent them all`,
    'pt-BR': `envie ${what}, ou "${done}" quando tiver enviado todos`,
  }),
};

const received = (n: number, done: string, locale: Locale) =>
  locale === 'en'
    ? `Got it (${n} ${n === 1 ? 'file' : 'files'}). Send more, or "${done}" to go on.`
    : `Recebido (${n} ${n === 1 ? 'arquivo' : 'arquivos'}). Envie mais, ou "${done}" para continuar.`;

function kindAccepted(kind: Attachment['kind'], accept: readonly FileKind[]): boolean {
  // A sticker is only taken where any file is: it is never the photo a question asked for.
  return accept.length === 0 || (kind !== 'sticker' && accept.includes(kind));
}

/** The first reason one of the files cannot be taken, or null when all can. */
function refusal(files: readonly Attachment[], options: Options, locale: Locale): string | null {
  const limit = Math.min(MAX_FILE_BYTES, (options.maxSizeMb ?? Infinity) * 1024 * 1024);
  for (const f of files) {
    if (!kindAccepted(f.kind, options.accept)) {
      const sent = f.kind === 'sticker' ? contentNoun(f.kind, locale) : wanted[f.kind][locale];
      return reasons.wrongKind(sent, wantedWords(options.accept, locale))[locale];
    }
    if (f.size > limit) return reasons.tooBig((limit / 1024 / 1024).toLocaleString(locale, { maximumFractionDigits: 1 }))[locale];
  }
  return null;
}

export const executor = defineExecutor(schema, {
  run(options, ctx) {
    const text = options.prompt ? ctx.render(options.prompt).trim() : '';
    return { ...(text ? { messages: [{ type: 'text' as const, text }] } : {}), wait: { for: 'reply', state: { files: [] } } };
  },
  reply(options, reply, ctx, state): ReplyResult {
    const locale = ctx.locale;
    const what = wantedWords(options.accept, locale);
    const content = replyContent(reply);
    const files = content.kind === 'media' || content.kind === 'text' ? content.attachments : [];

    if (!options.multiple) {
      if (!files.length) return { ok: false, reason: reasons.send(what)[locale] };
      const why = refusal(files.slice(0, 1), options, locale);
      if (why) return { ok: false, reason: why };
      // One file asked for: the first of an album is the answer, its caption is not needed.
      return accepted(options, fileValueOf(files[0]));
    }

    const done = doneWordOf(options, locale);
    const saved = stateSchema.safeParse(state);
    const so: FileValue[] = saved.success ? saved.data.files : [];
    if (!files.length) {
      const finished = content.kind === 'text' && foldText(content.text) === foldText(done);
      if (finished && so.length) return accepted(options, so);
      return { ok: false, reason: (so.length ? reasons.sendOrDone(what, done) : reasons.send(what))[locale] };
    }
    const why = refusal(files, options, locale);
    if (why) return { ok: false, reason: why };
    const all = [...so, ...files.map(fileValueOf)].slice(0, options.maxFiles);
    if (all.length >= options.maxFiles) return accepted(options, all);
    // Saved as they arrive, so the variable holds what came even if the contact never says the word.
    const set = options.variableId ? { [options.variableId]: all } : undefined;
    return { ok: true, ...(set ? { set } : {}), messages: [{ type: 'text', text: received(all.length, done, locale) }], more: { state: { files: all } } };
  },
});
