// The web chat's public API over real HTTP, on both databases: a visitor chats with a published
// flow, reloads (a new stream resuming from Last-Event-ID) and sees each message once; another
// site is refused; a flood is cut at the account's rate with every accepted message answered;
// a file of the wrong type or size is refused with the reason; an e-mail given in an input makes
// two browsers one contact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabases } from '../runtime/testing/databases.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { ADMIN, startHarness, type Harness, type TestClient } from './testing/harness.js';

const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005fe02fea35d88a50000000049454e44ae426082', 'hex');
const SITE = 'https://loja.example';

interface Frame {
  id: number;
  direction: 'in' | 'out';
  author: string;
  body: { type: string; text?: string; url?: string };
  clientId: string | null;
}

/** Reads an SSE stream until `until` holds for the frames seen (or the time runs out). */
async function readStream(url: string, headers: Record<string, string>, until: (frames: Frame[]) => boolean, ms = 5000, typing: boolean[] = []): Promise<Frame[]> {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), ms);
  const frames: Frame[] = [];
  try {
    const res = await fetch(url, { headers, signal: ctrl.signal });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let buf = '';
    while (!until(frames)) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += Buffer.from(value).toString('utf8');
      let end: number;
      while ((end = buf.indexOf('\n\n')) >= 0) {
        const chunk = buf.slice(0, end);
        buf = buf.slice(end + 2);
        const event = /^event: (.+)$/m.exec(chunk)?.[1];
        const data = /^data: (.+)$/m.exec(chunk)?.[1];
        if (event === 'message' && data) frames.push(JSON.parse(data) as Frame);
        if (event === 'typing' && data) typing.push((JSON.parse(data) as { on: boolean }).on);
      }
    }
  } catch (e) {
    if (!ctrl.signal.aborted) throw e;
  } finally {
    clearTimeout(timer);
    ctrl.abort();
  }
  return frames;
}

