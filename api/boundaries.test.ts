// What the server accepts at its door, over real HTTP: bodies are limited before they are
// read (and anonymous ones refused before), bad input is a 400 naming the field, an internal
// error never shows its text, and text no database can store is refused on both databases.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { testDatabases } from '../runtime/testing/databases.js';
import { FLOW_DOCUMENT_PROCEDURES, PUBLIC_PROCEDURES } from './http/trpc-gate.js';
import { appRouter } from './router.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

/** A body that never ends: a server that waits to read it whole never answers. */
function endless(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(256 * 1024).fill(0x20);
  return new ReadableStream({ pull: (c) => c.enqueue(chunk) });
}

const post = (h: Harness, path: string, body: BodyInit, cookie?: string) =>
  fetch(`${h.url}/trpc/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);

const messageOf = async (res: Response) => ((await res.json()) as { error: { message: string; data: { code: string } } }).error;

describe('the gate in front of tRPC', () => {
  it('names real procedures: the public ones (anonymous bodies pass to them) and the ones carrying a flow document', () => {
    const procedures = Object.keys(appRouter._def.procedures);
    for (const p of [...PUBLIC_PROCEDURES, ...FLOW_DOCUMENT_PROCEDURES]) expect(procedures).toContain(p);
  });
});

describe('request bodies', () => {
  let h: Harness;
  let ana: TestClient;
  let flowId: string;
  beforeAll(async () => {
    h = await startHarness();
    ana = h.client();
    await ana.login(ADMIN.email, ADMIN.password);
    flowId = (await ana.trpc.flows.create.mutate({ name: 'Grande' })).id;
  });
  afterAll(() => h.close());

  it('a 20 MB flow sent as a JSON object is refused with 413 and nothing is stored', async () => {
    const document = { schemaVersion: 2, groups: [], padding: 'x'.repeat(20 * 1024 * 1024) };
    const res = await post(h, 'flows.saveDraft', JSON.stringify({ id: flowId, document, baseRevision: 1 }), ana.cookie());
    expect(res.status).toBe(413);
    expect(await messageOf(res)).toMatchObject({ message: 'the request is larger than 5 MB', data: { code: 'PAYLOAD_TOO_LARGE' } });
    expect((await ana.trpc.flows.get.query({ id: flowId })).draftRevision).toBe(1);
  });

  it('a flow just over the document limit is refused in every form: draft, import as object or as text, validation', async () => {
    const document = { schemaVersion: 2, groups: [], padding: 'x'.repeat(5 * 1024 * 1024 + 1000) };
    const calls: [string, () => Promise<unknown>][] = [
      ['document', () => ana.trpc.flows.saveDraft.mutate({ id: flowId, document, baseRevision: 1 })],
      ['json', () => ana.trpc.flows.import.mutate({ json: document })],
      ['json', () => ana.trpc.flows.import.mutate({ json: JSON.stringify(document) })],
      ['document', () => ana.trpc.flows.validate.mutate({ document })],
    ];
    for (const [field, call] of calls) {
      const e = await call().then(() => null, errorOf);
      expect(e).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: `${field}: the flow is larger than 5 MB` });
    }
    expect((await ana.trpc.flows.list.query()).map((f) => f.name)).toEqual(['Grande']);
  });

  it('an anonymous post to a procedure that needs a session is refused before its body is read', async () => {
    const res = await post(h, 'flows.saveDraft', endless());
    expect(res.status).toBe(401);
    // …and the connection closes: Node would otherwise read (and drop) the rest of the upload to keep it alive.
    expect(res.headers.get('connection')).toBe('close');
    expect((await messageOf(res)).message).toBe('log in first');
  });

  it('an anonymous body (a login) is limited to a few KB, a signed-in one to 1 MB, even without a declared length', async () => {
    const login = await post(h, 'auth.login', JSON.stringify({ email: 'a@b.c', password: 'x'.repeat(100_000) }));
    expect(login.status).toBe(413);
    expect((await messageOf(login)).message).toBe('the request is larger than 16 KB');
    const chunked = await post(h, 'inbox.whisper', endless(), ana.cookie());
    expect(chunked.status).toBe(413);
    expect(chunked.headers.get('connection')).toBe('close');
    expect((await messageOf(chunked)).message).toBe('the request is larger than 1 MB');
    // A post where nothing takes one is answered without reading it.
    expect((await fetch(`${h.url}/flows`, { method: 'POST', body: endless(), duplex: 'half' } as RequestInit)).status).toBe(405);
    expect((await fetch(`${h.url}/api/health`, { method: 'POST', body: endless(), duplex: 'half' } as RequestInit)).status).toBe(405);
    const upload = await fetch(`${h.url}/api/files?name=a.png`, { method: 'POST', headers: { 'content-type': 'image/png' }, body: endless(), duplex: 'half' } as RequestInit);
    expect(upload.status).toBe(401);
  });
});

describe('bad input and internal errors', () => {
  let h: Harness;
  let ana: TestClient;
  beforeAll(async () => {
    h = await startHarness();
    ana = h.client();
    await ana.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => h.close());
  afterEach(() => vi.restoreAllMocks());

  it('a malformed list cursor is a 400 naming the field, not a 500 with a stack', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const cursor of ['not-a-cursor', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
      const e = await ana.trpc.inbox.list.query({ view: 'waiting', cursor }).then(() => null, errorOf);
      expect(e).toMatchObject({ code: 'BAD_REQUEST', message: 'cursor: not a cursor this list gave; load the list again' });
    }
    expect(logged).not.toHaveBeenCalled();
  });

  it('an internal error tells the client a reference, never its text; the log has both', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.spyOn(h.app.flows, 'list').mockRejectedValue(new Error('SQLITE_CORRUPT: secret table layout'));
    const e = await ana.trpc.flows.list.query().then(() => null, errorOf);
    expect(e?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(e?.message).toMatch(/^internal error \(reference [0-9a-f]{8}\)$/);
    const ref = e!.message.match(/[0-9a-f]{8}/)![0];
    expect(logged).toHaveBeenCalledWith(expect.stringContaining(`internal error ${ref} in flows.list`), expect.objectContaining({ message: 'SQLITE_CORRUPT: secret table layout' }));
  });
});

describe.each(testDatabases)('text that cannot be stored, on %s', (_name, makeDb) => {
  let h: Harness;
  let ana: TestClient;
  beforeAll(async () => {
    h = await startHarness({ db: makeDb() });
    ana = h.client();
    await ana.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => h?.close());

  it('NUL bytes and lone surrogates are refused with a 400 naming the field; real emoji pass', async () => {
    const cases: [() => Promise<unknown>, string][] = [
      [() => ana.trpc.flows.create.mutate({ name: 'Boas\u0000vindas' }), 'name'],
      [() => ana.trpc.inbox.tags.create.mutate({ name: 'VIP \uD83D' }), 'name'],
      [() => ana.trpc.departments.create.mutate({ name: 'Vendas', greeting: 'Olá \uDE00' } as never), 'greeting'],
    ];
    for (const [call, field] of cases) {
      const e = await call().then(() => null, errorOf);
      expect(e).toMatchObject({ code: 'BAD_REQUEST', message: `${field}: contains a character that cannot be stored (NUL or a broken surrogate)` });
    }
    const tag = await ana.trpc.inbox.tags.create.mutate({ name: 'VIP 🍕' });
    expect((await ana.trpc.inbox.tags.list.query()).find((t) => t.id === tag.id)?.name).toBe('VIP 🍕');
    expect((await ana.trpc.flows.list.query()).length).toBe(0);
  });

  it('an uploaded file’s name is cleaned instead', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const res = await fetch(`${h.url}/api/files?name=${encodeURIComponent('foto\u0000.png')}`, { method: 'POST', headers: { 'content-type': 'image/png', cookie: ana.cookie()! }, body: new Uint8Array(png) });
    expect(res.status).toBe(201);
    expect((await res.json()).name).toBe('foto.png');
  });
});
