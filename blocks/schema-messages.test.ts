import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { localizeSchemaMessage } from './schema-messages.js';
import { INVALID_PATTERN } from './shared/safe-regex.js';

/** Every message literal a schema under blocks/ states, as written in the source. */
function schemaMessages(): string[] {
  const root = path.dirname(new URL(import.meta.url).pathname);
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'schema-messages.ts');
  const out = new Set<string>();
  const call = /\.(?:min|max|refine|regex|nonempty)\(\s*[^;]*?,\s*'([^']+)'\s*\)/g;
  const message = /message:\s*'([^']+)'/g;
  for (const f of files) {
    const src = fs.readFileSync(path.join(root, f), 'utf8');
    for (const re of [call, message]) for (const m of src.matchAll(re)) out.add(m[1]);
  }
  return [...out];
}

describe('schema messages', () => {
  it('every message a block or flow schema states has its Portuguese', () => {
    const found = [...schemaMessages(), INVALID_PATTERN]; // the one message kept in a constant
    expect(found.length).toBeGreaterThan(30);
    const untranslated = found.filter((m) => localizeSchemaMessage(m, 'pt-BR') === m);
    expect(untranslated).toEqual([]);
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
