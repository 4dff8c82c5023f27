// Why an import was refused, for the person importing: the document inside the export file is
// checked here as the server checks a draft, in the reader's language, so the list names fields
// of the flow (groups[0].position), never of the `{name, document}` wrapper around it.
import { readFlowExport, safeParseFlowDocument, type FlowIssue } from '../../../blocks/flow.js';
import type { Locale } from '../i18n.js';
import { localizeServerMessage } from '../server-errors.js';
import { zodMessages } from '../zod-messages.js';

export function importProblems(text: string, serverIssues: readonly FlowIssue[], locale: Locale): FlowIssue[] {
  let local: FlowIssue[] = [];
  try {
    const r = safeParseFlowDocument(readFlowExport(JSON.parse(text)).document, { draft: true, error: zodMessages[locale] });
    if (!r.ok) local = r.issues;
  } catch {
    // Not JSON, or a document from a newer Ozia: the server's reasons say so.
  }
  // The server may refuse what passes here (its size limit): then its own reasons stand.
  if (local.length) return local;
  return serverIssues.map((i) => ({ path: i.path, message: localizeServerMessage(i.message, locale) }));
}
