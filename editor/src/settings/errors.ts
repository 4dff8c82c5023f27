// Server errors name the field they are about ("email: a user with x already exists", one
// line per problem for schema errors). These helpers route each line to the form field it
// names, leave the rest for a toast, and give the messages these screens meet in Portuguese.
import type { Locale } from '../i18n.js';

export interface SplitError {
  /** By the form's field name: the first message for that field (or a path under it). */
  fields: Record<string, string>;
  /** Lines that name no field of the form. */
  other: string[];
}

const LINE = /^([A-Za-z_][\w]*(?:\.\w+|\[\d+\])*): (.+)$/s;

export function splitServerError(message: string, fields: readonly string[], locale: Locale): SplitError {
  const out: SplitError = { fields: {}, other: [] };
  for (const line of message.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const m = LINE.exec(line);
    const field = m ? fields.find((f) => m[1] === f || m[1].startsWith(`${f}.`) || m[1].startsWith(`${f}[`)) : undefined;
    if (!m || !field) {
      out.other.push(localizeServerMessage(line, locale));
      continue;
    }
    const rest = m[1].slice(field.length).replace(/^\./, '');
    const text = localizeServerMessage(m[2], locale);
    if (!(field in out.fields)) out.fields[field] = rest ? `${rest}: ${text}` : text;
  }
  return out;
}

type Rule = [RegExp, (...groups: string[]) => string];

/** The server speaks English; these are the messages a person can cause from Settings. */
const PT: Rule[] = [
  [/^a user with (.+) already exists$/, (email) => `já existe um usuário com o e-mail ${email}`],
  [/^type a valid email$/, () => 'digite um e-mail válido'],
  [/^use at least 8 characters$/, () => 'use pelo menos 8 caracteres'],
  [/^at most (\d+) characters$/, (n) => `no máximo ${n} caracteres`],
  [/^the current password is wrong$/, () => 'a senha atual está errada'],
  [/^type your current password$/, () => 'digite sua senha atual'],
  [/^this is the last active supervisor; make someone else a supervisor first$/, () => 'este é o último supervisor ativo; torne outra pessoa supervisora antes'],
  [/^type the name$/, () => 'digite o nome'],
  [/^name the department$/, () => 'dê um nome ao departamento'],
  [/^name the tag$/, () => 'dê um nome à etiqueta'],
  [/^a department called "(.+)" already exists$/, (name) => `já existe um departamento chamado “${name}”`],
  [/^another department already uses the code "(.+)"$/, (code) => `outro departamento já usa o código “${code}”`],
  [/^use 1 to 30 lowercase letters, digits, - or _$/, () => 'use de 1 a 30 letras minúsculas, números, - ou _'],
  [
    /^"(.+)" still has (\d+) open conversation\(s\): transfer or finish them before deleting it$/,
    (name, n) => `“${name}” ainda tem ${n} atendimento(s) em aberto: transfira ou finalize antes de excluir`,
  ],
  [/^a tag called "(.+)" already exists$/, (name) => `já existe uma etiqueta chamada “${name}”`],
  [/^\/(.+) already exists here$/, (s) => `/${s} já existe aqui`],
  [/^use 1 to 30 letters, digits, - or _ \(no spaces\)$/, () => 'use de 1 a 30 letras, números, - ou _ (sem espaços)'],
  [/^give it a title$/, () => 'dê um título'],
  [/^write the message or attach a file$/, () => 'escreva a mensagem ou anexe um arquivo'],
  [/^the attachment was not found; upload it again$/, () => 'o anexo não foi encontrado; envie de novo'],
  [/^must be after the start$/, () => 'deve ser depois do início'],
  [/^duplicate holiday$/, () => 'feriado repetido'],
  [/^this needs the role supervisor$/, () => 'só supervisores podem fazer isso'],
  [/^log in first$/, () => 'sua sessão expirou; entre de novo'],
  [/^(.+) not found$/, () => 'não encontrado; talvez alguém tenha excluído. Recarregue a página.'],
  [/^file: larger than (\d+) MB$/, (n) => `arquivo maior que ${n} MB`],
];

export function localizeServerMessage(text: string, locale: Locale): string {
  if (locale !== 'pt-BR') return text;
  for (const [re, say] of PT) {
    const m = re.exec(text);
    if (m) return say(...m.slice(1));
  }
  return text;
}
