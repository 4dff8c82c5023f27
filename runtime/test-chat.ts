// The test chat: a simulated contact per test session, running on the same runtime path as a
// real channel (inbound row, per-contact queue, engine, transaction, outbox).
import { randomUUID } from 'node:crypto';
import type { Attachment, OutgoingMessage, Reply, VariableValue } from '../blocks/contract.js';
import type { FileStore } from './files.js';
import { inboundBody, type InboundPayload } from './transcript.js';
import { TEST_CHANNEL } from './channels/test-chat.js';
import type { FlowDocument } from '../blocks/flow.js';
import { currentBlockId, type SessionState } from './engine/step.js';
import { notFound, OziaError } from './errors.js';
import type { Runtime, TurnOutcome } from './runtime.js';
import type { LogEntry } from './context.js';
import type { Locale } from '../blocks/contract.js';
import { sql } from 'kysely';

/** A file the tester sent, as the transcript shows it (the inbound row's body). */
export interface InboundMediaMessage {
  type: Attachment['kind'];
  fileId?: string;
  url?: string;
  mime?: string;
  size?: number;
  fileName?: string;
  caption?: string;
  /** The other files of a message that carried several. */
  more?: Attachment[];
}

export interface TranscriptEntry {
  id: number;
  direction: 'in' | 'out';
  author: string;
  message: OutgoingMessage | { type: 'text'; text: string; choiceIds?: string[] } | InboundMediaMessage;
  blockId: string | null;
  createdAt: string;
}

export interface TestChatAnswer {
  messages: TranscriptEntry[];
  state: TestChatState;
  turn: { logs: LogEntry[]; trail: string[] };
}

/** Who the tester is to the flow and to agents: "Teste 7", +55 11 90000-0007, or the name the bot collected. */
export interface TestContact {
  name: string | null;
  phone: string | null;
}

export interface TestChatState {
  sessionId: string;
  contact: TestContact;
  flowId: string;
  versionId: string;
  status: 'active' | 'ended' | 'none';
  currentBlockId: string | null;
  waitingFor: 'reply' | 'timer' | 'human' | null;
  /** When a Wait resumes the flow (ISO), while waiting on one. */
  waitingUntil: string | null;
  variables: { id: string; name: string; value: VariableValue | undefined }[];
  /** The flow's typing delay: the panel shows "typing…" this long before each bot message. */
  typingDelayMs: number;
}

/** At most this many files in one test message (a WhatsApp album). */
export const MAX_TEST_ATTACHMENTS = 10;

export class TestChat {
  /** `files`: where the tester's attachments were uploaded; without it the test chat takes text only. */
  constructor(
    private readonly runtime: Runtime,
    private readonly files?: FileStore,
  ) {}

  private get k() {
    return this.runtime.db.kysely;
  }

  /** Resolves "draft" to a frozen snapshot of the current draft, or checks the version belongs to the flow. */
  private async versionFor(flowId: string, version: string | undefined): Promise<string> {
    if (!version || version === 'draft') return this.runtime.flows.snapshotDraft(flowId);
    const v = await this.runtime.flows.versionDocument(version);
    if (v.flowId !== flowId) throw notFound(`version "${version}" of flow "${flowId}"`);
    return version;
  }

  async start(input: {
    flowId: string;
    version?: string;
    groupId?: string;
    blockId?: string;
    ownerId?: string;
  }): Promise<{ sessionId: string; versionId: string } & TestChatAnswer> {
    const versionId = await this.versionFor(input.flowId, input.version);
    const { doc } = await this.runtime.flows.versionDocument(versionId);
    if (input.groupId) {
      const g = doc.groups.find((x) => x.id === input.groupId);
      if (!g) throw new OziaError('BAD_REQUEST', `groupId: no group "${input.groupId}" in this flow`);
      if (input.blockId && !g.blocks.some((b) => b.id === input.blockId)) {
        throw new OziaError('BAD_REQUEST', `blockId: no block "${input.blockId}" in group "${input.groupId}"`);
      }
    }
    // Each run is a contact of its own, numbered, so agents (and the tester) tell runs apart.
    const contactId = await this.runtime.ensureContact(TEST_CHANNEL, {
      externalId: `${input.ownerId ?? 'anon'}:${randomUUID()}`,
      ...testContact(await this.nextRunNumber(), doc.settings.locale),
    });
    const outcome = await this.runtime.startSession({ contactId, versionId, groupId: input.groupId, blockId: input.blockId });
    return { sessionId: contactId, versionId, ...(await this.answer(contactId, outcome)) };
  }

