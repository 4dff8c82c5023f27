import { describe, expect, it } from 'vitest';
import { localizeServerMessage, readableServerError } from './server-errors.js';

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
