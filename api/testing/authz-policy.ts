// Who may call each tRPC procedure, with an input aimed at department A's data. `api/authz.test.ts`
// runs every procedure of `appRouter` as four callers (nobody signed in, an operator of department
// B, an operator of department A, a supervisor) and checks the outcome this table implies; a
// procedure without an entry here fails that suite. Adding a procedure = adding one line:
//
//   'inbox.thing': department((fx) => ({ id: fx.stable.conversationId })),
//
// Inputs are functions so each caller gets fresh data where a call changes it (a conversation to
// pick up, a flow to delete): a refused call must then leave it as it was, a granted one succeeds.
import type { AppServices } from '../services.js';
import { FakeGraph } from '../../runtime/channels/meta/testing/fake-graph.js';

/** The Graph API the suite's Cloud API accounts reach (authz.test.ts starts it and injects its address). */
export const authzGraph = new FakeGraph();

/**
 * - public: anyone, signed in or not;
 * - signed-in: any signed-in user (their own things, or things every agent shares);
 * - supervisor: supervisors only (operators get 403);
 * - department: operators of the conversation's department and supervisors; an operator of another
 *   department gets "not found" (its existence does not leak), or an answer without A's data (`shows`).
 */
export type Access = 'public' | 'signed-in' | 'supervisor' | 'department';

export type CallerName = 'anonymous' | 'outsider' | 'member' | 'supervisor';

/** The caller of one call: for `ownSession` rules, a new user with the caller's role and departments. */
export interface Me {
  name: CallerName;
  email?: string;
  password?: string;
}

/** Department A's (and B's) data, made by the suite. Fresh things are made on each call. */
export interface Fixture {
  app: AppServices;
  deptA: string;
  deptB: string;
  /** The published flow that hands contacts over to department A, and its version. */
  flowId: string;
  versionId: string;
  /** Things of department A that no call changes: read-only procedures target them. */
  stable: { conversationId: string; contactId: string; contactName: string; quickReplyId: string; tagId: string };
  /** A test-chat session that streams listen to. */
  chatSession: string;
  /** A password the password rules accept. */
  password: string;
  /** A user whose credentials `auth.login` uses. */
  probe: { email: string; password: string };
  unique(prefix: string): string;
  /** A new conversation waiting in department A (or B). */
  waiting(dept?: 'A' | 'B'): Promise<string>;
  /** A new conversation of department A served by A's operator. */
  served(): Promise<string>;
  /** A new contact whose only conversation (department A) is finished. */
  contact(): Promise<string>;
  /** A new test-chat session on the flow. */
  testSession(): Promise<string>;
  /** A new flow with a publishable draft (and, with `published`, a published version). */
  flow(published?: boolean): Promise<{ id: string; draftRevision: number; versionId: string | null; document: unknown }>;
  department(): Promise<string>;
  user(): Promise<string>;
  tag(): Promise<string>;
  quickReply(): Promise<string>;
}

export interface Stream {
  /** Makes something happen that department A's members must hear of; returns what identifies it. */
  trigger(fx: Fixture): Promise<string>;
  /** Whether a streamed item is about what `trigger` made. */
  isAbout(item: unknown, marker: string): boolean;
  /** For department streams: something department B hears of, after which B must not have heard of A's. */
  sentinel?(fx: Fixture): Promise<string>;
}

export interface Rule {
  access: Access;
  input?: (fx: Fixture, me: Me) => unknown;
  /** Department-scoped answers: whether the output shows A's data (members: yes; outsiders get an answer without it). */
  shows?: (output: unknown, fx: Fixture) => boolean;
  /** What an operator of another department gets when it is not "not found". */
  outsider?: 'FORBIDDEN';
  /** Runs in a session of its own (it logs in, logs out or changes the password). */
  ownSession?: true;
  /** Subscriptions: what to make happen while subscribed. */
  stream?: Stream;
}

type Input = Rule['input'];
type Extra = Omit<Rule, 'access' | 'input'>;
const rule = (access: Access) => (input?: Input, extra: Extra = {}): Rule => ({ access, input, ...extra });
export const open = rule('public');
export const signedIn = rule('signed-in');
export const supervisor = rule('supervisor');
export const department = rule('department');

