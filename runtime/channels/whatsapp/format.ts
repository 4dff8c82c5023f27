// Markdown-ish text from flows to WhatsApp's own formatting (*bold*, _italic_, ~strike~,
// ```mono```). Authors who already write WhatsApp style (`*bold*`) keep it: a single asterisk
// is left alone, so only unambiguous Markdown is rewritten.

const PLACEHOLDER = '\u0000';

/** Rewrites Markdown bold/strike/code/links/headings to WhatsApp formatting; code is left untouched inside. */
export function toWhatsAppFormatting(text: string): string {
  const kept: string[] = [];
  const keep = (s: string) => `${PLACEHOLDER}${kept.push(s) - 1}${PLACEHOLDER}`;
  let out = text
    // Fenced blocks first: their content must not be reformatted.
    .replace(/```[^\n`]*\n([\s\S]*?)\n?```/g, (_m, code: string) => keep('```' + code + '```'))
    .replace(/```([\s\S]+?)```/g, (_m, code: string) => keep('```' + code + '```'))
    // Inline code: WhatsApp's monospace is the triple backtick.
    .replace(/`([^`\n]+)`/g, (_m, code: string) => keep('```' + code + '```'));
  out = out
    .replace(/\*\*(?=\S)([\s\S]*?\S)\*\*/g, '*$1*')
    .replace(/__(?=\S)([\s\S]*?\S)__/g, '*$1*')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '~$1~')
    .replace(/^#{1,6}\s+(.+?)\s*#*$/gm, '*$1*')
    .replace(/\[([^\]\n]+)\]\((https?:\/\/[^)\s]+)\)/g, (_m, label: string, url: string) => (label === url ? url : `${label} (${url})`));
  return out.replace(new RegExp(`${PLACEHOLDER}(\\d+)${PLACEHOLDER}`, 'g'), (_m, i: string) => kept[Number(i)]);
}
