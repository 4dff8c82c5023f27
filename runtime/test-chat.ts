// The test chat: a simulated contact per test session, running on the same runtime path as a
// real channel (inbound row, per-contact queue, engine, transaction, outbox).
import { randomUUID } from 'node:crypto';
import type { OutgoingMessage, Reply, VariableValue } from '../blocks/contract.js';
import { TEST_CHANNEL } from './channels/test-chat.js';
import { currentBlockId } from './engine/step.js';
import { notFound, OziaError } from './errors.js';
import type { Runtime } from './runtime.js';

export interface TranscriptEntry {
  id: number;
  direction: 'in' | 'out';
  author: string;
  message: OutgoingMessage | { type: 'text'; text: string; choiceIds?: string[] };
  blockId: string | null;
  createdAt: string;
}

export interface TestChatState {
  sessionId: string;
  flowId: string;
  versionId: string;
  status: 'active' | 'ended' | 'none';
  currentBlockId: string | null;
  waitingFor: 'reply' | 'timer' | null;
  variables: { id: string; name: string; value: VariableValue | undefined }[];
}

export class TestChat {
  constructor(private readonly runtime: Runtime) {}

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
  }): Promise<{ sessionId: string; versionId: string; messages: TranscriptEntry[]; state: TestChatState }> {
    const versionId = await this.versionFor(input.flowId, input.version);
    if (input.groupId) {
      const { doc } = await this.runtime.flows.versionDocument(versionId);
      const g = doc.groups.find((x) => x.id === input.groupId);
      if (!g) throw new OziaError('BAD_REQUEST', `groupId: no group "${input.groupId}" in this flow`);
      if (input.blockId && !g.blocks.some((b) => b.id === input.blockId)) {
        throw new OziaError('BAD_REQUEST', `blockId: no block "${input.blockId}" in group "${input.groupId}"`);
      }
    }
    const contactId = await this.runtime.ensureContact(TEST_CHANNEL, {
      externalId: `${input.ownerId ?? 'anon'}:${randomUUID()}`,
      name: 'Tester',
      phone: '+5511999990000',
    });
    await this.runtime.startSession({ contactId, versionId, groupId: input.groupId, blockId: input.blockId });
    return {
      sessionId: contactId,
      versionId,
      messages: await this.transcript(contactId),
      state: await this.state(contactId),
    };
  }

  /** Restarts an existing test session on the same version, optionally at a group. */
  async restart(input: { sessionId: string; groupId?: string; blockId?: string }) {
    const session = await this.requireSession(input.sessionId);
    const last = await this.lastMessageId(input.sessionId);
    await this.runtime.startSession({
      contactId: input.sessionId,
      versionId: session.flowVersionId,
      groupId: input.groupId,
      blockId: input.blockId,
    });
    return { messages: await this.transcript(input.sessionId, last), state: await this.state(input.sessionId) };
  }

  async send(input: { sessionId: string; text?: string; choiceIds?: string[] }) {
    await this.requireSession(input.sessionId);
    const reply: Reply = { text: input.text ?? '' };
    if (input.choiceIds?.length) reply.choiceIds = input.choiceIds;
    if (!reply.text.trim() && !reply.choiceIds) throw new OziaError('BAD_REQUEST', 'text: type a message or pick a choice');
    const last = await this.lastMessageId(input.sessionId);
    const r = await this.runtime.receive({
      channel: TEST_CHANNEL,
      externalId: randomUUID(),
      from: { contactId: input.sessionId },
      reply,
    });
    await r.done;
    return { messages: await this.transcript(input.sessionId, last), state: await this.state(input.sessionId) };
  }

  private async lastMessageId(contactId: string): Promise<number> {
    const r = await this.k
      .selectFrom('messages')
      .select((eb) => eb.fn.max('id').as('m'))
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    return Number(r?.m ?? 0);
  }

  private async requireSession(sessionId: string) {
    const contact = await this.k.selectFrom('contacts').select('channel').where('id', '=', sessionId).executeTakeFirst();
    if (!contact || contact.channel !== TEST_CHANNEL) throw notFound(`test session "${sessionId}"`);
    const s = await this.runtime.sessionOf(sessionId);
    if (!s) throw notFound(`test session "${sessionId}"`);
    return s;
  }

  async transcript(sessionId: string, afterId = 0): Promise<TranscriptEntry[]> {
    const rows = await this.k
      .selectFrom('messages')
      .select(['id', 'direction', 'author', 'body', 'block_id', 'created_at'])
      .where('contact_id', '=', sessionId)
      .where('id', '>', afterId)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      direction: r.direction,
      author: r.author,
      message: JSON.parse(r.body),
      blockId: r.block_id,
      createdAt: r.created_at,
    }));
  }

  async state(sessionId: string): Promise<TestChatState> {
    const s = await this.requireSession(sessionId);
    const { doc } = await this.runtime.flows.versionDocument(s.flowVersionId);
    return {
      sessionId,
      flowId: s.flowId,
      versionId: s.flowVersionId,
      status: s.state.status,
      currentBlockId: currentBlockId(s.state),
      waitingFor: s.state.status === 'active' && s.state.waiting ? s.state.waiting.kind : null,
      variables: doc.variables.map((v) => ({ id: v.id, name: v.name, value: s.state.variables[v.id] })),
    };
  }
}
