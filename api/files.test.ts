// Uploaded files over real HTTP, on both databases: stored by content type, served only to a
// signed-in user allowed to see where the file is used (or to a signed, unexpired link),
// downloaded unless they are media, and deletable under the same check.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../runtime/testing/databases.js';
import { handoffFlow } from '../runtime/inbox/testing.js';
import { buildFlow } from '../runtime/testing/flow-builder.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

// 1×1 PNG
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005fe02fea35d88a50000000049454e44ae426082', 'hex');
const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PASSWORD = 'operator-password-1';

describe.each(testDatabases)('files on %s', (_name, makeDb) => {
  let h: Harness;
  let admin: TestClient;
  let sales: TestClient;
  let sales2: TestClient;
  let billing: TestClient;
  let salesDept: string;
  let billingDept: string;
  let conversationId: string;

  const upload = (body: Buffer, type: string, name: string, who?: TestClient) =>
    fetch(`${h.url}/api/files?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': type, ...(who ? { cookie: who.cookie()! } : {}) },
      body: new Uint8Array(body),
    });
  const uploaded = async (body: Buffer, type: string, name: string, who: TestClient) => {
    const res = await upload(body, type, name, who);
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; url: string; name: string; mime: string; size: number };
  };
  const get = (url: string, who?: TestClient, method = 'GET') => fetch(`${h.url}${url}`, { method, headers: who ? { cookie: who.cookie()! } : {} });

  beforeAll(async () => {
    h = await startHarness({ db: makeDb() });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    salesDept = (await admin.trpc.departments.create.mutate({ name: 'Vendas', code: 'sales' })).id;
    billingDept = (await admin.trpc.departments.create.mutate({ name: 'Financeiro' })).id;
    for (const [email, dept] of [['sofia@ozia.test', salesDept], ['saulo@ozia.test', salesDept], ['fabio@ozia.test', billingDept]] as const) {
      await admin.trpc.users.create.mutate({ name: email.split('@')[0], email, role: 'operator', password: PASSWORD, departmentIds: [dept] });
    }
    [sales, sales2, billing] = [h.client(), h.client(), h.client()];
    await sales.login('sofia@ozia.test', PASSWORD);
    await sales2.login('saulo@ozia.test', PASSWORD);
    await billing.login('fabio@ozia.test', PASSWORD);
    const flow = await admin.trpc.flows.create.mutate({ name: 'Atendimento' });
    await admin.trpc.flows.saveDraft.mutate({ id: flow.id, document: handoffFlow({ departmentId: salesDept, assign: { mode: 'queue' } }), baseRevision: 0, force: true });
    await admin.trpc.flows.publish.mutate({ id: flow.id });
    await admin.trpc.testChat.start.mutate({ flowId: flow.id });
    await h.app.runtime.idle();
    await h.app.inbox.assigner.idle();
    conversationId = (await sales.trpc.inbox.list.query({ view: 'waiting' })).items[0].id;
    await sales.trpc.inbox.pickUp.mutate({ id: conversationId });
  });
  afterAll(() => h?.close());

  it('stores an image by its content and serves it back to its uploader', async () => {
    const saved = await uploaded(png, 'image/png', 'logo da loja.png', sales);
    expect(saved).toMatchObject({ name: 'logo da loja.png', mime: 'image/png', size: png.length });
    expect(saved.id).toMatch(/^[\w-]{20,}$/);
    const got = await get(saved.url, sales);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(Buffer.from(await got.arrayBuffer())).toEqual(png);
  });

  it('refuses anonymous uploads, wrong types, disguised content and oversized files', async () => {
    expect((await upload(png, 'image/png', 'a.png')).status).toBe(401);
    const exe = await upload(Buffer.from('MZ\x90\x00'), 'application/x-msdownload', 'virus.exe', sales);
    expect(exe.status).toBe(400);
    expect((await exe.json()).error).toMatch(/cannot be sent on WhatsApp/);
    const fake = await upload(Buffer.from('<html>not a png</html>'), 'image/png', 'fake.png', sales);
    expect((await fake.json()).error).toBe('file: the content is not image/png');
    const big = await upload(Buffer.concat([png, Buffer.alloc(17 * 1024 * 1024)]), 'image/png', 'big.png', sales);
    expect(big.status).toBe(413);
    expect((await big.json()).error).toBe('file: larger than 16 MB');
    expect((await get('/api/files/doesnotexist123', sales)).status).toBe(404);
  });

  it('a link alone reads nothing: anonymous gets 401, a colleague who may not see where it is used gets 404', async () => {
    const saved = await uploaded(png, 'image/png', 'foto.png', sales);
    expect((await get(saved.url)).status).toBe(401);
    expect((await get(saved.url, undefined, 'HEAD')).status).toBe(401);
    expect((await get(saved.url, billing)).status).toBe(404);
    expect((await get(saved.url, sales2)).status).toBe(404); // not used anywhere yet: only its uploader and supervisors
    expect((await get(saved.url, admin)).status).toBe(200);
  });

  it('an attachment sent in a conversation is readable by who may see the conversation only', async () => {
    const saved = await uploaded(pdf, 'application/pdf', 'boleto março.pdf', sales);
    await sales.trpc.inbox.reply.mutate({ id: conversationId, text: 'segue o boleto', fileId: saved.id });
    const got = await get(saved.url, sales2);
    expect(got.status).toBe(200);
    // Not an image, audio or video: the browser downloads it instead of opening it as a page.
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('boleto março.pdf')}`);
    expect((await get(saved.url, billing)).status).toBe(404);
  });

  it('nobody gains a file by sending its id: a file the sender may not read cannot be attached', async () => {
    const secret = await uploaded(pdf, 'application/pdf', 'contrato.pdf', billing);
    const e = await sales.trpc.inbox.reply.mutate({ id: conversationId, fileId: secret.id }).then(() => null, errorOf);
    expect(e).toMatchObject({ code: 'BAD_REQUEST', message: 'fileId: the attachment was not found; upload it again' });
    expect((await get(secret.url, sales)).status).toBe(404);
  });

  it('a flow’s media are readable by operators once the flow is published (its messages reach their conversations)', async () => {
    const saved = await uploaded(png, 'image/png', 'cardapio.png', admin);
    const flow = await admin.trpc.flows.create.mutate({ name: 'Cardápio' });
    const document = buildFlow({ groups: [{ id: 'g', blocks: [{ id: 'img', kind: 'bubble-image', options: { source: { kind: 'file', fileId: saved.id, fileName: 'cardapio.png' } } }] }] });
    await admin.trpc.flows.saveDraft.mutate({ id: flow.id, document, baseRevision: flow.draftRevision });
    expect((await get(saved.url, billing)).status).toBe(404);
    await admin.trpc.flows.publish.mutate({ id: flow.id });
    expect((await get(saved.url, billing)).status).toBe(200);
  });

  it('a quick reply’s file is readable by the operators the quick reply is for', async () => {
    const saved = await uploaded(pdf, 'application/pdf', 'tabela.pdf', admin);
    await admin.trpc.inbox.quickReplies.create.mutate({ shortcut: 'tabela', title: 'Tabela', body: '', fileId: saved.id, departmentId: billingDept });
    expect((await get(saved.url, billing)).status).toBe(200);
    expect((await get(saved.url, sales)).status).toBe(404);
  });

  it('a signed link serves the file without a session until it expires, and only for its file', async () => {
    const saved = await uploaded(png, 'image/png', 'envio.png', sales);
    const signed = await h.app.files.signedPath(saved.id, 60_000);
    const got = await get(signed);
    expect(got.status).toBe(200);
    expect(got.headers.get('cache-control')).toBe('private, no-store');
    expect(Buffer.from(await got.arrayBuffer())).toEqual(png);
    expect((await get(signed.replace(/sig=./, 'sig=x'))).status).toBe(401);
    const other = await uploaded(png, 'image/png', 'outro.png', sales);
    expect((await get(signed.replace(saved.id, other.id))).status).toBe(401);
    expect((await get(await h.app.files.signedPath(saved.id, -1000))).status).toBe(401);
    // A signed link reads; it never deletes.
    expect((await fetch(`${h.url}${signed}`, { method: 'DELETE' })).status).toBe(401);
  });

  it('deleting a file: only who may read it, and then it is gone (and the quick reply loses it)', async () => {
    const saved = await uploaded(pdf, 'application/pdf', 'aviso.pdf', admin);
    const reply = await admin.trpc.inbox.quickReplies.create.mutate({ shortcut: 'aviso', title: 'Aviso', body: 'Veja o aviso', fileId: saved.id, departmentId: billingDept });
    expect((await get(saved.url, sales, 'DELETE')).status).toBe(404);
    expect((await get(saved.url, undefined, 'DELETE')).status).toBe(401);
    expect((await get(saved.url, billing)).status).toBe(200);
    const del = await get(saved.url, billing, 'DELETE');
    expect(del.status).toBe(200);
    expect((await get(saved.url, admin)).status).toBe(404);
    const after = (await admin.trpc.inbox.quickReplies.list.query()).find((r) => r.id === reply.id);
    expect(after?.fileId).toBeNull();
  });
});
