import { describe, expect, it } from 'vitest';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

describe('Audio bubble', () => {
  it('sends an audio by URL', async () => {
    const out = await executor.run(
      schema.options.parse({ source: { kind: 'url', url: 'https://cdn.example.com/boas-vindas.ogg' } }),
      testContext(),
    );
    expect(out.messages).toEqual([{ type: 'audio', url: 'https://cdn.example.com/boas-vindas.ogg' }]);
  });

  it('has no caption option: a caption in the options is dropped, never sent', async () => {
    const options = schema.options.parse({
      source: { kind: 'url', url: 'https://cdn.example.com/a.mp3' },
      caption: 'ignored',
    });
    expect(options).not.toHaveProperty('caption');
    const out = await executor.run(options, testContext());
    expect(out.messages).toEqual([{ type: 'audio', url: 'https://cdn.example.com/a.mp3' }]);
  });

  it('sends an uploaded audio through ctx.fileUrl', async () => {
    const out = await executor.run(
      schema.options.parse({ source: { kind: 'file', fileId: 'aud_1', fileName: 'menu.ogg' } }),
      testContext(),
    );
    expect(out.messages).toEqual([{ type: 'audio', url: '/api/files/aud_1' }]);
  });

  it('refuses a missing source with an error on source', () => {
    const r = schema.options.safeParse({});
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['source']);
    // A fresh block asks for its file instead of pointing at an example.
    expect(schema.options.safeParse(schema.defaults(() => 'id')).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['source.fileId', 'upload a file']]);
  });
});
