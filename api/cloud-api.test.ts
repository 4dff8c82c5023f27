// A WhatsApp Cloud API account end to end, on SQLite and PostgreSQL: created in Settings through
// the API (credentials sealed, never sent back), connected against the fake Graph API, contacts'
// webhooks signed with the app secret delivered to Ozia's real HTTP server, and the answers
// arriving at the fake as real Cloud API messages (buttons, lists, numbered text, media).
import { afterEach, describe, expect, it } from 'vitest';
import { testDatabases, type TestDatabase } from '../runtime/testing/databases.js';
import { buildFlow, text, choiceFlow } from '../runtime/testing/flow-builder.js';
import { echoFlow } from '../runtime/testing/flows.js';
import type { FlowDocument } from '../blocks/flow.js';
import { FakeGraph, describeSent, type FakePhone, type FakeUser } from '../runtime/channels/meta/testing/fake-graph.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

const ana: FakeUser = { waId: '5511988887777', userId: 'BR.1502576394655843', name: 'Ana' };


describe.each(testDatabases)('WhatsApp Cloud API on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let h: Harness;
  let fake: FakeGraph;
  let phone: FakePhone;
  let admin: TestClient;
  let id: string;
  let hookUrl: string;

  afterEach(async () => {
    await h?.close();
    await fake?.stop();
  });

  const open = async (flow: FlowDocument = echoFlow, o: { connect?: boolean } = {}) => {
    fake = await new FakeGraph().start();
    phone = fake.addPhone();
    db = makeDb();
    h = await startHarness({ db, services: { channelKinds: { cloudApi: { graphBaseUrl: fake.baseUrl } } } });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    const f = await h.app.flows.create({ name: 'Menu', document: flow });
    await h.app.flows.publish({ id: f.id });
    const a = await admin.trpc.channels.create.mutate({
      kind: 'cloud-api',
      name: 'API Oficial',
      flowId: f.id,
      delivery: { typingMsPerChar: 0, perMinute: 0 },
      settings: { phoneNumberId: phone.phoneNumberId, businessAccountId: phone.wabaId, accessToken: fake.token, appSecret: fake.appSecret },
    });
    id = a.id;
    hookUrl = `${h.url}/api/meta/webhook/${id}`;
    if (o.connect ?? true) {
      await admin.trpc.channels.connect.mutate({ id });
      await until(async () => (await admin.trpc.channels.get.query({ id })).status.state === 'open', 'open');
    }
    return a;
  };
  const until = async (done: () => boolean | Promise<boolean>, what: string) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for: ${what}`);
  };
  const say = async (message: Record<string, unknown>, o: { id?: string } = {}) => {
    const m = fake.inbound(phone, ana, message, o);
    const answer = await fake.deliver(hookUrl, m.payload);
    expect(answer.status).toBe(200);
    return m.id;
  };
  const answers = () => fake.sentTo(ana.waId!).map(describeSent);
  const outRows = () => h.app.db.kysely.selectFrom('messages').select(['id', 'status', 'external_id', 'error', 'delivered_at', 'read_at']).where('direction', '=', 'out').where('channel', '=', id).orderBy('id').execute();

  it('keeps the token and the app secret sealed, shows only their last characters, and a blank edit keeps them', async () => {
    const a = await open(echoFlow, { connect: false });
    expect(a.settings).not.toHaveProperty('accessToken');
    expect(a.settings).not.toHaveProperty('appSecret');
    expect(a.settings).toMatchObject({ accessTokenHint: '••••1234', appSecretHint: '••••5678', phoneNumberId: phone.phoneNumberId });
    expect(String(a.settings.verifyToken)).toMatch(/^[\w-]{16,}$/);
    const row = await h.app.db.kysely.selectFrom('channels').select('settings').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.settings).not.toContain(fake.token);
    expect(row.settings).not.toContain(fake.appSecret);
    const listed = await admin.trpc.channels.list.query();
    expect(JSON.stringify(listed)).not.toMatch(/ozs1\.|EAAG-fake/);
    const edited = await admin.trpc.channels.update.mutate({ id, settings: { accessToken: '', appSecret: '  ', mediaMaxMb: 5 } });
    expect(edited.settings).toMatchObject({ accessTokenHint: '••••1234', mediaMaxMb: 5 });
    await admin.trpc.channels.connect.mutate({ id });
    await until(async () => (await admin.trpc.channels.get.query({ id })).status.state === 'open', 'open with the kept token');
    // a wrong token: an error state with Meta's reason
    await admin.trpc.channels.update.mutate({ id, settings: { accessToken: 'EAAG-wrong-0000' } });
    await until(async () => (await admin.trpc.channels.get.query({ id })).status.state === 'error', 'error');
    const s = (await admin.trpc.channels.get.query({ id })).status;
    expect(s).toMatchObject({ code: 190 });
    expect(s.detail).toMatch(/Meta error 190: Invalid OAuth access token/);
    // a missing field is named
    const e = await admin.trpc.channels.create
      .mutate({ kind: 'cloud-api', name: 'Outra', settings: { phoneNumberId: '12', businessAccountId: phone.wabaId, accessToken: 'x' } })
      .catch((x: unknown) => errorOf(x));
    expect(JSON.stringify(e)).toMatch(/settings\.phoneNumberId|phone number id/);
    expect(JSON.stringify(e)).toMatch(/app secret/);
  });

  it('answers the verification handshake with the verify token only, and refuses a wrong signature with 401', async () => {
    const a = await open();
    const token = String(a.settings.verifyToken);
    const ok = await fetch(`${hookUrl}?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`);
    expect([ok.status, await ok.text()]).toEqual([200, '1158201444']);
    expect((await fetch(`${hookUrl}?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1`)).status).toBe(403);
    const m = fake.inbound(phone, ana, fake.text('oi'));
    expect((await fake.deliver(hookUrl, m.payload, { secret: 'not-the-app-secret' })).status).toBe(401);
    expect((await fake.deliver(hookUrl, m.payload, { signature: null })).status).toBe(401);
    expect((await fake.deliver(`${h.url}/api/meta/webhook/nope`, m.payload)).status).toBe(404);
    // a signed body that is not Meta's shape: refused naming the field
    const bad = await fake.deliver(hookUrl, { object: 'whatsapp_business_account', entry: [{ id: '1', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp' } }] }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/metadata/);
    await new Promise((r) => setTimeout(r, 200));
    expect(fake.sent).toHaveLength(0);
    const inbound = await h.app.db.kysely.selectFrom('inbound').select('external_id').where('channel', '=', id).execute();
    expect(inbound).toHaveLength(0);
  });

  it('the same webhook twice is stored and answered once; phone number and BSUID are one contact', async () => {
    await open();
    const m = fake.inbound(phone, ana, fake.text('oi'));
    expect((await fake.deliver(hookUrl, m.payload)).status).toBe(200);
    expect((await fake.deliver(hookUrl, m.payload)).status).toBe(200);
    await say(fake.text('tudo bem? ação'));
    await until(() => answers().length >= 2, 'two answers');
    await new Promise((r) => setTimeout(r, 300));
    expect(answers()).toEqual(['Oi! Diga algo.', 'eco: tudo bem? ação']);
    // a later message by BSUID alone reaches the same contact
    const byBsuid = fake.inbound(phone, { userId: ana.userId, name: 'Ana' }, fake.text('sem número'));
    expect((await fake.deliver(hookUrl, byBsuid.payload)).status).toBe(200);
    await until(() => fake.sent.length >= 3, 'third answer');
    const contacts = await h.app.db.kysely.selectFrom('contacts').select(['id', 'name', 'phone']).where('channel', '=', id).execute();
    expect(contacts).toHaveLength(1);
    expect(contacts[0]).toMatchObject({ name: 'Ana', phone: '5511988887777' });
    const ids = await h.app.db.kysely.selectFrom('contact_identities').select(['kind', 'value']).where('channel_id', '=', id).orderBy('kind').execute();
    expect(ids).toEqual([
      { kind: 'bsuid', value: ana.userId },
      { kind: 'phone', value: ana.waId },
    ]);
  });

  it('statuses advance sent → delivered → read and never back; failed carries the error code', async () => {
    await open();
    await say(fake.text('oi'));
    await until(() => answers().length >= 1, 'greeting');
    await until(async () => (await outRows())[0]?.status === 'sent', 'sent');
    const wamid = fake.sentTo(ana.waId!)[0].id!;
    expect((await outRows())[0].external_id).toBe(wamid);
    const deliver = async (status: 'sent' | 'delivered' | 'read' | 'failed', o: Parameters<FakeGraph['status']>[3] = {}) =>
      expect((await fake.deliver(hookUrl, fake.status(phone, wamid, status, { to: ana, ...o }))).status).toBe(200);
    await deliver('delivered');
    await until(async () => (await outRows())[0].status === 'delivered', 'delivered');
    await deliver('read');
    await until(async () => (await outRows())[0].status === 'read', 'read');
    await deliver('delivered');
    await deliver('failed');
    await new Promise((r) => setTimeout(r, 200));
    expect((await outRows())[0]).toMatchObject({ status: 'read', error: null });
    // another message fails at Meta after being sent
    await say(fake.text('segunda'));
    await until(async () => (await outRows()).length === 2 && (await outRows())[1].status === 'sent', 'second sent');
    const second = (await outRows())[1];
    await fake.deliver(hookUrl, fake.status(phone, second.external_id!, 'failed', { error: { code: 131047, title: 'Re-engagement message' } }));
    await until(async () => (await outRows())[1].status === 'failed', 'failed');
    // Meta's own 131047 reads as the 24-hour window's reason.
    expect((await outRows())[1].error).toMatch(/^outside WhatsApp's 24-hour window/);
  });

  it('a button reply, a list reply, "2" and the option\'s text all select option 2', async () => {
    await open(choiceFlow(3));
    await say(fake.text('oi'));
    await until(() => answers().length >= 1, 'menu');
    expect(answers()[0]).toBe('buttons: Com quem quer falar? [Opção 1 | Financeiro | Opção 3]');
    const menu = fake.sentTo(ana.waId!)[0].body;
    expect(menu.interactive.action.buttons[1].reply.id).toBe('i2');
    await say(fake.buttonReply('i2', 'Financeiro'));
    await until(() => answers().length >= 3, 'after the button');
    await say(fake.listReply('i2', 'Financeiro'));
    await until(() => answers().length >= 5, 'after the list reply');
    await say(fake.text('2'));
    await until(() => answers().length >= 7, 'after 2');
    await say(fake.text('financeiro'));
    await until(() => answers().length >= 9, 'after the text');
    expect(answers().filter((a) => a.startsWith('escolheu'))).toEqual(['escolheu Financeiro', 'escolheu Financeiro', 'escolheu Financeiro', 'escolheu Financeiro']);
  });

  it('4 to 10 options go as a list message, 11 or more as numbered text', async () => {
    await open(choiceFlow(4));
    await say(fake.text('oi'));
    await until(() => answers().length >= 1, 'menu');
    expect(answers()[0]).toBe('list: Com quem quer falar? [Opção 1 | Financeiro | Opção 3 | Opção 4]');
    const list = fake.sentTo(ana.waId!)[0].body.interactive;
    expect(list.action.button).toBe('Ver opções');
    expect(list.action.sections[0].rows.map((r: { id: string }) => r.id)).toEqual(['i1', 'i2', 'i3', 'i4']);
    await h.close();
    await fake.stop();
    await open(choiceFlow(11));
    await say(fake.text('oi'));
    await until(() => answers().length >= 1, 'menu');
    const numbered = answers()[0];
    expect(numbered).toMatch(/^Com quem quer falar\?\n1\. Opção 1\n2\. Financeiro\n[\s\S]*11\. Opção 11\n_Responda com o número da opção._$/);
    await say(fake.text('2'));
    await until(() => answers().length >= 2, 'after 2');
    expect(answers()[1]).toBe('escolheu Financeiro');
  });

  it('media sent by the contact is downloaded through the Graph API into Ozia\'s storage; reactions and locations are kept', async () => {
    await open();
    const pdf = Buffer.from('%PDF-1.4 boleto');
    const docId = await say(fake.mediaMessage('document', pdf, 'application/pdf', { filename: 'boleto.pdf', caption: 'segue' }));
    await say(fake.location(-23.55, -46.63, 'Loja', 'Av. Paulista'));
    await until(async () => (await h.app.db.kysely.selectFrom('messages').select('id').where('direction', '=', 'in').execute()).length >= 2, 'stored');
    await say(fake.reaction(docId, '👍'));
    const rows = await h.app.db.kysely.selectFrom('messages').select(['kind', 'body', 'reactions']).where('direction', '=', 'in').orderBy('id').execute();
    expect(rows.map((r) => r.kind)).toEqual(['document', 'location']);
    const body = JSON.parse(rows[0].body) as { fileId: string; fileName: string; mime: string };
    expect(body).toMatchObject({ fileName: 'boleto.pdf', mime: 'application/pdf' });
    const file = await h.app.files.open(body.fileId);
    const chunks: Buffer[] = [];
    for await (const c of file!.stream) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(pdf);
    expect(fake.requests.some((r) => r.startsWith('GET /__media/'))).toBe(true);
    await until(async () => {
      const r = await h.app.db.kysely.selectFrom('messages').select('reactions').where('external_id', '=', docId).executeTakeFirst();
      return !!r?.reactions && r.reactions.includes('👍');
    }, 'the reaction');
  });

  it('a permanent Graph error fails the row with its reason; a 5xx or 429 is retried', async () => {
    await open();
    fake.failNext({ status: 503, error: { message: 'Service temporarily unavailable', code: 133004 } }, { status: 429, error: { message: 'Rate limit hit', code: 130429 } });
    await say(fake.text('oi'));
    await until(async () => (await outRows())[0]?.status === 'sent', 'sent after two retries');
    expect(answers()).toEqual(['Oi! Diga algo.']);
    fake.failNext(FakeGraph.error(400, 131026, 'Message undeliverable', 'Unable to deliver the message'));
    await say(fake.text('de novo'));
    await until(async () => (await outRows())[1]?.status === 'failed', 'failed');
    expect((await outRows())[1].error).toMatch(/^Meta error 131026: Message undeliverable: Unable to deliver the message \(fbtrace_id .+\)$/);
  });

  it('an image of Ozia\'s own is uploaded to Meta and sent by its media id', async () => {
    fake = await new FakeGraph().start();
    phone = fake.addPhone();
    db = makeDb();
    h = await startHarness({ db, services: { channelKinds: { cloudApi: { graphBaseUrl: fake.baseUrl } } } });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const stored = await h.app.files.save({ name: 'cardapio.png', mime: 'image/png', data: png });
    const flow = buildFlow({ groups: [{ id: 'g', blocks: [{ id: 'img', kind: 'bubble-image', options: { source: { kind: 'file', fileId: stored.id, fileName: 'cardapio.png' } } }] }], edges: [] });
    const f = await h.app.flows.create({ name: 'Foto', document: flow });
    await h.app.flows.publish({ id: f.id });
    const a = await h.app.channels.create({
      kind: 'cloud-api',
      name: 'Fotos',
      flowId: f.id,
      delivery: { typingMsPerChar: 0, perMinute: 0 },
      settings: { phoneNumberId: phone.phoneNumberId, businessAccountId: phone.wabaId, accessToken: fake.token, appSecret: fake.appSecret },
    });
    id = a.id;
    hookUrl = `${h.url}/api/meta/webhook/${id}`;
    // Not connected by anyone: the first webhook starts the account.
    await say(fake.text('oi'));
    await until(() => fake.sentTo(ana.waId!).length >= 1, 'the image');
    const sent = fake.sentTo(ana.waId!)[0].body;
    expect(sent.type).toBe('image');
    expect(sent.image.link).toBeUndefined();
    expect(fake.mediaData(sent.image.id)).toEqual({ data: png, mime: 'image/png' });
  });

  it('two numbers of one Meta app share one webhook URL: each number\'s messages reach its own account', async () => {
    await open();
    const other = fake.addPhone({ display: '+55 21 4000-0000' });
    const b = await admin.trpc.channels.create.mutate({
      kind: 'cloud-api',
      name: 'Segundo número',
      flowId: (await h.app.channels.get(id)).flowId,
      delivery: { typingMsPerChar: 0, perMinute: 0 },
      settings: { phoneNumberId: other.phoneNumberId, businessAccountId: other.wabaId, accessToken: fake.token, appSecret: fake.appSecret },
    });
    await admin.trpc.channels.connect.mutate({ id: b.id });
    // Meta delivers the second number's message to the URL saved in the app: the first account's.
    const m = fake.inbound(other, { waId: '5521977776666', name: 'Bia' }, fake.text('oi'));
    expect((await fake.deliver(hookUrl, m.payload)).status).toBe(200);
    await until(() => fake.sentTo('5521977776666').length >= 1, 'answer from the second number');
    expect(fake.sentTo('5521977776666')[0].phoneNumberId).toBe(other.phoneNumberId);
    const rows = await h.app.db.kysely.selectFrom('inbound').select('channel').where('external_id', '=', m.id).execute();
    expect(rows).toEqual([{ channel: b.id }]);
  });
});
