import { describe, expect, it } from 'vitest';
import { previewOf, readSurveyAnswer, withSignature } from './messages.js';

describe('survey answers', () => {
  it.each([
    ['5', 5, null],
    ['5 muito bom', 5, 'muito bom'],
    ['4 - demorou um pouco', 4, 'demorou um pouco'],
    ['nota 3', 3, null],
    ['2/5', 2, null],
    ['1 de 5, péssimo', 1, 'péssimo'],
    ['⭐⭐⭐⭐', 4, null],
    ['cinco, adorei', 5, 'adorei'],
    ['Four', 4, null],
  ])('%s → %s', (text, score, comment) => {
    expect(readSurveyAnswer(text)).toEqual({ score, comment });
  });

  it.each(['6', '0', '10', 'oi', 'quero falar com alguém', '12 horas', ''])('"%s" is not an answer', (text) => {
    expect(readSurveyAnswer(text)).toBeNull();
  });
});

describe('signatures', () => {
  it('puts the name in bold on its own line, for text and for captions', () => {
    expect(withSignature({ type: 'text', text: 'Oi!' }, 'Ana Souza')).toEqual({ type: 'text', text: '*Ana Souza:*\nOi!' });
    expect(withSignature({ type: 'image', url: '/f', caption: 'segue' }, 'Ana')).toEqual({ type: 'image', url: '/f', caption: '*Ana:*\nsegue' });
    expect(withSignature({ type: 'document', url: '/f' }, 'Ana')).toEqual({ type: 'document', url: '/f', caption: '*Ana:*' });
  });

  it('a name cannot break the formatting', () => {
    expect(withSignature({ type: 'text', text: 'x' }, '*Ana*_\nS')).toEqual({ type: 'text', text: '*Ana   S:*\nx' });
  });
});

describe('previews', () => {
  it('one line, cut at 140 characters; media by icon and caption', () => {
    expect(previewOf({ type: 'text', text: 'linha 1\n\nlinha 2' })).toBe('linha 1 linha 2');
    expect(previewOf({ type: 'text', text: 'a'.repeat(200) })).toHaveLength(140);
    expect(previewOf({ type: 'image', url: '/x', caption: 'foto' })).toBe('📷 foto');
  });
});
