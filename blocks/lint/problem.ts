// What the linter reports and how a rule is shaped. A rule is one file under rules/: the
// integration blocks to come add a rule, not a branch in one long function.
import type { FlowDocument } from '../flow.js';
import type { BlockInfo, FlowIndex } from './flow-index.js';

export type Severity = 'error' | 'warning';

export interface Problem {
  severity: Severity;
  code: string;
  message: { en: string; 'pt-BR': string };
  groupId?: string;
  blockId?: string;
  edgeId?: string;
  eventId?: string;
}

/** A rule over the whole flow (edges, groups, reachability). */
export interface FlowRule {
  scope: 'flow';
  check(ix: FlowIndex): Problem[];
}

/** A rule over one block, called for every block in document order. */
export interface BlockRule {
  scope: 'block';
  check(info: BlockInfo, ix: FlowIndex): Problem[];
}

export type LintRule = FlowRule | BlockRule;

/** Where a problem sits in the document, as in validation issues: `groups[1].blocks[0]`, `edges[3]`. */
export function problemPath(doc: FlowDocument, p: Problem): string {
  if (p.groupId !== undefined || p.blockId !== undefined) {
    for (let gi = 0; gi < doc.groups.length; gi++) {
      const g = doc.groups[gi];
      if (p.blockId !== undefined) {
        const bi = g.blocks.findIndex((b) => b.id === p.blockId);
        if (bi >= 0 && (p.groupId === undefined || g.id === p.groupId)) return `groups[${gi}].blocks[${bi}]`;
      } else if (g.id === p.groupId) return `groups[${gi}]`;
    }
  }
  if (p.edgeId !== undefined) {
    const i = doc.edges.findIndex((e) => e.id === p.edgeId);
    if (i >= 0) return `edges[${i}]`;
  }
  if (p.eventId !== undefined) {
    const i = doc.events.findIndex((e) => e.id === p.eventId);
    if (i >= 0) return `events[${i}]`;
  }
  if (p.groupId !== undefined) {
    const gi = doc.groups.findIndex((g) => g.id === p.groupId);
    if (gi >= 0) return `groups[${gi}]`;
  }
  return '';
}
