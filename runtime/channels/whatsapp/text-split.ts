// Long texts for channels with a per-message limit. Split at the most natural boundary that
// fits (paragraph, line, sentence, word) so each message reads on its own; cut only as a last resort.

const BOUNDARIES: RegExp[] = [
  /\n\s*\n/g, // paragraphs
  /\n/g, // lines
  /(?<=[.!?…])\s+/g, // sentences
  /\s+/g, // words
];

function pieces(text: string, boundary: RegExp): string[] {
  return text.split(boundary).filter((p) => p.trim().length > 0);
}

function joinerOf(level: number): string {
  return level === 0 ? '\n\n' : level === 1 ? '\n' : ' ';
}

function splitAt(text: string, max: number, level: number): string[] {
  if (text.length <= max) return [text];
  if (level >= BOUNDARIES.length) {
    // One word longer than a message (a URL, a code): cut it by code points.
    const chars = Array.from(text);
    const out: string[] = [];
    for (let i = 0; i < chars.length; i += max) out.push(chars.slice(i, i + max).join(''));
    return out;
  }
  const parts = pieces(text, BOUNDARIES[level]).flatMap((p) => splitAt(p.trim(), max, level + 1));
  const joiner = joinerOf(level);
  const out: string[] = [];
  let current = '';
  for (const p of parts) {
    if (!current) current = p;
    else if (current.length + joiner.length + p.length <= max) current += joiner + p;
    else {
      out.push(current);
      current = p;
    }
  }
  if (current) out.push(current);
  return out;
}

/** The text as messages of at most `max` characters each, split at natural boundaries. */
export function splitText(text: string, max: number): string[] {
  if (max < 1) throw new Error('max must be positive');
  const trimmed = text.trim();
  if (!trimmed) return [];
  return splitAt(trimmed, max, 0);
}

/** The text cut to `max` characters at a word boundary when one is near, ending with "…". */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1;
  const head = text.slice(0, room);
  const space = head.search(/\s\S*$/);
  const cut = space > room / 2 ? head.slice(0, space) : head;
  return cut.trimEnd() + '…';
}
