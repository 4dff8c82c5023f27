import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

describe('End', () => {
  it('ends the flow and sends nothing', async () => {
    const out = await executor.run(schema.options.parse(schema.defaults(() => 'x')), testContext());
    expect(out).toEqual({ next: { path: 'end' } });
  });

  it('has no default path', () => {
    expect(schema.hasDefaultPath).toBe(false);
  });
});
