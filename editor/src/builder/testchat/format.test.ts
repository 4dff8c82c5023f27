// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fileNameOf, formatValue, parseWhatsApp, plainText, safeUrl, type Token } from './format.js';

const text = (t: string): Token => ({ type: 'text', text: t });

describe('parseWhatsApp', () => {
  it('keeps plain text as one token', () => {
    expect(parseWhatsApp('Olá, tudo bem?')).toEqual([text('Olá, tudo bem?')]);
    expect(parseWhatsApp('')).toEqual([]);
  });

  it('parses bold, italic and strike', () => {
    expect(parseWhatsApp('a *b* _c_ ~d~')).toEqual([
      text('a '),
      { type: 'bold', children: [text('b')] },
      text(' '),
      { type: 'italic', children: [text('c')] },
      text(' '),
      { type: 'strike', children: [text('d')] },
    ]);
  });

  it('nests styles', () => {
    expect(parseWhatsApp('*negrito _e itálico_*')).toEqual([
      { type: 'bold', children: [text('negrito '), { type: 'italic', children: [text('e itálico')] }] },
    ]);
  });

  it('formats next to punctuation and emoji', () => {
    expect(parseWhatsApp('da *Sua Empresa*.')).toEqual([text('da '), { type: 'bold', children: [text('Sua Empresa')] }, text('.')]);
    expect(parseWhatsApp('(*sim*)')).toEqual([text('('), { type: 'bold', children: [text('sim')] }, text(')')]);
    expect(parseWhatsApp('👉*ok*👈')).toEqual([text('👉'), { type: 'bold', children: [text('ok')] }, text('👈')]);
  });

  it('leaves markers inside words and around spaces alone', () => {
    expect(parseWhatsApp('snake_case_name')).toEqual([text('snake_case_name')]);
    expect(parseWhatsApp('2*3*4 = 24')).toEqual([text('2*3*4 = 24')]);
    expect(parseWhatsApp('* not bold *')).toEqual([text('* not bold *')]);
    expect(parseWhatsApp('*not bold *')).toEqual([text('*not bold *')]);
    expect(parseWhatsApp('**')).toEqual([text('**')]);
    expect(parseWhatsApp('a * b')).toEqual([text('a * b')]);
    expect(parseWhatsApp('*unclosed')).toEqual([text('*unclosed')]);
  });

  it('does not format across line breaks', () => {
    expect(parseWhatsApp('*um\ndois*')).toEqual([text('*um'), { type: 'br' }, text('dois*')]);
  });

  it('turns line breaks into br tokens, keeping empty lines', () => {
    expect(parseWhatsApp('a\n\nb')).toEqual([text('a'), { type: 'br' }, { type: 'br' }, text('b')]);
    expect(parseWhatsApp('a\r\nb')).toEqual([text('a'), { type: 'br' }, text('b')]);
  });

  it('keeps monospace blocks verbatim, across lines', () => {
    expect(parseWhatsApp('veja ```*não* _formata_\nlinha 2``` fim')).toEqual([
      text('veja '),
      { type: 'mono', text: '*não* _formata_\nlinha 2' },
      text(' fim'),
    ]);
  });

  it('parses inline code', () => {
    expect(parseWhatsApp('use `menu` agora')).toEqual([text('use '), { type: 'code', text: 'menu' }, text(' agora')]);
  });

  it('makes http(s) and www links clickable, without trailing punctuation', () => {
    expect(parseWhatsApp('Acesse https://ozia.dev/a_b_c?x=1.')).toEqual([
      text('Acesse '),
      { type: 'link', href: 'https://ozia.dev/a_b_c?x=1', text: 'https://ozia.dev/a_b_c?x=1' },
      text('.'),
    ]);
    expect(parseWhatsApp('www.exemplo.com.br, ok')).toEqual([
      { type: 'link', href: 'https://www.exemplo.com.br', text: 'www.exemplo.com.br' },
      text(', ok'),
    ]);
  });

  it('keeps balanced parentheses in links and drops an unbalanced closing one', () => {
    expect(parseWhatsApp('(ver https://pt.wikipedia.org/wiki/Foo_(bar))')).toEqual([
      text('(ver '),
      { type: 'link', href: 'https://pt.wikipedia.org/wiki/Foo_(bar)', text: 'https://pt.wikipedia.org/wiki/Foo_(bar)' },
      text(')'),
    ]);
  });

  it('formats around links and links inside formatting', () => {
    expect(parseWhatsApp('*https://a.com/x*')).toEqual([
      { type: 'bold', children: [{ type: 'link', href: 'https://a.com/x', text: 'https://a.com/x' }] },
    ]);
    // Underscores inside a link do not open italics.
    expect(parseWhatsApp('_veja https://a.com/a_b agora_')).toEqual([
      { type: 'italic', children: [text('veja '), { type: 'link', href: 'https://a.com/a_b', text: 'https://a.com/a_b' }, text(' agora')] },
    ]);
    // A marker right after a link closes the style it opened.
    expect(parseWhatsApp('_veja https://a.com/x_ ok')).toEqual([
      { type: 'italic', children: [text('veja '), { type: 'link', href: 'https://a.com/x', text: 'https://a.com/x' }] },
      text(' ok'),
    ]);
  });

  it('never links other schemes', () => {
    expect(parseWhatsApp('javascript:alert(1)')).toEqual([text('javascript:alert(1)')]);
    expect(parseWhatsApp('xhttps://a.com')).toEqual([text('xhttps://a.com')]);
  });

  it('keeps the hint line of a numbered-text fallback italic', () => {
    expect(parseWhatsApp('1. Sim\n_Responda com o número da opção._')).toEqual([
      text('1. Sim'),
      { type: 'br' },
      { type: 'italic', children: [text('Responda com o número da opção.')] },
    ]);
  });

  it('reads back as plain text', () => {
    expect(plainText(parseWhatsApp('*a* _b_\n```c```'))).toBe('a b\nc');
  });
});

