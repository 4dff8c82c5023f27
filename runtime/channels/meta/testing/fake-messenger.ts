// A fake Messenger Platform for tests and the e2e suite: a real local HTTP server that answers
// like graph.facebook.com for Messenger and Instagram messaging — the Send API
// (`POST /{page-id}/messages`) with Meta's request rules (quick-reply limits, text length, the
// 24-hour window and the HUMAN_AGENT tag's 7 days, in Meta's error shapes), the Attachment Upload
// API, the Page / Instagram account / profile nodes, attachment URLs on a CDN path that needs no
// token — and builds webhook deliveries (`object: page` / `instagram`) that it posts to Ozia
// signed with the app secret, through the fake Graph API's signer.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGraph, type FakeFailure } from './fake-graph.js';

export interface FakePage {
  pageId: string;
  name: string;
  /** Set for an Instagram professional account linked to the Page. */
  instagram?: { id: string; username: string; name: string };
}

/** A person writing to a Page (PSID) or an Instagram account (IGSID). */
export interface FakePerson {
  id: string;
  /** Messenger profile. */
  firstName?: string;
  lastName?: string;
  /** Instagram profile. */
  name?: string;
  username?: string;
}

export interface FakeMessengerSent {
  pageId: string;
  body: Record<string, any>;
  mid: string;
  at: number;
}

const HOUR = 3_600_000;

function graphError(status: number, code: number, message: string, subcode?: number, type = 'OAuthException'): FakeFailure {
  return { status, error: { message, type, code, ...(subcode !== undefined ? { error_subcode: subcode } : {}) } };
}

export class FakeMessenger {
  readonly sent: FakeMessengerSent[] = [];
  readonly pages = new Map<string, FakePage>();
  readonly people = new Map<string, FakePerson>();
  readonly requests: string[] = [];
  /** What `message_attachments` took, by attachment id. */
  readonly uploads = new Map<string, { data: Buffer; mime: string; type: string; platform: string | null }>();
  /** The fake's own clock (Meta's): a test moves it with Ozia's to cross the windows. */
  now: () => number = () => Date.now();
  private readonly cdn = new Map<string, { data: Buffer; mime: string }>();
  /** When each person last wrote to each Page (Meta's side of the windows). */
  private readonly lastInbound = new Map<string, number>();
  private readonly failures: FakeFailure[] = [];
  private server: http.Server | null = null;
  private port = 0;
  private counter = 0;
  /** Signs and posts webhooks as Meta does (escaped unicode, X-Hub-Signature-256). */
  private readonly hooks: FakeGraph;

  constructor(
    public token = 'EAAM-fake-page-token-4321',
    readonly appSecret = 'fake-messenger-secret-8765',
  ) {
    this.hooks = new FakeGraph(token, appSecret);
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v24.0`;
  }

  addPage(p: Omit<Partial<FakePage>, 'instagram'> & { instagram?: Partial<NonNullable<FakePage['instagram']>> | true } = {}): FakePage {
    const n = this.pages.size + 1;
    const page: FakePage = { pageId: p.pageId ?? `1${n}0000000000${n}`, name: p.name ?? 'Loja Ozia' };
    if (p.instagram) {
      const ig: Partial<NonNullable<FakePage['instagram']>> = p.instagram === true ? {} : p.instagram;
      page.instagram = { id: ig.id ?? `178414000000000${n}`, username: ig.username ?? 'loja.ozia', name: ig.name ?? 'Loja Ozia' };
    }
    this.pages.set(page.pageId, page);
    return page;
  }

  addPerson(p: Partial<FakePerson> = {}): FakePerson {
    const person: FakePerson = { id: p.id ?? `${7000000000000000 + ++this.counter}`, ...p };
    this.people.set(person.id, person);
    return person;
  }

  failNext(...f: FakeFailure[]) {
    this.failures.push(...f);
  }

  /** A file on Meta's CDN (what a person attached), and its URL. */
  putCdn(data: Buffer, mime: string, name = 'file'): string {
    const id = `${++this.counter}`;
    this.cdn.set(id, { data, mime });
    return `http://127.0.0.1:${this.port}/__cdn/${id}/${encodeURIComponent(name)}?oh=${randomBytes(6).toString('hex')}`;
  }

