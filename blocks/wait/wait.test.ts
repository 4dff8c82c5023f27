import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { emptyFlowDocument, parseFlowDocument } from '../flow.js';
import { executor } from './run.js';
import { schema } from './schema.js';

describe('Wait', () => {
  it('asks the engine for a timer of the amount in its unit', async () => {
    const cases: [number, string, number][] = [
      [90, 'seconds', 90],
      [15, 'minutes', 900],
      [2, 'hours', 7200],
      [3, 'days', 259_200],
    ];
    for (const [amount, unit, seconds] of cases) {
      const o = schema.options.parse({ amount, unit });
      expect(await executor.run(o, testContext())).toEqual({ wait: { for: 'timer', seconds } });
    }
  });

  it('accepts 1 second up to 30 days, whole amounts only', () => {
    expect(schema.options.safeParse({ amount: 1, unit: 'seconds' }).success).toBe(true);
    expect(schema.options.safeParse({ amount: 30, unit: 'days' }).success).toBe(true);
    expect(schema.options.safeParse({ amount: 720, unit: 'hours' }).success).toBe(true);
    for (const [amount, unit] of [[0, 'minutes'], [-5, 'hours'], [31, 'days'], [721, 'hours'], [1.5, 'hours'], [Number.NaN, 'seconds'], ['', 'minutes']] as const) {
      const r = schema.options.safeParse({ amount, unit });
      expect(r.success, `${amount} ${unit}`).toBe(false);
      expect(r.error!.issues[0].path).toEqual(['amount']);
    }
    expect(schema.options.safeParse({ amount: 1, unit: 'weeks' }).success).toBe(false);
  });

  it('reads a Wait saved in seconds as the largest whole unit, and runs it for as long', async () => {
    const doc = structuredClone(emptyFlowDocument()) as any;
    const waits = [90, 120, 7200, 86_400, 90_000, 0].map((seconds, i) => ({ id: `w${i}`, kind: 'wait', options: { seconds } }));
    doc.groups[0].blocks.push(...waits);
    const read = parseFlowDocument(doc, { draft: true }).groups[0].blocks.map((b) => b.options);
    expect(read).toEqual([
      { amount: 90, unit: 'seconds' },
      { amount: 2, unit: 'minutes' },
      { amount: 2, unit: 'hours' },
      { amount: 1, unit: 'days' },
      { amount: 25, unit: 'hours' },
      { amount: 0, unit: 'seconds' },
    ]);
    expect(await executor.run(read[4], testContext())).toEqual({ wait: { for: 'timer', seconds: 90_000 } });
  });

  it('defaults parse', () => {
    expect(schema.options.safeParse(schema.defaults(() => 'x')).success).toBe(true);
  });
});
