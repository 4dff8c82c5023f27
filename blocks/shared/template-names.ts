// The one reader of "which names does this Handlebars template read". The linter (undefined
// variables), the editor (known/unknown highlighting, the clipboard's variables) and the
// template tests all ask it, so they never disagree; the runtime registers exactly the helpers
// listed here, so a helper is never mistaken for a variable nor a variable for a helper.

/** Helpers the runtime's templating registers (runtime/templating.ts registers exactly these). */
export const TEMPLATE_HELPERS = [
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
  'raw',
] as const;

export type TemplateHelper = (typeof TEMPLATE_HELPERS)[number];

/** Helpers every Handlebars environment has before ours are registered. */
export const HANDLEBARS_BUILT_IN_HELPERS = ['if', 'unless', 'each', 'with', 'lookup', 'log', 'blockHelperMissing', 'helperMissing'] as const;

const HELPERS: ReadonlySet<string> = new Set<string>([...TEMPLATE_HELPERS, ...HANDLEBARS_BUILT_IN_HELPERS]);

/** Whether `name` is a helper (ours or Handlebars'), never a variable when it heads a mustache. */
export const isTemplateHelper = (name: string): boolean => HELPERS.has(name);

/** Roots the templating scope fills itself (`{{contact.name}}`): never flow variables. */
export const TEMPLATE_SCOPE_ROOTS: readonly string[] = ['contact'];
/** The scope's own paths an author may use, as offered in completion. */
export const TEMPLATE_SCOPE_PATHS: readonly string[] = ['contact.name', 'contact.phone', 'contact.id'];

/** Block helpers whose body runs with another context: plain names inside are not variables. */
const CONTEXT_HELPERS = new Set(['each', 'with']);

const LITERAL = /^(?:true|false|null|undefined|-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;

// A mustache: escaped `\{{…}}` (literal), a raw block `{{{{x}}}}…{{{{/x}}}}` (its body is text),
// long and short comments, or `{{…}}` / `{{{…}}}`.
const MUSTACHE =
  /\\\{\{[\s\S]*?\}\}|\{\{\{\{([\s\S]*?)\}\}\}\}[\s\S]*?\{\{\{\{\/[\s\S]*?\}\}\}\}|\{\{!--[\s\S]*?--~?\}\}|\{\{~?![\s\S]*?\}\}|\{\{(\{?)([\s\S]*?)\}?\}\}/g;
// Inside a mustache: quoted strings, parentheses, hash keys (`key=`), `[segment]` paths, plain tokens.
const TOKEN = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\(|\)|[^\s()=[\]"']+=|(?:[^\s()=[\]"']*\[[^\]]*\])+[^\s()=[\]"']*|[^\s()=[\]"']+/g;
const SIMPLE_NAME = /^[\p{L}_][\p{L}\p{N}_]*$/u;

/** A name a mustache reads from the root scope: `order` for `{{order.status}}`. */
export interface TemplateReference {
  /** The first segment: the variable (or scope root) it reads. */
  root: string;
  /** The whole path as it reads from the root, `this.`/`../`/`@root.` removed: `order.status`. */
  path: string;
}

/** One `{{…}}` of a template, where it stands and what it reads. */
export interface TemplateTag {
  start: number;
  end: number;
  text: string;
  /** Comments, raw blocks and closing tags read nothing. */
  refs: TemplateReference[];
}

interface Frame {
  name: string;
  /** The body runs with another context (each, with, or a section over a variable). */
  changesContext: boolean;
}

/** The root reference of a path token, or null when it is not one (a literal, `this`, `@index`, an item's field). */
function referenceOf(token: string, frames: Frame[]): TemplateReference | null {
  if (token.startsWith('"') || token.startsWith("'")) return null;
  if (LITERAL.test(token)) return null;
  let t = token;
  let atRoot = false;
  if (t.startsWith('@root.') || t.startsWith('@root/')) {
    t = t.slice(6);
    atRoot = true;
  } else if (t.startsWith('@')) return null;
  let up = 0;
  while (t.startsWith('../')) {
    up++;
    t = t.slice(3);
  }
  if (t.startsWith('./')) t = t.slice(2);
  // `this.name` reads the current context like `name` does; `this` alone is the context itself.
  if (t.startsWith('this.') || t.startsWith('this/')) t = t.slice(5);
  if (t === 'this' || t === '.' || t === '') return null;
  // Inside each/with the context is the item, unless `../` or `@root` climbs back to the root.
  const depth = frames.reduce((n, f) => n + (f.changesContext ? 1 : 0), 0);
  if (!atRoot && depth - up > 0) return null;
  let root: string;
  if (t.startsWith('[')) {
    const end = t.indexOf(']');
    root = end > 0 ? t.slice(1, end) : t.slice(1);
  } else {
    root = t.split(/[./[]/)[0];
  }
  root = root.trim();
  if (!root) return null;
  return { root, path: t.replace(/\//g, '.') };
}

/** Every mustache of a template with the root names it reads, in order; escaped `\{{…}}` is text. */
export function readTemplate(text: string): TemplateTag[] {
  const tags: TemplateTag[] = [];
  if (!text.includes('{{')) return tags;
  const frames: Frame[] = [];

  for (const m of text.matchAll(MUSTACHE)) {
    if (m[0].startsWith('\\')) continue; // escaped: plain text
    const refs: TemplateReference[] = [];
    tags.push({ start: m.index, end: m.index + m[0].length, text: m[0], refs });
    const add = (token: string) => {
      const ref = referenceOf(token, frames);
      if (ref) refs.push(ref);
    };
    if (m[1] !== undefined) {
      // Raw block: the helper's own arguments are read, its body is literal text.
      const tokens = m[1].trim().match(TOKEN) ?? [];
      tokens.slice(1).forEach((tok) => tok !== '(' && tok !== ')' && !tok.endsWith('=') && add(tok));
      continue;
    }
    if (m[3] === undefined) continue; // comment
    let body = m[3].trim();
    // Most mustaches are a bare `{{name}}`.
    if (SIMPLE_NAME.test(body) && !frames.length && m[2] === '') {
      if (!HELPERS.has(body) && body !== 'else') add(body);
      continue;
    }
    if (m[2] === '{' && body.endsWith('}')) body = body.slice(0, -1).trim();
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
    if (kind === 'plain' && (body === 'else' || /^else\s/.test(body))) {
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
  return tags;
}

const namesCache = new Map<string, string[]>();
const NAMES_CACHE_LIMIT = 5_000;

/**
 * The variable names a Handlebars template refers to, in order of first use: `{{name}}`,
 * helper arguments (`{{default city "—"}}`, `{{#if (eq plan "pro")}}`), hash values and the
 * first segment of paths (`{{order.status}}` -> `order`). Helper names, quoted and numeric
 * literals, `this`, `else`, `@data` and the scope's own `contact.*` are skipped, and so are
 * plain names inside `{{#each}}` / `{{#with}}` bodies, which read the item rather than a variable.
 */
export function templateVariableNames(text: string): string[] {
  if (!text.includes('{{')) return [];
  // The editor lints on every change and block texts repeat: remember recent answers.
  const hit = namesCache.get(text);
  if (hit) return [...hit];
  const seen = new Set<string>(TEMPLATE_SCOPE_ROOTS);
  const names: string[] = [];
  for (const tag of readTemplate(text)) {
    for (const { root } of tag.refs) {
      if (seen.has(root)) continue;
      seen.add(root);
      names.push(root);
    }
  }
  if (namesCache.size >= NAMES_CACHE_LIMIT) namesCache.delete(namesCache.keys().next().value!);
  namesCache.set(text, names);
  return [...names];
}