const channelAccount = async (fx: Fixture) => (await fx.app.channels.create({ kind: 'whatsapp', name: fx.unique('Número') })).id;

/** A Cloud API account on the suite's fake Graph API, with one pending template (`aviso`) when asked. */
async function cloudAccount(fx: Fixture, o: { template?: boolean } = {}): Promise<string> {
  const phone = authzGraph.addPhone();
  const a = await fx.app.channels.create({
    kind: 'cloud-api',
    name: fx.unique('Oficial'),
    settings: { phoneNumberId: phone.phoneNumberId, businessAccountId: phone.wabaId, accessToken: authzGraph.token, appSecret: authzGraph.appSecret },
  });
  if (o.template) await fx.app.messageTemplates.create(a.id, { ...templateDraftOf('aviso') });
  return a.id;
}

const templateDraftOf = (name: string) => ({ name, category: 'UTILITY' as const, language: 'pt_BR', body: 'Olá {{1}}, seu pedido saiu.', buttons: [], headerExamples: {}, bodyExamples: { '1': 'Ana' } });

/** The account `inbox.accounts`' input made last (calls run one at a time). */
let accountOfA = '';

const items = (o: unknown) => ((o as { items?: { id: string }[] }).items ?? (o as { id: string }[])) as { id: string }[];
const has = (o: unknown, id: string) => items(o).some((x) => x.id === id);
const conversationOf = (item: unknown) => (item as { conversationId?: string }).conversationId;

