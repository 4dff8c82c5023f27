// Facebook Messenger and Instagram Direct accounts end to end, on SQLite and PostgreSQL: created in
// Settings through the API (credentials sealed, never sent back), connected against the fake
// Messenger Platform, people's webhooks signed with the app secret delivered to Ozia's real HTTP
// server, and the answers arriving at the fake as real Send API calls (quick replies, numbered
// text, attachments), within Meta's 24-hour and 7-day (HUMAN_AGENT) windows.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FlowDocument } from '../blocks/flow.js';
import { describeMessengerSent, FakeMessenger, type FakePage, type FakePerson } from '../runtime/channels/meta/testing/fake-messenger.js';
import { testDatabases } from '../runtime/testing/databases.js';
import { buildFlow, text, choiceFlow } from '../runtime/testing/flow-builder.js';
import { echoFlow } from '../runtime/testing/flows.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

type Kind = 'messenger' | 'instagram';
const HOUR = 3_600_000;
const PASSWORD = 'operator-password-1';


/** Answers at once, then says something again a day and two hours later, by itself. */
const laterFlow = buildFlow({
  // The session outlives the wait (by default it ends after 24 hours without a word).
  settings: { sessionTimeoutMinutes: 0 },
  groups: [{ id: 'g', blocks: [text('a', 'Um momento…'), { id: 'w', kind: 'wait', options: { amount: 26, unit: 'hours' } }, text('b', 'Voltei!')] }],
  edges: [],
});

