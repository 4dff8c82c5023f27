import { describe, expect, it } from 'vitest';
import { parseFlowDocument } from '../blocks/flow.js';
import { largeFlow } from './editor.js';

describe('the large flow of the editor bench', () => {
  it('is a valid flow of 1,000 blocks in 200 groups', () => {
    const doc = parseFlowDocument(largeFlow());
    expect(doc.groups).toHaveLength(200);
    expect(doc.groups.reduce((n, g) => n + g.blocks.length, 0)).toBe(1000);
  });
});