/** A bot message in a new conversation served by A's operator: failed (to resend) or sent (to delete for everyone). */
async function outgoingMessage(fx: Fixture, status: 'failed' | 'sent'): Promise<number> {
  const id = await fx.served();
  const k = fx.app.db.kysely;
  const c = await k.selectFrom('conversations').select(['contact_id', 'channel']).where('id', '=', id).executeTakeFirstOrThrow();
  const at = new Date().toISOString();
  const row = await k
    .insertInto('messages')
    .values({
      conversation_id: id,
      contact_id: c.contact_id,
      channel: c.channel,
      direction: 'out',
      author: 'bot',
      kind: 'text',
      body: JSON.stringify({ type: 'text', text: 'Olá' }),
      block_id: null,
      created_at: at,
      status,
      attempts: 1,
      available_at: null,
      error: status === 'failed' ? 'not on WhatsApp' : null,
      external_id: status === 'sent' ? fx.unique('wamid') : null,
      sent_at: status === 'sent' ? at : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
}

/** A new valid Brazilian mobile number on each call (a created contact's phone must be new). */
let phones = 0;
const newPhone = () => `+55 11 9${String(10_000_000 + ((Date.now() % 1_000_000) * 50 + ++phones) % 89_999_999).slice(0, 8)}`;

/** The suite's own hand for preparing merges (the call under test is the caller's). */
const SUPERVISOR = { id: 'authz-supervisor', name: 'Authz', role: 'supervisor' as const, departmentIds: [] };

/** A custom field made for the call (fields.update/remove/usage act on one of their own). */
const contactField = async (fx: Fixture) => (await fx.app.contacts.fields.create({ label: fx.unique('Campo'), type: 'text' })).id;

export const policy: Record<string, Rule> = {
  'auth.login': open((fx) => fx.probe, { ownSession: true }),
  'auth.logout': open(undefined, { ownSession: true }),
  'auth.me': open(),
  'auth.whoami': signedIn(),

  'flows.list': supervisor(() => ({})),
  'flows.get': supervisor((fx) => ({ id: fx.flowId })),
  'flows.create': supervisor((fx) => ({ name: fx.unique('Fluxo') })),
  'flows.rename': supervisor(async (fx) => ({ id: (await fx.flow()).id, name: fx.unique('Renomeado') })),
  'flows.duplicate': supervisor((fx) => ({ id: fx.flowId })),
  'flows.saveDraft': supervisor(async (fx) => {
    const f = await fx.flow();
    return { id: f.id, document: f.document, baseRevision: f.draftRevision };
  }),
  'flows.validate': supervisor(async (fx) => ({ document: (await fx.flow()).document })),
  'flows.publish': supervisor(async (fx) => ({ id: (await fx.flow()).id })),
  'flows.versions': supervisor((fx) => ({ id: fx.flowId })),
  'flows.version': supervisor((fx) => ({ id: fx.flowId, versionId: fx.versionId })),
  'flows.restoreVersion': supervisor(async (fx) => {
    const f = await fx.flow(true);
    return { id: f.id, versionId: f.versionId, baseRevision: f.draftRevision };
  }),
  'flows.delete': supervisor(async (fx) => ({ id: (await fx.flow()).id })),
  'flows.import': supervisor(async (fx) => ({ name: fx.unique('Importado'), json: (await fx.flow()).document as Record<string, unknown> })),
  'flows.export': supervisor((fx) => ({ id: fx.flowId })),
  'templates.list': supervisor(() => ({})),

  'testChat.start': supervisor((fx) => ({ flowId: fx.flowId })),
  'testChat.send': supervisor(async (fx) => ({ sessionId: await fx.testSession(), text: 'oi' })),
  'testChat.restart': supervisor(async (fx) => ({ sessionId: await fx.testSession() })),
  'testChat.state': supervisor(async (fx) => ({ sessionId: await fx.testSession() })),
  'testChat.transcript': supervisor(async (fx) => ({ sessionId: await fx.testSession() })),
  'testChat.events': supervisor((fx) => ({ sessionId: fx.chatSession }), {
    // One session for all callers: the trigger restarts it, and the bot greets again.
    stream: {
      trigger: async (fx) => {
        await fx.app.testChat.restart({ sessionId: fx.chatSession });
        return fx.chatSession;
      },
      // Tracked items arrive as { id, data }.
      isAbout: (item) => ((item as { data?: { kind?: string } }).data ?? (item as { kind?: string })).kind === 'message',
    },
  }),

  'inbox.list': department(() => ({ view: 'waiting' }), { shows: (o, fx) => has(o, fx.stable.conversationId) }),
  'inbox.counts': department((fx) => ({ departmentId: fx.deptA }), { shows: (o) => (o as { waiting: number }).waiting > 0 }),
  'inbox.get': department((fx) => ({ id: fx.stable.conversationId })),
  'inbox.messages': department((fx) => ({ id: fx.stable.conversationId })),
  'inbox.contactPanel': department((fx) => ({ id: fx.stable.conversationId })),
  'inbox.pickUp': department(async (fx) => ({ id: await fx.waiting() })),
  'inbox.reply': department(async (fx) => ({ id: await fx.served(), text: 'Olá!' })),
  'inbox.resend': department(async (fx) => ({ messageId: await outgoingMessage(fx, 'failed') })),
  'inbox.revoke': department(async (fx) => ({ messageId: await outgoingMessage(fx, 'sent') })),
  'inbox.whisper': department(async (fx) => ({ id: await fx.waiting(), text: 'nota interna' })),
  'inbox.setTags': department(async (fx) => ({ id: await fx.waiting(), tagIds: [fx.stable.tagId] })),
  'inbox.markUnread': department(async (fx) => ({ id: await fx.waiting() })),
  'inbox.markRead': department(async (fx) => ({ id: await fx.waiting() })),
  'inbox.transfer': department(async (fx) => ({ id: await fx.waiting(), departmentId: fx.deptB })),
  'inbox.finish': department(async (fx) => ({ id: await fx.served(), survey: false })),
  'inbox.handBack': department(async (fx) => ({ id: await fx.served(), flowId: fx.flowId })),
  'inbox.renderQuickReply': department((fx) => ({ id: fx.stable.conversationId, quickReplyId: fx.stable.quickReplyId })),
  // Writing first in department A is for A's members: B's operator is told so (the department is theirs to choose).
  'inbox.start': department(async (fx) => ({ contactId: await fx.contact(), departmentId: fx.deptA, text: 'Oi, tudo bem?' }), { outsider: 'FORBIDDEN' }),
  'inbox.startChoices': department((fx) => ({ contactId: fx.stable.contactId })),
  'inbox.templates': department((fx) => ({ id: fx.stable.conversationId })),
  'inbox.startTemplates': department(async (fx) => {
    const channelId = await cloudAccount(fx);
    const now = new Date().toISOString();
    await fx.app.db.kysely
      .insertInto('contact_identities')
      .values({ channel_id: channelId, kind: 'phone', value: `5511${Date.now()}`, contact_id: fx.stable.contactId, created_at: now, last_seen_at: now })
      .execute();
    return { contactId: fx.stable.contactId, channelId };
  }),
  // A WhatsApp account only department A's conversation came through: B's operator is not told it exists.
  'inbox.accounts': department(
    async (fx) => {
      const id = await fx.waiting();
      accountOfA = await channelAccount(fx);
      await fx.app.db.kysely.updateTable('conversations').set({ channel: accountOfA }).where('id', '=', id).execute();
    },
    { shows: (o) => has(o, accountOfA) },
  ),
  'inbox.contacts': department((fx) => ({ search: fx.stable.contactName }), { shows: (o, fx) => has(o, fx.stable.contactId) }),
  'inbox.flows': signedIn(),
  'inbox.notifications': signedIn(),
  'inbox.readNotifications': signedIn(() => ({})),
  'inbox.notificationCount': signedIn(),
  'inbox.returnToQueue': supervisor(async (fx) => ({ agentId: await fx.user() })),
  'inbox.events': department(undefined, {
    stream: {
      trigger: (fx) => fx.waiting('A'),
      isAbout: (item, marker) => conversationOf(item) === marker,
      sentinel: (fx) => fx.waiting('B'),
    },
  }),
  'inbox.tags.list': signedIn(),
  'inbox.tags.create': signedIn((fx) => ({ name: fx.unique('etiqueta') })),
  'inbox.tags.update': supervisor(async (fx) => ({ id: await fx.tag(), name: fx.unique('etiqueta') })),
  'inbox.tags.remove': supervisor(async (fx) => ({ id: await fx.tag() })),
  'inbox.quickReplies.list': department(undefined, { shows: (o, fx) => has(o, fx.stable.quickReplyId) }),
  'inbox.quickReplies.create': supervisor((fx) => ({ shortcut: fx.unique('atalho'), title: 'Oi', body: 'Olá!', departmentId: fx.deptA })),
  'inbox.quickReplies.update': supervisor(async (fx) => ({ id: await fx.quickReply(), reply: { shortcut: fx.unique('atalho'), title: 'Oi', body: 'Olá de novo!' } })),
  'inbox.quickReplies.remove': supervisor(async (fx) => ({ id: await fx.quickReply() })),
  'inbox.settings.get': signedIn(),
  'inbox.settings.set': supervisor((fx) => fx.app.inbox.settings.get()),

  // The Contacts tab: operators reach department A's contact only through A (B's operator: "not found", or a list without it).
  'contacts.list': department((fx) => ({ search: fx.stable.contactName }), { shows: (o, fx) => has(o, fx.stable.contactId) }),
  'contacts.get': department((fx) => ({ id: fx.stable.contactId })),
  'contacts.update': department(async (fx) => ({ id: await fx.contact(), patch: { notes: 'Prefere ser chamada pela manhã' } })),
  'contacts.block': department(async (fx) => ({ id: await fx.contact(), reason: 'Spam' })),
  'contacts.unblock': department(async (fx) => ({ id: await fx.contact() })),
  'contacts.mergePreview': department(async (fx) => ({ id: await fx.contact(), otherId: await fx.contact() })),
  'contacts.merge': department(async (fx) => {
    const [id, otherId] = [await fx.contact(), await fx.contact()];
    return { id, otherId, fingerprint: (await fx.app.contacts.merges.preview(SUPERVISOR, id, otherId)).fingerprint };
  }),
  // A contact merged into one of department A's: B's operator learns nothing (null), A's gets the survivor.
  'contacts.mergedInto': department(
    async (fx) => {
      const [id, otherId] = [await fx.contact(), await fx.contact()];
      await fx.app.contacts.merges.merge(SUPERVISOR, { id, otherId, fingerprint: (await fx.app.contacts.merges.preview(SUPERVISOR, id, otherId)).fingerprint });
      return { id: otherId };
    },
    { shows: (o) => o !== null },
  ),
  'contacts.erasurePreview': supervisor(async (fx) => ({ id: await fx.contact() })),
  'contacts.erase': supervisor(async (fx) => ({ id: await fx.contact(), confirm: 'EXCLUIR' })),
  'contacts.create': signedIn(() => ({ name: 'Contato Novo', phone: newPhone() })),
  'contacts.fields.list': signedIn(),
  'contacts.fields.create': supervisor((fx) => ({ label: fx.unique('Campo'), type: 'text' })),
  'contacts.fields.update': supervisor(async (fx) => ({ id: await contactField(fx), label: fx.unique('Renomeado') })),
  'contacts.fields.reorder': supervisor(async (fx) => ({ ids: (await fx.app.contacts.fields.list()).map((f) => f.id).reverse() })),
  'contacts.fields.usage': supervisor(async (fx) => ({ id: await contactField(fx) })),
  'contacts.fields.remove': supervisor(async (fx) => ({ id: await contactField(fx) })),
  'contacts.filters.list': signedIn(),
  'contacts.filters.save': signedIn((fx) => ({ name: fx.unique('Filtro'), query: { search: 'Ana' } })),
  'contacts.filters.remove': signedIn(() => ({ id: 'nenhum' })),

  // Retention deletes every department's old transcripts: supervisors only. The period is ten
  // years, so a run here deletes nothing the suite relies on.
  'retention.get': supervisor(),
  'retention.set': supervisor(() => ({ enabled: true, days: 3650 })),
  'retention.preview': supervisor(() => ({ days: 30 })),
  'retention.runNow': supervisor(async (fx) => {
    await fx.app.retention.settings.set({ enabled: true, days: 3650 });
    return undefined;
  }),

  'users.list': supervisor(),
  'users.create': supervisor((fx) => ({ name: 'Nova Pessoa', email: `${fx.unique('nova')}@ozia.test`, role: 'operator', password: fx.password })),
  'users.update': supervisor(async (fx) => ({
    id: await fx.user(),
    name: 'Outro Nome',
    email: `${fx.unique('outro')}@ozia.test`,
    role: 'operator',
    capacity: 3,
    signature: true,
    departmentIds: [fx.deptA],
    active: true,
  })),
  'users.resetPassword': supervisor(async (fx) => ({ id: await fx.user(), password: `${fx.password}-reset` })),
  'users.directory': signedIn(),
  'users.me': signedIn(),
  'users.setStatus': signedIn(() => ({ status: 'online' })),
  'users.setSignature': signedIn(() => ({ on: true })),
  'users.changePassword': signedIn((fx, me) => ({ current: me.password, next: `${fx.password}-changed` }), { ownSession: true }),

  'departments.list': signedIn(),
  'departments.get': supervisor((fx) => ({ id: fx.deptA })),
  'departments.status': signedIn((fx) => ({ id: fx.deptA })),
  'departments.create': supervisor((fx) => ({ name: fx.unique('Departamento') })),
  'departments.update': supervisor(async (fx) => ({ id: await fx.department(), name: fx.unique('Departamento') })),
  'departments.remove': supervisor(async (fx) => ({ id: await fx.department() })),

  // Settings → Modelos de mensagem, against the suite's fake Graph API.
  'messageTemplates.accounts': supervisor(),
  'messageTemplates.list': supervisor(async (fx) => ({ accountId: await cloudAccount(fx) })),
  'messageTemplates.sync': supervisor(async (fx) => ({ accountId: await cloudAccount(fx) })),
  'messageTemplates.create': supervisor(async (fx) => ({ accountId: await cloudAccount(fx), template: templateDraftOf(fx.unique('novo').toLowerCase().replace(/[^a-z0-9_]/g, '_')) })),
  'messageTemplates.remove': supervisor(async (fx) => ({ accountId: await cloudAccount(fx, { template: true }), name: 'aviso' })),

  // Settings → Canais. The suite runs with a scripted channel control, so connecting succeeds.
  'channels.list': supervisor(),
  'channels.get': supervisor(async (fx) => ({ id: await channelAccount(fx) })),
  'channels.create': supervisor((fx) => ({ kind: 'whatsapp', name: fx.unique('Número') })),
  'channels.update': supervisor(async (fx) => ({ id: await channelAccount(fx), name: fx.unique('Número') })),
  'channels.remove': supervisor(async (fx) => ({ id: await channelAccount(fx) })),
  'channels.connect': supervisor(async (fx) => ({ id: await channelAccount(fx) })),
  'channels.disconnect': supervisor(async (fx) => ({ id: await channelAccount(fx) })),
  'channels.clearSession': supervisor(async (fx) => ({ id: await channelAccount(fx) })),
  'channels.health': supervisor(async (fx) => ({ id: await channelAccount(fx) })),
  'channels.diagnose': supervisor(async (fx) => ({ id: await channelAccount(fx) })),
  'channels.flows': supervisor(),
  'channels.departments': supervisor(),
  'channels.events': supervisor(() => undefined, {
    stream: {
      trigger: async (fx) => {
        const id = await channelAccount(fx);
        fx.app.bus.emit('channel', { channelId: id, status: { state: 'qr', since: new Date().toISOString(), qr: 'qr-text' } });
        return id;
      },
      isAbout: (item, marker) => (item as { channelId?: string }).channelId === marker,
    },
  }),
};


/**
 * HTTP routes outside tRPC, by "METHOD path": the same callers and outcomes, over plain requests
 * carrying the caller's session cookie. A status 200 answer is checked by `shows` like a tRPC
 * one; a refused or hidden POST must leave the data as it was.
 */
export interface HttpRule {
  access: Access;
  request: (fx: Fixture) => Promise<{ path: string; body?: string }> | { path: string; body?: string };
  shows?: (body: string, fx: Fixture) => boolean;
}

const q = (v: unknown) => encodeURIComponent(JSON.stringify(v));
const IMPORT_MAPPING = ['name', 'email', 'notes'];

/** A contact of department A with an e-mail, for an import row to find (an outsider's import must not). */
async function contactWithEmail(fx: Fixture): Promise<string> {
  const id = await fx.contact();
  const email = `${fx.unique('pessoa')}@exemplo.com`;
  await fx.app.db.kysely.updateTable('contacts').set({ email }).where('id', '=', id).execute();
  return email;
}

export const httpPolicy: Record<string, HttpRule> = {
  // The export holds the contacts the list shows the caller: B's operator gets a file without A's.
  'GET /api/contacts/export': {
    access: 'department',
    request: (fx) => ({ path: `/api/contacts/export?filters=${q({ search: fx.stable.contactName })}` }),
    shows: (body, fx) => body.includes(fx.stable.contactName),
  },
  'POST /api/contacts/import/preview': {
    access: 'department',
    request: async (fx) => ({ path: '/api/contacts/import/preview', body: `Nome;E-mail;Observações\r\nNome Novo;${await contactWithEmail(fx)};nota\r\n` }),
    // A row finding A's contact is an update for those who may see it, a refused duplicate for B.
    shows: (body) => (JSON.parse(body) as { rows: { status: string }[] }).rows[0]?.status === 'update',
  },
  'POST /api/contacts/import': {
    access: 'department',
    request: async (fx) => ({ path: `/api/contacts/import?mapping=${q(IMPORT_MAPPING)}`, body: `Nome;E-mail;Observações\r\nNome Trocado;${await contactWithEmail(fx)};nota do arquivo\r\n` }),
    shows: (body) => (JSON.parse(body) as { updated: number }).updated === 1,
  },
};
