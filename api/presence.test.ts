// Presence over HTTP: the live inbox stream is what keeps an agent present, and a supervisor
// can move the conversations an absent agent still holds back to the queue.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handoffFlow } from '../runtime/inbox/testing.js';
import { ADMIN, errorOf, startHarness, type Harness, type TestClient } from './testing/harness.js';

let h: Harness;
let admin: TestClient;
let sofia: TestClient;
let sofiaId: string;
let salesId: string;
let flowId: string;

beforeAll(async () => {
  h = await startHarness();
  admin = h.client();
  await admin.login(ADMIN.email, ADMIN.password);
  salesId = (await admin.trpc.departments.create.mutate({ name: 'Vendas' })).id;
  sofiaId = (await admin.trpc.users.create.mutate({ name: 'Sofia', email: 'sofia@ozia.test', role: 'operator', password: 'operator-password-1', departmentIds: [salesId] })).id;
  sofia = h.client();
  await sofia.login('sofia@ozia.test', 'operator-password-1');
  // The supervisor is not in the department: only Sofia can be given conversations.
  await admin.trpc.users.setStatus.mutate({ status: 'offline' });
  const flow = await admin.trpc.flows.create.mutate({ name: 'Vendas' });
  flowId = flow.id;
  await admin.trpc.flows.saveDraft.mutate({ id: flow.id, document: handoffFlow({ departmentId: salesId, assign: { mode: 'auto' } }), baseRevision: flow.draftRevision ?? 0, force: true });
  await admin.trpc.flows.publish.mutate({ id: flow.id });
});

afterAll(async () => {
  await h?.close();
});

async function handOff(): Promise<string> {
  await admin.trpc.testChat.start.mutate({ flowId });
  await h.app.runtime.idle();
  await h.app.inbox.assigner.idle();
  const rows = await h.app.db.kysely.selectFrom('conversations').select(['id']).orderBy('opened_at', 'desc').orderBy('id', 'desc').execute();
  return rows[0].id;
}

const rowOf = (id: string) => h.app.db.kysely.selectFrom('conversations').select(['stage', 'agent_id']).where('id', '=', id).executeTakeFirstOrThrow();

describe('presence', () => {
  it('an open inbox stream keeps the agent present; closing it is noticed by the server', async () => {
    const presence = h.app.inbox.presence;
    expect(presence.connected(sofiaId)).toBe(false);
    let started = false;
    const sub = sofia.trpc.inbox.events.subscribe(undefined, { onStarted: () => (started = true), onData: () => {} });
    await expect.poll(() => started && presence.connected(sofiaId)).toBe(true);
    sub.unsubscribe();
    await expect.poll(() => presence.connected(sofiaId)).toBe(false);
  });

  it('a supervisor returns an absent agent’s conversations to the queue; an operator may not', async () => {
    const first = await handOff();
    expect(await rowOf(first)).toEqual({ stage: 'in_service', agent_id: sofiaId });
    await sofia.trpc.users.setStatus.mutate({ status: 'offline' });

    const refused = await sofia.trpc.inbox.returnToQueue.mutate({ agentId: sofiaId }).catch((e) => errorOf(e).code);
    expect(refused).toBe('FORBIDDEN');
    expect(await rowOf(first)).toEqual({ stage: 'in_service', agent_id: sofiaId });

    expect(await admin.trpc.inbox.returnToQueue.mutate({ agentId: sofiaId })).toEqual({ moved: 1 });
    expect(await rowOf(first)).toEqual({ stage: 'waiting', agent_id: null });
    const notes = await h.app.db.kysely.selectFrom('messages').select('body').where('conversation_id', '=', first).where('direction', '=', 'note').execute();
    expect(notes.map((n) => JSON.parse(n.body).text)).toEqual(['Ana Supervisora → Vendas']);

    // Back online, round-robin gives it to her again.
    await sofia.trpc.users.setStatus.mutate({ status: 'online' });
    await h.app.inbox.assigner.idle();
    expect(await rowOf(first)).toEqual({ stage: 'in_service', agent_id: sofiaId });
  });
});
