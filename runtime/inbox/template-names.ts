// The names the Inbox fills in the texts it sends: department greetings, quick replies, and
// (through the Agent block) the waiting and out-of-hours messages. One spelling each, dotted
// like the flows' own `{{contact.name}}`:
//
//   {{contact.name}}  {{contact.phone}}  {{agent.name}}  {{department.name}}
//   {{opening}} (when a closed department opens)  {{position}} (place in the queue)
//
// Greetings used to say `{{agent}}` and `{{department}}`; texts saved that way keep rendering.
import { contactScope, renderTemplate } from '../templating.js';

/** Old spelling → the one used everywhere now. */
const LEGACY_NAMES: Record<string, string> = { agent: 'agent.name', department: 'department.name' };

/**
 * Rewrites legacy names inside `{{…}}` (bare or as helper arguments, never inside quotes) to
 * the current ones. `{{agent.name}}`, `{{@agent}}` and `{{agents}}` are left as they are.
 */
export function withCurrentNames(source: string): string {
  if (!source.includes('{{')) return source;
  return source.replace(/{{([^}]*)}}/g, (whole, inner: string) => {
    const parts = inner.split(/("[^"]*"|'[^']*')/);
    const rewritten = parts.map((p, i) =>
      i % 2 === 1 ? p : p.replace(/(^|[\s(#/])([\p{L}_][\p{L}\p{N}_]*)(?![\p{L}\p{N}_.])/gu, (m, pre: string, name: string) => (LEGACY_NAMES[name] ? pre + LEGACY_NAMES[name] : m)),
    );
    return `{{${rewritten.join('')}}}`;
  });
}

export interface InboxTemplateParts {
  contact?: { name: string | null; phone: string | null; id: string; fields?: Record<string, string | number | boolean> };
  agent?: { name: string };
  department?: { name: string };
}

/** The scope those names read from. */
export function inboxScope(parts: InboxTemplateParts): Record<string, unknown> {
  const scope: Record<string, unknown> = {};
  if (parts.contact) scope.contact = contactScope(parts.contact);
  if (parts.agent) scope.agent = { name: parts.agent.name };
  if (parts.department) scope.department = { name: parts.department.name };
  return scope;
}

/** Renders an Inbox text: legacy names read as current ones, over `base` (a flow's variables) and the Inbox's parts. */
export function renderInboxText(source: string, parts: InboxTemplateParts, base: Record<string, unknown> = {}): string {
  return renderTemplate(withCurrentNames(source), { ...base, ...inboxScope(parts) });
}
