import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const options = schema.options.parse({
  items: [
    {
      id: 'minor',
      group: { comparisons: [{ id: 'c1', variableId: 'age', operator: 'less', value: '18' }] },
    },
    {
      id: 'vip',
      group: {
        logicalOperator: 'or',
        comparisons: [
          { id: 'c2', variableId: 'plan', operator: 'equal', value: 'gold' },
          { id: 'c3', variableId: 'total', operator: 'greater', value: '{{vipFrom}}' },
        ],
      },
    },
    {
      id: 'adult',
      group: { comparisons: [{ id: 'c4', variableId: 'age', operator: 'greater_or_equal', value: '18' }] },
    },
  ],
});

const run = (variables: Record<string, string | null>) =>
  executor.run(options, testContext({ variables: { age: null, plan: null, total: null, vipFrom: '1000', ...variables } }));

describe('Condition', () => {
  it('takes the first item that holds, in order', async () => {
    expect(await run({ age: '15', plan: 'gold' })).toEqual({ next: { path: 'item', itemId: 'minor' } });
    expect(await run({ age: '30', plan: 'gold' })).toEqual({ next: { path: 'item', itemId: 'vip' } });
    expect(await run({ age: '30', plan: 'basic' })).toEqual({ next: { path: 'item', itemId: 'adult' } });
  });

  it('renders templated values against the variables', async () => {
    expect(await run({ age: '30', total: '1.500,00' })).toEqual({ next: { path: 'item', itemId: 'vip' } });
    expect(await run({ age: '30', total: '1.500,00', vipFrom: '2000' })).toEqual({ next: { path: 'item', itemId: 'adult' } });
  });

  it('goes on by the default ("else") path when nothing holds', async () => {
    expect(await run({ age: null })).toEqual({});
    expect(await run({ age: 'não sei' })).toEqual({});
  });

  it('goes on by the default path with no items at all, as a freshly dropped block', async () => {
    const fresh = schema.options.parse(schema.defaults(() => 'x'));
    expect(await executor.run(fresh, testContext())).toEqual({});
  });

  it('each item owns an edge with a readable label', () => {
    expect(schema.items!(options)).toEqual([
      { id: 'minor', label: 'age is less than "18"' },
      { id: 'vip', label: 'plan is equal to "gold" or total is greater than "{{vipFrom}}"' },
      { id: 'adult', label: 'age is greater than or equal to "18"' },
    ]);
    const unary = schema.options.parse({
      items: [{ id: 'x', group: { comparisons: [{ id: 'c', variableId: 'email', operator: 'is_set' }] } }],
    });
    expect(schema.items!(unary)).toEqual([{ id: 'x', label: 'email is set' }]);
  });

  it('refuses an item without comparisons, or without a variable, on the right path', () => {
    const empty = schema.options.safeParse({ items: [{ id: 'a', group: { comparisons: [] } }] });
    expect(empty.error!.issues.map((i) => i.path)).toEqual([['items', 0, 'group', 'comparisons']]);
    const noVar = schema.options.safeParse({
      items: [{ id: 'a', group: { comparisons: [{ id: 'c', variableId: '', operator: 'is_set' }] } }],
    });
    expect(noVar.error!.issues.map((i) => i.path)).toEqual([['items', 0, 'group', 'comparisons', 0, 'variableId']]);
  });
});
