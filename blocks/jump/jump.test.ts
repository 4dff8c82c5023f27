import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

describe('Jump', () => {
  it('jumps to a group', async () => {
    const o = schema.options.parse({ target: { groupId: 'g_support' } });
    expect(await executor.run(o, testContext())).toEqual({ next: { path: 'jump', groupId: 'g_support' } });
  });

  it('jumps to a block inside a group', async () => {
    const o = schema.options.parse({ target: { groupId: 'g_support', blockId: 'b_menu' } });
    expect(await executor.run(o, testContext())).toEqual({ next: { path: 'jump', groupId: 'g_support', blockId: 'b_menu' } });
  });

  it('fails loudly while no target is chosen, so the engine reports a flow error', () => {
    const fresh = schema.options.parse(schema.defaults(() => 'x'));
    expect(() => executor.run(fresh, testContext())).toThrow(/no target/);
  });

  it('has no default path and refuses an empty block id', () => {
    expect(schema.hasDefaultPath).toBe(false);
    const r = schema.options.safeParse({ target: { groupId: 'g', blockId: '' } });
    expect(r.error!.issues.map((i) => i.path)).toEqual([['target', 'blockId']]);
  });
});
