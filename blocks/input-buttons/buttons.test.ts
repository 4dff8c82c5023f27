import { describe, expect, it } from 'vitest';
import type { BlockContext, Reply, RunResult, Variables } from '../contract.js';
import { type LogEntry, testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const opts = (o: Record<string, unknown>) => schema.options.parse({ retryMessage: '', ...o });

const fruits = opts({
  variableId: 'fruit',
  prompt: 'Qual fruta, {{name}}?',
  items: [
    { id: 'i1', label: 'Opção Um' },
    { id: 'i2', label: 'Maçã' },
    { id: 'i3', label: '✅ Sim' },
  ],
});

async function ask(options: ReturnType<typeof opts>, ctx: BlockContext) {
  const out: RunResult = await executor.run(options, ctx);
  const answer = (reply: Reply | string) =>
    executor.reply!(options, typeof reply === 'string' ? { text: reply } : reply, ctx, out.wait && 'state' in out.wait ? out.wait.state : undefined);
  return { out, answer };
}

function ctxWith(variables: Variables = {}) {
  return testContext({ variables: { name: 'Ana', fruit: null, ...variables } });
}

describe('Buttons: asking', () => {
  it('sends one choice message with the rendered prompt and waits for exactly those items', async () => {
    const { out } = await ask(fruits, ctxWith());
    expect(out.messages).toEqual([
      {
        type: 'choice',
        text: 'Qual fruta, Ana?',
        multiple: false,
        items: [
          { id: 'i1', label: 'Opção Um' },
          { id: 'i2', label: 'Maçã' },
          { id: 'i3', label: '✅ Sim' },
        ],
      },
    ]);
    expect(out.wait).toEqual({
      for: 'reply',
      state: {
        items: [
          { id: 'i1', label: 'Opção Um' },
          { id: 'i2', label: 'Maçã' },
          { id: 'i3', label: '✅ Sim' },
        ],
      },
    });
  });

  it('renders labels and descriptions, and leaves out a blank prompt', async () => {
    const o = opts({
      items: [{ id: 'a', label: 'Pedido {{order}}', description: 'Status: {{status}}' }],
    });
    const { out } = await ask(o, ctxWith({ order: '#42', status: 'enviado' }));
    expect(out.messages).toEqual([
      { type: 'choice', multiple: false, items: [{ id: 'a', label: 'Pedido #42', description: 'Status: enviado' }] },
    ]);
  });

  it('hides items whose display condition fails, and numbers follow what was shown', async () => {
    const o = opts({
      variableId: 'fruit',
      items: [
        { id: 'vip', label: 'Atendimento VIP', displayCondition: { enabled: true, group: { comparisons: [{ id: 'c', variableId: 'plan', operator: 'equal', value: 'gold' }] } } },
        { id: 'std', label: 'Suporte' },
        { id: 'off', label: 'Sempre', displayCondition: { enabled: false, group: { comparisons: [{ id: 'c', variableId: 'plan', operator: 'equal', value: 'nunca' }] } } },
      ],
    });
    const basic = await ask(o, ctxWith({ plan: 'basic' }));
    expect((basic.out.messages![0] as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(['std', 'off']);
    // "1" is the first item shown, not the first item of the block.
    expect(await basic.answer('1')).toEqual({ ok: true, set: { fruit: 'Suporte' }, next: { path: 'item', itemId: 'std' } });
    // A hidden item cannot be chosen, even by a click that names it.
    expect((await basic.answer({ text: '', choiceIds: ['vip'] })).ok).toBe(false);
    expect((await basic.answer('Atendimento VIP')).ok).toBe(false);

    const gold = await ask(o, ctxWith({ plan: 'gold' }));
    expect((gold.out.messages![0] as { items: { id: string }[] }).items.map((i) => i.id)).toEqual(['vip', 'std', 'off']);
  });

  it('takes the fallback path without waiting when no item is left to show', async () => {
    const logs: LogEntry[] = [];
    const ctx = testContext({ variables: { plan: 'basic' }, logs });
    const o = opts({
      items: [{ id: 'vip', label: 'VIP', displayCondition: { enabled: true, group: { comparisons: [{ id: 'c', variableId: 'plan', operator: 'equal', value: 'gold' }] } } }],
    });
    const out = await executor.run(o, ctx);
    expect(out).toEqual({ next: { path: 'fallback' } });
    expect(logs.map((l) => l.level)).toEqual(['warn']);
  });
});

describe('Buttons: single answer', () => {
  it('accepts a click by id and takes that item path', async () => {
    const { answer } = await ask(fruits, ctxWith());
    expect(await answer({ text: 'Maçã', choiceIds: ['i2'] })).toEqual({
      ok: true,
      set: { fruit: 'Maçã' },
      next: { path: 'item', itemId: 'i2' },
    });
  });

  it('refuses a click naming an id that was not shown', async () => {
    const { answer } = await ask(fruits, ctxWith());
    expect((await answer({ text: '', choiceIds: ['nope'] })).ok).toBe(false);
    expect((await answer({ text: '', choiceIds: ['i1', 'i2'] })).ok).toBe(false);
  });

  it('accepts the number as shown, with the usual decorations', async () => {
    const { answer } = await ask(fruits, ctxWith());
    for (const text of ['2', ' 2 ', '2.', '2)', '#2', '2️⃣']) {
      expect(await answer(text)).toMatchObject({ ok: true, next: { path: 'item', itemId: 'i2' } });
    }
    expect((await answer('4')).ok).toBe(false);
    expect((await answer('0')).ok).toBe(false);
  });

  it('accepts the label ignoring case, accents, spacing and emoji', async () => {
    const { answer } = await ask(fruits, ctxWith());
    expect(await answer('opcao um')).toMatchObject({ ok: true, set: { fruit: 'Opção Um' }, next: { itemId: 'i1' } });
    expect(await answer('  MACA ')).toMatchObject({ ok: true, next: { itemId: 'i2' } });
    expect(await answer('sim!')).toMatchObject({ ok: true, set: { fruit: '✅ Sim' }, next: { itemId: 'i3' } });
    // Some keyboards send decomposed accents.
    expect(await answer('Mac\u0327a\u0303!')).toMatchObject({ ok: true, next: { itemId: 'i2' } });
  });

  it('refuses anything else, including several items on a single choice', async () => {
    const { answer } = await ask(fruits, ctxWith());
    expect(await answer('banana')).toEqual({ ok: false, reason: expect.any(String) });
    expect((await answer('')).ok).toBe(false);
    expect((await answer('1, 2')).ok).toBe(false);
    expect((await answer('opção')).ok).toBe(false);
  });

  it('tells the contact how to answer, in the flow language', async () => {
    const pt = await ask(fruits, ctxWith());
    expect(await pt.answer('banana')).toEqual({ ok: false, reason: 'escolha uma das opções: envie o número (de 1 a 3) ou o texto dela' });
    const enCtx = testContext({ variables: { name: 'Ana', fruit: null }, locale: 'en' });
    const en = await ask(opts({ ...fruits, multiple: true }), enCtx);
    expect(await en.answer('banana')).toMatchObject({ ok: false, reason: expect.stringMatching(/^please choose among the options: send their numbers \(1 to 3\)/) });
  });

  it('prefers a numeric label over the position', async () => {
    const o = opts({
      variableId: 'kids',
      items: [
        { id: 'k0', label: '0' },
        { id: 'k1', label: '1' },
        { id: 'k2', label: '2' },
        { id: 'k3', label: '3 ou mais' },
      ],
    });
    const { answer } = await ask(o, ctxWith());
    expect(await answer('2')).toMatchObject({ set: { kids: '2' }, next: { itemId: 'k2' } });
    // With no label "4", the number is a position.
    expect(await answer('4')).toMatchObject({ set: { kids: '3 ou mais' }, next: { itemId: 'k3' } });
  });

  it('matches against what was shown, not against labels re-rendered on the reply turn', async () => {
    const o = opts({ variableId: 'fruit', items: [{ id: 'a', label: 'Entrega em {{city}}' }] });
    const shownCtx = ctxWith({ city: 'Recife' });
    const out = await executor.run(o, shownCtx);
    const laterCtx = ctxWith({ city: 'Olinda' });
    const state = out.wait && 'state' in out.wait ? out.wait.state : undefined;
    expect(await executor.reply!(o, { text: 'entrega em recife' }, laterCtx, state)).toMatchObject({
      ok: true,
      set: { fruit: 'Entrega em Recife' },
    });
    expect((await executor.reply!(o, { text: 'entrega em olinda' }, laterCtx, state)).ok).toBe(false);
  });

  it('without saved state, matches what the block would show now', async () => {
    const r = await executor.reply!(fruits, { text: '3' }, ctxWith(), undefined);
    expect(r).toEqual({ ok: true, set: { fruit: '✅ Sim' }, next: { path: 'item', itemId: 'i3' } });
  });

  it('sets nothing when no variable is chosen, but still branches', async () => {
    const o = opts({ items: [{ id: 'a', label: 'Sim' }] });
    const { answer } = await ask(o, ctxWith());
    expect(await answer('sim')).toEqual({ ok: true, next: { path: 'item', itemId: 'a' } });
  });
});

describe('Buttons: multiple answer', () => {
  const multi = opts({
    variableId: 'picked',
    multiple: true,
    items: [
      { id: 'a', label: 'Arroz e feijão' },
      { id: 'b', label: 'Salada' },
      { id: 'c', label: 'Suco' },
      { id: 'd', label: 'Sobremesa' },
    ],
  });

  it('marks the message as multiple', async () => {
    const { out } = await ask(multi, ctxWith());
    expect(out.messages![0]).toMatchObject({ type: 'choice', multiple: true });
  });

  it.each([
    ['1, 3', ['Arroz e feijão', 'Suco']],
    ['1,3', ['Arroz e feijão', 'Suco']],
    ['1 e 3', ['Arroz e feijão', 'Suco']],
    ['1 and 3', ['Arroz e feijão', 'Suco']],
    ['3 1', ['Arroz e feijão', 'Suco']],
    ['salada, SOBREMESA', ['Salada', 'Sobremesa']],
    ['arroz e feijao', ['Arroz e feijão']],
    ['arroz e feijão, 4', ['Arroz e feijão', 'Sobremesa']],
    ['Salada e suco', ['Salada', 'Suco']],
    ['2, 2, salada', ['Salada']],
  ])('"%s" saves %j on the default path', async (text, labels) => {
    const { answer } = await ask(multi, ctxWith());
    expect(await answer(text)).toEqual({ ok: true, set: { picked: labels } });
  });

  it('accepts several clicked ids', async () => {
    const { answer } = await ask(multi, ctxWith());
    expect(await answer({ text: '', choiceIds: ['d', 'b'] })).toEqual({ ok: true, set: { picked: ['Salada', 'Sobremesa'] } });
    expect((await answer({ text: '', choiceIds: ['b', 'zzz'] })).ok).toBe(false);
  });

  it('refuses an answer with any part that matches nothing', async () => {
    const { answer } = await ask(multi, ctxWith());
    expect((await answer('1, 9')).ok).toBe(false);
    expect((await answer('salada, pizza')).ok).toBe(false);
    expect((await answer('1 e 9')).ok).toBe(false);
    expect((await answer('1 9')).ok).toBe(false);
    expect((await answer('salada e pizza')).ok).toBe(false);
    expect((await answer(' , ')).ok).toBe(false);
  });
});

describe('Buttons: options from a list variable', () => {
  const fromList = opts({ variableId: 'store', source: 'variable', listVariableId: 'stores', prompt: 'Qual loja?' });

  it('offers each element with an index id and continues on the default path', async () => {
    const { out, answer } = await ask(fromList, ctxWith({ stores: ['Centro', '', 'Boa Viagem', null, 'Olinda'] }));
    expect(out.messages![0]).toEqual({
      type: 'choice',
      text: 'Qual loja?',
      multiple: false,
      items: [
        { id: 'v0', label: 'Centro' },
        { id: 'v2', label: 'Boa Viagem' },
        { id: 'v4', label: 'Olinda' },
      ],
    });
    expect(await answer('boa viagem')).toEqual({ ok: true, set: { store: 'Boa Viagem' } });
    expect(await answer('3')).toEqual({ ok: true, set: { store: 'Olinda' } });
    expect(await answer({ text: '', choiceIds: ['v0'] })).toEqual({ ok: true, set: { store: 'Centro' } });
  });

  it('treats a scalar as a one-element list and an unset list as no options', async () => {
    const one = await ask(fromList, ctxWith({ stores: 'Centro' }));
    expect(one.out.messages![0]).toMatchObject({ items: [{ id: 'v0', label: 'Centro' }] });
    const none = await executor.run(fromList, ctxWith());
    expect(none).toEqual({ next: { path: 'fallback' } });
  });
});

describe('Buttons: schema', () => {
  it('defaults parse and give two static options with fresh ids', () => {
    let n = 0;
    const d = schema.defaults(() => `id${++n}`);
    const parsed = schema.options.parse(d);
    expect(parsed.items.map((i) => i.id)).toEqual(['id1', 'id2']);
    expect(schema.items!(parsed)).toEqual([
      { id: 'id1', label: 'Opção 1' },
      { id: 'id2', label: 'Opção 2' },
    ]);
  });

  it('only a single static choice owns item edges', () => {
    expect(schema.items!(opts({ multiple: true, items: [{ id: 'a', label: 'A' }] }))).toEqual([]);
    expect(schema.items!(opts({ source: 'variable', listVariableId: 'l' }))).toEqual([]);
  });

  it('names the field that is missing', () => {
    const noItems = schema.options.safeParse({ retryMessage: '', items: [] });
    expect(noItems.error!.issues.map((i) => i.path)).toEqual([['items']]);
    const noList = schema.options.safeParse({ retryMessage: '', source: 'variable' });
    expect(noList.error!.issues.map((i) => i.path)).toEqual([['listVariableId']]);
    const dup = schema.options.safeParse({ items: [{ id: 'a', label: 'A' }, { id: 'a', label: 'B' }] });
    expect(dup.error!.issues.map((i) => i.path)).toEqual([['items', 1, 'id']]);
    const blank = schema.options.safeParse({ items: [{ id: 'a', label: '  ' }] });
    expect(blank.error!.issues.map((i) => i.path)).toEqual([['items', 0, 'label']]);
  });
});
