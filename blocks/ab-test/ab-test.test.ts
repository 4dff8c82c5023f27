import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

const split = (...percents: number[]) =>
  schema.options.parse({
    items: percents.map((percent, i) => ({ id: String.fromCharCode(97 + i), label: String.fromCharCode(65 + i), percent })),
  });

async function counts(options: ReturnType<typeof split>, runs: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (let seed = 0; seed < runs; seed++) {
    const r = await executor.run(options, testContext({ seed }));
    const id = r.next?.path === 'item' ? r.next.itemId : 'none';
    out[id] = (out[id] ?? 0) + 1;
  }
  return out;
}

describe('A/B test', () => {
  it('splits 30/70 within ±3% over 10,000 seeded contacts', async () => {
    const c = await counts(split(30, 70), 10_000);
    expect(Object.keys(c).sort()).toEqual(['a', 'b']);
    expect(c.a / 10_000).toBeGreaterThan(0.27);
    expect(c.a / 10_000).toBeLessThan(0.33);
    expect(c.b / 10_000).toBeGreaterThan(0.67);
    expect(c.b / 10_000).toBeLessThan(0.73);
  });

  it('splits three ways 20/30/50', async () => {
    const c = await counts(split(20, 30, 50), 10_000);
    expect(c.a / 10_000).toBeCloseTo(0.2, 1);
    expect(c.b / 10_000).toBeCloseTo(0.3, 1);
    expect(c.c / 10_000).toBeCloseTo(0.5, 1);
  });

  it('never takes a 0% branch', async () => {
    expect(await counts(split(0, 100), 2_000)).toEqual({ b: 2_000 });
    expect(await counts(split(100, 0), 2_000)).toEqual({ a: 2_000 });
  });

  it('is reproducible for a seed', async () => {
    const o = split(50, 50);
    const picks = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => executor.run(o, testContext({ seed }))));
    const again = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map((seed) => executor.run(o, testContext({ seed }))));
    expect(again).toEqual(picks);
  });

  it('a roll of 0 skips leading 0% branches', async () => {
    const low = { ...testContext(), random: () => 0 };
    expect(await executor.run(split(0, 50, 50), low)).toEqual({ next: { path: 'item', itemId: 'b' } });
  });

  it('a roll past the total (float rounding, a faulty source) lands on the last branch with a share', async () => {
    const top = { ...testContext(), random: () => 1 };
    expect(await executor.run(split(50, 50, 0), top)).toEqual({ next: { path: 'item', itemId: 'b' } });
  });

  it('refuses percentages that do not add up to 100, on the items path', () => {
    const r = schema.options.safeParse({
      items: [
        { id: 'a', label: 'A', percent: 30 },
        { id: 'b', label: 'B', percent: 60 },
      ],
    });
    expect(r.success).toBe(false);
    expect(r.error!.issues).toMatchObject([{ path: ['items'], message: expect.stringContaining('add up to 100') }]);
    expect(schema.options.safeParse({ items: [{ id: 'a', label: 'A', percent: 100 }] }).success).toBe(false);
    expect(schema.options.safeParse({ items: [{ id: 'a', label: 'A', percent: 120 }, { id: 'b', label: 'B', percent: -20 }] }).success).toBe(false);
  });

  it('accepts decimal shares that add up to 100', () => {
    expect(split(33.3, 33.3, 33.4).items).toHaveLength(3);
  });

  it('defaults are a parseable 50/50 whose branches own edges', () => {
    const d = schema.options.parse(schema.defaults(() => 'x'));
    expect(schema.items!(d)).toEqual([
      { id: 'a', label: 'A (50%)' },
      { id: 'b', label: 'B (50%)' },
    ]);
  });
});
