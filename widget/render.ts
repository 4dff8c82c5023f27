// How one transcript row reads in the chat: text, media, real buttons and picture cards.
import type { WidgetTexts } from './texts.js';

export interface Frame {
  id: number;
  direction: 'in' | 'out';
  author: 'contact' | 'bot' | 'agent' | 'system' | 'phone';
  agentName: string | null;
  body: Body;
  clientId: string | null;
  createdAt: string;
  status: string;
}

interface Item {
  id: string;
  label: string;
  description?: string;
  imageUrl?: string;
}

type Body = { type: string; text?: string; caption?: string; url?: string; fileName?: string; multiple?: boolean; items?: Item[]; more?: { url: string; name?: string; kind: string }[] };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = '', text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** WhatsApp's *bold*, _italic_ and ~strike~, which flows are written with; built as nodes, never as HTML. */
export function formatted(text: string, cls = 'text'): HTMLParagraphElement {
  const p = el('p', cls);
  for (const part of text.split(/(\*[^*\n]+\*|_[^_\n]+_|~[^~\n]+~)/g)) {
    if (!part) continue;
    const tag = part.length > 2 ? ({ '*': 'strong', _: 'em', '~': 's' } as const)[part[0] as '*' | '_' | '~'] : undefined;
    if (tag && part.endsWith(part[0])) p.append(el(tag, '', part.slice(1, -1)));
    else p.append(document.createTextNode(part));
  }
  return p;
}

/** Only Ozia's own paths and https links are followed (a body could hold anything). */
const safeUrl = (url: string | undefined) => (url && (/^\/api\/files\//.test(url) || /^https:\/\//.test(url)) ? url : null);

function media(kind: string, url: string | null, name: string | undefined, t: WidgetTexts): HTMLElement {
  if (!url) return el('p', 'text', name ?? kind);
  if (kind === 'image' || kind === 'sticker') {
    const img = el('img', 'image');
    img.src = url;
    img.alt = name ?? '';
    img.loading = 'lazy';
    return img;
  }
  if (kind === 'video' || kind === 'audio') {
    const m = el(kind, kind);
    m.src = url;
    m.controls = true;
    m.preload = 'metadata';
    return m;
  }
  const a = el('a', 'document', `📄 ${name ?? t.download}`);
  a.href = url;
  a.target = '_blank';
  a.rel = 'noopener noreferrer';
  a.download = name ?? '';
  return a;
}

export function renderBody(body: Body, t: WidgetTexts, answer: (choiceIds: string[], text: string) => void): HTMLElement {
  const box = el('div', 'body');
  switch (body.type) {
    case 'text':
      box.append(formatted(body.text ?? ''));
      break;
    case 'choice': {
      if (body.text) box.append(formatted(body.text));
      const items = body.items ?? [];
      const pictures = items.some((i) => i.imageUrl);
      const list = el('div', pictures ? 'cards' : 'buttons');
      const chosen = new Set<string>();
      for (const item of items) {
        const b = el('button', pictures ? 'card' : 'choice');
        b.type = 'button';
        const img = safeUrl(item.imageUrl);
        if (pictures && img) {
          const pic = el('img');
          pic.src = img;
          pic.alt = '';
          b.append(pic);
        }
        b.append(el('span', 'label', item.label));
        if (item.description) b.append(el('span', 'description', item.description));
        b.addEventListener('click', () => {
          if (!body.multiple) return answer([item.id], item.label);
          if (chosen.has(item.id)) chosen.delete(item.id);
          else chosen.add(item.id);
          b.setAttribute('aria-pressed', String(chosen.has(item.id)));
        });
        if (body.multiple) b.setAttribute('aria-pressed', 'false');
        list.append(b);
      }
      box.append(list);
      if (body.multiple) {
        const done = el('button', 'choice submit', t.sendChoices);
        done.type = 'button';
        done.addEventListener('click', () => {
          if (!chosen.size) return;
          const picked = items.filter((i) => chosen.has(i.id));
          answer(
            picked.map((i) => i.id),
            picked.map((i) => i.label).join(', '),
          );
        });
        box.append(done);
      }
      break;
    }
    case 'image':
    case 'video':
    case 'audio':
    case 'document':
    case 'sticker':
      box.append(media(body.type, safeUrl(body.url), body.fileName, t));
      for (const m of body.more ?? []) box.append(media(m.kind, safeUrl(m.url), m.name, t));
      if (body.caption) box.append(formatted(body.caption));
      break;
    default:
      box.append(el('p', 'text', body.text ?? body.caption ?? ''));
  }
  return box;
}