  /** A CDN file that has expired (a story past its 24 hours). */
  expire(url: string) {
    const m = /\/__cdn\/(\d+)\//.exec(url);
    if (m) this.cdn.delete(m[1]);
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res).catch((e) => this.reply(res, 500, { error: { message: String(e), code: 1 } })));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop() {
    await this.hooks.stop();
    this.server?.closeAllConnections?.();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  private reply(res: http.ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  }

  private fail(res: http.ServerResponse, f: FakeFailure) {
    this.reply(res, f.status, f.error ? { error: { ...f.error, fbtrace_id: randomBytes(8).toString('base64url') } } : {});
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    this.requests.push(`${req.method} ${url.pathname}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const cdn = /^\/__cdn\/(\d+)\//.exec(url.pathname);
    if (cdn && req.method === 'GET') {
      const f = this.cdn.get(cdn[1]);
      if (!f) return this.reply(res, 404, { error: { message: 'URL signature expired', code: 100 } });
      res.writeHead(200, { 'Content-Type': f.mime, 'Content-Length': f.data.length }).end(f.data);
      return;
    }
    const parts = /^\/v\d+\.\d+\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!parts) return this.fail(res, graphError(404, 2500, 'Unknown path components'));
    if (req.headers.authorization !== `Bearer ${this.token}`) return this.fail(res, graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'));
    const [, id, edge] = parts;
    const fields = (url.searchParams.get('fields') ?? '').split(',').filter(Boolean);
    const pick = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([k, v]) => (k === 'id' || fields.includes(k)) && v !== undefined));
    if (!edge && req.method === 'GET') {
      const page = this.pages.get(id);
      if (page) return this.reply(res, 200, pick({ id, name: page.name }));
      const ig = [...this.pages.values()].find((p) => p.instagram?.id === id)?.instagram;
      if (ig) return this.reply(res, 200, pick({ id, username: ig.username, name: ig.name }));
      const person = this.people.get(id);
      if (person) return this.reply(res, 200, pick({ id, first_name: person.firstName, last_name: person.lastName, name: person.name, username: person.username }));
      return this.fail(res, graphError(400, 100, `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 33, 'GraphMethodException'));
    }
    const page = this.pages.get(id);
    if (!page) return this.fail(res, graphError(400, 100, `Unsupported post request. Object with ID '${id}' does not exist`, 33, 'GraphMethodException'));
    if (edge === 'message_attachments' && req.method === 'POST') {
      const form = await new Response(raw, { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData().catch(() => null);
      const file = form?.get('filedata');
      let message: any = null;
      try {
        message = JSON.parse(String(form?.get('message') ?? ''));
      } catch {
        message = null;
      }
      const type = message?.attachment?.type;
      if (!form || !(file instanceof Blob) || !['image', 'video', 'audio', 'file'].includes(type)) {
        return this.fail(res, graphError(400, 100, '(#100) Upload attachment failure.', 2018047));
      }
      const attachmentId = `${5000000000000000 + ++this.counter}`;
      this.uploads.set(attachmentId, { data: Buffer.from(await file.arrayBuffer()), mime: file.type, type, platform: form.get('platform') ? String(form.get('platform')) : null });
      return this.reply(res, 200, { attachment_id: attachmentId });
    }
    if (edge === 'messages' && req.method === 'POST') {
      let body: Record<string, any>;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return this.fail(res, graphError(400, 100, '(#100) param recipient must be non-empty.'));
      }
      const failure = this.failures.shift();
      if (failure) return this.fail(res, failure);
      const invalid = this.invalidSend(page, body);
      if (invalid) return this.fail(res, invalid);
      const mid = page.instagram ? `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOj${randomBytes(12).toString('hex')}` : `m_${randomBytes(16).toString('base64url')}`;
      this.sent.push({ pageId: id, body, mid, at: this.now() });
      return this.reply(res, 200, { recipient_id: body.recipient.id, message_id: mid });
    }
    return this.fail(res, graphError(400, 100, `Unsupported ${req.method?.toLowerCase()} request.`, undefined, 'GraphMethodException'));
  }

  /** Meta's rules for a send, in its words; null when acceptable. */
  private invalidSend(page: FakePage, b: Record<string, any>): FakeFailure | null {
    const bad = (details: string) => graphError(400, 100, `(#100) ${details}`);
    const to = b.recipient?.id;
    if (typeof to !== 'string' || !to) return bad('param recipient must be non-empty.');
    if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(b.messaging_type)) return bad('param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
    if (b.messaging_type === 'MESSAGE_TAG' && b.tag !== 'HUMAN_AGENT') return bad('param tag must be HUMAN_AGENT for messaging_type MESSAGE_TAG');
    const m = b.message;
    if (!m || (typeof m.text !== 'string' && !m.attachment)) return bad('Must send either message or state');
    const max = page.instagram ? 1000 : 2000;
    if (typeof m.text === 'string' && (!m.text || m.text.length > max)) return bad(`Length of param message[text] must be less than or equal to ${max}`);
    if (m.attachment) {
      const a = m.attachment;
      if (!['image', 'video', 'audio', 'file'].includes(a.type)) return bad('param message[attachment][type] must be one of {image, video, audio, file, template}');
      if (!a.payload?.attachment_id && !a.payload?.url) return bad('param message[attachment][payload] must have url or attachment_id');
      if (a.payload.attachment_id && !this.uploads.has(a.payload.attachment_id)) return bad('Invalid attachment_id');
    }
    if (m.quick_replies !== undefined) {
      const q = m.quick_replies;
      if (!Array.isArray(q) || q.length < 1 || q.length > 13) return bad('param message[quick_replies] must be an array of 1 to 13 elements');
      for (const r of q) {
        if (r.content_type !== 'text') return bad('param message[quick_replies][content_type] must be text');
        if (typeof r.title !== 'string' || !r.title || r.title.length > 20) return bad(`Title of a quick reply must be 1 to 20 characters ("${r.title}")`);
        if (typeof r.payload !== 'string' || !r.payload || r.payload.length > 1000) return bad('param message[quick_replies][payload] must be 1 to 1000 characters');
      }
    }
    // The windows, from the person's last message to this Page.
    const last = this.lastInbound.get(`${page.pageId}\u0000${to}`);
    if (last === undefined) return graphError(400, 551, "This person isn't available right now.", 1545041);
    const age = this.now() - last;
    const outside = graphError(400, 10, '(#10) This message is sent outside of allowed window. Learn more about the new policy here: https://developers.facebook.com/docs/messenger-platform/policy-overview', 2018278);
    if (b.messaging_type === 'MESSAGE_TAG') return age > 7 * 24 * HOUR ? outside : null;
    return age > 24 * HOUR ? outside : null;
  }

  // ---- webhooks to Ozia ----

  private entry(page: FakePage, object: 'page' | 'instagram', event: Record<string, unknown>) {
    const accountId = object === 'instagram' ? page.instagram!.id : page.pageId;
    return { object, entry: [{ id: accountId, time: this.now(), messaging: [{ ...event, timestamp: (event.timestamp as number | undefined) ?? this.now() }] }] };
  }

  private objectOf(page: FakePage): 'page' | 'instagram' {
    return page.instagram ? 'instagram' : 'page';
  }

  private nextMid(page: FakePage) {
    return page.instagram ? `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlEOjE3${randomBytes(12).toString('hex')}` : `m_${randomBytes(16).toString('base64url')}`;
  }

  /**
   * A person's message (`message` is what goes beside the mid: `{ text }`, `{ text, quick_reply }`,
   * `{ attachments }`, `{ text, reply_to: { story } }`). The person's window opens now.
   */
  inbound(page: FakePage, person: FakePerson, message: Record<string, unknown>, o: { mid?: string } = {}) {
    const mid = o.mid ?? this.nextMid(page);
    this.lastInbound.set(`${page.pageId}\u0000${person.id}`, this.now());
    const me = page.instagram ? page.instagram.id : page.pageId;
    return { mid, payload: this.entry(page, this.objectOf(page), { sender: { id: person.id }, recipient: { id: me }, message: { mid, ...message } }) };
  }

  text(text: string) {
    return { text };
  }
  quickReply(payload: string, title: string) {
    return { text: title, quick_reply: { payload } };
  }
  /** An attachment the person sent, stored on the CDN. */
  attachment(type: 'image' | 'video' | 'audio' | 'file', data: Buffer, mime: string, name?: string) {
    return { attachments: [{ type, payload: { url: this.putCdn(data, mime, name) } }] };
  }
  storyReply(text: string, story: { data: Buffer; mime: string } | { url: string }, storyId = `${18000000000000000 + ++this.counter}`) {
    const url = 'url' in story ? story.url : this.putCdn(story.data, story.mime, 'story.jpg');
    return { text, reply_to: { story: { url, id: storyId } } };
  }
  storyMention(story: { data: Buffer; mime: string } | { url: string }) {
    const url = 'url' in story ? story.url : this.putCdn(story.data, story.mime, 'story.mp4');
    return { attachments: [{ type: 'story_mention', payload: { url } }] };
  }

  /** A postback: a tapped button of a template or the persistent menu. */
  postback(page: FakePage, person: FakePerson, payload: string, title: string) {
    this.lastInbound.set(`${page.pageId}\u0000${person.id}`, this.now());
    const me = page.instagram ? page.instagram.id : page.pageId;
    return this.entry(page, this.objectOf(page), { sender: { id: person.id }, recipient: { id: me }, postback: { mid: this.nextMid(page), title, payload } });
  }

  /** What a person at the Page wrote in Meta's own inbox (Business Suite), echoed to the webhook. */
  echo(page: FakePage, person: FakePerson, text: string, o: { mid?: string; metadata?: string; appId?: number } = {}) {
    const mid = o.mid ?? this.nextMid(page);
    const me = page.instagram ? page.instagram.id : page.pageId;
    const message: Record<string, unknown> = { mid, text, is_echo: true, app_id: o.appId ?? 263902037430900 };
    if (o.metadata) message.metadata = o.metadata;
    return { mid, payload: this.entry(page, this.objectOf(page), { sender: { id: me }, recipient: { id: person.id }, message }) };
  }

  /** The echo Meta sends of a message the Send API accepted. */
  echoOf(s: FakeMessengerSent) {
    const page = this.pages.get(s.pageId)!;
    const message: Record<string, unknown> = { mid: s.mid, is_echo: true, app_id: 1234567890, ...(s.body.message.text ? { text: s.body.message.text } : {}) };
    if (!page.instagram && s.body.message.metadata) message.metadata = s.body.message.metadata;
    const me = page.instagram ? page.instagram.id : page.pageId;
    return this.entry(page, this.objectOf(page), { sender: { id: me }, recipient: { id: s.body.recipient.id }, message });
  }

  reaction(page: FakePage, person: FakePerson, mid: string, emoji: string | null) {
    const me = page.instagram ? page.instagram.id : page.pageId;
    const reaction = emoji ? { mid, action: 'react', emoji, reaction: 'other' } : { mid, action: 'unreact' };
    return this.entry(page, this.objectOf(page), { sender: { id: person.id }, recipient: { id: me }, reaction });
  }

  /** Messenger's delivery receipt: everything sent before `watermark` arrived. */
  delivery(page: FakePage, person: FakePerson, watermark = this.now(), mids?: string[]) {
    return this.entry(page, 'page', { sender: { id: person.id }, recipient: { id: page.pageId }, delivery: { watermark, ...(mids ? { mids } : {}) } });
  }

  /** A read receipt: Messenger's watermark, Instagram's last message read. */
  read(page: FakePage, person: FakePerson, o: { watermark?: number; mid?: string } = {}) {
    const me = page.instagram ? page.instagram.id : page.pageId;
    const read = page.instagram ? { mid: o.mid } : { watermark: o.watermark ?? this.now() };
    return this.entry(page, this.objectOf(page), { sender: { id: person.id }, recipient: { id: me }, read });
  }

  /** POSTs a webhook body to Ozia signed with the app secret (or `signature`/`secret` instead). */
  deliver(url: string, payload: unknown, o: { signature?: string | null; secret?: string } = {}) {
    return this.hooks.deliver(url, payload, o);
  }

  sign(body: string, secret?: string) {
    return this.hooks.sign(body, secret);
  }

  /** Messages the Page sent to `to`. */
  sentTo(to: string): FakeMessengerSent[] {
    return this.sent.filter((s) => s.body.recipient?.id === to);
  }
}

/** What a sent body says, for assertions: text (with its quick replies), or the attachment. */
export function describeMessengerSent(s: FakeMessengerSent): string {
  const m = s.body.message;
  if (m.quick_replies) return `${m.text} [${m.quick_replies.map((q: { title: string }) => q.title).join(' | ')}]`;
  if (m.text !== undefined) return m.text;
  return `${m.attachment.type}: ${m.attachment.payload.attachment_id ?? m.attachment.payload.url}`;
}
