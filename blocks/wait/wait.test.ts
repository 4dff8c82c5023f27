import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

describe('Wait', () => {
  it('asks the engine for a timer of the given seconds', async () => {
    const o = schema.options.parse({ seconds: 90 });
    expect(await executor.run(o, testContext())).toEqual({ wait: { for: 'timer', seconds: 90 } });
  });

  it('accepts 1 second up to 30 days, whole seconds only', () => {
    expect(schema.options.safeParse({ seconds: 1 }).success).toBe(true);
    expect(schema.options.safeParse({ seconds: 30 * 86400 }).success).toBe(true);
    for (const seconds of [0, -5, 30 * 86400 + 1, 1.5, Number.NaN]) {
      const r = schema.options.safeParse({ seconds });
      expect(r.success, String(seconds)).toBe(false);
      expect(r.error!.issues[0].path).toEqual(['seconds']);
    }
  });

  it('defaults parse', () => {
    expect(schema.options.safeParse(schema.defaults(() => 'x')).success).toBe(true);
  });
});
