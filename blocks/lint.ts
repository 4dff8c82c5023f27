// Flow linting: problems an author should see before publishing (errors block publishing,
// warnings do not). Pure and browser-safe, so the editor can lint on every change and the
// server can refuse to publish a broken flow with the very same rules.
//
// The rules follow the engine (runtime/engine/step.ts): a block continues by its explicit
// default edge, else by the next block of its group, else the flow ends; an item without an
// edge falls back to the default path; an input takes its fallback edge after too many invalid
// answers; a Jump goes to options.target.
import { z } from 'zod';
import type { BlockSchema, Localized } from './contract.js';
import { formatPath, type Block, type Edge, type FlowDocument, type Group } from './flow.js';
import { blockSchemaList, blockSchemas } from './schemas.js';
import { localizeSchemaMessage } from './schema-messages.js';

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

// --- template names ---------------------------------------------------------------------

/** Helpers registered by the runtime's templating plus Handlebars' built-ins: never variables. */
const HELPERS = new Set([
  'default',
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'and',
  'or',
  'not',
  'upper',
  'lower',
  'join',
  'length',
  'formatDate',
  'now',
  // Handlebars built-ins
  'if',
  'unless',
  'each',
  'with',
  'lookup',
  'log',
  'blockHelperMissing',
  'helperMissing',
]);

/** Block helpers whose body runs with another context: plain names inside are not variables. */
const CONTEXT_HELPERS = new Set(['each', 'with']);

/** Names the templating provides itself. */
const BUILT_IN_NAMES = new Set(['contact']);

