// The Meta pieces every Meta channel shares, against the fake Graph API over real HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GraphClient, graphErrorOf } from './graph.js';
import { answerHandshake } from './handshake.js';
import { hubSignature, validHubSignature } from './signature.js';
import { FakeGraph, metaJson } from './testing/fake-graph.js';
import { whatsappChanges } from './webhook-schema.js';

describe('X-Hub-Signature-256', () => {
  it('accepts the app secret signature of the raw bytes Meta sent (accents escaped) and refuses anything else', () => {
    const fake = new FakeGraph();
    const raw = Buffer.from(metaJson({ text: 'Olá, ação@loja' }));
    expect(raw.toString()).toContain('\\u00e1');
    const header = fake.sign(raw.toString());
    expect(validHubSignature(raw, header, fake.appSecret)).toBe(true);
    expect(header).toBe(hubSignature(raw, fake.appSecret));
    // the same JSON re-serialised with the accents raw is other bytes: not what Meta signed
    expect(validHubSignature(Buffer.from(JSON.stringify({ text: 'Olá, ação@loja' })), header, fake.appSecret)).toBe(false);
    expect(validHubSignature(raw, header, 'another-secret')).toBe(false);
    expect(validHubSignature(raw, undefined, fake.appSecret)).toBe(false);
    expect(validHubSignature(raw, 'sha256=abc', fake.appSecret)).toBe(false);
    expect(validHubSignature(raw, header.replace('sha256=', 'sha1='), fake.appSecret)).toBe(false);
  });
});

describe('webhook verification handshake', () => {
  it('echoes hub.challenge only for subscribe with the account verify token', () => {
    const q = (s: string) => new URLSearchParams(s);
    expect(answerHandshake(q('hub.mode=subscribe&hub.verify_token=tok123&hub.challenge=1158201444'), 'tok123')).toEqual({ status: 200, challenge: '1158201444' });
    expect(answerHandshake(q('hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1'), 'tok123').status).toBe(403);
    expect(answerHandshake(q('hub.mode=unsubscribe&hub.verify_token=tok123&hub.challenge=1'), 'tok123').status).toBe(400);
    expect(answerHandshake(q('hub.mode=subscribe&hub.verify_token=&hub.challenge=1'), '').status).toBe(403);
  });
});

describe('webhook payload schemas', () => {
  it('reads messages and statuses, and names the field of a malformed one', () => {
    const fake = new FakeGraph();
    const phone = fake.addPhone();
    const { payload } = fake.inbound(phone, { waId: '5511988887777', userId: 'BR.1502576394655843', name: 'Ana' }, fake.text('oi'));
    const { values } = whatsappChanges(JSON.parse(metaJson(payload)));
    expect(values[0].messages?.[0]).toMatchObject({ from: '5511988887777', from_user_id: 'BR.1502576394655843', type: 'text', text: { body: 'oi' } });
    expect(values[0].contacts?.[0].profile?.name).toBe('Ana');
    const bad = structuredClone(payload) as any;
    delete bad.entry[0].changes[0].value.messages[0].timestamp;
    expect(() => whatsappChanges(bad)).toThrow(/entry.*changes.*value.*messages.*timestamp|timestamp/);
    expect(() => whatsappChanges({ object: 'page', entry: [] })).toThrow(/whatsapp_business_account/);
  });
});

