import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../runtime/context.js';
import { testContext } from '../../runtime/context.js';
import { executor } from './run.js';
import { schema } from './schema.js';

describe('Video bubble', () => {
  it('is the bubble-video kind in the bubbles category', () => {
    expect(schema.kind).toBe('bubble-video');
    expect(schema.category).toBe('bubbles');
    expect(schema.isInput).toBeFalsy();
  });

  it('sends a video by URL with a caption', async () => {
    const ctx = testContext({ variables: { name: 'Ana' } });
    const options = schema.options.parse({
      source: { kind: 'url', url: 'https://cdn.example.com/tutorial.mp4' },
      caption: 'Veja como funciona, {{name}}',
    });
    const out = await executor.run(options, ctx);
    expect(out.messages).toEqual([
      { type: 'video', url: 'https://cdn.example.com/tutorial.mp4', caption: 'Veja como funciona, Ana' },
    ]);
  });

  it('sends an uploaded video through ctx.fileUrl', async () => {
    const out = await executor.run(schema.options.parse({ source: { kind: 'file', fileId: 'vid_9' } }), testContext());
    expect(out.messages).toEqual([{ type: 'video', url: '/api/files/vid_9' }]);
  });

  it('sends nothing and logs when the rendered URL is invalid', async () => {
    const logs: LogEntry[] = [];
    const ctx = testContext({ variables: { id: 'a b' }, logs });
    const options = schema.options.parse({ source: { kind: 'url', url: '{{id}}' } });
    expect(await executor.run(options, ctx)).toEqual({});
    expect(logs[0]?.level).toBe('error');
  });

  it('starts empty asking for its file, and refuses a non-http URL on source.url', () => {
    expect(schema.options.safeParse(schema.defaults(() => 'id')).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['source.fileId', 'upload a file']]);
    const r = schema.options.safeParse({ source: { kind: 'url', url: 'rtsp://cam.example.com/live' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(['source', 'url']);
  });
});