const LITERAL = /^(?:true|false|null|undefined|-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;

// A mustache: escaped `\{{…}}` (literal), long and short comments, or `{{…}}` / `{{{…}}}`.
const MUSTACHE = /\\\{\{[\s\S]*?\}\}|\{\{!--[\s\S]*?--~?\}\}|\{\{~?![\s\S]*?\}\}|\{\{(\{?)([\s\S]*?)\}?\}\}/g;
// Inside a mustache: quoted strings, parentheses, hash keys (`key=`), `[segment]` paths, plain tokens.
const TOKEN = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\(|\)|[^\s()=[\]"']+=|(?:[^\s()=[\]"']*\[[^\]]*\])+[^\s()=[\]"']*|[^\s()=[\]"']+/g;

interface Frame {
  name: string;
  /** The body runs with another context (each, with, or a section over a variable). */
  changesContext: boolean;
}

/** First segment of a path token, or null when it is not a root variable reference. */
function rootName(token: string, frames: Frame[]): string | null {
  if (token.startsWith('"') || token.startsWith("'")) return null;
  if (LITERAL.test(token)) return null;
  if (token.startsWith('@')) return null;
  let t = token;
  let up = 0;
  while (t.startsWith('../')) {
    up++;
    t = t.slice(3);
  }
  if (t.startsWith('./')) t = t.slice(2);
  // `this.name` reads the current context like `name` does; `this` alone is the context itself.
  if (t.startsWith('this.') || t.startsWith('this/')) t = t.slice(5);
  if (t === 'this' || t === '.' || t === '') return null;
  // Inside each/with the context is the item, unless `../` climbs back to the root.
  const depth = frames.reduce((n, f) => n + (f.changesContext ? 1 : 0), 0);
  if (depth - up > 0) return null;
  let name: string;
  if (t.startsWith('[')) {
    const end = t.indexOf(']');
    name = end > 0 ? t.slice(1, end) : t.slice(1);
  } else {
    name = t.split(/[./[]/)[0];
  }
  name = name.trim();
  if (!name || BUILT_IN_NAMES.has(name)) return null;
  return name;
}

/**
 * The variable names a Handlebars template refers to, in order of first use: `{{name}}`,
 * helper arguments (`{{default city "—"}}`, `{{#if (eq plan "pro")}}`), hash values and the
 * first segment of paths (`{{order.status}}` -> `order`). Helper names, quoted and numeric
 * literals, `this`, `else`, `@data` and the built-in `contact.*` are skipped, and so are plain
 * names inside `{{#each}}` / `{{#with}}` bodies, which read the item rather than a variable.
 */
export function templateVariableNames(text: string): string[] {
  if (!text.includes('{{')) return [];
  // The editor lints on every change and block texts repeat: remember recent answers.
  const hit = namesCache.get(text);
  if (hit) return [...hit];
  const names = scanTemplate(text);
  if (namesCache.size >= NAMES_CACHE_LIMIT) namesCache.delete(namesCache.keys().next().value!);
  namesCache.set(text, names);
  return [...names];
}

const namesCache = new Map<string, string[]>();
const NAMES_CACHE_LIMIT = 5_000;
const SIMPLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

function scanTemplate(text: string): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const frames: Frame[] = [];
  const add = (token: string) => {
    const name = rootName(token, frames);
    if (name !== null && !seen.has(name)) {
      seen.add(name);
      names.push(name);
    }
  };

  for (const m of text.matchAll(MUSTACHE)) {
    if (m[2] === undefined) continue; // escaped or comment
    let body = m[2].trim();
    // Most mustaches are a bare `{{name}}`.
    if (SIMPLE_NAME.test(body) && !frames.length && m[1] === '') {
      if (!HELPERS.has(body) && body !== 'else' && body !== 'this' && !BUILT_IN_NAMES.has(body) && !LITERAL.test(body)) add(body);
      continue;
    }
    if (m[1] === '{' && body.endsWith('}')) body = body.slice(0, -1).trim();
    if (body.startsWith('~')) body = body.slice(1).trim();
    if (body.endsWith('~')) body = body.slice(0, -1).trim();
    if (!body) continue;
    const sigil = body[0];
    if (sigil === '>' || sigil === '!') continue; // partials, comments
    let kind: 'open' | 'else' | 'plain' = 'plain';
    let inverted = false;
    if (sigil === '#') {
      kind = 'open';
      body = body.slice(1).trim();
      if (body.startsWith('>') || body.startsWith('*')) {
        // Partial blocks and inline partials: track the frame, read no names.
        frames.push({ name: body.slice(1).trim().split(/\s+/)[0], changesContext: false });
        continue;
      }
    } else if (sigil === '/') {
      const name = body.slice(1).trim();
      const at = frames.map((f) => f.name).lastIndexOf(name);
      if (at >= 0) frames.length = at;
      else frames.pop();
      continue;
    } else if (sigil === '^') {
      body = body.slice(1).trim();
      if (!body) kind = 'else';
      else {
        kind = 'open'; // inverted section: its body runs in the same context
        inverted = true;
      }
    } else if (sigil === '&') {
      body = body.slice(1).trim();
    }
    if (kind === 'plain' && (body === 'else' || body.startsWith('else ') || body.startsWith('else\n'))) {
      kind = 'else';
      body = body.slice(4).trim();
    }
    // Block params `as |item index|` name locals, not variables.
    body = body.replace(/\bas\s*\|[^|]*\|/g, ' ');

    if (kind === 'else') {
      // The else branch of each/with runs in the outer context.
      const top = frames[frames.length - 1];
      if (top) top.changesContext = false;
      if (!body) continue;
    }

    const tokens = body.match(TOKEN) ?? [];
    const isHashKey = (t: string) => t.endsWith('=') && !t.startsWith('"') && !t.startsWith("'");
    const count = tokens.filter((t) => t !== ')' && !isHashKey(t)).length;
    let head: string | null = null;
    let index = 0; // position among the mustache's own tokens
    let subHead = false;
    for (const tok of tokens) {
      if (tok === ')' || isHashKey(tok)) continue;
      if (tok === '(') {
        subHead = true; // the next token names a helper
        index++;
        continue;
      }
      if (subHead) {
        subHead = false;
        continue;
      }
      if (index++ === 0) {
        head = tok;
        // `{{foo bar}}`: foo is a helper (maybe an unknown one), never a variable; so is `{{now}}`.
        if (count > 1 || HELPERS.has(tok)) continue;
      }
      add(tok);
    }
    const params = Math.max(0, index - 1);
    if (kind === 'open') {
      const name = head ?? '';
      // A section over a variable (`{{#list}}…{{/list}}`) runs its body with the value as context.
      const changes = CONTEXT_HELPERS.has(name) || (!inverted && !HELPERS.has(name) && params === 0);
      frames.push({ name, changesContext: changes });
    } else if (kind === 'else' && head !== null) {
      const top = frames[frames.length - 1];
      if (top) top.changesContext = CONTEXT_HELPERS.has(head);
    }
  }
  return names;
}

// --- indexes -----------------------------------------------------------------------------

interface BlockInfo {
  block: Block;
  group: Group;
  gi: number;
  bi: number;
  def: BlockSchema | undefined;
  /** Parsed options when valid (defaults filled in), else the raw options. */
  options: any;
  issues: z.core.$ZodIssue[] | null;
  /** Items that own an edge, or null when they cannot be computed (invalid options). */
  items: { id: string; label: string }[] | null;
}

type Target = { groupId: string; blockId?: string };

/** Blocks that pause the turn besides inputs: a loop through one of them does not spin. */
const PAUSING_KINDS = new Set(['wait']);

const VARIABLE_KEY = /^(?:variableId|[a-z][A-Za-z0-9]*VariableId)$/;

/** Option keys whose form input is a jump target, per kind (Jump's `target`). */
const targetKeys = new Map<string, string[]>();
/** Option keys whose form input picks a department, per kind (the Agent block's `departmentId`). */
const departmentKeys = new Map<string, string[]>();
/** Per kind: option paths (array indices dropped) holding a placeholder URL from the block's defaults. */
const placeholderUrls = new Map<string, Map<string, string>>();

function metaOf(schema: unknown): Record<string, any> | undefined {
  return z.globalRegistry.get(schema as z.ZodType) as Record<string, any> | undefined;
}

function innerOf(schema: any): any {
  const def = schema?._zod?.def;
  if (!def) return undefined;
  if (def.innerType) return def.innerType; // optional, default, nullable, prefault, readonly, catch
  if (def.type === 'pipe') return def.in;
  return undefined;
}

function collectUrls(value: unknown, path: string, out: Map<string, string>) {
  if (typeof value === 'string') {
    if (/^https?:\/\//i.test(value.trim())) out.set(`${path}\u0000${value.trim()}`, value.trim());
  } else if (Array.isArray(value)) {
    for (const v of value) collectUrls(v, path, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) collectUrls(v, path ? `${path}.${k}` : k, out);
  }
}

for (const def of blockSchemaList) {
  let s: any = def.options;
  while (s && s._zod?.def?.type !== 'object' && innerOf(s)) s = innerOf(s);
  const shape = s?._zod?.def?.shape as Record<string, unknown> | undefined;
  if (shape) {
    const keysWith = (input: string) =>
      Object.entries(shape)
        .filter(([, field]) => {
          for (let f: any = field; f; f = innerOf(f)) if (metaOf(f)?.input === input) return true;
          return false;
        })
        .map(([k]) => k);
    const targets = keysWith('target');
    if (targets.length) targetKeys.set(def.kind, targets);
    const departments = keysWith('department');
    if (departments.length) departmentKeys.set(def.kind, departments);
  }
  try {
    let n = 0;
    const urls = new Map<string, string>();
    collectUrls(def.defaults(() => `default_${++n}`), '', urls);
    if (def.formerDefaults) collectUrls(def.formerDefaults(() => `default_${++n}`), '', urls);
    if (urls.size) placeholderUrls.set(def.kind, urls);
  } catch {
    // defaults that need more than an id generator: nothing to compare against
  }
}

/** The label of the option field at `path`, as the settings form shows it, e.g. "Options › 2 › Option". */
function fieldLabel(schema: z.ZodType, path: readonly PropertyKey[]): Localized | null {
  const en: string[] = [];
  const pt: string[] = [];
  let s: any = schema;
  const labelOf = (x: any) => {
    for (let f = x; f; f = innerOf(f)) {
      const label = metaOf(f)?.label;
      if (label) return label as Localized;
    }
    return undefined;
  };
  const unwrap = (x: any) => {
    while (x && innerOf(x)) x = innerOf(x);
    return x;
  };
  for (const p of path) {
    const base = unwrap(s);
    const def = base?._zod?.def;
    if (!def) return null;
    if (typeof p === 'number' && def.type === 'array') {
      en.push(`#${p + 1}`);
      pt.push(`nº ${p + 1}`);
      s = def.element;
      continue;
    }
    if (typeof p === 'string') {
      let field: any;
      if (def.type === 'object') field = def.shape?.[p];
      else if (def.type === 'union') {
        for (const o of def.options ?? []) {
          const u = unwrap(o);
          if (u?._zod?.def?.shape?.[p]) {
            field = u._zod.def.shape[p];
            break;
          }
        }
      }
      if (!field) return null;
      const label = labelOf(field);
      if (label) {
        en.push(label.en);
        pt.push(label['pt-BR']);
      }
      s = field;
      continue;
    }
    return null;
  }
  if (!en.length) return null;
  return { en: en.join(' › '), 'pt-BR': pt.join(' › ') };
}

// --- naming ------------------------------------------------------------------------------

function groupTitle(g: Group): string {
  return (g.title ?? '').trim() || g.id;
}

function blockLabel(info: BlockInfo): Localized {
  return info.def?.label ?? { en: info.block.kind, 'pt-BR': info.block.kind };
}

/** "the Buttons block (#2 in group "Menu")" / "o bloco Botões (nº 2 do grupo "Menu")". */
function blockRef(info: BlockInfo): Localized {
  const label = blockLabel(info);
  const g = groupTitle(info.group);
  return {
    en: `the ${label.en} block (#${info.bi + 1} in group "${g}")`,
    'pt-BR': `o bloco ${label['pt-BR']} (nº ${info.bi + 1} do grupo "${g}")`,
  };
}

const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function msg(en: string, pt: string): Localized {
  return { en, 'pt-BR': pt };
}

// --- the linter ----------------------------------------------------------------------------

/**
 * Every problem of a flow document, errors first, each naming what to fix and carrying the ids
 * the editor focuses. Works on a parsed document and on the editor's transient draft alike
 * (dangling edges, invalid options): it never throws for flow content.
 */
export function lintFlow(doc: FlowDocument): Problem[] {
  const problems: Problem[] = [];
  const push = (p: Problem) => problems.push(p);

  const groups = Array.isArray(doc.groups) ? doc.groups : [];
  const edges: Edge[] = Array.isArray(doc.edges) ? doc.edges : [];
  const events = Array.isArray(doc.events) ? doc.events : [];
  const variables = Array.isArray(doc.variables) ? doc.variables : [];

  const groupById = new Map<string, { group: Group; gi: number; blockIndex: Map<string, number> }>();
  const blockById = new Map<string, BlockInfo>();
  const infos: BlockInfo[] = [];

  groups.forEach((group, gi) => {
    const blocks = Array.isArray(group.blocks) ? group.blocks : [];
    const blockIndex = new Map<string, number>();
    blocks.forEach((block, bi) => {
      if (!blockIndex.has(block.id)) blockIndex.set(block.id, bi);
      const def = blockSchemas[block.kind];
      let options: any = block.options ?? {};
      let issues: z.core.$ZodIssue[] | null = null;
      let items: { id: string; label: string }[] | null = null;
      if (def) {
        const parsed = def.options.safeParse(options);
        if (parsed.success) options = parsed.data;
        else issues = parsed.error.issues;
        if (def.items) {
          try {
            items = def.items(options as never);
          } catch {
            items = null;
          }
        } else items = [];
      }
      const info: BlockInfo = { block, group, gi, bi, def, options, issues, items };
      infos.push(info);
      if (!blockById.has(block.id)) blockById.set(block.id, info);
    });
    if (!groupById.has(group.id)) groupById.set(group.id, { group, gi, blockIndex });
  });

  const targetExists = (t: Target | undefined | null): boolean => {
    if (!t || typeof t.groupId !== 'string' || !t.groupId) return false;
    const g = groupById.get(t.groupId);
    if (!g) return false;
    return !t.blockId || g.blockIndex.has(t.blockId);
  };

  // Outgoing edges by handle (the last one wins, as in the engine).
  const defaultEdge = new Map<string, Edge>();
  const fallbackEdge = new Map<string, Edge>();
  const itemEdges = new Map<string, Map<string, Edge>>();
  const eventEdge = new Map<string, Edge>();
  for (const e of edges) {
    const from = e.from as Record<string, unknown>;
    if (typeof from.eventId === 'string') eventEdge.set(from.eventId, e);
    else if (typeof from.blockId === 'string') {
      if (typeof from.itemId === 'string') {
        let m = itemEdges.get(from.blockId);
        if (!m) itemEdges.set(from.blockId, (m = new Map()));
        m.set(from.itemId, e);
      } else if (from.path === 'fallback') fallbackEdge.set(from.blockId, e);
      else defaultEdge.set(from.blockId, e);
    }
  }
  const eventIds = new Set(events.map((ev) => ev.id));

  // no-start
  const start = events.find((ev) => ev.kind === 'start');
  if (!start) {
    push({
      severity: 'error',
      code: 'no-start',
      message: msg(
        'The flow has no start event: add one and connect it to the first group, or contacts who write get no answer.',
        'O fluxo não tem evento de início: adicione um e conecte-o ao primeiro grupo, senão quem escrever não recebe resposta.',
      ),
    });
  } else if (!eventEdge.has(start.id)) {
    push({
      severity: 'error',
      code: 'no-start',
      message: msg(
        'The start event is not connected to any group: connect it to the group the conversation begins with.',
        'O evento de início não está conectado a nenhum grupo: conecte-o ao grupo em que a conversa começa.',
      ),
      eventId: start.id,
    });
  }

  // edge-target-missing
  edges.forEach((e) => {
    const from = e.from as Record<string, unknown>;
    const to = (e.to ?? {}) as Partial<Target>;
    if (typeof from.eventId === 'string') {
      if (!eventIds.has(from.eventId)) {
        push({
          severity: 'error',
          code: 'edge-target-missing',
          message: msg(
            `A connection leaves an event that no longer exists ("${from.eventId}"): delete it.`,
            `Uma conexão sai de um evento que não existe mais ("${from.eventId}"): apague-a.`,
          ),
          edgeId: e.id,
        });
      }
    } else if (typeof from.blockId === 'string') {
      const info = blockById.get(from.blockId);
      if (!info) {
        push({
          severity: 'error',
          code: 'edge-target-missing',
          message: msg(
            `A connection leaves a block that no longer exists ("${from.blockId}"): delete it.`,
            `Uma conexão sai de um bloco que não existe mais ("${from.blockId}"): apague-a.`,
          ),
          edgeId: e.id,
        });
      } else if (typeof from.itemId === 'string' && info.items && !info.items.some((it) => it.id === from.itemId)) {
        const ref = blockRef(info);
        push({
          severity: 'error',
          code: 'edge-target-missing',
          message: msg(
            `A connection leaves an option of ${ref.en} that no longer exists ("${from.itemId}"): delete it or connect an existing option.`,
            `Uma conexão sai de uma opção d${ref['pt-BR']} que não existe mais ("${from.itemId}"): apague-a ou conecte uma opção existente.`,
          ),
          groupId: info.group.id,
          blockId: info.block.id,
          edgeId: e.id,
        });
      }
    }
    const g = typeof to.groupId === 'string' ? groupById.get(to.groupId) : undefined;
    if (!g) {
      push({
        severity: 'error',
        code: 'edge-target-missing',
        message: msg(
          `A connection goes to a group that no longer exists ("${to.groupId ?? ''}"): delete it or connect it to another group.`,
          `Uma conexão vai para um grupo que não existe mais ("${to.groupId ?? ''}"): apague-a ou conecte-a a outro grupo.`,
        ),
        edgeId: e.id,
      });
    } else if (to.blockId && !g.blockIndex.has(to.blockId)) {
      const t = groupTitle(g.group);
      push({
        severity: 'error',
        code: 'edge-target-missing',
        message: msg(
          `A connection goes to a block that is no longer in group "${t}" ("${to.blockId}"): connect it again.`,
          `Uma conexão vai para um bloco que não está mais no grupo "${t}" ("${to.blockId}"): conecte-a de novo.`,
        ),
        groupId: g.group.id,
        edgeId: e.id,
      });
    }
  });

  // empty-group
  for (const g of groups) {
    if (!g.blocks?.length) {
      const t = groupTitle(g);
      push({
        severity: 'warning',
        code: 'empty-group',
        message: msg(
          `Group "${t}" has no blocks: a contact who reaches it sees the conversation end. Add blocks or delete it.`,
          `O grupo "${t}" não tem blocos: quem chegar nele vê a conversa terminar. Adicione blocos ou apague-o.`,
        ),
        groupId: g.id,
      });
    }
  }

  const varIds = new Set(variables.map((v) => v.id));
  const varNames = new Set(variables.map((v) => v.name));

  for (const info of infos) {
    const { block, group, def } = info;
    const ref = blockRef(info);
    const at = { groupId: group.id, blockId: block.id };

    if (!def) {
      push({
        severity: 'error',
        code: 'unknown-kind',
        message: msg(
          `Block #${info.bi + 1} in group "${groupTitle(group)}" is of an unknown kind "${block.kind}": delete it or replace it.`,
          `O bloco nº ${info.bi + 1} do grupo "${groupTitle(group)}" é de um tipo desconhecido, "${block.kind}": apague-o ou substitua-o.`,
        ),
        ...at,
      });
    }

    const o = info.options ?? {};

    // empty-buttons: choice inputs with typed options
    let emptyButtons = false;
    if (def?.isInput && def.items && (o.source === undefined || o.source === 'static')) {
      const list: any[] = Array.isArray(o.items) ? o.items : [];
      if (list.length === 0) {
        emptyButtons = true;
        push({
          severity: 'error',
          code: 'empty-buttons',
          message: msg(`${cap(ref.en)} has no options: add at least one.`, `${cap(ref['pt-BR'])} não tem opções: adicione pelo menos uma.`),
          ...at,
        });
      } else {
        list.forEach((item, i) => {
          const text = item?.label ?? item?.title;
          if (typeof text !== 'string' || !text.trim()) {
            emptyButtons = true;
            push({
              severity: 'error',
              code: 'empty-buttons',
              message: msg(
                `Option #${i + 1} of ${ref.en} has no text: type what the contact sees.`,
                `A opção nº ${i + 1} d${ref['pt-BR']} está sem texto: digite o que o contato vai ver.`,
              ),
              ...at,
            });
          }
        });
      }
    }

    // invalid-options (the issues empty-buttons already explains are left out)
    if (def && info.issues) {
      const rest = emptyButtons
        ? info.issues.filter(
            (i) => !(i.path[0] === 'items' && (i.path.length === 1 || i.path[2] === 'label' || i.path[2] === 'title')),
          )
        : info.issues;
      const first = rest[0];
      if (first) {
        const label = first.path.length ? fieldLabel(def.options, first.path) : null;
        const where = first.path.length ? formatPath(first.path) : '';
        const fieldEn = label ? `${label.en} (${where})` : where;
        const fieldPt = label ? `${label['pt-BR']} (${where})` : where;
        const reasonPt = localizeSchemaMessage(first.message, 'pt-BR');
        push({
          severity: 'error',
          code: 'invalid-options',
          message: msg(
            fieldEn
              ? `${cap(ref.en)} has an invalid setting, ${fieldEn}: ${first.message}.`
              : `${cap(ref.en)} has an invalid setting: ${first.message}.`,
            fieldPt
              ? `${cap(ref['pt-BR'])} tem uma configuração inválida, ${fieldPt}: ${reasonPt}.`
              : `${cap(ref['pt-BR'])} tem uma configuração inválida: ${reasonPt}.`,
          ),
          ...at,
        });
      }
    }

    // dead-end-input / unconnected-item
    if (def?.isInput) {
      const continues = defaultEdge.has(block.id) || info.bi < group.blocks.length - 1;
      if (!continues) {
        const items = info.items ?? [];
        const connected = itemEdges.get(block.id);
        const loose = items.filter((it) => !connected?.has(it.id));
        if (items.length === 0 || loose.length > 0) {
          const some = items.length > 0 && loose.length < items.length;
          const names = loose.map((it) => `"${it.label}"`).join(', ');
          push({
            severity: 'error',
            code: 'dead-end-input',
            message: some
              ? msg(
                  `${cap(ref.en)} asks a question, but the answer${loose.length > 1 ? 's' : ''} ${names} lead${loose.length > 1 ? '' : 's'} nowhere: the conversation would just stop. Connect ${loose.length > 1 ? 'them' : 'it'}, connect the block's output or add a block after it.`,
                  `${cap(ref['pt-BR'])} faz uma pergunta, mas ${loose.length > 1 ? 'as respostas' : 'a resposta'} ${names} não ${loose.length > 1 ? 'levam' : 'leva'} a lugar nenhum: a conversa simplesmente pararia. Conecte-${loose.length > 1 ? 'as' : 'a'}, conecte a saída do bloco ou adicione um bloco depois dele.`,
                )
              : msg(
                  `${cap(ref.en)} asks a question, but the answer leads nowhere: the conversation would just stop. Connect its output or add a block after it.`,
                  `${cap(ref['pt-BR'])} faz uma pergunta, mas a resposta não leva a lugar nenhum: a conversa simplesmente pararia. Conecte a saída dele ou adicione um bloco depois dele.`,
                ),
            ...at,
          });
          for (const it of loose) {
            push({
              severity: 'warning',
              code: 'unconnected-item',
              message: msg(
                `Option "${it.label}" of ${ref.en} is not connected: choosing it ends the conversation.`,
                `A opção "${it.label}" d${ref['pt-BR']} não está conectada: escolhê-la encerra a conversa.`,
              ),
              ...at,
            });
          }
        }
      }
    }

    // jump-target-missing / jump-to-self
    for (const key of targetKeys.get(block.kind) ?? []) {
      const t = (o as Record<string, any>)[key] as Partial<Target> | undefined;
      const gid = typeof t?.groupId === 'string' ? t.groupId : '';
      if (!gid) {
        push({
          severity: 'error',
          code: 'jump-target-missing',
          message: msg(`${cap(ref.en)} has no destination: choose the group to go to.`, `${cap(ref['pt-BR'])} não tem destino: escolha o grupo para onde ir.`),
          ...at,
        });
        continue;
      }
      const g = groupById.get(gid);
      if (!g) {
        push({
          severity: 'error',
          code: 'jump-target-missing',
          message: msg(
            `${cap(ref.en)} goes to a group that no longer exists ("${gid}"): choose another one.`,
            `${cap(ref['pt-BR'])} vai para um grupo que não existe mais ("${gid}"): escolha outro.`,
          ),
          ...at,
        });
        continue;
      }
      if (t?.blockId && !g.blockIndex.has(t.blockId)) {
        const gt = groupTitle(g.group);
        push({
          severity: 'error',
          code: 'jump-target-missing',
          message: msg(
            `${cap(ref.en)} goes to a block that is no longer in group "${gt}" ("${t.blockId}"): choose another one.`,
            `${cap(ref['pt-BR'])} vai para um bloco que não está mais no grupo "${gt}" ("${t.blockId}"): escolha outro.`,
          ),
          ...at,
        });
        continue;
      }
      if (g.group === group) {
        const from = t?.blockId ? g.blockIndex.get(t.blockId)! : 0;
        if (from <= info.bi && !loopCanStop(group, from, info.bi, blockById, defaultEdge, itemEdges)) {
          push({
            severity: 'warning',
            code: 'jump-to-self',
            message: msg(
              `${cap(ref.en)} goes back to ${from === 0 ? 'the start of its own group' : `block #${from + 1} of its own group`} with no question or wait in between: the flow would loop until the step limit stops it.`,
              `${cap(ref['pt-BR'])} volta para ${from === 0 ? 'o início do próprio grupo' : `o bloco nº ${from + 1} do próprio grupo`} sem nenhuma pergunta ou espera no caminho: o fluxo ficaria em loop até o limite de passos pará-lo.`,
            ),
            ...at,
          });
        }
      }
    }

    // department-missing
    for (const key of departmentKeys.get(block.kind) ?? []) {
      if ((o as Record<string, unknown>)[key]) continue;
      push({
        severity: 'error',
        code: 'department-missing',
        message: msg(`${cap(ref.en)} has no department: choose who receives the conversation.`, `${cap(ref['pt-BR'])} não tem departamento: escolha quem recebe o atendimento.`),
        ...at,
      });
    }

    // placeholder-media
    const placeholders = placeholderUrls.get(block.kind);
    if (placeholders) {
      const found = new Set<string>();
      const urls = new Map<string, string>();
      collectUrls(block.options, '', urls);
      for (const [key, url] of urls) {
        if (!placeholders.has(key) || found.has(url)) continue;
        found.add(url);
        push({
          severity: 'warning',
          code: 'placeholder-media',
          message: msg(
            `${cap(ref.en)} still uses the example address ${url}: upload the real file or paste its link.`,
            `${cap(ref['pt-BR'])} ainda usa o endereço de exemplo ${url}: envie o arquivo real ou cole o link dele.`,
          ),
          ...at,
        });
      }
    }

    // undefined-variable / unset-variable-ref
    const missingNames = new Set<string>();
    const missingIds = new Set<string>();
    walkOptions(block.options, (key, value) => {
      if (key !== null && VARIABLE_KEY.test(key)) {
        if (value && !varIds.has(value) && !missingIds.has(value)) {
          missingIds.add(value);
          push({
            severity: 'error',
            code: 'unset-variable-ref',
            message: msg(
              `${cap(ref.en)} uses a variable that no longer exists (id "${value}"): choose another variable.`,
              `${cap(ref['pt-BR'])} usa uma variável que não existe mais (id "${value}"): escolha outra variável.`,
            ),
            ...at,
          });
        }
        return;
      }
      if (!value.includes('{{')) return;
      for (const name of templateVariableNames(value)) {
        if (varNames.has(name) || missingNames.has(name) || blockSchemas[block.kind]?.templateNames?.includes(name)) continue;
        missingNames.add(name);
        push({
          severity: 'warning',
          code: 'undefined-variable',
          message: msg(
            `${cap(ref.en)} uses {{${name}}}, but there is no variable "${name}": it would show up empty. Create the variable or fix the name.`,
            `${cap(ref['pt-BR'])} usa {{${name}}}, mas não existe a variável "${name}": ela apareceria vazia. Crie a variável ou corrija o nome.`,
          ),
          ...at,
        });
      }
    });
  }

  // unreachable-group: from the events, along edges, jumps and in-group fall-through
  const entries: Target[] = [];
  for (const ev of events) {
    const e = eventEdge.get(ev.id);
    if (e && targetExists(e.to)) entries.push(e.to);
  }
  if (entries.length) {
    const reachedGroups = new Set<string>();
    const visited = new Set<BlockInfo>();
    const queue: Target[] = [...entries];
    const enqueue = (t: Target | undefined | null) => {
      if (t && targetExists(t)) queue.push(t);
    };
    while (queue.length) {
      const t = queue.pop()!;
      const g = groupById.get(t.groupId)!;
      reachedGroups.add(g.group.id);
      const blocks = g.group.blocks ?? [];
      for (let i = t.blockId ? g.blockIndex.get(t.blockId)! : 0; i < blocks.length; i++) {
        const info = blockById.get(blocks[i].id);
        if (!info || info.group !== g.group || visited.has(info)) break;
        visited.add(info);
        const id = info.block.id;
        const d = defaultEdge.get(id);
        enqueue(d?.to);
        enqueue(fallbackEdge.get(id)?.to);
        for (const e of itemEdges.get(id)?.values() ?? []) enqueue(e.to);
        for (const key of targetKeys.get(info.block.kind) ?? []) enqueue(info.options?.[key]);
        if (d || info.def?.hasDefaultPath === false) break;
      }
    }
    for (const g of groups) {
      if (reachedGroups.has(g.id)) continue;
      const t = groupTitle(g);
      push({
        severity: 'warning',
        code: 'unreachable-group',
        message: msg(
          `Group "${t}" can never be reached: no event, connection or jump leads to it. Connect it or delete it.`,
          `O grupo "${t}" nunca é alcançado: nenhum evento, conexão ou salto leva até ele. Conecte-o ou apague-o.`,
        ),
        groupId: g.id,
      });
    }
  }

  // Errors first, each rule in document order.
  const rank = (p: Problem) => (p.severity === 'error' ? 0 : 1);
  return problems.map((p, i) => [p, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([p]) => p);
}

/**
 * Whether the stretch of blocks `from..to` of a group (which a Jump at `to` sends back to `from`)
 * can stop or leave: an input or a wait pauses the turn, an edge, an End or another Jump leaves.
 */
function loopCanStop(
  group: Group,
  from: number,
  to: number,
  blockById: Map<string, BlockInfo>,
  defaultEdge: Map<string, Edge>,
  itemEdges: Map<string, Map<string, Edge>>,
): boolean {
  for (let i = from; i < to; i++) {
    const info = blockById.get(group.blocks[i].id);
    if (!info) continue;
    if (info.def?.isInput || PAUSING_KINDS.has(info.block.kind) || info.def?.category === 'chat') return true;
    if (info.def?.hasDefaultPath === false) return true;
    if (defaultEdge.has(info.block.id) || itemEdges.get(info.block.id)?.size) return true;
  }
  return false;
}

/** Calls `visit` for every string in `value`, with the key it sits under (null inside arrays). */
function walkOptions(value: unknown, visit: (key: string | null, value: string) => void, key: string | null = null): void {
  if (typeof value === 'string') visit(key, value);
  else if (Array.isArray(value)) for (const v of value) walkOptions(v, visit, null);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walkOptions(v, visit, k);
}

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
