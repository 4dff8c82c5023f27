// Flow linting: problems an author should see before publishing (errors block publishing,
// warnings do not). Pure and browser-safe, so the editor can lint on every change and the
// server can refuse to publish a broken flow with the very same rules.
//
// The rules follow the engine (runtime/engine/step.ts): a block continues by its explicit
// default edge, else by the next block of its group, else the flow ends; an item without an
// edge falls back to the default path; an input takes its fallback edge after too many invalid
// answers; a Jump goes to options.target. Each rule lives in rules/; a new block family adds a
// rule file and a line below.
import type { FlowDocument } from '../flow.js';
import { indexFlow } from './flow-index.js';
import type { BlockRule, LintRule, Problem } from './problem.js';
import { contactBlock } from './rules/contact.js';
import { deadEndInput, emptyButtons, unconnectedFallback } from './rules/inputs.js';
import { jumpTargets } from './rules/jumps.js';
import { placeholderMedia } from './rules/media.js';
import { unreachableGroup } from './rules/reachability.js';
import { departmentMissing, variableReferences } from './rules/references.js';
import { edgeTargetMissing, emptyGroup, invalidOptions, noStart, unknownKind } from './rules/structure.js';

export type { Problem, Severity } from './problem.js';
export { problemPath } from './problem.js';
export { templateVariableNames } from '../shared/template-names.js';

/** In the order their problems are listed (within a severity); block rules run block by block. */
export const LINT_RULES: readonly LintRule[] = [
  noStart,
  edgeTargetMissing,
  emptyGroup,
  unknownKind,
  emptyButtons,
  invalidOptions,
  deadEndInput,
  unconnectedFallback,
  jumpTargets,
  departmentMissing,
  contactBlock,
  placeholderMedia,
  variableReferences,
  unreachableGroup,
];

/**
 * Every problem of a flow document, errors first, each naming what to fix and carrying the ids
 * the editor focuses. Works on a parsed document and on the editor's transient draft alike
 * (dangling edges, invalid options): it never throws for flow content.
 */
export function lintFlow(doc: FlowDocument, rules: readonly LintRule[] = LINT_RULES): Problem[] {
  const ix = indexFlow(doc);
  const problems: Problem[] = [];
  // A run of block rules goes block by block, so one block's problems stay together.
  for (let i = 0; i < rules.length; ) {
    const rule = rules[i];
    if (rule.scope === 'flow') {
      problems.push(...rule.check(ix));
      i++;
      continue;
    }
    const run: BlockRule[] = [];
    for (; i < rules.length && rules[i].scope === 'block'; i++) run.push(rules[i] as BlockRule);
    for (const info of ix.infos) for (const r of run) problems.push(...r.check(info, ix));
  }
  // Errors first, each rule in document order.
  const rank = (p: Problem) => (p.severity === 'error' ? 0 : 1);
  return problems.map((p, i) => [p, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([p]) => p);
}
