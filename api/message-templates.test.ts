// WhatsApp message templates and the 24-hour window, on SQLite and PostgreSQL, against the fake
// Graph API: templates created in Settings go to Meta's review as PENDING, a sync (or Meta's status
// webhook) brings APPROVED / REJECTED with the reason; outside 24 hours of the contact's last
// message free text is refused (a bot message fails with the reason, an agent's reply is refused by
// the server), an approved template goes out with its values, and a text bubble's template
// fallback goes instead of its text. Time moves with one clock shared by Ozia and the fake.
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowDocument } from '../blocks/flow.js';
import { FakeGraph, type FakePhone, type FakeUser } from '../runtime/channels/meta/testing/fake-graph.js';
import { testDatabases, type TestDatabase } from '../runtime/testing/databases.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

const ana: FakeUser = { waId: '5511988887777', userId: 'BR.1502576394655843', name: 'Ana' };
const HOUR = 3_600_000;

/** A refusal's words: its message and each field's issue as "path: message". */
function said(e: unknown): string {
  const x = errorOf(e);
  return [x.message, ...(x.issues ?? []).map((i) => `${i.path}: ${i.message}`)].join('\n');
}

const pedido = {
  name: 'pedido_enviado',
  category: 'UTILITY' as const,
  language: 'pt_BR',
  header: 'Pedido {{1}}',
  body: 'Olá {{1}}, seu pedido {{2}} saiu para entrega.',
  footer: 'Loja Ozia',
  buttons: [{ type: 'QUICK_REPLY' as const, text: 'Falar com atendente' }],
  headerExamples: { '1': '#123' },
  bodyExamples: { '1': 'Ana', '2': '#123' },
};