describe('Graph API client', () => {
  let fake: FakeGraph;
  beforeEach(async () => {
    fake = await new FakeGraph().start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  it('sends with the bearer token and turns Meta errors into reasons that say whether to retry', async () => {
    const phone = fake.addPhone();
    const graph = new GraphClient({ baseUrl: fake.baseUrl, token: fake.token });
    // Free text goes only to someone who wrote in the last 24 hours.
    fake.wrote(phone, { waId: '5511988887777' }, new Date());
    const ok = await graph.call<{ messages: { id: string }[] }>('POST', `${phone.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: '5511988887777', type: 'text', text: { body: 'oi' } });
    expect(ok.messages[0].id).toMatch(/^wamid\./);
    fake.failNext(FakeGraph.error(400, 131026, 'Message undeliverable', 'the number is not on WhatsApp'));
    const permanent: any = await graph.call('POST', `${phone.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: '1', type: 'text', text: { body: 'x' } }).catch((e: any) => e);
    expect(permanent).toMatchObject({ kind: 'permanent', code: 131026 });
    expect(permanent.reason).toMatch(/^Meta error 131026: Message undeliverable: the number is not on WhatsApp \(fbtrace_id .+\)$/);
    fake.failNext({ status: 503, error: { message: 'Service temporarily unavailable', code: 133004 } }, { status: 429, error: { message: 'Rate limit hit', code: 130429 } });
    for (let i = 0; i < 2; i++) expect(await graph.call('POST', `${phone.phoneNumberId}/messages`, {}).catch((e) => e.kind)).toBe('retryable');
    const wrongToken = new GraphClient({ baseUrl: fake.baseUrl, token: 'wrong' });
    const auth = await wrongToken.call('GET', phone.phoneNumberId).catch((e: any) => e);
    expect(auth).toMatchObject({ kind: 'auth', code: 190 });
    // an invalid interactive message: Meta's rule in its words
    const tooMany: any = await graph
      .call('POST', `${phone.phoneNumberId}/messages`, {
        messaging_product: 'whatsapp',
        to: '5511988887777',
        type: 'interactive',
        interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [1, 2, 3, 4].map((n) => ({ type: 'reply', reply: { id: `${n}`, title: `${n}` } })) } },
      })
      .catch((e: any) => e);
    expect(tooMany.reason).toMatch(/1 to 3 buttons/);
    expect(graphErrorOf(502, 'not json')).toMatchObject({ kind: 'retryable', reason: 'Meta answered HTTP 502' });
  });

  it('downloads media through GET /{media-id} and the URL with the bearer token, and refuses past the size limit', async () => {
    const graph = new GraphClient({ baseUrl: fake.baseUrl, token: fake.token });
    const id = fake.putMedia(Buffer.from('%PDF-1.4 fake'), 'application/pdf');
    const meta = await graph.call<{ url: string; mime_type: string }>('GET', id);
    expect(meta.mime_type).toBe('application/pdf');
    expect(await graph.download(meta.url, 1024)).toEqual({ data: Buffer.from('%PDF-1.4 fake'), mime: 'application/pdf' });
    expect(await graph.download(meta.url, 4)).toEqual({ tooLarge: 13 });
    const anonymous = await fetch(meta.url);
    expect(anonymous.status).toBe(401);
  });

  it("keeps Meta's rules for templates and the 24-hour window: free-form only within 24 hours, templates only approved and with their parameters", async () => {
    let now = new Date('2026-03-10T12:00:00Z');
    fake.clock = () => now;
    const phone = fake.addPhone();
    const graph = new GraphClient({ baseUrl: fake.baseUrl, token: fake.token });
    const to = '5511988887777';
    const send = (body: Record<string, unknown>): Promise<any> => graph.call('POST', `${phone.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to, ...body }).catch((e: any) => e);
    const text = { type: 'text', text: { body: 'oi' } };
    // Never wrote: outside the window.
    expect(await send(text)).toMatchObject({ kind: 'permanent', code: 131047 });
    fake.inbound(phone, { waId: to }, fake.text('olá'));
    expect((await send(text)).messages[0].id).toMatch(/^wamid\./);
    now = new Date(now.getTime() + 24 * 3_600_000);
    expect((await send(text)).reason).toMatch(/^Meta error 131047: Re-engagement message/);
    fake.addTemplate(phone.wabaId, { name: 'aviso', components: [{ type: 'BODY', text: 'Oi {{1}}, seu pedido {{2}} saiu.' }] });
    fake.addTemplate(phone.wabaId, { name: 'novo', status: 'PENDING', components: [{ type: 'BODY', text: 'Oi' }] });
    const template = (name: string, params: string[]) => ({
      type: 'template',
      template: { name, language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: params.map((p) => ({ type: 'text', text: p })) }] },
    });
    expect(await send(template('novo', []))).toMatchObject({ code: 132001 });
    expect(await send(template('inexistente', []))).toMatchObject({ code: 132001 });
    expect(await send(template('aviso', ['Ana']))).toMatchObject({ code: 132000 });
    expect((await send(template('aviso', ['Ana', '#123']))).messages[0].id).toMatch(/^wamid\./);
    // Created through the API, a template waits for review; the list pages with `after`.
    const created = await graph.call<{ id: string; status: string }>('POST', `${phone.wabaId}/message_templates`, {
      name: 'boas_vindas',
      language: 'pt_BR',
      category: 'MARKETING',
      parameter_format: 'POSITIONAL',
      components: [{ type: 'BODY', text: 'Oi {{1}}!', example: { body_text: [['Ana']] } }],
    });
    expect(created.status).toBe('PENDING');
    const noExample = await graph
      .call('POST', `${phone.wabaId}/message_templates`, { name: 'x', language: 'pt_BR', category: 'UTILITY', components: [{ type: 'BODY', text: 'Oi {{1}}!' }] })
      .catch((e: any) => e);
    expect(noExample).toMatchObject({ code: 100, subcode: 2388043 });
    fake.templatesPage = 2;
    const first = await graph.call<{ data: { name: string }[]; paging: { cursors: { after: string }; next?: string } }>('GET', `${phone.wabaId}/message_templates`);
    expect(first.data.map((t) => t.name)).toEqual(['aviso', 'novo']);
    expect(first.paging.next).toBeDefined();
    const second = await graph.call<{ data: { name: string }[]; paging: { next?: string } }>('GET', `${phone.wabaId}/message_templates?after=${first.paging.cursors.after}`);
    expect(second.data.map((t) => t.name)).toEqual(['boas_vindas']);
    expect(second.paging.next).toBeUndefined();
  });
});
