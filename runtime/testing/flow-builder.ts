// A terse way for tests and benches to write flow documents.
import { CURRENT_SCHEMA_VERSION, parseFlowDocument, type FlowDocument } from '../../blocks/flow.js';

type B = { id: string; kind: string; options?: Record<string, unknown> };
type G = { id: string; title?: string; blocks: B[] };
type E = { from: { blockId: string; itemId?: string; path?: 'fallback' } | { eventId: string }; to: { groupId: string; blockId?: string } };

export function buildFlow(input: {
  groups: G[];
  edges?: E[];
  variables?: string[];
  keywords?: { id: string; keywords: string[]; groupId: string; match?: 'exact' | 'contains' | 'starts_with' }[];
  settings?: Record<string, unknown>;
  /** Connect the start event to this group (default: the first group). */
  start?: string | null;
}): FlowDocument {
  const edges: unknown[] = [];
  const startGroup = input.start === undefined ? input.groups[0]?.id : input.start;
  if (startGroup) edges.push({ id: 'e_start', from: { eventId: 'start' }, to: { groupId: startGroup } });
  (input.edges ?? []).forEach((e, i) => edges.push({ id: `e${i}`, ...e }));
  const events: unknown[] = [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }];
  for (const k of input.keywords ?? []) {
    events.push({ id: k.id, kind: 'keyword', position: { x: 0, y: 100 }, keywords: k.keywords, match: k.match ?? 'exact' });
    edges.push({ id: `e_${k.id}`, from: { eventId: k.id }, to: { groupId: k.groupId } });
  }
  return parseFlowDocument({
    schemaVersion: CURRENT_SCHEMA_VERSION,
    groups: input.groups.map((g, i) => ({
      id: g.id,
      title: g.title ?? g.id,
      position: { x: i * 300, y: 0 },
      blocks: g.blocks.map((b) => ({ id: b.id, kind: b.kind, options: b.options ?? {} })),
    })),
    edges,
    events,
    variables: (input.variables ?? []).map((name) => ({ id: name, name })),
    settings: input.settings ?? {},
  });
}

export const text = (id: string, value: string): B => ({ id, kind: 'bubble-text', options: { text: value } });

/**
 * A menu of `n` buttons ("Opção 1", "Financeiro", "Opção 3"…): each answers "escolheu <label>"
 * and asks again. The channel tests send it to see buttons, lists and numbered text.
 */
export function choiceFlow(n: number): FlowDocument {
  const items = Array.from({ length: n }, (_, i) => ({ id: `i${i + 1}`, label: i === 1 ? 'Financeiro' : `Opção ${i + 1}` }));
  return buildFlow({
    groups: [
      { id: 'menu', blocks: [{ id: 'b', kind: 'input-buttons', options: { prompt: 'Com quem quer falar?', items } }] },
      ...items.map((item, i) => ({ id: `g${i + 1}`, blocks: [text(`t${i + 1}`, `escolheu ${item.label}`), { id: `j${i + 1}`, kind: 'jump', options: { target: { groupId: 'menu' } } }] })),
    ],
    edges: items.map((item, i) => ({ from: { blockId: 'b', itemId: item.id }, to: { groupId: `g${i + 1}` } })),
  });
}
