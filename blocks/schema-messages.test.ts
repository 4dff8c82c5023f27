import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localizeSchemaMessage } from './schema-messages.js';
import { INVALID_PATTERN } from './shared/safe-regex.js';

/**
 * For each zod call that can carry a message, how many value arguments come before it:
 * `.min(1, '…')`, `.int('…')`, `.regex(/…/, '…')`, `.refine(fn, '…')`, `z.string('…')`,
 * `z.array(item, '…')`. Calls of the same name on other things (`list.includes('@')`) have one
 * argument too few and are passed over.
 */
const MESSAGE_AT: Record<string, number> = {
  ...Object.fromEntries(
    ['min', 'max', 'length', 'gt', 'gte', 'lt', 'lte', 'multipleOf', 'step', 'regex', 'startsWith', 'endsWith', 'includes', 'refine', 'check'].map((m) => [m, 1]),
  ),
  ...Object.fromEntries(
    ['int', 'positive', 'negative', 'nonnegative', 'nonpositive', 'finite', 'safe', 'email', 'url', 'uuid', 'nonempty', 'string', 'number', 'boolean', 'date'].map((m) => [m, 0]),
  ),
  ...Object.fromEntries(['array', 'object', 'enum', 'literal', 'record', 'tuple', 'union'].map((m) => [m, 1])),
};

/** The top-level arguments of a call whose `(` is at `open`, as source text. */
function callArguments(src: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let argStart = true;
  for (let i = open + 1; i < src.length; i++) {
    const c = src[i];
    if (c === "'" || c === '"' || c === '`') {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
      argStart = false;
      continue;
    }
    if (c === '/' && argStart) {
      // A regex literal: skip to its closing slash, outside character classes.
      let inClass = false;
      for (i++; i < src.length; i++) {
        if (src[i] === '\\') i++;
        else if (src[i] === '[') inClass = true;
        else if (src[i] === ']') inClass = false;
        else if (src[i] === '/' && !inClass) break;
      }
      argStart = false;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) {
      if (depth === 0) {
        if (src.slice(start, i).trim()) args.push(src.slice(start, i).trim());
        return args;
      }
      depth--;
    } else if (c === ',' && depth === 0) {
      args.push(src.slice(start, i).trim());
      start = i + 1;
      argStart = true;
      continue;
    }
    if (!/\s/.test(c)) argStart = c === '(' || c === ',' || c === '=' || c === ':' || c === '[' || c === '!' || c === '&' || c === '|' || c === '?';
  }
  return args;
}

const STRING = /^(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")$/;

/** Every message literal a schema under blocks/ states, as written in the source. */
function schemaMessages(): string[] {
  const root = path.dirname(new URL(import.meta.url).pathname);
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'schema-messages.ts');
  const out = new Set<string>();
  for (const f of files) for (const m of messagesIn(fs.readFileSync(path.join(root, f), 'utf8'))) out.add(m);
  return [...out];
}

/** The message literals of one source text. */
function messagesIn(src: string): string[] {
  const out: string[] = [];
  for (const m of src.matchAll(/\.([a-zA-Z]+)\(/g)) {
    const at = MESSAGE_AT[m[1]];
    if (at === undefined) continue;
    const arg = callArguments(src, m.index + m[0].length - 1)[at];
    const literal = arg && STRING.exec(arg);
    if (literal) out.push(literal[1] ?? literal[2]);
  }
  // `{ error: '…' }`, `{ message: '…' }`, in a check's options or an issue.
  for (const m of src.matchAll(/\b(?:error|message):\s*(?:'((?:[^'\\]|\\.)+)'|"((?:[^"\\]|\\.)+)")/g)) out.push(m[1] ?? m[2]);
  return out;
}

describe('schema messages', () => {
  it('every message a block or flow schema states has its Portuguese', () => {
    const found = [...schemaMessages(), INVALID_PATTERN]; // the one message kept in a constant
    expect(found.length).toBeGreaterThan(30);
    const untranslated = found.filter((m) => localizeSchemaMessage(m, 'pt-BR') === m);
    expect(untranslated).toEqual([]);
  });

  it('finds every zod message form, not only .min/.max', () => {
    const src = [
      "z.number().int('m1').positive('m2').nonnegative('m3').multipleOf(5, 'm4').gte(1, 'm5').lte(9, \"m6\")",
      "z.string('m7').email('m8').url('m9').length(8, 'm10').regex(/^[a-z(']+\\/$/i, 'm11').nonempty('m12')",
      "z.string({ error: 'm13' }).refine((v) => v !== 'x', { message: 'm14' }).refine((v, w) => f(v, w), 'm15')",
      "z.array(item, 'm16').min(1, 'm17'); z.literal('auto'); z.enum(['a', 'b']); list.includes('@'); s.min(3)",
    ].join('\n');
    expect(messagesIn(src).sort()).toEqual(Array.from({ length: 17 }, (_, i) => `m${i + 1}`).sort());
  });

  it('carries numbers and names over, and leaves English and unknown messages alone', () => {
    expect(localizeSchemaMessage('the title holds at most 200 characters', 'pt-BR')).toBe('o título tem no máximo 200 caracteres');
    expect(localizeSchemaMessage('the percentages must add up to 100 (now 90)', 'pt-BR')).toBe('as porcentagens precisam somar 100 (agora 90)');
    expect(localizeSchemaMessage('type the message text', 'en')).toBe('type the message text');
    expect(localizeSchemaMessage('something odd happened', 'pt-BR')).toBe('something odd happened');
  });

  it("gives zod's own limit and type messages their Portuguese, as zod words them", () => {
    const said = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error!.issues[0].message;
    const cases: [string, string][] = [
      [said(z.string().max(4096), 'x'.repeat(4097)), 'use no máximo 4096 caracteres'],
      [said(z.string().min(8), 'abc'), 'use pelo menos 8 caracteres'],
      [said(z.string().min(1), ''), 'não pode ficar vazio'],
      [said(z.array(z.string()).max(3), ['a', 'b', 'c', 'd']), 'use no máximo 3 itens'],
      [said(z.number().max(20), 21), 'use um valor no máximo 20'],
      [said(z.number().min(0), -1), 'use um valor no mínimo 0'],
      [said(z.number().int(), 1.5), 'use um número inteiro'],
      [said(z.string(), 3), 'valor inválido: esperava um texto, veio um número'],
      [said(z.enum(['a', 'b']), 'c'), 'opção inválida: use uma destas: "a"|"b"'],
      [said(z.object({}).strict(), { x: 1 }), 'campo desconhecido: "x"'],
    ];
    for (const [english, portuguese] of cases) expect(localizeSchemaMessage(english, 'pt-BR')).toBe(portuguese);
    expect(localizeSchemaMessage(said(z.string().max(4096), 'x'.repeat(4097)), 'en')).toBe('Too big: expected string to have <=4096 characters');
  });
});