  /** The next run's number, counted once for the whole server (both databases take the upsert atomically). */
  private async nextRunNumber(): Promise<number> {
    const row = await this.k
      .insertInto('app_settings')
      .values({ key: RUNS_KEY, value: '1' })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql<string>`CAST(CAST(app_settings.value AS INTEGER) + 1 AS TEXT)` }))
      .returning('value')
      .executeTakeFirstOrThrow();
    return Number(row.value);
  }

  /** Restarts an existing test session on the same version, optionally at a group. */
  async restart(input: { sessionId: string; groupId?: string; blockId?: string }) {
    const session = await this.requireSession(input.sessionId);
    const outcome = await this.runtime.startSession({
      contactId: input.sessionId,
      versionId: session.flowVersionId,
      groupId: input.groupId,
      blockId: input.blockId,
    });
    return this.answer(input.sessionId, outcome);
  }

  /**
   * What the tester sent, as a contact's message: text (a caption when files come with it), a
   * click, and files they uploaded (`userId`: who sends; only their own uploads are taken).
   */
  async send(input: { sessionId: string; text?: string; choiceIds?: string[]; attachments?: { fileId: string }[]; userId?: string }) {
    await this.requireSession(input.sessionId);
    const reply: Reply = { text: input.text ?? '' };
    if (input.choiceIds?.length) reply.choiceIds = input.choiceIds;
    if (input.attachments?.length) reply.attachments = await this.attachments(input.sessionId, input.attachments, input.userId);
    if (!reply.text.trim() && !reply.choiceIds && !reply.attachments) throw new OziaError('BAD_REQUEST', 'text: type a message, pick a choice or attach a file');
    // The stored row is the file's kind (an image row, a document row), as a channel's would be.
    const details: Omit<InboundPayload, 'reply'> = { kind: reply.attachments ? reply.attachments[0].kind : 'text' };
    const r = await this.runtime.receive({
      channel: TEST_CHANNEL,
      externalId: randomUUID(),
      from: { contactId: input.sessionId },
      reply,
      details,
    });
    const outcome = await r.done;
    if (reply.attachments && outcome?.inboundMessageId != null) await this.linkToConversation(outcome.inboundMessageId, reply.attachments);
    return this.answer(input.sessionId, outcome, { ...details, reply });
  }

  /**
   * The files as attachments, each checked: uploaded by this very user, and used nowhere but this
   * test run's conversations (a flow's media, a quick reply or another conversation's file is
   * never taken, so a tester cannot reach a file through the test chat). Unknown and refused
   * files read alike.
   */
  private async attachments(sessionId: string, refs: { fileId: string }[], userId: string | undefined): Promise<Attachment[]> {
    if (!this.files) throw new OziaError('BAD_REQUEST', 'attachments: this test chat takes text only');
    if (refs.length > MAX_TEST_ATTACHMENTS) throw new OziaError('BAD_REQUEST', `attachments: at most ${MAX_TEST_ATTACHMENTS} files`);
    const out: Attachment[] = [];
    for (const [i, ref] of [...new Map(refs.map((r) => [r.fileId, r])).values()].entries()) {
      const missing = new OziaError('BAD_REQUEST', `attachments.${i}.fileId: the file was not found; attach it again`);
      const row = await this.files.row(ref.fileId);
      if (!row || !userId || row.created_by !== userId) throw missing;
      const elsewhere = await this.k
        .selectFrom('file_links as l')
        .leftJoin('conversations as c', (j) => j.onRef('c.id', '=', 'l.owner_id').on('l.owner_kind', '=', 'conversation'))
        .select('l.owner_id')
        .where('l.file_id', '=', row.id)
        .where((eb) => eb.or([eb('c.contact_id', 'is', null), eb('c.contact_id', '!=', sessionId)]))
        .executeTakeFirst();
      if (elsewhere) throw missing;
      const info = await this.files.info(row.id);
      if (!info) throw missing;
      out.push({ fileId: info.id, url: info.url, kind: info.media, mime: info.mime, name: info.name, size: info.size });
    }
    return out;
  }

  /** Whoever may see the run's conversation (an agent it was handed to) may read its files. */
  private async linkToConversation(messageId: number, attachments: Attachment[]) {
    const row = await this.k.selectFrom('messages').select('conversation_id').where('id', '=', messageId).executeTakeFirst();
    if (row?.conversation_id) await this.files!.link(attachments.map((a) => a.fileId), 'conversation', row.conversation_id);
  }

  /** What the turn said and the state after it, straight from the committed outcome. */
  private async answer(sessionId: string, outcome: TurnOutcome | null, inbound?: InboundPayload): Promise<TestChatAnswer> {
    if (!outcome) return { messages: await this.transcript(sessionId), state: await this.state(sessionId), turn: { logs: [], trail: [] } };
    // Read after the turn: it may have collected the contact's name.
    const contact = await this.k.selectFrom('contacts').select(['name', 'phone']).where('id', '=', sessionId).executeTakeFirstOrThrow();
    const messages: TranscriptEntry[] = [];
    if (inbound && outcome.inboundMessageId !== null) {
      messages.push({
        id: outcome.inboundMessageId,
        direction: 'in',
        author: 'contact',
        // The same body the transcript keeps, so the panel shows it alike now and after a reload.
        message: inboundBody(inbound) as TranscriptEntry['message'],
        blockId: null,
        createdAt: outcome.at,
      });
    }
    outcome.result.messages.forEach((m, i) =>
      messages.push({
        id: outcome.messageIds[i],
        direction: 'out',
        author: 'bot',
        message: m.message,
        blockId: m.blockId ?? null,
        createdAt: outcome.at,
      }),
    );
    return {
      messages,
      state: this.stateOf(sessionId, contact, outcome.flowId, outcome.versionId, outcome.doc, outcome.result.session),
      // What the turn logged and ran: the live stream only starts after the first turn.
      turn: { logs: outcome.result.logs, trail: outcome.result.trail },
    };
  }

  private async requireSession(sessionId: string) {
    return (await this.requireContact(sessionId)).session;
  }

  private async requireContact(sessionId: string) {
    const c = await this.runtime.contactState(sessionId);
    if (!c || c.channel !== TEST_CHANNEL || !c.session) throw notFound(`test session "${sessionId}"`);
    return { ...c, session: c.session };
  }

  async transcript(sessionId: string, afterId = 0): Promise<TranscriptEntry[]> {
    const rows = await this.k
      .selectFrom('messages')
      .select(['id', 'direction', 'author', 'body', 'block_id', 'created_at'])
      // By conversation: messages are indexed per conversation, and a test session has several.
      .where('conversation_id', 'in', (eb) => eb.selectFrom('conversations').select('conversations.id').where('conversations.contact_id', '=', sessionId))
      .where('id', '>', afterId)
      // Whispers are for agents only: the tester sees what a contact would.
      .where('direction', '!=', 'note')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      direction: r.direction as 'in' | 'out',
      author: r.author,
      message: JSON.parse(r.body),
      blockId: r.block_id,
      createdAt: r.created_at,
    }));
  }

  async state(sessionId: string): Promise<TestChatState> {
    const c = await this.requireContact(sessionId);
    const s = c.session;
    const { doc } = await this.runtime.flows.versionDocument(s.flowVersionId);
    return this.stateOf(sessionId, c, s.flowId, s.flowVersionId, doc, s.state);
  }

  private stateOf(sessionId: string, contact: TestContact, flowId: string, versionId: string, doc: FlowDocument, session: SessionState): TestChatState {
    return {
      sessionId,
      contact: { name: contact.name, phone: contact.phone },
      flowId,
      versionId,
      status: session.status,
      currentBlockId: currentBlockId(session),
      waitingFor: session.status === 'active' && session.waiting ? session.waiting.kind : null,
      waitingUntil: session.status === 'active' && session.waiting?.kind === 'timer' ? session.waiting.dueAt : null,
      variables: doc.variables.map((v) => ({ id: v.id, name: v.name, value: session.variables[v.id] })),
      typingDelayMs: doc.settings.typingDelayMs,
    };
  }
}

const RUNS_KEY = 'testchat.runs';

/** Run 7 is "Teste 7", +55 11 90000-0007: a number in a range no real line uses, shaped like a Brazilian mobile. */
export function testContact(run: number, locale: Locale): { name: string; phone: string } {
  return { name: `${locale === 'en' ? 'Test' : 'Teste'} ${run}`, phone: `+55119${String(run % 1e8).padStart(8, '0')}` };
}