describe('safeUrl', () => {
  it('accepts http(s) and same-origin paths only', () => {
    expect(safeUrl('https://cdn.example.com/a.png')).toBe('https://cdn.example.com/a.png');
    expect(safeUrl('http://x.y/z')).toBe('http://x.y/z');
    expect(safeUrl('/api/files/abc')).toBe('/api/files/abc');
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('data:image/png;base64,AAAA')).toBeNull();
    expect(safeUrl('//evil.example/x')).toBeNull();
    expect(safeUrl('')).toBeNull();
    expect(safeUrl(undefined)).toBeNull();
  });
});

describe('formatValue', () => {
  it('shows unset as an em dash, lists as JSON and the rest as text', () => {
    expect(formatValue(undefined)).toBe('—');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(['a', 1, true])).toBe('["a",1,true]');
    expect(formatValue('Ana')).toBe('Ana');
    expect(formatValue('')).toBe('""');
    expect(formatValue(42)).toBe('42');
    expect(formatValue(false)).toBe('false');
  });

  it('shows a saved file by its name, and a list of files by their names', () => {
    const file = (name: string) => ({ fileId: `id-${name}`, url: `/api/files/id-${name}`, name, mime: 'image/png', size: 10, kind: 'image' });
    expect(formatValue(file('foto.png'))).toBe('📎 foto.png');
    expect(formatValue([file('a.png'), file('b.pdf')])).toBe('📎 a.png, 📎 b.pdf');
  });
});

describe('fileNameOf', () => {
  it('prefers the given name, else the last path segment', () => {
    expect(fileNameOf('https://x.com/a/b.pdf', 'Contrato.pdf')).toBe('Contrato.pdf');
    expect(fileNameOf('https://x.com/docs/boleto%202024.pdf?x=1')).toBe('boleto 2024.pdf');
    expect(fileNameOf('https://x.com/')).toBe('https://x.com/');
  });
});
