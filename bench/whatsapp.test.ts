import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../runtime/testing/databases.js';
import { script } from './engine.js';
import { whatsappInbound } from './whatsapp.js';

describe('the whatsapp_inbound bench', () => {
  const dir = tempDir('ozia-wa-bench-test-');
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('answers every message of every contact through the fake socket, each step of the script with the same answers', async () => {
    const r = await whatsappInbound(dir, 4, 2);
    expect(r.messages).toBe(4 * script.length);
    // Each step of the lead-capture template answers (a question, or the thanks at the end).
    expect(r.perStep).toHaveLength(script.length);
    for (const n of r.perStep) expect(n).toBeGreaterThan(0);
    expect(r.sends).toBe(4 * r.perStep.reduce((a, b) => a + b, 0));
  }, 60_000);
});
