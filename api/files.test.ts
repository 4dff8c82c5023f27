import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startHarness, type Harness, type TestClient } from './testing/harness.js';

// 1×1 PNG
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005fe02fea35d88a50000000049454e44ae426082', 'hex');

let h: Harness;
let ana: TestClient;
beforeAll(async () => {
  h = await startHarness();
  ana = h.client();
  await ana.login(ADMIN.email, ADMIN.password);
});
afterAll(() => h.close());

const upload = (body: Buffer, type: string, name: string, cookie?: string) =>
  fetch(`${h.url}/api/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(cookie ? { cookie } : {}) },
    body: new Uint8Array(body),
  });

describe('file uploads', () => {
  it('stores an image and serves it back by its id', async () => {
    const res = await upload(png, 'image/png', 'logo da loja.png', ana.cookie());
    expect(res.status).toBe(201);
    const saved = await res.json();
    expect(saved).toMatchObject({ name: 'logo da loja.png', mime: 'image/png', size: png.length });
    expect(saved.id).toMatch(/^[\w-]{20,}$/);
    const got = await fetch(`${h.url}${saved.url}`);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(png);
  });

  it('refuses anonymous uploads, wrong types, disguised content and oversized files', async () => {
    expect((await upload(png, 'image/png', 'a.png')).status).toBe(401);
    const exe = await upload(Buffer.from('MZ\x90\x00'), 'application/x-msdownload', 'virus.exe', ana.cookie());
    expect(exe.status).toBe(400);
    expect((await exe.json()).error).toMatch(/cannot be sent on WhatsApp/);
    const fake = await upload(Buffer.from('<html>not a png</html>'), 'image/png', 'fake.png', ana.cookie());
    expect((await fake.json()).error).toBe('file: the content is not image/png');
    const big = await upload(Buffer.concat([png, Buffer.alloc(17 * 1024 * 1024)]), 'image/png', 'big.png', ana.cookie());
    expect(big.status).toBe(413);
    expect((await fetch(`${h.url}/api/files/doesnotexist123`)).status).toBe(404);
  });
});
