// The flow document: typed JSON that the canvas saves and the engine runs.
// Validated on every write and every read; older documents are migrated forward first.
import { z } from 'zod';
import { blockSchemas } from './schemas.js';

export const CURRENT_SCHEMA_VERSION = 2;

const id = z.string().min(1, 'must not be empty').max(100);
const position = z.object({ x: z.number(), y: z.number() });

export const blockSchema = z.object({
  id,
  kind: z.string().min(1),
  options: z.unknown(),
});
export type Block = { id: string; kind: string; options: any };

export const groupSchema = z.object({
  id,
  title: z.string().max(200).default(''),
  position,
  blocks: z.array(blockSchema),
});
export type Group = { id: string; title: string; position: { x: number; y: number }; blocks: Block[] };

export const edgeSourceSchema = z.union([
  z.object({ eventId: id }).strict(),
  z.object({ blockId: id, itemId: id }).strict(),
  z.object({ blockId: id, path: z.literal('fallback') }).strict(),
  z.object({ blockId: id }).strict(),
]);
export type EdgeSource =
  | { eventId: string }
  | { blockId: string; itemId: string }
  | { blockId: string; path: 'fallback' }
  | { blockId: string };

export const edgeSchema = z.object({
  id,
  from: edgeSourceSchema,
  to: z.object({ groupId: id, blockId: id.optional() }).strict(),
});
export type Edge = z.output<typeof edgeSchema>;

export const eventSchema = z.discriminatedUnion('kind', [
  z.object({ id, kind: z.literal('start'), position }),
  z.object({
    id,
    kind: z.literal('keyword'),
    position,
    keywords: z.array(z.string().trim().min(1, 'a keyword must not be empty')).min(1, 'add at least one keyword'),
    match: z.enum(['exact', 'contains', 'starts_with']).default('exact'),
  }),
]);
export type FlowEvent = z.output<typeof eventSchema>;

export const variableSchema = z.object({
  id,
  name: z
    .string()
    .min(1, 'must not be empty')
    .max(60)
    .regex(/^[\p{L}_][\p{L}\p{N}_]*$/u, 'use letters, digits and _ only, not starting with a digit'),
});
export type FlowVariable = z.output<typeof variableSchema>;

export const settingsSchema = z.object({
  /** Minutes of silence after which the next message starts the flow afresh. 0 = never. */
  sessionTimeoutMinutes: z.number().int().min(0).max(60 * 24 * 90).default(60 * 24),
  /** Delay a channel shows "typing…" before each bot message. */
  typingDelayMs: z.number().int().min(0).max(10_000).default(0),
  /** Sent when the flow fails (a loop past the step limit, a block error). */
  fallbackMessage: z.string().max(4096).default(''),
  /** Sent when an input's answer is invalid and the input has no retry message of its own. */
  retryMessage: z.string().max(4096).default(''),
  /** Invalid answers before an input takes its fallback path. */
  maxRetries: z.number().int().min(0).max(20).default(3),
  /** Blocks one turn may run before the engine stops it as a loop. */
  stepLimit: z.number().int().min(10).max(10_000).default(500),
  timeZone: z.string().default('America/Sao_Paulo'),
  locale: z.enum(['pt-BR', 'en']).default('pt-BR'),
});
export type FlowSettings = z.output<typeof settingsSchema>;

export const flowDocumentSchema = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  groups: z.array(groupSchema),
  edges: z.array(edgeSchema),
  events: z.array(eventSchema),
  variables: z.array(variableSchema),
  settings: settingsSchema.default(() => settingsSchema.parse({})),
});
export interface FlowDocument {
  schemaVersion: typeof CURRENT_SCHEMA_VERSION;
  groups: Group[];
  edges: Edge[];
  events: FlowEvent[];
  variables: FlowVariable[];
  settings: FlowSettings;
}

export interface FlowIssue {
  path: string;
  message: string;
}

/** `groups[2].blocks[0].options.variableId` from zod's path array. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out === '' ? String(p) : `.${String(p)}`;
  }
  return out;
}

export class FlowValidationError extends Error {
  constructor(readonly issues: FlowIssue[]) {
    super(issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n'));
    this.name = 'FlowValidationError';
  }
}

// --- migrations ----------------------------------------------------------------------------

/**
 * Version 1 (the first prototype format) had `version` instead of `schemaVersion`, `type`
 * instead of `kind` on blocks, edges as `{source, sourceItem?, target}` pointing at groups,
 * variables as a list of names, and no events (the first group was the start).
 */