describe.each(testDatabases)('Message templates and the 24-hour window on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let h: Harness;
  let fake: FakeGraph;
  let phone: FakePhone;
  let admin: TestClient;
  let accountId: string;
  let hookUrl: string;
  let now: Date;

  afterEach(async () => {
    await h?.close();
    await fake?.stop();
  });

  const until = async (done: () => boolean | Promise<boolean>, what: string) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`timed out waiting for: ${what}`);
  };
  /** Time passes for Ozia and Meta alike; the supervisor's session is renewed (it idles out). */
  const later = async (ms: number) => {
    now = new Date(now.getTime() + ms);
    await admin.login(ADMIN.email, ADMIN.password);
  };

  const open = async (flow: FlowDocument | (() => Promise<FlowDocument>)) => {
    now = new Date('2026-03-10T12:00:00.000Z');
    fake = await new FakeGraph().start();
    fake.clock = () => now;
    phone = fake.addPhone();
    db = makeDb();
    h = await startHarness({ db, services: { clock: () => now, channelKinds: { cloudApi: { graphBaseUrl: fake.baseUrl } } } });
    admin = h.client();
    await admin.login(ADMIN.email, ADMIN.password);
    const f = await h.app.flows.create({ name: 'Fluxo', document: typeof flow === 'function' ? await flow() : flow });
    await h.app.flows.publish({ id: f.id });
    const a = await admin.trpc.channels.create.mutate({
      kind: 'cloud-api',
      name: 'API Oficial',
      flowId: f.id,
      delivery: { typingMsPerChar: 0, perMinute: 0 },
      settings: { phoneNumberId: phone.phoneNumberId, businessAccountId: phone.wabaId, accessToken: fake.token, appSecret: fake.appSecret },
    });
    accountId = a.id;
    hookUrl = `${h.url}/api/meta/webhook/${accountId}`;
    await admin.trpc.channels.connect.mutate({ id: accountId });
    await until(async () => (await admin.trpc.channels.get.query({ id: accountId })).status.state === 'open', 'open');
  };
  const say = async (body: string) => {
    const m = fake.inbound(phone, ana, fake.text(body));
    expect((await fake.deliver(hookUrl, m.payload)).status).toBe(200);
  };
  const sent = () => fake.sentTo(ana.waId!).map((s) => s.body);
  const outRows = () =>
    h.app.db.kysely.selectFrom('messages').select(['id', 'kind', 'body', 'status', 'error']).where('direction', '=', 'out').where('channel', '=', accountId).orderBy('id').execute();

  /** A conversation handed to the agents, picked up by the supervisor. */
  const served = async () => {
    await open(async () => {
      const dept = await h.app.inbox.departments.create({ name: 'Vendas' });
      return buildFlow({ groups: [{ id: 'g', blocks: [text('hi', 'Olá! Vou te passar para o time.'), { id: 'agent', kind: 'agent', options: { departmentId: dept.id, assign: { mode: 'queue' } } }] }] });
    });
    await say('oi, quero falar com alguém');
    let conversationId = '';
    await until(async () => {
      const c = await h.app.db.kysely.selectFrom('conversations').select(['id', 'stage']).where('channel', '=', accountId).executeTakeFirst();
      conversationId = c?.id ?? '';
      return c?.stage === 'waiting';
    }, 'handed over');
    await admin.trpc.inbox.pickUp.mutate({ id: conversationId });
    return conversationId;
  };

  it('a template goes to review as PENDING; a sync brings APPROVED or REJECTED with the reason, every page, and those made at Meta; a status webhook changes it live; delete', async () => {
    await open(buildFlow({ groups: [{ id: 'g', blocks: [text('a', 'oi')] }] }));
    const created = await admin.trpc.messageTemplates.create.mutate({ accountId, template: pedido });
    expect(created).toMatchObject({ name: 'pedido_enviado', status: 'PENDING', parameterFormat: 'POSITIONAL' });
    expect(created.variables).toEqual([
      { component: 'header', name: '1', example: '#123' },
      { component: 'body', name: '1', example: 'Ana' },
      { component: 'body', name: '2', example: '#123' },
    ]);
    // Meta's real request: components with examples, and the parameter format.
    const atMeta = [...fake.templates.values()].find((t) => t.name === 'pedido_enviado')!;
    expect(atMeta).toMatchObject({ status: 'PENDING', parameter_format: 'POSITIONAL', category: 'UTILITY', language: 'pt_BR' });
    expect(atMeta.components).toEqual([
      { type: 'HEADER', format: 'TEXT', text: 'Pedido {{1}}', example: { header_text: ['#123'] } },
      { type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} saiu para entrega.', example: { body_text: [['Ana', '#123']] } },
      { type: 'FOOTER', text: 'Loja Ozia' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Falar com atendente' }] },
    ]);
    const named = await admin.trpc.messageTemplates.create.mutate({ accountId, template: { name: 'boas_vindas', category: 'MARKETING', language: 'pt_BR', body: 'Oi {{nome}}, tudo bem?', bodyExamples: { nome: 'Ana' } } });
    expect(named.parameterFormat).toBe('NAMED');
    // The same name and language twice: Meta's refusal, in its words.
    expect(said(await admin.trpc.messageTemplates.create.mutate({ accountId, template: pedido }).catch((e) => e))).toMatch(/Content in this language already exists|already .*content/);

    fake.review('pedido_enviado', 'APPROVED');
    fake.review('boas_vindas', 'REJECTED', 'INVALID_FORMAT');
    fake.addTemplate(phone.wabaId, { name: 'feito_na_meta', language: 'en_US', components: [{ type: 'BODY', text: 'Hello {{1}}!', example: { body_text: [['Ana']] } }] });
    // Three pages of one template each: every page is read.
    fake.templatesPage = 1;
    await later(60_000);
    const synced = await admin.trpc.messageTemplates.sync.mutate({ accountId });
    expect(synced.syncedAt).toBe(now.toISOString());
    expect(synced.templates.map((t) => [t.name, t.status, t.rejectedReason])).toEqual([
      ['boas_vindas', 'REJECTED', 'INVALID_FORMAT'],
      ['feito_na_meta', 'APPROVED', null],
      ['pedido_enviado', 'APPROVED', null],
    ]);
    expect(synced.templates.find((t) => t.name === 'feito_na_meta')!.variables).toEqual([{ component: 'body', name: '1', example: 'Ana' }]);
    expect(fake.requests.filter((r) => r.endsWith('/message_templates')).length).toBeGreaterThanOrEqual(3);
    expect((await admin.trpc.messageTemplates.list.query({ accountId })).syncedAt).toBe(now.toISOString());

    // Meta pauses one: its status webhook changes the row without a sync.
    const paused = fake.review('pedido_enviado', 'PAUSED');
    expect((await fake.deliver(hookUrl, fake.templateStatusWebhook(paused))).status).toBe(200);
    await until(async () => (await admin.trpc.messageTemplates.list.query({ accountId })).templates.find((t) => t.name === 'pedido_enviado')?.status === 'PAUSED', 'paused by webhook');
    // Another WABA's template webhook is not this account's.
    const other = fake.addTemplate('999999999', { name: 'pedido_enviado', status: 'REJECTED', components: [] });
    expect((await fake.deliver(hookUrl, fake.templateStatusWebhook({ ...other, id: paused.id }))).status).toBe(200);
    expect((await admin.trpc.messageTemplates.list.query({ accountId })).templates.find((t) => t.name === 'pedido_enviado')?.status).toBe('PAUSED');

    await admin.trpc.messageTemplates.remove.mutate({ accountId, name: 'boas_vindas' });
    expect([...fake.templates.values()].some((t) => t.name === 'boas_vindas')).toBe(false);
    expect((await admin.trpc.messageTemplates.list.query({ accountId })).templates.map((t) => t.name)).toEqual(['feito_na_meta', 'pedido_enviado']);
  });

  it('a draft Meta would refuse is refused here, each error naming its field', async () => {
    await open(buildFlow({ groups: [{ id: 'g', blocks: [text('a', 'oi')] }] }));
    const refused = async (template: Record<string, unknown>) => said(await admin.trpc.messageTemplates.create.mutate({ accountId, template: { ...pedido, ...template } as never }).catch((e) => e));
    expect(await refused({ name: 'Pedido Enviado' })).toMatch(/name: use lowercase letters, digits and _ only/);
    expect(await refused({ name: 'x'.repeat(513) })).toMatch(/name: at most 512 characters/);
    expect(await refused({ body: `Olá {{1}} ${'x'.repeat(1024)}` })).toMatch(/body: at most 1024 characters/);
    expect(await refused({ header: 'h'.repeat(61) })).toMatch(/header: at most 60 characters/);
    expect(await refused({ footer: 'f'.repeat(61) })).toMatch(/footer: at most 60 characters/);
    expect(await refused({ body: 'Olá {{2}}, seu pedido {{1}} saiu.', bodyExamples: { '1': 'a', '2': 'b' } })).toMatch(/body: number the variables in order: \{\{1\}\}, \{\{2\}\}/);
    expect(await refused({ bodyExamples: { '1': 'Ana' } })).toMatch(/bodyExamples\.2: type an example value for \{\{2\}\}/);
    expect(await refused({ buttons: [{ type: 'QUICK_REPLY', text: 'q'.repeat(26) }] })).toMatch(/buttons\[0\]\.text: at most 25 characters/);
    expect(await refused({ buttons: Array.from({ length: 11 }, (_, i) => ({ type: 'QUICK_REPLY', text: `b${i}` })) })).toMatch(/buttons: at most 10 buttons/);
    expect(await refused({ buttons: [{ type: 'URL', text: 'Ver', url: 'ftp://x' }] })).toMatch(/buttons\[0\]\.url: type an address starting with https:\/\//);
    expect(await refused({ body: '{{1}} seu pedido {{2}} saiu' })).toMatch(/body: the body cannot start or end with a variable/);
    expect(await refused({ category: 'PROMO' })).toMatch(/category: choose marketing, utility or authentication/);
    // Nothing reached Meta.
    expect(fake.templates.size).toBe(0);
  });

  it('outside the window an agent can send only an approved template, with every value; the window opens again when the contact writes', async () => {
    const conversationId = await served();
    fake.addTemplate(phone.wabaId, {
      name: 'retomar_contato',
      components: [
        { type: 'HEADER', format: 'TEXT', text: 'Olá {{1}}', example: { header_text: ['Ana'] } },
        { type: 'BODY', text: 'Seu pedido {{1}} está pronto. Posso ajudar em algo?', example: { body_text: [['#123']] } },
      ],
    });
    fake.addTemplate(phone.wabaId, { name: 'em_revisao', status: 'PENDING', components: [{ type: 'BODY', text: 'Oi!' }] });
    await admin.trpc.messageTemplates.sync.mutate({ accountId });
    // Inside the window: free text goes, the composer is told so.
    expect((await admin.trpc.inbox.get.query({ id: conversationId })).freeText.refusal).toBeNull();
    await admin.trpc.inbox.reply.mutate({ id: conversationId, text: 'Oi Ana, tudo bem?' });
    await until(() => sent().some((b) => b.type === 'text' && b.text.body.endsWith('Oi Ana, tudo bem?')), 'reply inside the window');

    await later(25 * HOUR);
    const details = await admin.trpc.inbox.get.query({ id: conversationId });
    expect(details.freeText.refusal?.['pt-BR']).toMatch(/^fora da janela de 24 horas do WhatsApp/);
    // The server refuses free text (and files) whatever the browser shows.
    const refused = await admin.trpc.inbox.reply.mutate({ id: conversationId, text: 'Ainda está aí?' }).catch((e) => e);
    expect(said(refused)).toMatch(/^text: outside WhatsApp's 24-hour window/);
    // Only approved templates are offered; a pending one is refused; every value is needed.
    const offered = await admin.trpc.inbox.templates.query({ id: conversationId });
    expect(offered.map((t) => t.name)).toEqual(['retomar_contato']);
    expect(offered[0].preview).toBe('*Olá {{1}}*\n\nSeu pedido {{1}} está pronto. Posso ajudar em algo?');
    expect(said(await admin.trpc.inbox.reply.mutate({ id: conversationId, template: { name: 'em_revisao', language: 'pt_BR', values: {} } }).catch((e) => e))).toMatch(
      /^template: "em_revisao" \(pt_BR\) is not an approved template/,
    );
    expect(
      said(await admin.trpc.inbox.reply.mutate({ id: conversationId, template: { name: 'retomar_contato', language: 'pt_BR', values: { 'header.1': 'Ana', 'body.1': ' ' } } }).catch((e) => e)),
    ).toMatch(/^template\.values\.body\.1: fill in the variable \{\{1\}\}/);
    const before = sent().length;
    const view = await admin.trpc.inbox.reply.mutate({ id: conversationId, template: { name: 'retomar_contato', language: 'pt_BR', values: { 'header.1': 'Ana', 'body.1': '#987' } } });
    await until(() => sent().length > before, 'template sent');
    // Exactly Meta's template send, the values in their components; no signature added to an approved text.
    expect(fake.sentTo(ana.waId!).at(-1)!.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: ana.waId,
      type: 'template',
      template: {
        name: 'retomar_contato',
        language: { code: 'pt_BR' },
        components: [
          { type: 'header', parameters: [{ type: 'text', text: 'Ana' }] },
          { type: 'body', parameters: [{ type: 'text', text: '#987' }] },
        ],
      },
    });
    // The transcript shows what the contact reads.
    const row = (await outRows()).at(-1)!;
    expect(row.kind).toBe('template');
    expect(JSON.parse(row.body).text).toBe('*Olá Ana*\n\nSeu pedido #987 está pronto. Posso ajudar em algo?');
    expect(view.id).toBe(row.id);
    await until(async () => (await outRows()).at(-1)!.status === 'sent', 'template row sent');

    // The contact answers: free text goes again.
    await say('oi, pode falar');
    await until(async () => (await admin.trpc.inbox.get.query({ id: conversationId })).freeText.refusal === null, 'window open again');
    await admin.trpc.inbox.reply.mutate({ id: conversationId, text: 'Que bom!' });
    await until(() => sent().some((b) => b.type === 'text' && b.text.body.endsWith('Que bom!')), 'free text again');
  });

  it("a bot's free text outside the window fails with the reason; a text bubble's template fallback goes as the template outside and as text inside", async () => {
    const fallback = { enabled: true, name: 'pedido_enviado', language: 'pt_BR', values: [{ id: 'v1', value: '{{contact.name}}' }, { id: 'v2', value: '#123' }] };
    const flow = buildFlow({
      // A session outlives the 25-hour wait.
      settings: { sessionTimeoutMinutes: 3 * 24 * 60 },
      groups: [
        {
          id: 'g',
          blocks: [
            { id: 'now', kind: 'bubble-text', options: { text: 'Seu pedido #123 saiu!', outsideWindow: fallback } },
            { id: 'wait', kind: 'wait', options: { amount: 25, unit: 'hours' } },
            text('plain', 'Lembrete: seu pedido chega hoje.'),
            { id: 'later', kind: 'bubble-text', options: { text: 'Seu pedido #123 saiu!', outsideWindow: fallback } },
          ],
        },
      ],
    });
    await open(flow);
    fake.addTemplate(phone.wabaId, { name: 'pedido_enviado', components: [{ type: 'BODY', text: 'Olá {{1}}, seu pedido {{2}} saiu.', example: { body_text: [['Ana', '#1']] } }] });
    await say('oi');
    // Inside the window the bubble goes as its text.
    await until(() => sent().length === 1, 'first message');
    expect(sent()[0]).toMatchObject({ type: 'text', text: { body: 'Seu pedido #123 saiu!' } });

    await later(25 * HOUR);
    await h.app.runtime.fireDueTimers();
    await until(async () => (await outRows()).length === 3 && (await outRows()).every((r) => r.status === 'sent' || r.status === 'failed'), 'after the wait');
    const [, plain, withFallback] = await outRows();
    // No fallback: failed at once, before reaching Meta, with the reason on the transcript.
    expect(plain).toMatchObject({ status: 'failed', error: expect.stringMatching(/^outside WhatsApp's 24-hour window/) });
    expect(sent().some((b) => b.type === 'text' && b.text.body.startsWith('Lembrete'))).toBe(false);
    // With one: the template, the contact's name in it.
    expect(withFallback.status).toBe('sent');
    expect(sent().at(-1)).toMatchObject({
      type: 'template',
      template: { name: 'pedido_enviado', language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '#123' }] }] },
    });
    // The Inbox shows the failed mark with its reason.
    const conversation = await h.app.db.kysely.selectFrom('conversations').select('id').where('channel', '=', accountId).executeTakeFirstOrThrow();
    const { messages } = await admin.trpc.inbox.messages.query({ id: conversation.id });
    expect(messages.find((m) => m.id === plain.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^outside WhatsApp's 24-hour window/) });
  });

  it('writing first outside the window: a free-text start is refused with the reason; a template start opens the conversation and goes, nothing half-written before', async () => {
    await open(buildFlow({ groups: [{ id: 'g', blocks: [text('a', 'Oi! Obrigado pelo contato.')] }] }));
    fake.addTemplate(phone.wabaId, { name: 'retomar', components: [{ type: 'BODY', text: 'Oi {{1}}, podemos continuar?', example: { body_text: [['Ana']] } }] });
    await admin.trpc.messageTemplates.sync.mutate({ accountId });
    await say('oi');
    await until(() => sent().length === 1, 'the bot answered');
    const dept = await h.app.inbox.departments.create({ name: 'Vendas' });
    const { id: contactId } = await h.app.db.kysely.selectFrom('contacts').select('id').where('channel', '=', accountId).executeTakeFirstOrThrow();
    await later(25 * HOUR);
    const [choice] = await admin.trpc.inbox.startChoices.query({ contactId });
    expect(choice).toMatchObject({ channelId: accountId, refusal: { en: expect.stringMatching(/^outside WhatsApp's 24-hour window/) } });
    const start = (o: object) => admin.trpc.inbox.start.mutate({ contactId, departmentId: dept.id, channelId: accountId, ...o });
    expect(said(await start({ text: 'Oi!' }).catch((e) => e))).toMatch(/^channelId: outside WhatsApp's 24-hour window/);
    expect(said(await start({ template: { name: 'retomar', language: 'pt_BR', values: {} } }).catch((e) => e))).toMatch(/^template\.values\.body\.1: fill in the variable/);
    const served = () => h.app.db.kysely.selectFrom('conversations').select('id').where('contact_id', '=', contactId).where('stage', '=', 'in_service').execute();
    expect(await served()).toEqual([]);
    expect((await admin.trpc.inbox.startTemplates.query({ contactId, channelId: accountId })).map((t) => t.name)).toEqual(['retomar']);
    const started = await start({ template: { name: 'retomar', language: 'pt_BR', values: { 'body.1': 'Ana' } } });
    expect((await served()).map((c) => c.id)).toEqual([started.id]);
    await until(() => sent().length === 2, 'the template');
    expect(sent()[1]).toMatchObject({ type: 'template', template: { name: 'retomar', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] } });
  });

  it("Meta's own 131047 (a send it refused for the window) reads as the same reason", async () => {
    await open(buildFlow({ groups: [{ id: 'g', blocks: [text('a', 'oi')] }] }));
    fake.failNext(FakeGraph.error(400, 131047, 'Re-engagement message', 'more than 24 hours have passed'));
    await say('oi');
    await until(async () => (await outRows())[0]?.status === 'failed', 'failed');
    expect((await outRows())[0].error).toMatch(/^outside WhatsApp's 24-hour window/);
  });
});
