// A fake Graph API for tests and the e2e suite: a real local HTTP server that answers like
// graph.facebook.com for the WhatsApp Cloud API — the send endpoint with Meta's request rules and
// error shapes, media upload, `GET /{media-id}` and the bearer-protected download, the phone
// number's own node — and delivers webhooks to Ozia signed with the app secret, with their bodies
// serialised the way Meta does (non-ASCII escaped as \uXXXX). Message templates
// (`/{waba-id}/message_templates`: create as PENDING, list with paging, delete by name) with a
// control to approve or reject them, and the 24-hour rule on sends: free-form only within 24 hours
// of the user's last message (error 131047), templates only when APPROVED with their parameters.
import { createHmac, randomBytes, createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakePhone {
  phoneNumberId: string;
  wabaId: string;
  display: string;
  verifiedName: string;
}

export interface FakeSent {
  phoneNumberId: string;
  /** The request body as Meta received it. */
  body: Record<string, any>;
  /** The wamid answered (none for mark-as-read). */
  id?: string;
  at: number;
}

export interface FakeFailure {
  status: number;
  error?: { message: string; type?: string; code: number; error_subcode?: number; error_data?: { details: string } };
}

/** Who writes to the business in a delivered webhook. */
export interface FakeUser {
  waId?: string;
  userId?: string;
  name?: string;
}

/** A template Meta holds for a WABA. */
export interface FakeTemplate {
  id: string;
  wabaId: string;
  name: string;
  language: string;
  category: string;
  status: 'APPROVED' | 'PENDING' | 'REJECTED' | 'PAUSED' | 'DISABLED';
  rejected_reason?: string;
  parameter_format: 'POSITIONAL' | 'NAMED';
  components: Record<string, any>[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The variables of a component's text, as Meta counts them. */
function variablesIn(text: string | undefined): string[] {
  const names: string[] = [];
  for (const m of (text ?? '').matchAll(/{{\s*([^{}]*?)\s*}}/g)) if (!names.includes(m[1])) names.push(m[1]);
  return names;
}

interface StoredMedia {
  data: Buffer;
  mime: string;
}

/** Meta escapes every non-ASCII character of its webhook bodies, and signs those bytes. */
export function metaJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function graphError(status: number, code: number, message: string, details?: string, type = 'OAuthException'): FakeFailure {
  return { status, error: { message, type, code, ...(details ? { error_data: { details } } : {}) } };
}

const MEDIA_KINDS = ['image', 'audio', 'video', 'document', 'sticker'] as const;

/** What Meta checks of a send, in its words; null when the body is acceptable. */
function invalidSend(b: Record<string, any>): FakeFailure | null {
  const bad = (details: string) => graphError(400, 100, '(#100) Invalid parameter', details);
  if (b.messaging_product !== 'whatsapp') return bad('messaging_product must be whatsapp');
  if (b.status === 'read') return typeof b.message_id === 'string' ? null : bad('message_id is required');
  if (typeof b.to !== 'string' && typeof b.recipient !== 'string') return bad('to is required');
  switch (b.type) {
    case 'text':
      if (typeof b.text?.body !== 'string' || !b.text.body) return bad('text.body is required');
      if (b.text.body.length > 4096) return bad('text.body is longer than 4096 characters');
      return null;
    case 'reaction':
      return typeof b.reaction?.message_id === 'string' ? null : bad('reaction.message_id is required');
    case 'template':
      // Checked against the WABA's templates (refusedSend).
      return null;
    case 'interactive': {
      const i = b.interactive;
      if (!i?.body?.text) return bad('interactive.body.text is required');
      if (i.body.text.length > 1024) return bad('interactive.body.text is longer than 1024 characters');
      if (i.type === 'button') {
        const buttons = i.action?.buttons;
        if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) return bad('action.buttons must have 1 to 3 buttons');
        for (const x of buttons) {
          if (x.type !== 'reply' || !x.reply?.id || !x.reply?.title) return bad('each button needs type reply, reply.id and reply.title');
          if (x.reply.title.length > 20) return bad(`button title "${x.reply.title}" is longer than 20 characters`);
          if (x.reply.id.length > 256) return bad('button id is longer than 256 characters');
        }
        if (new Set(buttons.map((x: any) => x.reply.id)).size !== buttons.length) return bad('button ids must be unique');
        return null;
      }
      if (i.type === 'list') {
        if (!i.action?.button || i.action.button.length > 20) return bad('action.button is required, at most 20 characters');
        const rows = (i.action.sections ?? []).flatMap((s: any) => s.rows ?? []);
        if (rows.length < 1 || rows.length > 10) return bad('a list has 1 to 10 rows in all');
        for (const r of rows) {
          if (!r.id || !r.title) return bad('each row needs id and title');
          if (r.title.length > 24) return bad(`row title "${r.title}" is longer than 24 characters`);
          if (r.description && r.description.length > 72) return bad('row description is longer than 72 characters');
          if (r.id.length > 200) return bad('row id is longer than 200 characters');
        }
        return null;
      }
      return bad(`interactive.type ${i.type} is not supported here`);
    }
    default:
      if ((MEDIA_KINDS as readonly string[]).includes(b.type)) {
        const m = b[b.type];
        if (!m || (!m.link && !m.id)) return bad(`${b.type}.link or ${b.type}.id is required`);
        if (b.type === 'audio' && m.caption) return bad('audio does not take a caption');
        return null;
      }
      return bad(`type ${String(b.type)} is not supported`);
  }
}

export class FakeGraph {
  readonly sent: FakeSent[] = [];
  /** Ozia's answers to each webhook delivered: status and body. */
  readonly deliveries: { status: number; body: string }[] = [];
  readonly phones = new Map<string, FakePhone>();
  private readonly media = new Map<string, StoredMedia>();
  private readonly failures: FakeFailure[] = [];
  private server: http.Server | null = null;
  private port = 0;
  private counter = 0;
  /** Requests seen, "METHOD /path" (assertions on downloads and uploads). */
  readonly requests: string[] = [];
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  /** Called on every message Meta accepted (benches count answers with it). */
  onSent: ((s: FakeSent) => void) | null = null;
  /** Keep `requests` and `deliveries` (off in benches: millions of entries). */
  record = true;
  /** Templates by id; `templatesPage` is how many a list answers at most per page. */
  readonly templates = new Map<string, FakeTemplate>();
  templatesPage = 25;
  /** When each user (wa_id or BSUID) last wrote to each phone number: the 24-hour window's start. */
  private readonly lastInbound = new Map<string, number>();
  /**
   * Refuse free-form sends outside 24 hours of the user's last inbound (131047). Off only where the
   * webhooks are built by another FakeGraph than the one answering sends (the bench's two processes).
   */
  replyWindow = true;
  /** Meta's time (tests move it with their server's clock). */
  clock: () => Date = () => new Date();

  constructor(
    /** The access token the fake accepts. */
    public token = 'EAAG-fake-token-1234',
    readonly appSecret = 'fake-app-secret-5678',
  ) {}

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/v24.0`;
  }

  addPhone(p: Partial<FakePhone> = {}): FakePhone {
    const phone: FakePhone = {
      phoneNumberId: p.phoneNumberId ?? `10${this.phones.size + 1}540352242922`,
      wabaId: p.wabaId ?? `20${this.phones.size + 1}0000000001`,
      display: p.display ?? '+55 11 3000-0000',
      verifiedName: p.verifiedName ?? 'Loja Ozia',
    };
    this.phones.set(phone.phoneNumberId, phone);
    return phone;
  }

  /** The next sends answer with these failures, in order (Meta's error body shape). */
  failNext(...f: FakeFailure[]) {
    this.failures.push(...f);
  }

  static error = graphError;

  // ---- templates and the 24-hour window ----

  private windowKey(phoneId: string, user: string) {
    return `${phoneId}\u0000${user}`;
  }

  /** The user wrote to the number at `at` (every `inbound` webhook built records it). */
  wrote(phone: FakePhone, user: FakeUser, at: Date) {
    for (const u of [user.waId, user.userId]) if (u) this.lastInbound.set(this.windowKey(phone.phoneNumberId, u), at.getTime());
  }

  /** Meta's rules a send breaks beyond its shape: the 24-hour window, an unknown or unapproved template, its parameters. */
  private refusedSend(phone: FakePhone, b: Record<string, any>): FakeFailure | null {
    if (b.status === 'read') return null;
    if (b.type !== 'template') {
      if (!this.replyWindow) return null;
      const last = this.lastInbound.get(this.windowKey(phone.phoneNumberId, b.to ?? b.recipient));
      if (last === undefined || this.clock().getTime() - last >= DAY_MS) {
        return graphError(400, 131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
      }
      return null;
    }
    const t = b.template;
    if (!t?.name || !t.language?.code) return graphError(400, 100, '(#100) Invalid parameter', 'template.name and template.language.code are required');
    const found = [...this.templates.values()].find((x) => x.wabaId === phone.wabaId && x.name === t.name && x.language === t.language.code);
    if (!found || found.status !== 'APPROVED') {
      return graphError(404, 132001, 'Template name does not exist in the translation', `template name (${t.name}) does not exist in ${t.language.code}`);
    }
    for (const kind of ['HEADER', 'BODY'] as const) {
      const expected = variablesIn(found.components.find((c) => c.type === kind)?.text);
      const given: any[] = (t.components ?? []).find((c: any) => String(c.type).toUpperCase() === kind)?.parameters ?? [];
      if (given.length !== expected.length || given.some((p) => p.type !== 'text' || typeof p.text !== 'string' || !p.text)) {
        return graphError(400, 132000, 'Number of parameters does not match the expected number of params', `${kind.toLowerCase()}: number of localizable_params (${given.length}) does not match the expected number of params (${expected.length})`);
      }
      if (found.parameter_format === 'NAMED' && given.some((p, i) => p.parameter_name !== expected[i])) {
        return graphError(400, 132000, 'Number of parameters does not match the expected number of params', `${kind.toLowerCase()}: parameter_name must be ${expected.join(', ')}`);
      }
    }
    return null;
  }

  /** Meta's review: approve, or reject with a reason (e.g. INVALID_FORMAT); returns the template. */
  review(name: string, status: 'APPROVED' | 'REJECTED' | 'PAUSED' | 'DISABLED', reason?: string): FakeTemplate {
    const t = [...this.templates.values()].find((x) => x.name === name);
    if (!t) throw new Error(`no template ${name}`);
    t.status = status;
    if (status === 'REJECTED') t.rejected_reason = reason ?? 'INVALID_FORMAT';
    else delete t.rejected_reason;
    return t;
  }

  /** A template made in Meta's own manager (not through Ozia). */
  addTemplate(wabaId: string, t: Partial<FakeTemplate> & Pick<FakeTemplate, 'name' | 'components'>): FakeTemplate {
    const template: FakeTemplate = { id: `${7000000000000 + ++this.counter}`, wabaId, language: 'pt_BR', category: 'UTILITY', status: 'APPROVED', parameter_format: 'POSITIONAL', ...t };
    this.templates.set(template.id, template);
    return template;
  }

  /** The `message_template_status_update` webhook Meta sends for a template's review. */
  templateStatusWebhook(t: FakeTemplate) {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: t.wabaId,
          time: Math.floor(this.clock().getTime() / 1000),
          changes: [
            {
              field: 'message_template_status_update',
              value: {
                event: t.status,
                message_template_id: Number(t.id),
                message_template_name: t.name,
                message_template_language: t.language,
                reason: t.rejected_reason ?? 'NONE',
                message_template_category: t.category,
              },
            },
          ],
        },
      ],
    };
  }

  private templateRoute(method: string, wabaId: string, url: URL, raw: Buffer, res: http.ServerResponse, fail: (f: FakeFailure) => void) {
    if (![...this.phones.values()].some((p) => p.wabaId === wabaId)) {
      return fail(graphError(400, 100, `Unsupported ${method.toLowerCase()} request. Object with ID '${wabaId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, undefined, 'GraphMethodException'));
    }
    const mine = () => [...this.templates.values()].filter((t) => t.wabaId === wabaId);
    if (method === 'GET') {
      const all = mine();
      const limit = Math.min(Number(url.searchParams.get('limit') ?? this.templatesPage) || this.templatesPage, this.templatesPage);
      const after = url.searchParams.get('after');
      const start = after ? Number(Buffer.from(after, 'base64url').toString()) : 0;
      const data = all.slice(start, start + limit).map(({ wabaId: _w, ...t }) => t);
      const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
      const more = start + limit < all.length;
      const paging = data.length
        ? { cursors: { before: cursor(start), after: cursor(start + data.length) }, ...(more ? { next: `${this.baseUrl}/${wabaId}/message_templates?limit=${limit}&after=${cursor(start + data.length)}` } : {}) }
        : undefined;
      return this.reply(res, 200, { data, ...(paging ? { paging } : {}) });
    }
    if (method === 'DELETE') {
      const name = url.searchParams.get('name');
      const gone = mine().filter((t) => t.name === name);
      if (!name || !gone.length) return fail(graphError(400, 100, '(#100) Invalid parameter', `Template with name ${name ?? ''} not found`));
      for (const t of gone) this.templates.delete(t.id);
      return this.reply(res, 200, { success: true });
    }
    if (method !== 'POST') return fail(graphError(400, 100, `Unsupported ${method.toLowerCase()} request.`, undefined, 'GraphMethodException'));
    let b: Record<string, any>;
    try {
      b = JSON.parse(raw.toString('utf8'));
    } catch {
      return fail(graphError(400, 100, '(#100) The parameter name is required.'));
    }
    const bad = (details: string, subcode?: number, title?: string) => {
      const f = graphError(400, 100, '(#100) Invalid parameter', details);
      if (subcode && f.error) Object.assign(f.error, { error_subcode: subcode, error_user_title: title, error_user_msg: details });
      return fail(f);
    };
    if (typeof b.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(b.name)) return bad('name must have lowercase letters, digits and underscores only, at most 512 characters');
    if (typeof b.language !== 'string' || !b.language) return bad('The parameter language is required.');
    if (!['MARKETING', 'UTILITY', 'AUTHENTICATION'].includes(b.category)) return bad('category must be MARKETING, UTILITY or AUTHENTICATION');
    if (!Array.isArray(b.components) || !b.components.some((c: any) => c.type === 'BODY' && typeof c.text === 'string')) return bad('components must include a BODY with text');
    const format = b.parameter_format === 'NAMED' ? 'NAMED' : 'POSITIONAL';
    for (const c of b.components) {
      const names = variablesIn(c.text);
      if (!names.length || (c.type !== 'BODY' && c.type !== 'HEADER')) continue;
      const kind = c.type === 'BODY' ? 'body' : 'header';
      const examples = format === 'NAMED' ? c.example?.[`${kind}_text_named_params`]?.map((p: any) => p.example) : kind === 'body' ? c.example?.body_text?.[0] : c.example?.header_text;
      if (!Array.isArray(examples) || examples.length !== names.length || examples.some((e: unknown) => typeof e !== 'string' || !e)) {
        return bad(`${c.type} has ${names.length} variables and needs an example for each`, 2388043, 'Message template has variables without samples');
      }
    }
    if (mine().some((t) => t.name === b.name && t.language === b.language)) {
      return bad(`There is already ${b.language} content for this template. You can create a new template and try again.`, 2388024, 'Content in this language already exists');
    }
    const t = this.addTemplate(wabaId, { name: b.name, language: b.language, category: b.category, status: 'PENDING', parameter_format: format, components: b.components });
    return this.reply(res, 200, { id: t.id, status: t.status, category: t.category });
  }

  /** A file Meta holds (an inbound image), and its media id. */
  putMedia(data: Buffer, mime: string): string {
    const id = `${9000000000000 + ++this.counter}`;
    this.media.set(id, { data, mime });
    return id;
  }

  mediaData(id: string): StoredMedia | undefined {
    return this.media.get(id);
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => void this.handle(req, res).catch((e) => this.reply(res, 500, { error: { message: String(e), code: 1 } })));
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop() {
    this.agent.destroy();
    this.server?.closeAllConnections?.();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = null;
  }

  private reply(res: http.ServerResponse, status: number, body: unknown) {
    const data = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'www-authenticate': status === 401 ? 'OAuth "Facebook Platform" "invalid_token"' : '' }).end(data);
  }

  private fbtrace() {
    return randomBytes(8).toString('base64url');
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (this.record) this.requests.push(`${req.method} ${url.pathname}`);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const authorised = req.headers.authorization === `Bearer ${this.token}`;
    const deny = () =>
      this.reply(res, 401, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: this.fbtrace() } });

    const download = /^\/__media\/(\d+)$/.exec(url.pathname);
    if (download && req.method === 'GET') {
      if (!authorised) return deny();
      const m = this.media.get(download[1]);
      if (!m) return this.reply(res, 404, { error: { message: 'media not found', code: 100 } });
      res.writeHead(200, { 'Content-Type': m.mime, 'Content-Length': m.data.length }).end(m.data);
      return;
    }
    const parts = /^\/v\d+\.\d+\/([^/]+)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!parts) return this.reply(res, 404, { error: { message: 'Unknown path components', type: 'OAuthException', code: 2500 } });
    if (!authorised) return deny();
    const [, node, edge] = parts;
    const withTrace = (f: FakeFailure) => this.reply(res, f.status, f.error ? { error: { ...f.error, fbtrace_id: this.fbtrace() } } : {});

    if (!edge && req.method === 'GET') {
      const phone = this.phones.get(node);
      if (phone) return this.reply(res, 200, { id: phone.phoneNumberId, display_phone_number: phone.display, verified_name: phone.verifiedName, quality_rating: 'GREEN' });
      const m = this.media.get(node);
      if (m) {
        return this.reply(res, 200, {
          messaging_product: 'whatsapp',
          id: node,
          url: `http://127.0.0.1:${this.port}/__media/${node}`,
          mime_type: m.mime,
          sha256: createHash('sha256').update(m.data).digest('hex'),
          file_size: m.data.length,
        });
      }
      return withTrace(graphError(400, 100, `Unsupported get request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, undefined, 'GraphMethodException'));
    }
    if (edge === 'message_templates') return this.templateRoute(req.method ?? 'GET', node, url, raw, res, withTrace);
    const phone = this.phones.get(node);
    if (edge === 'messages' && req.method === 'POST') {
      if (!phone) return withTrace(graphError(400, 100, `Unsupported post request. Object with ID '${node}' does not exist`));
      let body: Record<string, any>;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        return withTrace(graphError(400, 100, '(#100) The parameter messaging_product is required.'));
      }
      const failure = this.failures.shift();
      if (failure) return withTrace(failure);
      const invalid = invalidSend(body) ?? this.refusedSend(phone, body);
      if (invalid) return withTrace(invalid);
      if (body.status === 'read') {
        this.sent.push({ phoneNumberId: node, body, at: Date.now() });
        return this.reply(res, 200, { success: true });
      }
      const id = `wamid.HBgM${randomBytes(12).toString('hex').toUpperCase()}`;
      const sent = { phoneNumberId: node, body, id, at: Date.now() };
      this.sent.push(sent);
      this.onSent?.(sent);
      const input = body.to ?? body.recipient;
      return this.reply(res, 200, { messaging_product: 'whatsapp', contacts: [{ input, wa_id: body.to ?? undefined }], messages: [{ id, message_status: 'accepted' }] });
    }
    if (edge === 'media' && req.method === 'POST') {
      if (!phone) return withTrace(graphError(400, 100, `Unsupported post request. Object with ID '${node}' does not exist`));
      const form = await new Response(raw, { headers: { 'content-type': String(req.headers['content-type'] ?? '') } }).formData().catch(() => null);
      const file = form?.get('file');
      if (!form || form.get('messaging_product') !== 'whatsapp' || !(file instanceof Blob)) {
        return withTrace(graphError(400, 100, '(#100) The parameter messaging_product is required.', 'multipart form with messaging_product=whatsapp, type and file'));
      }
      const mime = String(form.get('type') ?? file.type);
      return this.reply(res, 200, { id: this.putMedia(Buffer.from(await file.arrayBuffer()), mime) });
    }
    return withTrace(graphError(400, 100, `Unsupported ${req.method?.toLowerCase()} request.`, undefined, 'GraphMethodException'));
  }

  // ---- webhooks to Ozia ----

  sign(body: string, secret = this.appSecret): string {
    return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  }

  /** POSTs a webhook body to Ozia, signed (or with `signature` instead), and returns Ozia's answer. */
  async deliver(url: string, payload: unknown, o: { signature?: string | null; secret?: string } = {}): Promise<{ status: number; body: string }> {
    const body = metaJson(payload);
    const headers: Record<string, string> = { 'Content-Type': 'application/json', 'User-Agent': 'facebookexternalua' };
    const signature = o.signature === undefined ? this.sign(body, o.secret) : o.signature;
    if (signature !== null) headers['X-Hub-Signature-256'] = signature;
    // node:http on kept-alive connections, as Meta's deliveries come: the fixture must not cost more than Ozia.
    const post = () =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(url, { method: 'POST', headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) }, agent: this.agent }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(body);
      });
    // A kept-alive connection the server closed as it was reused: Meta delivers again, so does the fake.
    const answer = await post().catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') return post();
      throw e;
    });
    if (this.record) this.deliveries.push(answer);
    return answer;
  }

  private nextWamid() {
    return `wamid.HBgN${randomBytes(12).toString('hex').toUpperCase()}`;
  }

  private envelope(phone: FakePhone, value: Record<string, unknown>) {
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: phone.wabaId,
          changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: phone.display.replace(/\D/g, ''), phone_number_id: phone.phoneNumberId }, ...value } }],
        },
      ],
    };
  }

  /** A `messages` webhook from `user`: `message` is the part after from/id/timestamp (`{ type: 'text', text: { body } }`). */
  inbound(phone: FakePhone, user: FakeUser, message: Record<string, unknown>, o: { id?: string; at?: Date } = {}) {
    const id = o.id ?? this.nextWamid();
    const contact: Record<string, unknown> = { profile: { name: user.name ?? 'Cliente' } };
    if (user.waId) contact.wa_id = user.waId;
    if (user.userId) contact.user_id = user.userId;
    const m: Record<string, unknown> = { id, timestamp: String(Math.floor((o.at ?? this.clock()).getTime() / 1000)), ...message };
    if (user.waId) m.from = user.waId;
    if (user.userId) m.from_user_id = user.userId;
    this.wrote(phone, user, o.at ?? this.clock());
    return { id, payload: this.envelope(phone, { contacts: [contact], messages: [m] }) };
  }

  text(body: string) {
    return { type: 'text', text: { body } };
  }
  buttonReply(id: string, title: string) {
    return { type: 'interactive', interactive: { type: 'button_reply', button_reply: { id, title } } };
  }
  listReply(id: string, title: string, description?: string) {
    return { type: 'interactive', interactive: { type: 'list_reply', list_reply: { id, title, ...(description ? { description } : {}) } } };
  }
  mediaMessage(kind: 'image' | 'audio' | 'video' | 'document' | 'sticker', data: Buffer, mime: string, extra: { caption?: string; filename?: string; voice?: boolean } = {}) {
    const id = this.putMedia(data, mime);
    return { type: kind, [kind]: { id, mime_type: mime, sha256: createHash('sha256').update(data).digest('base64'), ...extra } };
  }
  reaction(messageId: string, emoji: string) {
    return { type: 'reaction', reaction: { message_id: messageId, emoji } };
  }
  location(latitude: number, longitude: number, name?: string, address?: string) {
    return { type: 'location', location: { latitude, longitude, ...(name ? { name } : {}), ...(address ? { address } : {}) } };
  }
  contactCard(name: string, phones: string[]) {
    return { type: 'contacts', contacts: [{ name: { formatted_name: name, first_name: name.split(' ')[0] }, phones: phones.map((p) => ({ phone: `+${p}`, wa_id: p, type: 'CELL' })) }] };
  }

  /** A `statuses` webhook for a message Ozia sent: sent, delivered, read, or failed with Meta's error. */
  status(phone: FakePhone, wamid: string, status: 'sent' | 'delivered' | 'read' | 'failed', o: { to?: FakeUser; at?: Date; error?: { code: number; title: string; details?: string } } = {}) {
    const s: Record<string, unknown> = { id: wamid, status, timestamp: String(Math.floor((o.at ?? new Date()).getTime() / 1000)) };
    if (o.to?.waId) s.recipient_id = o.to.waId;
    if (o.to?.userId) s.recipient_user_id = o.to.userId;
    if (status === 'failed') {
      const e = o.error ?? { code: 131026, title: 'Message undeliverable' };
      s.errors = [{ code: e.code, title: e.title, message: e.title, error_data: { details: e.details ?? e.title } }];
    }
    return this.envelope(phone, { statuses: [s] });
  }

  /** Messages sent to `to` (a wa_id or BSUID), mark-as-read excluded. */
  sentTo(to: string): FakeSent[] {
    return this.sent.filter((s) => s.body.status !== 'read' && (s.body.to === to || s.body.recipient === to));
  }
}

/** What a sent body says, for assertions: text, the interactive body and its options, or the medium. */
export function describeSent(s: FakeSent): string {
  const b = s.body;
  if (b.type === 'text') return b.text.body;
  if (b.type === 'interactive' && b.interactive.type === 'button') return `buttons: ${b.interactive.body.text} [${b.interactive.action.buttons.map((x: any) => x.reply.title).join(' | ')}]`;
  if (b.type === 'interactive' && b.interactive.type === 'list')
    return `list: ${b.interactive.body.text} [${b.interactive.action.sections.flatMap((x: any) => x.rows.map((r: any) => r.title)).join(' | ')}]`;
  if (b.type === 'reaction') return `reaction: ${b.reaction.emoji}`;
  if (b.type === 'template') return `template: ${b.template.name} [${(b.template.components ?? []).flatMap((c: any) => c.parameters.map((p: any) => p.text)).join(' | ')}]`;
  return `${b.type}: ${b[b.type]?.caption ?? b[b.type]?.link ?? b[b.type]?.id}`;
}