describe.each(testDatabases)('web chat visitors on %s', (_, makeDb) => {
  let h: Harness;
  let sup: TestClient;
  let publicId: string;
  let accountId: string;

  const api = (path: string) => `${h.url}/api/webchat/${publicId}/${path}`;
  const startVisitor = async (): Promise<string> => {
    const res = await fetch(api('visitor'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    return ((await res.json()) as { token: string }).token;
  };
  let n = 0;
  const say = (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    fetch(api('messages'), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ clientId: `client-${++n}-${Date.now()}`, ...body }),
    });
  const stream = (token: string, until: (f: Frame[]) => boolean, headers: Record<string, string> = {}) => readStream(api(`events?token=${token}`), headers, until);
  const texts = (frames: Frame[]) => frames.map((f) => `${f.direction}:${f.body.text ?? f.body.type}`);

  beforeAll(async () => {
    h = await startHarness({ db: makeDb() });
    sup = h.client();
    await sup.login(ADMIN.email, ADMIN.password);
    const f = await sup.trpc.flows.create.mutate({ name: 'Site' });
    const doc = buildFlow({
      variables: ['email'],
      groups: [
        {
          id: 'g1',
          blocks: [
            text('hi', 'Olá! Bem-vindo à loja.'),
            text('q', 'Qual é o seu e-mail?'),
            { id: 'ask', kind: 'input-email', options: { variableId: 'email' } },
            text('ok', 'Obrigado, {{email}}.'),
            text('q2', 'Algo mais?'),
            { id: 'more', kind: 'input-text', options: {} },
            text('bye', 'Até logo!'),
          ],
        },
      ],
    });
    await sup.trpc.flows.saveDraft.mutate({ id: f.id, document: doc, baseRevision: f.draftRevision ?? 0, force: true });
    await sup.trpc.flows.publish.mutate({ id: f.id });
    const a = await sup.trpc.channels.create.mutate({ kind: 'webchat', name: 'Site', flowId: f.id, settings: { allowedOrigins: [SITE], messagesPerMinute: 5 } });
    accountId = a.id;
    publicId = (a.settings as { publicId: string }).publicId;
    expect(publicId).toMatch(/^[\w-]{16,}$/);
    expect(publicId).not.toBe(a.id);
  });
  afterAll(() => h?.close());

  it('a visitor who reloads keeps the conversation: the stream resumes after Last-Event-ID and shows nothing twice', async () => {
    const token = await startVisitor();
    expect((await say(token, { text: 'oi' })).status).toBe(202);
    const first = await stream(token, (f) => f.length >= 3);
    expect(texts(first)).toEqual(['in:oi', 'out:Olá! Bem-vindo à loja.', 'out:Qual é o seu e-mail?']);
    expect(first[0].clientId).toMatch(/^client-/);
    // The page reloads: the browser kept the token and the last id it showed.
    const lastSeen = first[1].id;
    const resumed = await stream(token, (f) => f.length >= 1, { 'Last-Event-ID': String(lastSeen) });
    expect(texts(resumed)).toEqual(['out:Qual é o seu e-mail?']);
    // A fresh page (no id) shows the whole conversation; messages sent meanwhile arrive live.
    const whole = stream(token, (f) => f.length >= 6);
    await new Promise((r) => setTimeout(r, 150));
    expect((await say(token, { text: 'ana@loja.example' })).status).toBe(202);
    expect(texts(await whole)).toEqual(['in:oi', 'out:Olá! Bem-vindo à loja.', 'out:Qual é o seu e-mail?', 'in:ana@loja.example', 'out:Obrigado, ana@loja.example.', 'out:Algo mais?']);
    expect(new Set((await whole).map((f) => f.id)).size).toBe(6);
    // Each message shown was reported delivered.
    await h.app.runtime.idle();
    const statuses = await h.app.db.kysely.selectFrom('messages').select('status').where('channel', '=', accountId).where('direction', '=', 'out').where('author', '=', 'bot').execute();
    expect(statuses.length).toBeGreaterThan(0);
  });

  it('a new visitor watching the stream sees "typing" while the bot works and the answer at once, not at the next poll', async () => {
    const token = await startVisitor();
    const typing: boolean[] = [];
    const started = Date.now();
    const watching = readStream(api(`events?token=${token}`), {}, (f) => f.length >= 3, 5000, typing);
    await new Promise((r) => setTimeout(r, 100));
    expect((await say(token, { text: 'oi' })).status).toBe(202);
    const frames = await watching;
    expect(texts(frames)).toEqual(['in:oi', 'out:Olá! Bem-vindo à loja.', 'out:Qual é o seu e-mail?']);
    expect(Date.now() - started).toBeLessThan(1800);
    expect(typing[0]).toBe(true);
  });

  it('another site is refused, the allowed one gets CORS, and the chat page may be framed only by it', async () => {
    const refused = await fetch(api('config'), { headers: { origin: 'https://evil.example' } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: string }).error).toMatch(/evil\.example.*allowed sites/);
    const token = await startVisitor();
    const post = await say(token, { text: 'oi' }, { origin: 'https://evil.example' });
    expect(post.status).toBe(403);
    // The allowed site may post (the server's cross-site refusal does not apply: no cookie rides on these).
    const allowed = await say(token, { text: 'oi' }, { origin: SITE });
    expect(allowed.status).toBe(202);
    const preflight = await fetch(api('messages'), { method: 'OPTIONS', headers: { origin: SITE, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    // The rest of the API still refuses other sites.
    const trpc = await fetch(`${h.url}/trpc/auth.login`, { method: 'POST', headers: { origin: SITE, 'content-type': 'application/json' }, body: '{}' });
    expect(trpc.status).toBe(403);
    const ok = await fetch(api('config'), { headers: { origin: SITE } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SITE);
    const config = (await ok.json()) as Record<string, unknown>;
    expect(config).toMatchObject({ publicId, title: 'Fale conosco', position: 'right' });
    // Nothing a visitor need not know: no account id, no allowed list, no rate.
    expect(JSON.stringify(config)).not.toContain(accountId);
    expect(config).not.toHaveProperty('allowedOrigins');
    const page = await fetch(`${h.url}/c/${publicId}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain(`frame-ancestors 'self' ${SITE}`);
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect((await fetch(`${h.url}/c/nope-nope-nope-nope-nope`)).status).toBe(404);
  });

  it('a flooding visitor is refused past the rate with 429, and every accepted message is stored and answered', async () => {
    const token = await startVisitor();
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await say(token, { text: i === 0 ? 'oi' : `msg ${i}` }));
    const codes = results.map((r) => r.status);
    expect(codes.filter((c) => c === 202)).toHaveLength(5);
    expect(codes.filter((c) => c === 429)).toHaveLength(3);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await refused.json()) as { error: string }).error).toMatch(/at most 5 a minute/);
    await h.app.runtime.idle();
    const contactId = await h.app.webchat.contactOf(accountId, (await import('./webchat/visitors.js')).visitorHash(token));
    const rows = await h.app.db.kysely.selectFrom('messages').select(['direction', 'body']).where('contact_id', '=', contactId!).orderBy('id').execute();
    const inbound = rows.filter((r) => r.direction === 'in').map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(inbound).toEqual(['oi', 'msg 1', 'msg 2', 'msg 3', 'msg 4']);
    const pending = await h.app.db.kysely.selectFrom('inbound').select('status').where('contact_id', '=', contactId!).execute();
    expect(pending.every((p) => p.status !== 'pending')).toBe(true);
    // A retried POST (same clientId) is the same message, stored once.
    const again = await startVisitor();
    const body = JSON.stringify({ clientId: 'retry-same-message', text: 'oi' });
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${again}` };
    expect((await fetch(api('messages'), { method: 'POST', headers, body }).then((r) => r.json())) as unknown).toEqual({ ok: true, duplicate: false });
    expect((await fetch(api('messages'), { method: 'POST', headers, body }).then((r) => r.json())) as unknown).toEqual({ ok: true, duplicate: true });
  });

  it('refuses a file of a type or size the chat does not take, with the reason, and takes a real image', async () => {
    const token = await startVisitor();
    const up = (body: Buffer, type: string, name = 'f') =>
      fetch(api(`files?name=${name}`), { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body: new Uint8Array(body) });
    const exe = await up(Buffer.from('MZ\x90\x00'), 'application/x-msdownload', 'setup.exe');
    expect(exe.status).toBe(400);
    expect(((await exe.json()) as { error: string }).error).toMatch(/^file: application\/x-msdownload cannot be sent here/);
    const fake = await up(Buffer.from('not a picture at all'), 'image/png', 'foto.png');
    expect(fake.status).toBe(400);
    expect(((await fake.json()) as { error: string }).error).toMatch(/not image\/png/);
    const big = await fetch(api('files?name=big.pdf'), {
      method: 'POST',
      headers: { 'content-type': 'application/pdf', authorization: `Bearer ${token}`, 'content-length': String(17 * 1024 * 1024) },
      body: new Uint8Array(17 * 1024 * 1024),
    }).catch(() => null);
    if (big) {
      expect(big.status).toBe(413);
      expect(((await big.json()) as { error: string }).error).toMatch(/larger than 16 MB/);
    }
    const photo = await up(png, 'image/png', 'foto.png');
    expect(photo.status).toBe(201);
    const { fileId } = (await photo.json()) as { fileId: string };
    expect((await say(token, { text: 'oi' })).status).toBe(202);
    expect((await say(token, { fileIds: [fileId] })).status).toBe(202);
    // Someone else's token cannot send that file.
    const other = await startVisitor();
    const stolen = await say(other, { fileIds: [fileId] });
    expect(stolen.status).toBe(400);
    expect(((await stolen.json()) as { error: string }).error).toMatch(/^fileIds\.0: the file was not found/);
    const frames = await stream(token, (f) => f.some((x) => x.body.type === 'image'));
    const image = frames.find((x) => x.body.type === 'image')!;
    // Shown through a signed link: the visitor has no session.
    expect(image.body.url).toMatch(new RegExp(`^/api/files/${fileId}\\?exp=\\d+&sig=`));
    expect((await fetch(`${h.url}${image.body.url}`)).status).toBe(200);
  });

  it('a visitor who gives their e-mail becomes that contact: a second browser giving it is the same person', async () => {
    const visitors = await import('./webchat/visitors.js');
    const a = await startVisitor();
    const b = await startVisitor();
    for (const token of [a, b]) {
      expect((await say(token, { text: 'oi' })).status).toBe(202);
      await h.app.runtime.idle();
      expect((await say(token, { text: 'Bia@Loja.example' })).status).toBe(202);
      await h.app.runtime.idle();
      await new Promise((r) => setTimeout(r, 200));
      await h.app.runtime.idle();
    }
    const ca = await h.app.webchat.contactOf(accountId, visitors.visitorHash(a));
    const cb = await h.app.webchat.contactOf(accountId, visitors.visitorHash(b));
    expect(ca).toBeTruthy();
    expect(cb).toBe(ca);
    const ids = await h.app.db.kysely.selectFrom('contact_identities').select(['kind', 'value']).where('contact_id', '=', ca!).orderBy('kind').execute();
    expect(ids.filter((i) => i.kind === 'email')).toEqual([{ kind: 'email', value: 'bia@loja.example' }]);
    expect(ids.filter((i) => i.kind === 'visitor')).toHaveLength(2);
  });

  it('a visitor may hold a few streams at once, not hundreds', async () => {
    const token = await startVisitor();
    const ctrl = new AbortController();
    const open = [];
    for (let i = 0; i < 8; i++) open.push(await fetch(api(`events?token=${token}`), { signal: ctrl.signal }));
    expect(open.map((r) => r.status)).toEqual(Array(8).fill(200));
    const more = await fetch(api(`events?token=${token}`));
    expect(more.status).toBe(429);
    expect(((await more.json()) as { error: string }).error).toMatch(/at most 8/);
    ctrl.abort();
  });

  it('an avatar must be an uploaded image, and visitors get it through a signed link', async () => {
    const upload = async (body: Buffer, type: string) => {
      const res = await fetch(`${h.url}/api/files?name=a`, { method: 'POST', headers: { 'content-type': type, cookie: sup.cookie()! }, body: new Uint8Array(body) });
      return ((await res.json()) as { id: string }).id;
    };
    const pdf = await upload(Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'), 'application/pdf');
    const refused = await sup.trpc.channels.update.mutate({ id: accountId, settings: { avatarFileId: pdf } }).catch((e: Error) => e);
    expect((refused as Error).message).toMatch(/^settings\.avatarFileId: choose an image/);
    const image = await upload(png, 'image/png');
    await sup.trpc.channels.update.mutate({ id: accountId, settings: { avatarFileId: image } });
    const config = (await fetch(api('config')).then((r) => r.json())) as { avatarUrl: string };
    expect(config.avatarUrl).toMatch(new RegExp(`^/api/files/${image}\\?exp=`));
    expect((await fetch(`${h.url}${config.avatarUrl}`)).status).toBe(200);
  });

  it('unknown public ids and bad tokens get clear errors', async () => {
    const none = await fetch(`${h.url}/api/webchat/aaaaaaaaaaaaaaaaaaaa/config`);
    expect(none.status).toBe(404);
    const bad = await fetch(api('messages'), { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer short' }, body: '{}' });
    expect(bad.status).toBe(401);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^token: /);
    const token = await startVisitor();
    const empty = await say(token, { text: '' });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toMatch(/^text: /);
  });
});
