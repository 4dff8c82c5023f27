import { describe, expect, it } from 'vitest';
import { renderForWhatsApp } from './outbound.js';
import { SentMessages } from './sent-store.js';
import { content } from './testing/messages.js';
import { memoryState } from '../testing/memory-state.js';


describe('SentMessages', () => {
  it('remembers every part of a row by its own id: content for getMessage, the poll for votes, the siblings for revoke', async () => {
    const state = memoryState();
    const sent = new SentMessages(state);
    const parts = await renderForWhatsApp(
      { type: 'choice', text: 'Setor?', multiple: false, items: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }] },
      { polls: true, splitLong: true, readFile: async () => null },
    );
    const ids = ['WA_TEXT', 'WA_POLL'];
    for (const [i, p] of parts.entries()) await sent.sent(42, i, { id: ids[i], message: await content(p.content), poll: p.poll });
    expect(state.writes).toBe(2); // one write per part
    expect(await sent.partsOf(42)).toEqual(ids);
    expect((await sent.message('WA_TEXT'))?.extendedTextMessage?.text).toBe('Setor?\n\n1. A\n2. B');
    const poll = await sent.message('WA_POLL');
    expect(poll?.pollCreationMessageV3?.options?.map((o) => o.optionName)).toEqual(['A', 'B']);
    expect(Buffer.from(poll!.messageContextInfo!.messageSecret!).toString('base64')).toBe(parts[1].poll!.secret);
    expect(await sent.poll('WA_POLL')).toEqual(parts[1].poll);
    expect(await sent.poll('WA_TEXT')).toBeNull();
    expect(await sent.isOwn('WA_TEXT')).toBe(true);
    expect(await sent.isOwn('THEIRS')).toBe(false);
    expect(await sent.message('THEIRS')).toBeUndefined();
    expect(await sent.siblings('WA_POLL')).toEqual(ids);
    expect(await sent.siblings('UNKNOWN')).toEqual(['UNKNOWN']);
  });

  it('a row retried after its first part went out resumes at the second', async () => {
    const sent = new SentMessages(memoryState());
    await sent.sent(7, 0, { id: 'P0', message: { conversation: 'um' } });
    expect(await sent.partsOf(7)).toEqual(['P0']);
    await sent.sent(7, 1, { id: 'P1', message: { conversation: 'dois' } });
    expect(await sent.partsOf(7)).toEqual(['P0', 'P1']);
    // What sendItem does: it read the parts once and hands them on with each part it records.
    const known = await sent.partsOf(7);
    await sent.sent(7, 2, { id: 'P2', message: { conversation: 'três' } }, known);
    expect(await sent.partsOf(7)).toEqual(['P0', 'P1', 'P2']);
    expect(known).toEqual(['P0', 'P1']);
    expect(await sent.partsOf(8)).toEqual([]);
  });
});
