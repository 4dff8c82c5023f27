import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localizeServerMessage, readableServerError } from './server-errors.js';
import { zodMessages } from './zod-messages.js';

describe('localizeServerMessage', () => {
  it('translates known messages for pt-BR and keeps English for en', () => {
    expect(localizeServerMessage('a user with ana@x.com already exists', 'pt-BR')).toBe('já existe um usuário com o e-mail ana@x.com');
    expect(localizeServerMessage('a user with ana@x.com already exists', 'en')).toBe('a user with ana@x.com already exists');
    expect(localizeServerMessage('/oi already exists here', 'pt-BR')).toBe('/oi já existe aqui');
    expect(localizeServerMessage('wrong email or password', 'pt-BR')).toBe('e-mail ou senha incorretos');
    expect(localizeServerMessage('too many failed logins: try again in 12 minute(s)', 'pt-BR')).toBe('muitas tentativas erradas: tente de novo em 12 minuto(s)');
    expect(localizeServerMessage('too many failed logins: try again in 4 second(s)', 'pt-BR')).toBe('muitas tentativas erradas: tente de novo em 4 segundo(s)');
    expect(readableServerError('next: this password is too common; choose one that is harder to guess', 'pt-BR')).toBe(
      'esta senha é comum demais; escolha uma mais difícil de adivinhar',
    );
  });

  it('translates what Settings → Dados can be refused for', () => {
    expect(readableServerError('days: at least 1 day', 'pt-BR')).toBe('pelo menos 1 dia');
    expect(readableServerError('days: use a whole number of days', 'pt-BR')).toBe('use um número inteiro de dias');
    expect(readableServerError('days: at most 3650 days', 'pt-BR')).toBe('no máximo 3650 dias');
    expect(readableServerError('enabled: retention is off; turn it on and save first', 'pt-BR')).toBe('a retenção está desligada; ligue-a e salve antes');
  });

  it('translates what a Cloud API account form can be refused for', () => {
    expect(localizeServerMessage('paste the access token', 'pt-BR')).toBe('cole o token de acesso');
    expect(localizeServerMessage('paste the app secret', 'pt-BR')).toBe('cole a chave secreta do app');
    expect(localizeServerMessage('the phone number id is the number Meta shows (digits only)', 'pt-BR')).toBe('a identificação do número de telefone é o número que a Meta mostra (só dígitos)');
  });

  it('translates what a Messenger or Instagram account and its windows can be refused for', () => {
    expect(localizeServerMessage('the Page id is the number Meta shows (digits only)', 'pt-BR')).toBe('a identificação da Página é o número que a Meta mostra (só dígitos)');
    expect(localizeServerMessage('type the Instagram account id', 'pt-BR')).toBe('digite a identificação da conta do Instagram');
    // The reasons a send fails with on the transcript (runtime/channels/meta/messaging/window.ts)
    expect(localizeServerMessage('the contact last wrote more than 24 hours ago: Meta lets only an agent answer now (human agent tag, up to 7 days), not the bot', 'pt-BR')).toMatch(/^o contato escreveu pela última vez há mais de 24 horas/);
    expect(localizeServerMessage('the contact last wrote more than 7 days ago: Meta accepts no message until the person writes again', 'pt-BR')).toMatch(/^o contato escreveu pela última vez há mais de 7 dias/);
    expect(localizeServerMessage('the contact never wrote on this account: Meta lets a business answer only after the person writes', 'pt-BR')).toMatch(/^o contato nunca escreveu/);
  });

  it('translates what the server refuses at its door', () => {
    expect(readableServerError('the request is larger than 1 MB', 'pt-BR')).toBe('o envio passa de 1 MB; envie menos de uma vez');
    expect(readableServerError('the request is larger than 16 KB', 'pt-BR')).toBe('o envio passa de 16 KB; envie menos de uma vez');
    expect(readableServerError('document: the flow is larger than 5 MB', 'pt-BR')).toBe('o fluxo passa de 5 MB; divida-o em fluxos menores');
    expect(readableServerError('name: contains a character that cannot be stored (NUL or a broken surrogate)', 'pt-BR')).toMatch(/^contém um caractere que não pode ser guardado/);
    expect(readableServerError('internal error (reference 0a1b2c3d)', 'pt-BR')).toMatch(/^erro interno no servidor \(referência 0a1b2c3d\)/);
    expect(readableServerError('cursor: not a cursor this list gave; load the list again', 'pt-BR')).toBe('a lista mudou; carregue-a de novo');
    expect(readableServerError('too many live connections: at most 10 at a time; this one was closed', 'pt-BR')).toMatch(/^conexões ao vivo demais \(no máximo 10/);
  });

  it('translates the 24-hour window, message templates and what Meta refuses', () => {
    expect(localizeServerMessage("outside WhatsApp's 24-hour window: the contact has not written in the last 24 hours, so only an approved message template can go", 'pt-BR')).toMatch(/^fora da janela de 24 horas do WhatsApp/);
    expect(localizeServerMessage('fill in the variable {{1}}', 'pt-BR')).toBe('preencha a variável {{1}}');
    expect(readableServerError('template: "aviso" (pt_BR) is not an approved template of this account; sync the templates or choose another', 'pt-BR')).toBe(
      '“aviso” (pt_BR) não é um modelo aprovado desta conta; sincronize os modelos ou escolha outro',
    );
    expect(localizeServerMessage('number the variables in order: {{1}}, {{2}}', 'pt-BR')).toBe('numere as variáveis em ordem: {{1}}, {{2}}');
    expect(localizeServerMessage('type an example value for {{nome}}', 'pt-BR')).toBe('digite um valor de exemplo para {{nome}}');
    expect(localizeServerMessage('Meta error 100, subcode 2388024: Content in this language already exists (fbtrace_id Ab1)', 'pt-BR')).toBe('a Meta recusou: já existe um modelo com este nome neste idioma');
    expect(localizeServerMessage('Meta error 100: Invalid parameter: name is too long (fbtrace_id Ab1)', 'pt-BR')).toBe('a Meta recusou (erro 100): Invalid parameter: name is too long');
  });

  it('keeps unknown messages as they are', () => {
    expect(localizeServerMessage('something odd', 'pt-BR')).toBe('something odd');
  });
});

describe('readableServerError', () => {
  it('drops a plain field name and localizes what it says', () => {
    expect(readableServerError('text: type a message or attach a file', 'pt-BR')).toBe('digite uma mensagem ou anexe um arquivo');
    expect(readableServerError('text: type a message or attach a file', 'en')).toBe('type a message or attach a file');
    expect(readableServerError('agentId: Ana Lima is not a member of Vendas', 'pt-BR')).toBe('Ana Lima não faz parte de Vendas');
    expect(readableServerError('file: larger than 16 MB', 'pt-BR')).toBe('arquivo maior que 16 MB');
    expect(readableServerError('file: unknown type cannot be sent on WhatsApp', 'pt-BR')).toBe('este tipo de arquivo não pode ser enviado pelo WhatsApp');
  });

  it('keeps paths into a document, and each line of a list', () => {
    const msg = 'groups[0].blocks[1].options.text: type the text\nsomeone else is already serving this conversation';
    expect(readableServerError(msg, 'pt-BR')).toBe('groups[0].blocks[1].options.text: type the text\noutra pessoa já está atendendo esta conversa');
  });
});

describe("zod's size messages", () => {
  it('read in Portuguese when the server refuses a value over its limit, and in a form', () => {
    const english = z.string().max(4096).safeParse('x'.repeat(5000)).error!.issues[0].message;
    expect(readableServerError(`text: ${english}`, 'pt-BR')).toBe('use no máximo 4096 caracteres');
    expect(readableServerError(`text: ${english}`, 'en')).toBe('Too big: expected string to have <=4096 characters');
    const inForm = z.string().max(4096).safeParse('x'.repeat(5000), { error: zodMessages['pt-BR'] }).error!.issues[0].message;
    expect(inForm).toBe('use no máximo 4096 caracteres');
    // What the Portuguese table does not word still comes out in zod's own Portuguese.
    const other = z.string().startsWith('a').safeParse('b', { error: zodMessages['pt-BR'] }).error!.issues[0].message;
    expect(other).not.toMatch(/must start/);
  });
});

