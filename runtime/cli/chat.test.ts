import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFlow, text } from '../testing/flow-builder.js';
import { tempDir } from '../testing/databases.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'chat.ts');
const dir = tempDir('ozia-chat-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function chat(flow: unknown, input: string, opts: { closeInput?: boolean } = {}) {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, typeof flow === 'string' ? flow : JSON.stringify(flow));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', script, file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
    p.stdin.write(input);
    if (opts.closeInput !== false) p.stdin.end();
  });
}

const flow = buildFlow({
  variables: ['nome', 'setor'],
  groups: [
    {
      id: 'g',
      blocks: [
        text('a', 'Olá! Qual é o seu nome?'),
        { id: 'b', kind: 'input-text', options: { variableId: 'nome' } },
        { id: 'c', kind: 'input-buttons', options: { variableId: 'setor', prompt: 'Com quem quer falar, {{nome}}?', items: [{ id: 'v', label: 'Vendas' }, { id: 's', label: 'Suporte' }] } },
      ],
    },
    { id: 'sales', blocks: [text('x', 'Vendas: um momento.'), { id: 'w', kind: 'wait', options: { seconds: 1 } }, text('y', 'Olá {{nome}}, sou da equipe de {{setor}}.')] },
    { id: 'support', blocks: [text('z', 'Suporte: descreva o problema.'), { id: 'p', kind: 'input-text', options: {} }, text('q', 'Anotado!')] },
  ],
  edges: [
    { from: { blockId: 'c', itemId: 'v' }, to: { groupId: 'sales' } },
    { from: { blockId: 'c', itemId: 's' }, to: { groupId: 'support' } },
  ],
});

describe('terminal chat', () => {
  it('prints bot lines and numbered choices, waits for a Wait, and exits 0 at the end of the flow', async () => {
    const r = await chat(flow, 'Ana\n1\nthis line is never read\n', { closeInput: false });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual([
      'bot: Olá! Qual é o seu nome?',
      'bot: Com quem quer falar, Ana?',
      '1. Vendas',
      '2. Suporte',
      '_Responda com o número da opção._',
      'bot: Vendas: um momento.',
      'bot: Olá Ana, sou da equipe de Vendas.',
      '',
    ]);
  });

  it('sends retry messages for invalid answers and exits 0 when the input ends mid-flow', async () => {
    const r = await chat(flow, 'Ana\nmarketing\nsuporte\n');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('bot: '))).toHaveLength(4);
    expect(lines.at(-1)).toBe('bot: Suporte: descreva o problema.');
  });

  it('exits non-zero printing the validation errors of an invalid file', async () => {
    const bad = structuredClone(flow) as any;
    bad.groups[0].blocks[1].options.variableId = 3;
    const r = await chat(bad, '');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('groups[0].blocks[1].options.variableId');
    const notJson = await chat('{not json', '');
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toMatch(/cannot read/);
  });
});
