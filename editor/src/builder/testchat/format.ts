// WhatsApp text formatting, parsed into tokens that React renders as elements (never as HTML):
// *bold*, _italic_, ~strike~, `inline code`, ```monospace``` (may span lines), line breaks and
// clickable http(s) / www. links. Pure: no DOM, no React.

export type Token =
  | { type: 'text'; text: string }
  | { type: 'bold' | 'italic' | 'strike'; children: Token[] }
  /** ```monospace``` (block-like, may hold line breaks) or `inline code`: shown verbatim. */
  | { type: 'mono' | 'code'; text: string }
  | { type: 'link'; href: string; text: string }
  | { type: 'br' };

type Marker = '*' | '_' | '~';
const STYLE: Record<Marker, 'bold' | 'italic' | 'strike'> = { '*': 'bold', _: 'italic', '~': 'strike' };

const URL_RE = /(?:https?:\/\/|www\.)[^\s<>"]+/gi;

/** A letter or digit in any script: markers glued to one are plain characters (snake_case, 2*3*4). */
const WORD = /[\p{L}\p{N}]/u;
const isWord = (c: string | undefined) => c !== undefined && WORD.test(c);
const isSpace = (c: string | undefined) => c !== undefined && /\s/.test(c);

/** Parses a message text into formatting tokens. */
export function parseWhatsApp(text: string): Token[] {
  const out: Token[] = [];
  // Monospace blocks first: nothing inside them is formatted, and they may span lines.
  const re = /```([\s\S]+?)```/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    pushLines(out, text.slice(last, m.index));
    out.push({ type: 'mono', text: m[1] });
    last = m.index + m[0].length;
  }
  pushLines(out, text.slice(last));
  return merge(out);
}

function pushLines(out: Token[], text: string) {
  if (!text) return;
  text.split(/\r?\n/).forEach((line, i) => {
    if (i > 0) out.push({ type: 'br' });
    out.push(...parseInline(line));
  });
}

interface Span {
  start: number;
  end: number;
}

/** Links in a line, with trailing punctuation (and closing markers) left outside. */
function linkSpans(line: string): Span[] {
  const spans: Span[] = [];
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(line); m; m = URL_RE.exec(line)) {
    // A link starts a word: "xwww.a.com" is not one.
    if (m.index > 0 && isWord(line[m.index - 1])) continue;
    let url = m[0];
    for (;;) {
      const c = url[url.length - 1];
      if (/[.,;:!?'*_~]/.test(c)) url = url.slice(0, -1);
      else if (c === ')' && count(url, '(') < count(url, ')')) url = url.slice(0, -1);
      else break;
    }
    if (/^(https?:\/\/|www\.)$/i.test(url) || url.length <= 4) continue;
    spans.push({ start: m.index, end: m.index + url.length });
  }
  return spans;
}

function count(s: string, c: string) {
  return s.split(c).length - 1;
}

export function linkHref(url: string): string {
  return /^https?:\/\//i.test(url) ? url : `https://${url}`;
}

function parseInline(line: string): Token[] {
  const links = linkSpans(line);
  const inLink = (i: number) => links.find((s) => i >= s.start && i < s.end);
  const out: Token[] = [];
  let text = '';
  const flush = () => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  let i = 0;
  while (i < line.length) {
    const link = inLink(i);
    if (link) {
      flush();
      const url = line.slice(link.start, link.end);
      out.push({ type: 'link', href: linkHref(url), text: url });
      i = link.end;
      continue;
    }
    const c = line[i];
    if (c === '`' && line[i + 1] !== '`') {
      const close = line.indexOf('`', i + 1);
      if (close > i + 1 && line[close + 1] !== '`') {
        flush();
        out.push({ type: 'code', text: line.slice(i + 1, close) });
        i = close + 1;
        continue;
      }
    }
    if ((c === '*' || c === '_' || c === '~') && opens(line, i)) {
      const close = findClose(line, i, c, inLink);
      if (close > 0) {
        flush();
        out.push({ type: STYLE[c], children: merge(parseInline(line.slice(i + 1, close))) });
        i = close + 1;
        continue;
      }
    }
    text += c;
    i++;
  }
  flush();
  return out;
}

/** An opening marker follows a non-word character (or the start) and precedes a non-space. */
function opens(line: string, i: number): boolean {
  const next = line[i + 1];
  return !isWord(line[i - 1]) && next !== undefined && !isSpace(next) && next !== line[i];
}

/** The first closing marker: after a non-space, before a non-word character (or the end), outside links. */
function findClose(line: string, open: number, marker: Marker, inLink: (i: number) => Span | undefined): number {
  for (let j = open + 2; j < line.length; j++) {
    const span = inLink(j);
    if (span) {
      j = span.end - 1;
      continue;
    }
    if (line[j] !== marker) continue;
    if (isSpace(line[j - 1]) || isWord(line[j + 1])) continue;
    // "**" is no formatting, and the marker must close the run it opened (not "*a**").
    if (line[j + 1] === marker) continue;
    return j;
  }
  return -1;
}

/** Joins adjacent text tokens. */
function merge(tokens: Token[]): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const prev = out[out.length - 1];
    if (t.type === 'text' && prev?.type === 'text') out[out.length - 1] = { type: 'text', text: prev.text + t.text };
    else if (t.type !== 'text' || t.text) out.push(t);
  }
  return out;
}

/** The text a token list reads as, without formatting (for titles and accessibility). */
export function plainText(tokens: Token[]): string {
  return tokens
    .map((t) => {
      switch (t.type) {
        case 'br':
          return '\n';
        case 'bold':
        case 'italic':
        case 'strike':
          return plainText(t.children);
        default:
          return t.text;
      }
    })
    .join('');
}

/**
 * A media or link address safe to put in src/href: http(s) or same-origin paths only.
 * Anything else (javascript:, data:, protocol-relative) gives null.
 */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const u = url.trim();
  if (/^https?:\/\/[^\s]+$/i.test(u)) return u;
  if (/^\/(?!\/)[^\s]*$/.test(u)) return u;
  return null;
}

/** A variable's value as the inspector shows it: unset as an em dash, lists as JSON. */
const isFile = (v: unknown): v is { fileId: string; name: string } =>
  !!v && typeof v === 'object' && typeof (v as { fileId?: unknown }).fileId === 'string' && typeof (v as { name?: unknown }).name === 'string';

export function formatValue(value: unknown): string {
  if (value === undefined || value === null) return '—';
  // A file the File input saved reads as its name, not as its JSON.
  if (isFile(value)) return `📎 ${value.name}`;
  if (Array.isArray(value) && value.length && value.every(isFile)) return value.map((f) => `📎 ${f.name}`).join(', ');
  if (Array.isArray(value)) return JSON.stringify(value);
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The file name a document shows: its own name, else the last segment of its address. */
export function fileNameOf(url: string, fileName?: string): string {
  if (fileName) return fileName;
  try {
    const path = new URL(url, 'http://x').pathname;
    const seg = decodeURIComponent(path.split('/').filter(Boolean).pop() ?? '');
    return seg || url;
  } catch {
    return url;
  }
}