function migrateV1toV2(doc: any): any {
  const groups = Array.isArray(doc.groups) ? doc.groups : [];
  const varNames: unknown[] = Array.isArray(doc.variables) ? doc.variables : [];
  const variables = varNames.map((v, i) =>
    typeof v === 'string' ? { id: `var_${i + 1}`, name: v } : v,
  );
  const byName = new Map(variables.map((v: any) => [v.name, v.id]));
  const renameVar = (o: any) => {
    if (o && typeof o === 'object' && typeof o.variable === 'string') {
      const { variable, ...rest } = o;
      return { ...rest, variableId: byName.get(variable) ?? variable };
    }
    return o;
  };
  const edges = (Array.isArray(doc.edges) ? doc.edges : []).map((e: any, i: number) => ({
    id: e.id ?? `edge_${i + 1}`,
    from: e.sourceItem ? { blockId: e.source, itemId: e.sourceItem } : { blockId: e.source },
    to: { groupId: e.target },
  }));
  const events: any[] = [];
  if (groups[0]) {
    events.push({ id: 'start', kind: 'start', position: { x: -200, y: 0 } });
    edges.push({ id: 'edge_start', from: { eventId: 'start' }, to: { groupId: groups[0].id } });
  }
  return {
    schemaVersion: 2,
    groups: groups.map((g: any) => ({
      ...g,
      blocks: (g.blocks ?? []).map((b: any) => ({ id: b.id, kind: b.type ?? b.kind, options: renameVar(b.options ?? {}) })),
    })),
    edges,
    events,
    variables,
    settings: doc.settings ?? {},
  };
}

const migrations: Record<number, (doc: any) => any> = { 1: migrateV1toV2 };

function versionOf(doc: any): number | null {
  if (doc && typeof doc === 'object') {
    if (typeof doc.schemaVersion === 'number') return doc.schemaVersion;
    if (typeof doc.version === 'number') return doc.version;
  }
  return null;
}

export function migrateFlowDocument(input: unknown): unknown {
  let doc: any = input;
  let v = versionOf(doc);
  if (v === null) return doc; // let validation name the missing field
  if (v > CURRENT_SCHEMA_VERSION) {
    throw new FlowValidationError([
      { path: 'schemaVersion', message: `version ${v} is newer than this Ozia understands (${CURRENT_SCHEMA_VERSION})` },
    ]);
  }
  while (v < CURRENT_SCHEMA_VERSION) {
    const step = migrations[v];
    if (!step) throw new FlowValidationError([{ path: 'schemaVersion', message: `no migration from version ${v}` }]);
    doc = step(doc);
    v = versionOf(doc)!;
  }
  return doc;
}

// --- validation ----------------------------------------------------------------------------

/** How zod words its generic messages (the editor passes its language's). */
export interface ParseOptions {
  error?: z.core.$ZodErrorMap;
  /**
   * A draft keeps what the author drew: a block whose options do not parse (a Condition branch
   * with no variable yet, a Wait with no amount) is kept as typed, for the linter to report and
   * publishing to refuse. The structure (ids, groups, edges, events, variables) is still checked,
   * so nothing corrupt is stored.
   */
  draft?: boolean;
}

/**
 * Structure, then each block's options against its kind's schema, then edge references (blocks,
 * items, groups). Jump targets are left to linting, so a draft may point at a group being drawn.
 * Returns the parsed document with defaults filled in.
 */

