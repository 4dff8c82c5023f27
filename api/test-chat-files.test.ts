// Files in the test chat over real HTTP, on both databases: a tester uploads a photo, sends it to
// a File input, and the run stores an image row, saves the file in the variable and shows it in
// the transcript; only the tester's own uploads, unused elsewhere, can be sent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../runtime/testing/databases.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

// 1×1 PNG
const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005fe02fea35d88a50000000049454e44ae426082', 'hex');
const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

const fileFlow = () =>
  buildFlow({
    variables: ['arquivo'],
    groups: [
      {
        id: 'g1',
        blocks: [
          { id: 'ask', kind: 'input-file', options: { variableId: 'arquivo', prompt: 'Envie a foto do produto', accept: ['image'] } },
          text('ok', 'Recebi {{arquivo}}'),
        ],
      },
    ],
  });

describe.each(testDatabases)('test chat attachments on %s', (_, makeDb) => {
  let h: Harness;
  let admin: TestClient;
  let other: TestClient;
  let flowId: string;

  const upload = async (who: TestClient, body: Buffer, type: string, name: string) => {
    const res = await fetch(`${h.url}/api/files?name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { 'content-type': type, cookie: who.cookie()! },
      body: new Uint8Array(body),
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { id: string; url: string };
  };
  const refusal = async (p: Promise<unknown>) => {
    const e = errorOf(await p.then(() => null, (x: unknown) => x));
    return e;
  };

  beforeAll(async () => {
    h = await startHarness({ db: makeDb() });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    await admin.trpc.users.create.mutate({ name: 'Bruno', email: 'bruno@ozia.test', role: 'supervisor', password: 'supervisor-password-2', departmentIds: [] });
    other = h.client();
    await other.login('bruno@ozia.test', 'supervisor-password-2');
    const f = await admin.trpc.flows.create.mutate({ name: 'Foto' });
    await admin.trpc.flows.saveDraft.mutate({ id: f.id, document: fileFlow(), baseRevision: f.draftRevision ?? 0, force: true });
    flowId = f.id;
  });
  afterAll(() => h?.close());

  it('sends an uploaded photo as an image the File input saves, and the transcript shows it', async () => {
    const run = await admin.trpc.testChat.start.mutate({ flowId });
    expect(run.messages.map((m) => m.message)).toEqual([{ type: 'text', text: 'Envie a foto do produto' }]);
    const file = await upload(admin, png, 'image/png', 'produto.png');
    const sent = await admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, text: '', attachments: [{ fileId: file.id }] });
    const [inbound, reply] = sent.messages;
    expect(inbound).toMatchObject({ direction: 'in', message: { type: 'image', fileId: file.id, url: file.url, mime: 'image/png', fileName: 'produto.png', size: png.length } });
    expect(reply.message).toEqual({ type: 'text', text: 'Recebi produto.png' });
    const saved = sent.state.variables.find((v) => v.name === 'arquivo')?.value;
    expect(saved).toEqual({ fileId: file.id, url: file.url, name: 'produto.png', mime: 'image/png', size: png.length, kind: 'image' });
    // Stored as an image row, and read back alike after a reload.
    const row = await h.app.db.kysely.selectFrom('messages').select(['kind', 'conversation_id']).where('id', '=', inbound.id).executeTakeFirstOrThrow();
    expect(row.kind).toBe('image');
    const transcript = await admin.trpc.testChat.transcript.query({ sessionId: run.sessionId });
    expect(transcript.find((m) => m.id === inbound.id)?.message).toEqual(inbound.message);
    // Whoever may see the run's conversation may read the file.
    const links = await h.app.db.kysely.selectFrom('file_links').selectAll().where('file_id', '=', file.id).execute();
    expect(links.map((l) => [l.owner_kind, l.owner_id])).toEqual([['conversation', row.conversation_id]]);
  });

  it('takes a caption with the file, and a document where any file is taken is a document row', async () => {
    const run = await admin.trpc.testChat.start.mutate({ flowId });
    const doc = await upload(admin, pdf, 'application/pdf', 'nota.pdf');
    // Images only: the PDF gets the retry text, stored as what it is.
    const wrong = await admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, text: 'segue', attachments: [{ fileId: doc.id }] });
    expect(wrong.messages[0].message).toMatchObject({ type: 'document', fileName: 'nota.pdf', caption: 'segue' });
    expect(wrong.messages[1].message).toEqual({ type: 'text', text: 'Um documento não serve aqui: envie uma foto. Pode tentar de novo?' });
    expect(wrong.state.variables.find((v) => v.name === 'arquivo')?.value).toBeUndefined();
  });

  it('answers a text reply to the File input with the retry text', async () => {
    const run = await admin.trpc.testChat.start.mutate({ flowId });
    const typed = await admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, text: 'não tenho' });
    expect(typed.messages.map((m) => m.message)).toEqual([
      { type: 'text', text: 'não tenho' },
      { type: 'text', text: 'Envie uma foto. Pode tentar de novo?' },
    ]);
    expect(typed.state.currentBlockId).toBe('ask');
  });

  it('never sends another user’s file, a file used elsewhere, or one that does not exist', async () => {
    const run = await admin.trpc.testChat.start.mutate({ flowId });
    const theirs = await upload(other, png, 'image/png', 'deles.png');
    const e1 = await refusal(admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, attachments: [{ fileId: theirs.id }] }));
    expect(e1).toMatchObject({ code: 'BAD_REQUEST', message: 'attachments.0.fileId: the file was not found; attach it again' });

    // The tester's own upload that a flow already uses is not a test chat attachment.
    const mine = await upload(admin, png, 'image/png', 'logo.png');
    await h.app.files.link(mine.id, 'flow', flowId);
    const e2 = await refusal(admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, attachments: [{ fileId: mine.id }] }));
    expect(e2.message).toBe('attachments.0.fileId: the file was not found; attach it again');

    // …nor one already sent in another run's conversation.
    const first = await admin.trpc.testChat.start.mutate({ flowId });
    const once = await upload(admin, png, 'image/png', 'uma-vez.png');
    await admin.trpc.testChat.send.mutate({ sessionId: first.sessionId, attachments: [{ fileId: once.id }] });
    const e3 = await refusal(admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, attachments: [{ fileId: once.id }] }));
    expect(e3.message).toBe('attachments.0.fileId: the file was not found; attach it again');

    const e4 = await refusal(admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, attachments: [{ fileId: 'nao-existe-0000' }] }));
    expect(e4.code).toBe('BAD_REQUEST');
    const e5 = await refusal(admin.trpc.testChat.send.mutate({ sessionId: run.sessionId, attachments: Array.from({ length: 11 }, () => ({ fileId: theirs.id })) }));
    expect(e5.code).toBe('BAD_REQUEST');
    // Nothing refused reached the run: it still waits on the question with no message from the contact.
    const transcript = await admin.trpc.testChat.transcript.query({ sessionId: run.sessionId });
    expect(transcript.filter((m) => m.direction === 'in')).toEqual([]);
  });
});
