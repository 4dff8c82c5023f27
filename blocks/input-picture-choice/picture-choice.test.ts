import { describe, expect, it } from 'vitest';
import type { RunResult } from '../contract.js';
import { type LogEntry, testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const opts = (o: Record<string, unknown>) => schema.options.parse({ retryMessage: '', ...o });

const cakes = opts({
  variableId: 'cake',
  prompt: 'Escolha o bolo',
  items: [
    { id: 'p1', imageUrl: 'https://cdn.example.com/chocolate.jpg', title: 'Bolo de Chocolate', description: 'R$ 40' },
    { id: 'p2', imageUrl: 'https://cdn.example.com/{{flavour}}.jpg', title: 'Bolo de {{flavourName}}' },
    { id: 'p3', imageUrl: 'https://cdn.example.com/cenoura.jpg', title: 'Cenoura' },
  ],
});

const stateOf = (out: RunResult) => (out.wait && 'state' in out.wait ? out.wait.state : undefined);

describe('Picture choice', () => {
  it('sends the items with rendered titles, descriptions and image addresses', async () => {
    const ctx = testContext({ variables: { flavour: 'limao', flavourName: 'Limão' } });
    const out = await executor.run(cakes, ctx);
    expect(out.messages).toEqual([
      {
        type: 'choice',
        text: 'Escolha o bolo',
        multiple: false,
        items: [
          { id: 'p1', label: 'Bolo de Chocolate', description: 'R$ 40', imageUrl: 'https://cdn.example.com/chocolate.jpg' },
          { id: 'p2', label: 'Bolo de Limão', imageUrl: 'https://cdn.example.com/limao.jpg' },
          { id: 'p3', label: 'Cenoura', imageUrl: 'https://cdn.example.com/cenoura.jpg' },
        ],
      },
    ]);
    expect(out.wait).toEqual({
      for: 'reply',
      state: {
        items: [
          { id: 'p1', label: 'Bolo de Chocolate' },
          { id: 'p2', label: 'Bolo de Limão' },
          { id: 'p3', label: 'Cenoura' },
        ],
      },
    });
  });

  it('keeps an option whose image renders to no valid address, without the image, and logs it', async () => {
    const logs: LogEntry[] = [];
    const ctx = testContext({ variables: { photo: '', flavour: 'x', flavourName: 'X' }, logs });
    const o = opts({ items: [{ id: 'a', imageUrl: '{{photo}}', title: 'Sem foto' }] });
    const out = await executor.run(o, ctx);
    expect(out.messages).toEqual([{ type: 'choice', multiple: false, items: [{ id: 'a', label: 'Sem foto' }] }]);
    expect(logs).toMatchObject([{ level: 'warn' }]);
  });

  it('matches the title, the number and a click, and takes the item path', async () => {
    const ctx = testContext({ variables: { flavour: 'limao', flavourName: 'Limão' } });
    const out = await executor.run(cakes, ctx);
    const answer = (text: string, choiceIds?: string[]) => executor.reply!(cakes, { text, choiceIds }, ctx, stateOf(out));
    expect(await answer('bolo de limao')).toEqual({ ok: true, set: { cake: 'Bolo de Limão' }, next: { path: 'item', itemId: 'p2' } });
    expect(await answer('3')).toEqual({ ok: true, set: { cake: 'Cenoura' }, next: { path: 'item', itemId: 'p3' } });
    expect(await answer('', ['p1'])).toEqual({ ok: true, set: { cake: 'Bolo de Chocolate' }, next: { path: 'item', itemId: 'p1' } });
    expect((await answer('morango')).ok).toBe(false);
    expect((await answer('R$ 40')).ok).toBe(false);
  });

  it('hides items by display condition', async () => {
    const o = opts({
      variableId: 'cake',
      items: [
        { id: 'a', imageUrl: 'https://x.test/a.png', title: 'Diet', displayCondition: { enabled: true, group: { comparisons: [{ id: 'c', variableId: 'diabetic', operator: 'equal', value: 'sim' }] } } },
        { id: 'b', imageUrl: 'https://x.test/b.png', title: 'Tradicional' },
      ],
    });
    const ctx = testContext({ variables: { diabetic: 'não' } });
    const out = await executor.run(o, ctx);
    expect(out.messages![0]).toMatchObject({ items: [{ id: 'b', label: 'Tradicional' }] });
    expect(await executor.reply!(o, { text: '1' }, ctx, stateOf(out))).toMatchObject({ ok: true, next: { itemId: 'b' } });
  });

  it('multiple choice saves the list of titles on the default path', async () => {
    const o = opts({ ...cakes, multiple: true });
    const ctx = testContext({ variables: { flavour: 'limao', flavourName: 'Limão' } });
    const out = await executor.run(o, ctx);
    expect(out.messages![0]).toMatchObject({ multiple: true });
    expect(await executor.reply!(o, { text: '1 e 3' }, ctx, stateOf(out))).toEqual({
      ok: true,
      set: { cake: ['Bolo de Chocolate', 'Cenoura'] },
    });
  });

  it('schema: http(s) or template image addresses only; a fresh block asks for its images; items own edges', () => {
    const bad = schema.options.safeParse({ items: [{ id: 'a', imageUrl: 'javascript:alert(1)', title: 'X' }] });
    expect(bad.error!.issues.map((i) => i.path)).toEqual([['items', 0, 'imageUrl']]);
    expect(schema.options.safeParse({ items: [{ id: 'a', imageUrl: 'ftp://x/y.png', title: 'X' }] }).success).toBe(false);
    expect(schema.options.safeParse({ items: [{ id: 'a', imageUrl: '{{photo}}', title: 'X' }] }).success).toBe(true);
    expect(schema.options.safeParse({ items: [] }).success).toBe(false);

    let n = 0;
    const fresh = schema.defaults(() => `id${++n}`);
    expect(schema.options.safeParse(fresh).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['items.0.imageUrl', 'add the image address'],
      ['items.1.imageUrl', 'add the image address'],
    ]);
    const parsed = schema.options.parse({ ...fresh, items: fresh.items.map((it) => ({ ...it, imageUrl: 'https://cdn.loja.com.br/a.jpg' })) });
    expect(schema.items!(parsed)).toEqual([
      { id: 'id1', label: 'Opção 1' },
      { id: 'id2', label: 'Opção 2' },
    ]);
    expect(schema.items!({ ...parsed, multiple: true })).toEqual([]);
  });
});
