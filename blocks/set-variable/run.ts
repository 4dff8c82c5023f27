import { withFilesAsText } from '../shared/file-value.js';
import { DateTime } from 'luxon';
import { all, create } from 'mathjs';
import type { BlockContext, RunResult, Scalar, VariableValue } from '../contract.js';
import { defineExecutor } from '../contract.js';
import { parseNumberLike } from '../shared/values.js';
import { limitedFunctions } from './limits.js';
import { schema } from './schema.js';

interface ParsedExpression {
  filter(test: (node: { type: string }) => boolean): unknown[];
  compile(): { evaluate(scope: Map<string, unknown>): unknown };
}
type Parse = (expression: string) => ParsedExpression;
type Format = (value: unknown, options: { precision: number }) => string;

// Functions that parse text into expression trees or change the shared instance (mathjs's
// security guide), plus `config`, which would flip number handling for every flow in the
// process, and the random functions, which use Math.random: ctx.random replaces them so
// a turn stays reproducible.
const DISABLED = [
  'import',
  'createUnit',
  'evaluate',
  'parse',
  'compile',
  'simplify',
  'simplifyConstant',
  'simplifyCore',
  'derivative',
  'resolve',
  'rationalize',
  'symbolicEqual',
  'leafCount',
  'config',
  'random',
  'randomInt',
  'pickRandom',
] as const;

let limited: { parse: Parse; format: Format } | null = null;

/** Created on first use: a full mathjs instance costs tens of milliseconds to build. */
function limitedMath(): { parse: Parse; format: Format } {
  if (limited) return limited;
  const math = create(all);
  // Taken before the import below: this parse keeps the real parser while expressions see
  // only the disabled stand-ins.
  const parse = math.parse as unknown as Parse;
  const format = math.format as unknown as Format;
  const capped = limitedFunctions(math as unknown as Parameters<typeof limitedFunctions>[0]);
  math.import(
    {
      ...Object.fromEntries(
        DISABLED.map((name) => [
          name,
          () => {
            throw new Error(`function ${name} is disabled`);
          },
        ]),
      ),
      ...capped,
    },
    { override: true },
  );
  limited = { parse, format };
  return limited;
}

function finite(n: unknown, name: string): number {
  if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error(`${name} expects numbers`);
  return n;
}

/** random(), random(max), random(min, max), randomInt(max), randomInt(min, max), as in mathjs, on ctx.random. */
function randomFunctions(ctx: BlockContext): [string, unknown][] {
  const range = (name: string, args: unknown[]): [number, number] => {
    if (args.length > 2) throw new Error(`${name} takes at most two numbers`);
    const nums = args.map((a) => finite(a, name));
    return nums.length === 0 ? [0, 1] : nums.length === 1 ? [0, nums[0]] : [nums[0], nums[1]];
  };
  return [
    [
      'random',
      (...args: unknown[]) => {
        const [min, max] = range('random', args);
        return min + ctx.random() * (max - min);
      },
    ],
    [
      'randomInt',
      (...args: unknown[]) => {
        if (args.length === 0) throw new Error('randomInt needs a maximum');
        const [min, max] = range('randomInt', args);
        return Math.floor(min + ctx.random() * (max - min));
      },
    ],
  ];
}

function toMathScalar(v: Scalar | undefined): unknown {
  // Unset reads as empty text, as in templates: "" + 1 is 1 and concat("", "x") is "x".
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return parseNumberLike(v) ?? v;
  return v;
}

function fromMath(result: unknown, format: Format): VariableValue {
  if (result && typeof result === 'object' && Array.isArray((result as { entries?: unknown }).entries)) {
    // "a = 2; a * 3" yields a result set: its last value is the answer.
    const entries = (result as { entries: unknown[] }).entries;
    if (entries.length === 0) throw new Error('the expression has no value');
    return fromMath(entries[entries.length - 1], format);
  }
  if (typeof result === 'number') {
    if (!Number.isFinite(result)) throw new Error(`the result is ${result}`);
    // 0.1 + 0.2 is stored as 0.3: a contact should never see 0.30000000000000004.
    return Number(result.toPrecision(15));
  }
  if (typeof result === 'string' || typeof result === 'boolean' || result === null) return result;
  if (result === undefined || typeof result === 'function') throw new Error('the expression has no value');
  return format(result, { precision: 14 });
}

function evaluateExpression(expression: string, ctx: BlockContext): VariableValue {
  const { parse, format } = limitedMath();
  // A Map, not an object: a variable named __proto__ must stay a variable.
  const scope = new Map<string, unknown>(randomFunctions(ctx));
  for (const def of ctx.variableDefs) {
    // A file takes part as its address (text), like any value a template would store.
    const v = withFilesAsText(ctx.variables[def.id], 'stored');
    scope.set(def.name, Array.isArray(v) ? v.map(toMathScalar) : toMathScalar(v));
  }
  // Authors used to templates write {{total}}; it names the same variable. Values are never
  // pasted into the text, so what a contact typed cannot become part of the expression.
  const source = expression.replace(/\{\{\s*([\p{L}_][\p{L}\p{N}_]*)\s*\}\}/gu, '$1');
  const tree = parse(source);
  // A function defined here could call itself without end (f(n) = f(n-1) + f(n-1)).
  if (tree.filter((n) => n.type === 'FunctionAssignmentNode').length) throw new Error('defining functions is not supported');
  return fromMath(tree.compile().evaluate(scope), format);
}

function localNow(ctx: BlockContext): DateTime {
  const dt = DateTime.fromJSDate(ctx.now, { zone: ctx.timeZone });
  if (dt.isValid) return dt;
  ctx.log('warn', { en: `unknown time zone "${ctx.timeZone}": using UTC`, 'pt-BR': `fuso horário desconhecido "${ctx.timeZone}": usando UTC` });
  return DateTime.fromJSDate(ctx.now, { zone: 'UTC' });
}

function isBlank(v: VariableValue | Scalar[] | undefined): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

export const executor = defineExecutor(schema, {
  run(options, ctx): RunResult {
    const id = options.variableId;
    if (!id) {
      ctx.log('warn', { en: 'no variable chosen: nothing set', 'pt-BR': 'nenhuma variável escolhida: nada foi salvo' });
      return {};
    }
    const op = options.operation;
    const set = (value: VariableValue): RunResult => ({ set: { [id]: value } });
    switch (op.kind) {
      case 'template':
        return set(ctx.renderValue(op.value));
      case 'now':
        return set(localNow(ctx).toFormat("yyyy-MM-dd'T'HH:mm"));
      case 'today':
        return set(localNow(ctx).toFormat('yyyy-MM-dd'));
      case 'contact_name':
        return set(ctx.contact.name ?? null);
      case 'contact_phone':
        return set(ctx.contact.phone ?? null);
      case 'random_id':
        return set(ctx.newId());
      case 'expression':
        try {
          return set(evaluateExpression(op.expression, ctx));
        } catch (e) {
          const why = e instanceof Error ? e.message : String(e);
          ctx.log('error', { en: `expression failed: ${why}`, 'pt-BR': `a expressão falhou: ${why}` }, { expression: op.expression });
          return {};
        }
      case 'append': {
        const current = withFilesAsText(ctx.variables[id], 'stored');
        // An empty variable starts a list rather than becoming ['', value].
        const list: Scalar[] = Array.isArray(current) ? current : isBlank(current) ? [] : [current as Scalar];
        return set([...list, ctx.renderValue(op.value)]);
      }
    }
  },
});
