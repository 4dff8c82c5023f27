// The variables of a provider message template's text (WhatsApp: `{{1}}`, `{{2}}` or named
// `{{nome}}`) and that text with values in. One piece for the server (what a template send reads
// as on the transcript) and the editor (the live previews of Settings and the Inbox).

const VARIABLE = /{{\s*([^{}]*?)\s*}}/g;

/** The variable names of a text, in order of first appearance. */
export function templateVariableNames(text: string): string[] {
  const seen: string[] = [];
  for (const m of text.matchAll(VARIABLE)) if (!seen.includes(m[1])) seen.push(m[1]);
  return seen;
}

/** The text with each variable's value in; a variable without a value stays as `{{name}}`. */
export function fillTemplateText(text: string, value: (name: string) => string | undefined): string {
  return text.replace(VARIABLE, (whole, name: string) => value(name)?.trim() || whole);
}

/** How a template reads on WhatsApp, as plain text with WhatsApp formatting: a bold header, the body, an italic footer. */
export function templateReading(parts: { header?: string; body: string; footer?: string }): string {
  return [parts.header ? `*${parts.header}*` : '', parts.body, parts.footer ? `_${parts.footer}_` : ''].filter(Boolean).join('\n\n');
}