export function parseFlowDocument(input: unknown, opts: ParseOptions = {}): FlowDocument {
  const migrated = migrateFlowDocument(input);
  const base = flowDocumentSchema.safeParse(migrated, { error: opts.error });
  if (!base.success) {
    throw new FlowValidationError(
      base.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    );
  }
  const doc = base.data as FlowDocument;
  const issues: FlowIssue[] = [];
  const blockIds = new Set<string>();
  const groupIds = new Set<string>();
  const items = new Map<string, Set<string>>();
  const blockKinds = new Map<string, string>();
  /** Blocks of a draft whose options were kept as typed. */
  const kept = new Set<string>();

  doc.groups.forEach((g, gi) => {
    if (groupIds.has(g.id)) issues.push({ path: `groups[${gi}].id`, message: `duplicate group id "${g.id}"` });
    groupIds.add(g.id);
    g.blocks.forEach((b, bi) => {
      const path = `groups[${gi}].blocks[${bi}]`;
      if (blockIds.has(b.id)) issues.push({ path: `${path}.id`, message: `duplicate block id "${b.id}"` });
      blockIds.add(b.id);
      const def = blockSchemas[b.kind];
      if (!def) {
        issues.push({ path: `${path}.kind`, message: `unknown block kind "${b.kind}"` });
        return;
      }
      blockKinds.set(b.id, b.kind);
      if (def.upgrade) b.options = def.upgrade(b.options ?? {});
      const parsed = def.options.safeParse(b.options ?? {}, { error: opts.error });
      if (!parsed.success) {
        // Its items cannot be known, so edges from them are left to the linter as well.
        if (opts.draft) {
          kept.add(b.id);
          return;
        }
        for (const i of parsed.error.issues) {
          issues.push({ path: formatPath(['groups', gi, 'blocks', bi, 'options', ...i.path]), message: i.message });
        }
        return;
      }
      b.options = parsed.data;
      if (def.items) items.set(b.id, new Set(def.items(parsed.data as never).map((it) => it.id)));
    });
  });

  const varIds = new Set<string>();
  doc.variables.forEach((v, i) => {
    if (varIds.has(v.id)) issues.push({ path: `variables[${i}].id`, message: `duplicate variable id "${v.id}"` });
    varIds.add(v.id);
  });

  const eventIds = new Set(doc.events.map((e) => e.id));
  doc.edges.forEach((e, i) => {
    const path = `edges[${i}]`;
    if ('eventId' in e.from) {
      if (!eventIds.has(e.from.eventId)) issues.push({ path: `${path}.from.eventId`, message: `no event "${e.from.eventId}"` });
    } else if (!blockIds.has(e.from.blockId)) {
      issues.push({ path: `${path}.from.blockId`, message: `no block "${e.from.blockId}"` });
    } else if ('itemId' in e.from && !kept.has(e.from.blockId) && !items.get(e.from.blockId)?.has(e.from.itemId)) {
      issues.push({ path: `${path}.from.itemId`, message: `block "${e.from.blockId}" has no item "${e.from.itemId}"` });
    }
    if (!groupIds.has(e.to.groupId)) issues.push({ path: `${path}.to.groupId`, message: `no group "${e.to.groupId}"` });
    else if (e.to.blockId) {
      const g = doc.groups.find((x) => x.id === e.to.groupId)!;
      if (!g.blocks.some((b) => b.id === e.to.blockId)) {
        issues.push({ path: `${path}.to.blockId`, message: `group "${e.to.groupId}" has no block "${e.to.blockId}"` });
      }
    }
  });
  if (issues.length) throw new FlowValidationError(issues);
  return doc;
}

export function safeParseFlowDocument(
  input: unknown,
  opts: ParseOptions = {},
): { ok: true; doc: FlowDocument } | { ok: false; issues: FlowIssue[] } {
  try {
    return { ok: true, doc: parseFlowDocument(input, opts) };
  } catch (e) {
    if (e instanceof FlowValidationError) return { ok: false, issues: e.issues };
    throw e;
  }
}

/**
 * What an import holds: the export format `{name, document}` or a bare document. The server and
 * the editor's import dialog read it alike, so both check the document, not the wrapper.
 */
export function readFlowExport(data: unknown): { name: string | null; document: unknown } {
  if (data && typeof data === 'object' && !Array.isArray(data) && 'document' in data) {
    const { name, document } = data as { name?: unknown; document: unknown };
    return { name: typeof name === 'string' && name.trim() ? name : null, document };
  }
  return { name: null, document: data };
}

/** A new flow: a start event wired to an empty first group, in the author's language. */
export function emptyFlowDocument(locale: FlowSettings['locale'] = 'pt-BR'): FlowDocument {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    groups: [{ id: 'group_1', title: locale === 'en' ? 'Start' : 'Início', position: { x: 250, y: 0 }, blocks: [] }],
    edges: [{ id: 'edge_start', from: { eventId: 'start' }, to: { groupId: 'group_1' } }],
    events: [{ id: 'start', kind: 'start', position: { x: 0, y: 0 } }],
    variables: [],
    settings: settingsSchema.parse({ locale }),
  };
}
