import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import type { WAMessage } from 'baileys';
import { baileysMediaDownloader, MediaTooLargeError } from './media.js';
import { incoming, mediaContent, mediaServer } from './testing/messages.js';

const ana = { pn: '5511987654321', lid: '201234567890123' };
let server: Awaited<ReturnType<typeof mediaServer>>;
beforeAll(async () => {
  server = await mediaServer();
});
afterAll(() => server.close());

async function pdf(size: number): Promise<{ msg: WAMessage; data: Buffer; path: string }> {
  const data = Buffer.concat([Buffer.from('%PDF-1.4 '), randomBytes(size)]);
  const c = await mediaContent({ document: data, mimetype: 'application/pdf', fileName: 'nota.pdf' }, server);
  return { msg: incoming(c, { from: ana, id: 'DOC1' }), data, path: new URL(c.documentMessage!.url!).pathname };
}

describe('baileysMediaDownloader', () => {
  it('downloads and decrypts the file, with its type, name and size', async () => {
    const { msg, data } = await pdf(3000);
    const got = await baileysMediaDownloader()(msg, { maxBytes: 1 << 20 });
    expect(got.data.equals(data)).toBe(true);
    expect(got).toMatchObject({ mime: 'application/pdf', name: 'nota.pdf', size: data.length });
  });

  it('names a file WhatsApp gave no name after its kind and the message id', async () => {
    const c = await mediaContent({ image: Buffer.from('89504e470d0a1a0a00', 'hex'), mimetype: 'image/png' }, server);
    const got = await baileysMediaDownloader()(incoming(c, { from: ana, id: 'IMG9' }), { maxBytes: 1 << 20 });
    expect(got.name).toBe('image-IMG9.png');
  });

  it('refuses a file declared over the limit without downloading it', async () => {
    const { msg } = await pdf(3000);
    const before = server.hits();
    await expect(baileysMediaDownloader()(msg, { maxBytes: 1000 })).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(server.hits()).toBe(before);
  });

  it('stops a download that grows past the limit when the declared size is missing', async () => {
    const { msg } = await pdf(200_000);
    msg.message!.documentMessage!.fileLength = null;
    const err = await baileysMediaDownloader()(msg, { maxBytes: 50_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaTooLargeError);
    expect((err as MediaTooLargeError).size).toBeGreaterThan(50_000);
  });

  it('asks the phone to upload an expired file again and downloads the new copy', async () => {
    const { msg, data, path } = await pdf(3000);
    server.move(path, `${path}.new`); // the old link now answers 404, like an expired CDN link
    const asked: string[] = [];
    const reupload = async (m: WAMessage): Promise<WAMessage> => {
      asked.push(m.key.id!);
      const copy = structuredClone(m);
      copy.message!.documentMessage!.url = `${server.base}${path}.new`;
      return copy;
    };
    const got = await baileysMediaDownloader({ reupload })(msg, { maxBytes: 1 << 20 });
    expect(asked).toEqual(['DOC1']);
    expect(got.data.equals(data)).toBe(true);
    await expect(baileysMediaDownloader()(msg, { maxBytes: 1 << 20 })).rejects.toThrow();
  });

  it('does not re-upload for errors other than an expired link', async () => {
    const { msg } = await pdf(100);
    msg.message!.documentMessage!.url = 'http://127.0.0.1:1/unreachable';
    let asked = 0;
    await expect(baileysMediaDownloader({ reupload: async (m) => (asked++, m) })(msg, { maxBytes: 1 << 20 })).rejects.toThrow();
    expect(asked).toBe(0);
  });
});