describe.each(testDatabases)('Messenger and Instagram on %s', (_name, makeDb) => {
  let h: Harness;
  let fake: FakeMessenger;
  let page: FakePage;
  let ana: FakePerson;
  let admin: TestClient;
  let id: string;
  let hookUrl: string;
  /** Ozia's clock and Meta's run together, `offset` ahead of real time. */
  let offset = 0;

  afterEach(async () => {
    vi.restoreAllMocks();
    await h?.close();
    await fake?.stop();
    offset = 0;
  });

  const until = async (done: () => boolean | Promise<boolean>, what: string) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for: ${what}`);
  };
  const settingsFor = (kind: Kind, p: FakePage) =>
    kind === 'messenger'
      ? { pageId: p.pageId, accessToken: fake.token, appSecret: fake.appSecret }
      : { instagramAccountId: p.instagram!.id, pageId: p.pageId, accessToken: fake.token, appSecret: fake.appSecret };

  const open = async (kind: Kind, flow: FlowDocument = echoFlow, o: { connect?: boolean; botOffDepartment?: boolean } = {}) => {
    fake = await new FakeMessenger().start();
    fake.now = () => Date.now() + offset;
    page = kind === 'instagram' ? fake.addPage({ instagram: { username: 'loja.ozia' } }) : fake.addPage({ name: 'Loja Ozia' });
    ana = fake.addPerson(kind === 'instagram' ? { name: 'Ana Lima', username: 'ana.lima' } : { firstName: 'Ana', lastName: 'Lima' });
    h = await startHarness({
      db: makeDb(),
      services: { clock: () => new Date(Date.now() + offset), channelKinds: { messenger: { graphBaseUrl: fake.baseUrl }, instagram: { graphBaseUrl: fake.baseUrl } } },
    });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    const f = await h.app.flows.create({ name: 'Fluxo', document: flow });
    await h.app.flows.publish({ id: f.id });
    const department = o.botOffDepartment ? (await admin.trpc.departments.create.mutate({ name: 'Vendas' })).id : null;
    const a = await admin.trpc.channels.create.mutate({
      kind,
      name: kind === 'messenger' ? 'Página da loja' : 'Instagram da loja',
      flowId: f.id,
      ...(department ? { botOffDepartmentId: department } : {}),
      delivery: { typingMsPerChar: 0, perMinute: 0 },
      settings: settingsFor(kind, page),
    });
    id = a.id;
    hookUrl = `${h.url}/api/meta/webhook/${id}`;
    if (o.connect ?? true) {
      await admin.trpc.channels.connect.mutate({ id });
      await until(async () => (await admin.trpc.channels.get.query({ id })).status.state === 'open', 'open');
    }
    return { account: a, department };
  };
  const say = async (message: Record<string, unknown>, o: { mid?: string } = {}) => {
    const m = fake.inbound(page, ana, message, o);
    const answer = await fake.deliver(hookUrl, m.payload);
    expect(answer.status).toBe(200);
    return m.mid;
  };
  const answers = () => fake.sentTo(ana.id).map(describeMessengerSent);
  const outRows = () =>
    h.app.db.kysely.selectFrom('messages').select(['id', 'status', 'external_id', 'error', 'author', 'body']).where('direction', '=', 'out').where('channel', '=', id).orderBy('id').execute();
  const inRows = () => h.app.db.kysely.selectFrom('messages').select(['kind', 'body', 'author', 'reactions', 'external_id']).where('direction', '=', 'in').where('channel', '=', id).orderBy('id').execute();

  it.each<Kind>(['messenger', 'instagram'])('%s: the token and app secret are sealed, never sent back; a wrong token is an error with Meta\'s reason', async (kind) => {
    const { account } = await open(kind, echoFlow, { connect: false });
    expect(account.settings).not.toHaveProperty('accessToken');
    expect(account.settings).not.toHaveProperty('appSecret');
    expect(account.settings).toMatchObject({ accessTokenHint: '••••4321', appSecretHint: '••••8765', pageId: page.pageId });
    expect(String(account.settings.verifyToken)).toMatch(/^[\w-]{16,}$/);
    const row = await h.app.db.kysely.selectFrom('channels').select('settings').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.settings).not.toContain(fake.token);
    expect(row.settings).not.toContain(fake.appSecret);
    expect(JSON.stringify(await admin.trpc.channels.list.query())).not.toMatch(/ozs1\.|EAAM-fake|fake-messenger-secret/);
    expect(JSON.stringify(await admin.trpc.channels.get.query({ id }))).not.toMatch(/ozs1\.|EAAM-fake|fake-messenger-secret/);
    await admin.trpc.channels.update.mutate({ id, settings: { accessToken: ' ', appSecret: '' } });
    await admin.trpc.channels.connect.mutate({ id });
    await until(async () => (await admin.trpc.channels.get.query({ id })).status.state === 'open', 'open with the kept token');
    expect((await admin.trpc.channels.get.query({ id })).status.me?.name).toBe(kind === 'messenger' ? 'Loja Ozia' : '@loja.ozia');
    await admin.trpc.channels.update.mutate({ id, settings: { accessToken: 'EAAM-wrong-0000' } });
    await until(async () => (await admin.trpc.channels.get.query({ id })).status.state === 'error', 'error');
    const s = (await admin.trpc.channels.get.query({ id })).status;
    expect(s).toMatchObject({ code: 190 });
    expect(s.detail).toMatch(/Meta error 190: Invalid OAuth access token/);
    const e = await admin.trpc.channels.create.mutate({ kind, name: 'Outra', settings: { pageId: 'abc', accessToken: 'x' } }).catch((x: unknown) => errorOf(x));
    expect(JSON.stringify(e)).toMatch(/Page id is the number Meta shows/);
    expect(JSON.stringify(e)).toMatch(/app secret/);
  });

  it.each<Kind>(['messenger', 'instagram'])('%s: the handshake answers the verify token only; a wrong signature is refused 401 and logged', async (kind) => {
    const { account } = await open(kind);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const ok = await fetch(`${hookUrl}?hub.mode=subscribe&hub.verify_token=${account.settings.verifyToken}&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    expect((await fetch(`${hookUrl}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
    const m = fake.inbound(page, ana, fake.text('oi'));
    expect((await fake.deliver(hookUrl, m.payload, { secret: 'not-the-app-secret' })).status).toBe(401);
    expect((await fake.deliver(hookUrl, m.payload, { signature: null })).status).toBe(401);
    expect(warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('X-Hub-Signature-256 does not match'))).toHaveLength(2);
    // signed, but not the Messenger Platform's shape: refused naming the field
    const bad = await fake.deliver(hookUrl, { object: kind === 'messenger' ? 'page' : 'instagram', entry: [{ id: '1', messaging: [{ sender: { id: '1' }, recipient: { id: '2' } }] }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/entry\.0\.messaging\.0\.timestamp/);
    const other = await fake.deliver(hookUrl, { object: kind === 'messenger' ? 'instagram' : 'page', entry: [] });
    expect([other.status, other.body]).toEqual([400, `object: must be ${kind === 'messenger' ? 'page' : 'instagram'}`]);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.sent).toHaveLength(0);
    expect(await h.app.db.kysely.selectFrom('inbound').select('id').where('channel', '=', id).execute()).toHaveLength(0);
  });

  it.each<Kind>(['messenger', 'instagram'])('%s: the same delivery twice is stored and answered once; the Graph profile names the contact', async (kind) => {
    await open(kind);
    const m = fake.inbound(page, ana, fake.text('oi'));
    expect((await fake.deliver(hookUrl, m.payload)).status).toBe(200);
    expect((await fake.deliver(hookUrl, m.payload)).status).toBe(200);
    await say(fake.text('tudo bem? ação'));
    await until(() => answers().length >= 2, 'two answers');
    await new Promise((r) => setTimeout(r, 300));
    expect(answers()).toEqual(['Oi! Diga algo.', 'eco: tudo bem? ação']);
    expect(fake.sentTo(ana.id).map((s) => s.body.messaging_type)).toEqual(['RESPONSE', 'RESPONSE']);
    const identities = await h.app.db.kysely.selectFrom('contact_identities').select(['kind', 'value', 'contact_id']).where('channel_id', '=', id).execute();
    expect(identities.map((i) => [i.kind, i.value])).toEqual([[kind === 'messenger' ? 'psid' : 'igsid', ana.id]]);
    await until(async () => (await h.app.db.kysely.selectFrom('contacts').select('name').where('id', '=', identities[0].contact_id).executeTakeFirst())?.name === 'Ana Lima', 'the name');
    expect(fake.requests).toContain(`GET /v24.0/${ana.id}`);
  });

  it('a quick-reply tap, "2" and the option\'s text all select option 2; a postback too', async () => {
    await open('messenger', choiceFlow(3));
    await say(fake.text('oi'));
    await until(() => answers().length >= 1, 'menu');
    expect(answers()[0]).toBe('Com quem quer falar? [Opção 1 | Financeiro | Opção 3]');
    expect(fake.sentTo(ana.id)[0].body.message.quick_replies[1]).toEqual({ content_type: 'text', title: 'Financeiro', payload: 'i2' });
    await say(fake.quickReply('i2', 'Financeiro'));
    await until(() => answers().length >= 3, 'after the tap');
    await say(fake.text('2'));
    await until(() => answers().length >= 5, 'after 2');
    await say(fake.text('financeiro'));
    await until(() => answers().length >= 7, 'after the text');
    expect((await fake.deliver(hookUrl, fake.postback(page, ana, 'i2', 'Financeiro'))).status).toBe(200);
    await until(() => answers().length >= 9, 'after the postback');
    expect(answers().filter((a) => a.startsWith('escolheu'))).toEqual(['escolheu Financeiro', 'escolheu Financeiro', 'escolheu Financeiro', 'escolheu Financeiro']);
    const tap = (await inRows())[1];
    expect(JSON.parse(tap.body)).toMatchObject({ type: 'text', text: 'Financeiro', choiceIds: ['i2'] });
  });

  it.each<Kind>(['messenger', 'instagram'])('%s: 13 options go as quick replies, 14 as numbered text answered by number', async (kind) => {
    await open(kind, choiceFlow(13));
    await say(fake.text('oi'));
    await until(() => answers().length >= 1, 'menu');
    expect(fake.sentTo(ana.id)[0].body.message.quick_replies).toHaveLength(13);
    await h.close();
    await fake.stop();
    await open(kind, choiceFlow(14));
    await say(fake.text('oi'));
    await until(() => answers().length >= 1, 'menu');
    const [menu] = fake.sentTo(ana.id);
    expect(menu.body.message.quick_replies).toBeUndefined();
    // Instagram shows formatting marks as typed: the hint goes without them.
    const hint = kind === 'messenger' ? '_Responda com o número da opção._' : 'Responda com o número da opção.';
    expect(menu.body.message.text).toMatch(/^Com quem quer falar\?\n1\. Opção 1\n2\. Financeiro\n[\s\S]*14\. Opção 14\n/);
    expect(menu.body.message.text.endsWith(`\n${hint}`)).toBe(true);
    await say(fake.text('2'));
    await until(() => answers().length >= 2, 'after 2');
    expect(answers()[1]).toBe('escolheu Financeiro');
  });

  it('an image a person sends is downloaded into Ozia\'s storage; a reaction is kept, and removed', async () => {
    await open('messenger');
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const mid = await say(fake.attachment('image', png, 'image/png', 'foto.png'));
    await until(async () => (await inRows()).length >= 1, 'stored');
    const [row] = await inRows();
    expect(row.kind).toBe('image');
    const body = JSON.parse(row.body) as { fileId: string; mime: string; fileName: string };
    expect(body).toMatchObject({ mime: 'image/png', fileName: 'foto.png' });
    const file = await h.app.files.open(body.fileId);
    const chunks: Buffer[] = [];
    for await (const c of file!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(png);
    expect((await fake.deliver(hookUrl, fake.reaction(page, ana, mid, '😍'))).status).toBe(200);
    await until(async () => ((await inRows())[0].reactions ?? '').includes('😍'), 'the reaction');
    expect((await fake.deliver(hookUrl, fake.reaction(page, ana, mid, null))).status).toBe(200);
    await until(async () => !((await inRows())[0].reactions ?? '').includes('😍'), 'the reaction removed');
  });

  it('an attachment over the size limit is a placeholder with the reason', async () => {
    await open('messenger');
    await admin.trpc.channels.update.mutate({ id, settings: { mediaMaxMb: 1 } });
    await say(fake.attachment('video', Buffer.alloc(1024 * 1024 + 10), 'video/mp4', 'grande.mp4'));
    await until(async () => (await inRows()).length >= 1, 'stored');
    expect(JSON.parse((await inRows())[0].body)).toMatchObject({ type: 'video', unavailable: { reason: 'too_large' } });
  });

  it.each<Kind>(['messenger', 'instagram'])('%s: Ozia\'s own file is uploaded through the Attachment Upload API and sent by its attachment id', async (kind) => {
    const pdf = Buffer.from('%PDF-1.4 cardapio');
    fake = await new FakeMessenger().start();
    page = kind === 'instagram' ? fake.addPage({ instagram: true }) : fake.addPage();
    ana = fake.addPerson({ firstName: 'Ana' });
    h = await startHarness({ db: makeDb(), services: { channelKinds: { messenger: { graphBaseUrl: fake.baseUrl }, instagram: { graphBaseUrl: fake.baseUrl } } } });
    const stored = await h.app.files.save({ name: 'cardapio.pdf', mime: 'application/pdf', data: pdf });
    const flow = buildFlow({ groups: [{ id: 'g', blocks: [{ id: 'img', kind: 'bubble-image', options: { source: { kind: 'file', fileId: stored.id, fileName: 'cardapio.pdf' } } }] }], edges: [] });
    const f = await h.app.flows.create({ name: 'Foto', document: flow });
    await h.app.flows.publish({ id: f.id });
    const a = await h.app.channels.create({ kind, name: 'Fotos', flowId: f.id, delivery: { typingMsPerChar: 0, perMinute: 0 }, settings: settingsFor(kind, page) });
    id = a.id;
    hookUrl = `${h.url}/api/meta/webhook/${id}`;
    // Nobody connected it: the first webhook starts the account.
    await say(fake.text('oi'));
    await until(() => fake.sentTo(ana.id).length >= 1, 'the attachment');
    const sent = fake.sentTo(ana.id)[0].body.message.attachment;
    // a PDF in an image block goes as a file, by the id the upload gave
    expect(sent.type).toBe('file');
    expect(fake.uploads.get(sent.payload.attachment_id)).toMatchObject({ data: pdf, mime: 'application/pdf', type: 'file', platform: kind === 'instagram' ? 'instagram' : null });
    expect(fake.requests).toContain(`POST /v24.0/${page.pageId}/message_attachments`);
  });

  it('two Pages of one Meta app share one webhook URL: each Page\'s messages reach its own account', async () => {
    await open('messenger');
    const other = fake.addPage({ name: 'Outra loja' });
    const b = await admin.trpc.channels.create.mutate({
      kind: 'messenger',
      name: 'Segunda Página',
      flowId: (await h.app.channels.get(id)).flowId,
      delivery: { typingMsPerChar: 0, perMinute: 0 },
      settings: settingsFor('messenger', other),
    });
    await admin.trpc.channels.connect.mutate({ id: b.id });
    const bia = fake.addPerson({ firstName: 'Bia' });
    // Meta delivers the second Page's message to the URL saved in the app: the first account's.
    const m = fake.inbound(other, bia, fake.text('oi'));
    expect((await fake.deliver(hookUrl, m.payload)).status).toBe(200);
    await until(() => fake.sentTo(bia.id).length >= 1, 'answer from the second Page');
    expect(fake.sentTo(bia.id)[0].pageId).toBe(other.pageId);
    expect(await h.app.db.kysely.selectFrom('inbound').select('channel').where('external_id', '=', m.mid).execute()).toEqual([{ channel: b.id }]);
  });

  it('Instagram: a story reply and a story mention are stored as such, with the story\'s media when it can still be downloaded', async () => {
    await open('instagram');
    const jpg = Buffer.from('ffd8ffe000104a464946', 'hex');
    await say(fake.storyReply('que lindo!', { data: jpg, mime: 'image/jpeg' }, '18012345678901234'));
    const mp4 = Buffer.from('000000186674797069736f6d', 'hex');
    await say(fake.storyMention({ data: mp4, mime: 'video/mp4' }));
    const gone = fake.putCdn(jpg, 'image/jpeg', 'story.jpg');
    fake.expire(gone);
    await say(fake.storyReply('e esse?', { url: gone }));
    await until(async () => (await inRows()).length >= 3, 'stored');
    const [reply, mention, expired] = (await inRows()).map((r) => JSON.parse(r.body));
    expect(reply).toMatchObject({ type: 'text', text: 'que lindo!', story: { type: 'reply', storyId: '18012345678901234', mime: 'image/jpeg', kind: 'image' } });
    expect(mention).toMatchObject({ type: 'text', text: '', story: { type: 'mention', mime: 'video/mp4', kind: 'video' } });
    expect(expired).toMatchObject({ text: 'e esse?', story: { type: 'reply', unavailable: { reason: 'download_failed' } } });
    const file = await h.app.files.open(reply.story.fileId);
    const chunks: Buffer[] = [];
    for await (const c of file!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(jpg);
    // The conversation list says what it was
    const conv = await h.app.db.kysely.selectFrom('conversations').select('id').where('channel', '=', id).executeTakeFirstOrThrow();
    const view = await admin.trpc.inbox.messages.query({ id: conv.id });
    const stories = view.messages.filter((m) => (m.body as { story?: unknown }).story);
    expect(stories.map((m) => (m.body as { story: { type: string } }).story.type)).toEqual(['reply', 'mention', 'reply']);
  });

  it.each<Kind>(['messenger', 'instagram'])('%s: an echo of what the business wrote in Meta\'s inbox shows as from the business and pauses the bot; echoes of Ozia\'s own sends are not stored again', async (kind) => {
    await open(kind);
    await admin.trpc.channels.update.mutate({ id, delivery: { pauseAfterPhoneMinutes: 30 } });
    await say(fake.text('oi'));
    await until(() => answers().length >= 1, 'greeting');
    await until(async () => (await outRows())[0]?.status === 'sent', 'sent');
    // Meta echoes the greeting Ozia sent: already on the transcript, it changes nothing
    expect((await fake.deliver(hookUrl, fake.echoOf(fake.sentTo(ana.id)[0]))).status).toBe(200);
    const echo = fake.echo(page, ana, 'Oi Ana, aqui é a Júlia da loja');
    expect((await fake.deliver(hookUrl, echo.payload)).status).toBe(200);
    await until(async () => (await outRows()).length >= 2, 'the echo stored');
    const rows = await outRows();
    expect(rows.map((r) => [r.author, JSON.parse(r.body).text])).toEqual([
      ['bot', 'Oi! Diga algo.'],
      ['phone', 'Oi Ana, aqui é a Júlia da loja'],
    ]);
    await say(fake.text('obrigada'));
    await until(async () => (await inRows()).length >= 2, 'stored');
    await new Promise((r) => setTimeout(r, 300));
    expect(answers()).toEqual(['Oi! Diga algo.']);
  });

  it('Messenger: delivery and read watermarks advance the statuses of what was sent before them, never back', async () => {
    await open('messenger');
    await say(fake.text('oi'));
    await until(async () => (await outRows())[0]?.status === 'sent', 'sent');
    const first = fake.now();
    await new Promise((r) => setTimeout(r, 5));
    await say(fake.text('de novo'));
    await until(async () => (await outRows())[1]?.status === 'sent', 'second sent');
    expect((await outRows()).map((r) => r.external_id)).toEqual(fake.sentTo(ana.id).map((s) => s.mid));
    expect((await fake.deliver(hookUrl, fake.delivery(page, ana, first))).status).toBe(200);
    await until(async () => (await outRows())[0].status === 'delivered', 'first delivered');
    expect((await outRows())[1].status).toBe('sent');
    expect((await fake.deliver(hookUrl, fake.read(page, ana))).status).toBe(200);
    await until(async () => (await outRows()).every((r) => r.status === 'read'), 'both read');
    expect((await fake.deliver(hookUrl, fake.delivery(page, ana))).status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect((await outRows()).map((r) => r.status)).toEqual(['read', 'read']);
  });

  it('Instagram: a read names the last message read, and those before it are read too', async () => {
    await open('instagram');
    await say(fake.text('oi'));
    await until(async () => (await outRows())[0]?.status === 'sent', 'sent');
    await new Promise((r) => setTimeout(r, 5));
    await say(fake.text('de novo'));
    await until(async () => (await outRows())[1]?.status === 'sent', 'second sent');
    await new Promise((r) => setTimeout(r, 5));
    await say(fake.text('mais uma'));
    await until(async () => (await outRows())[2]?.status === 'sent', 'third sent');
    expect((await fake.deliver(hookUrl, fake.read(page, ana, { mid: fake.sentTo(ana.id)[1].mid }))).status).toBe(200);
    await until(async () => (await outRows())[1].status === 'read', 'read');
    expect((await outRows()).map((r) => r.status)).toEqual(['read', 'read', 'sent']);
  });

  it.each<Kind>(['messenger', 'instagram'])('%s: a bot message past 24 hours fails at once with the reason', async (kind) => {
    await open(kind, laterFlow);
    await say(fake.text('oi'));
    await until(async () => (await outRows())[0]?.status === 'sent', 'sent');
    offset = 26 * HOUR + 60_000;
    expect(await h.app.runtime.fireDueTimers()).toBe(1);
    await until(async () => (await outRows())[1]?.status === 'failed', 'failed');
    expect((await outRows())[1].error).toMatch(/more than 24 hours ago: Meta lets only an agent answer now/);
    expect(answers()).toEqual(['Um momento…']);
  });

  it.each<Kind>(['messenger', 'instagram'])('%s: an agent\'s reply at 30 hours goes with the HUMAN_AGENT tag; at 8 days it is refused, and so is a new conversation', async (kind) => {
    const { department } = await open(kind, echoFlow, { botOffDepartment: true });
    const sofiaId = (await admin.trpc.users.create.mutate({ name: 'Sofia', email: 'sofia@ozia.test', role: 'operator', password: PASSWORD, departmentIds: [department!] })).id;
    const sofia = h.client();
    await sofia.login('sofia@ozia.test', PASSWORD);
    await say(fake.text('quero falar com alguém'));
    await until(async () => !!(await h.app.db.kysely.selectFrom('conversations').select('id').where('channel', '=', id).executeTakeFirst()), 'conversation');
    const row = () => h.app.db.kysely.selectFrom('conversations').select(['id', 'stage', 'agent_id', 'contact_id']).where('channel', '=', id).executeTakeFirstOrThrow();
    const conv = await row();
    // Assignment may hand it to someone online meanwhile: Sofia serves it either way.
    if (conv.stage === 'waiting') await sofia.trpc.inbox.pickUp.mutate({ id: conv.id }).catch(() => {});
    if ((await row()).agent_id !== sofiaId) await admin.trpc.inbox.transfer.mutate({ id: conv.id, agentId: sofiaId, notifyContact: false });
    await sofia.trpc.inbox.reply.mutate({ id: conv.id, text: 'Oi Ana, sou a Sofia' });
    await until(() => answers().length >= 1, 'first reply');
    expect(fake.sentTo(ana.id)[0].body).toMatchObject({ messaging_type: 'RESPONSE' });
    expect(fake.sentTo(ana.id)[0].body.tag).toBeUndefined();
    // Sessions of the Inbox expire too: Sofia logs in again after each jump of the clock.
    offset = 30 * HOUR;
    await sofia.login('sofia@ozia.test', PASSWORD);
    await sofia.trpc.inbox.reply.mutate({ id: conv.id, text: 'Conseguiu ver?' });
    await until(() => answers().length >= 2, 'reply at 30 hours');
    expect(fake.sentTo(ana.id)[1].body).toMatchObject({ messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT', message: { text: expect.stringContaining('Conseguiu ver?') } });
    await until(async () => (await outRows())[1]?.status === 'sent', 'marked sent');
    expect((await outRows()).map((r) => [r.author, r.status])).toEqual([
      ['agent', 'sent'],
      ['agent', 'sent'],
    ]);
    // An agent may still open a conversation here (with the tag), until the 7 days are over.
    expect((await sofia.trpc.inbox.startChoices.query({ contactId: conv.contact_id })).find((c) => c.channelId === id)?.refusal).toBeNull();
    offset = 8 * 24 * HOUR;
    await sofia.login('sofia@ozia.test', PASSWORD);
    // The server refuses the reply with the kind's reason before storing it: the agent reads why at once.
    await expect(sofia.trpc.inbox.reply.mutate({ id: conv.id, text: 'Ainda precisa?' })).rejects.toThrow(/more than 7 days ago: Meta accepts no message until the person writes again/);
    expect(await outRows()).toHaveLength(2);
    expect(answers()).toHaveLength(2);
    const choices = await sofia.trpc.inbox.startChoices.query({ contactId: conv.contact_id });
    expect(choices.find((c) => c.channelId === id)?.refusal).toMatchObject({ 'pt-BR': expect.stringMatching(/mais de 7 dias/) });
  });

  it('Meta\'s own window refusal (code 10, subcode 2018278) fails the row with Meta\'s reason, not as a bad token', async () => {
    await open('messenger');
    fake.failNext({ status: 400, error: { message: '(#10) This message is sent outside of allowed window.', type: 'OAuthException', code: 10, error_subcode: 2018278 } });
    await say(fake.text('oi'));
    await until(async () => (await outRows())[0]?.status === 'failed', 'failed');
    expect((await outRows())[0].error).toMatch(/^Meta error 10, subcode 2018278: \(#10\) This message is sent outside of allowed window\./);
    expect((await admin.trpc.channels.get.query({ id })).status.state).toBe('open');
  });
});
