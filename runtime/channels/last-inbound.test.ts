import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../db/connect.js';
import { testDatabases, type TestDatabase } from '../testing/databases.js';
import { lastInboundByAccount, lastInboundOnAccount, lastInboundOnAccountQuery } from './last-inbound.js';

describe.each(testDatabases)('when a contact last wrote, on %s', (name, makeDb) => {
  let tdb: TestDatabase;
  let db: Db;

  beforeEach(async () => {
    tdb = makeDb();
    db = await tdb.open();
  });

  afterEach(async () => {
    await db.close();
    await tdb.cleanup();
  });

  async function conversation(id: string, contactId: string, channel: string, openedAt: string, closed = false) {
    const k = db.kysely;
    if (!(await k.selectFrom('contacts').select('id').where('id', '=', contactId).executeTakeFirst())) {
      await k.insertInto('contacts').values({ id: contactId, channel, external_id: contactId, name: null, phone: null, created_at: openedAt }).execute();
    }
    await k
      .insertInto('conversations')
      .values({ id, contact_id: contactId, channel, stage: closed ? 'closed' : 'bot', opened_at: openedAt, closed_at: closed ? openedAt : null, last_message_at: openedAt, department_id: null, agent_id: null, preferred_agent_id: null, handoff_mode: null, waiting_since: null, assigned_at: null, first_reply_at: null, finished_at: null, closed_by: null, close_reason: null, csat_state: null, csat_score: null, csat_comment: null, last_preview: null })
      .execute();
  }

  async function message(conversationId: string, contactId: string, channel: string, author: 'contact' | 'bot' | 'agent', at: string) {
    await db.kysely
      .insertInto('messages')
      .values({ conversation_id: conversationId, contact_id: contactId, channel, direction: author === 'contact' ? 'in' : 'out', author, kind: 'text', body: '{"text":"oi"}', block_id: null, created_at: at, status: author === 'contact' ? 'received' : 'sent', attempts: 0, available_at: null })
      .execute();
  }

  it("reads the contact's latest message on that account only: not the bot's or an agent's, not another account's, not another contact's", async () => {
    // One open conversation per contact: the earlier one is over.
    await conversation('v1', 'ana', 'wa', '2026-03-01T10:00:00.000Z', true);
    await message('v1', 'ana', 'wa', 'contact', '2026-03-01T10:00:00.000Z');
    await message('v1', 'ana', 'wa', 'bot', '2026-03-01T10:00:05.000Z');
    await conversation('v2', 'ana', 'cloud', '2026-03-02T09:00:00.000Z');
    await message('v2', 'ana', 'cloud', 'contact', '2026-03-02T09:00:00.000Z');
    await message('v2', 'ana', 'cloud', 'agent', '2026-03-02T12:00:00.000Z');
    await conversation('v3', 'bia', 'wa', '2026-03-03T08:00:00.000Z');
    await message('v3', 'bia', 'wa', 'contact', '2026-03-03T08:00:00.000Z');

    const on = lastInboundOnAccount(db);
    expect(await on('ana', 'wa')).toBe('2026-03-01T10:00:00.000Z');
    expect(await on('ana', 'cloud')).toBe('2026-03-02T09:00:00.000Z');
    expect(await on('bia', 'cloud')).toBeNull();
    expect(await on('nobody', 'wa')).toBeNull();
    // The Inbox's per-account view agrees with it.
    expect(Object.fromEntries(await lastInboundByAccount(db.kysely, 'ana'))).toEqual({ wa: '2026-03-01T10:00:00.000Z', cloud: '2026-03-02T09:00:00.000Z' });
  });

  it.runIf(name === 'sqlite')("walks the contact's conversations, never the account's whole transcript", async () => {
    const q = lastInboundOnAccountQuery(db.kysely, 'ana', 'wa').compile();
    const plan = (db.sqlite!.prepare(`explain query plan ${q.sql}`).all(...(q.parameters as unknown[])) as { detail: string }[]).map((r) => r.detail);
    expect(plan).toContain('SEARCH m USING INDEX messages_conversation (conversation_id=?)');
    expect(plan.join('\n')).not.toMatch(/messages_channel_created|SCAN m/);
  });
});
