// inbox_list_p95_ms: the Waiting list with filters over 100,000 conversations and 1,000,000
// messages, against the bare indexed query under it. inbox_live_p95_ms: a contact's message to
// an agent's SSE stream (real HTTP server, whole runtime path) at 50 messages/s, against a bus
// event to the same stream.
import { performance } from 'node:perf_hooks';
import { newId } from '../runtime/ids.js';
import { ADMIN, startHarness, type Harness } from '../api/testing/harness.js';
import type { Viewer } from '../runtime/inbox/access.js';
import type { ListInput } from '../runtime/inbox/list.js';
import { emit, percentile } from './report.js';

const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 100_000);
const PER_CONVERSATION = Number(process.env.BENCH_MESSAGES_PER_CONVERSATION ?? 10);
const WORDS = 'boleto segunda via pedido entrega atraso internet lenta roteador fatura plano upgrade cancelamento reembolso troca tamanho cor endereço cartão pix parcelas desconto'.split(' ');

/** Fills the database straight through better-sqlite3: one transaction, prepared inserts. */
function populate(h: Harness, departments: string[], agents: string[], tags: string[]) {
  const raw = h.app.db.sqlite!;
  const insContact = raw.prepare('insert into contacts (id, channel, external_id, name, phone, created_at) values (?, ?, ?, ?, ?, ?)');
  const insConv = raw.prepare(
    `insert into conversations (id, contact_id, channel, stage, opened_at, closed_at, last_message_at, department_id, agent_id, handoff_mode, waiting_since, assigned_at, last_preview, unread, csat_score)
     values (?, ?, 'wa', ?, ?, ?, ?, ?, ?, 'auto', ?, ?, ?, ?, ?)`,
  );
  const insMsg = raw.prepare(
    `insert into messages (conversation_id, contact_id, channel, direction, author, kind, body, block_id, created_at, status, attempts, available_at)
     values (?, ?, 'wa', ?, ?, 'text', ?, null, ?, ?, 0, null)`,
  );
  const insTag = raw.prepare('insert into conversation_tags (conversation_id, tag_id) values (?, ?)');
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const start = Date.parse('2026-01-01T00:00:00Z');
  const span = 300 * 86_400_000;
  raw.transaction(() => {
    for (let i = 0; i < CONVERSATIONS; i++) {
      const contactId = newId();
      const opened = start + Math.floor((i / CONVERSATIONS) * span);
      const at = (ms: number) => new Date(opened + ms).toISOString();
      insContact.run(contactId, 'wa', `55119${String(i).padStart(8, '0')}`, `Contato ${i}`, `+55119${String(i).padStart(8, '0')}`, at(0));
      const r = rnd();
      const stage = r < 0.1 ? 'waiting' : r < 0.3 ? 'in_service' : 'closed';
      const id = newId();
      const dept = pick(departments);
      const last = at(PER_CONVERSATION * 60_000);
      insConv.run(
        id,
        contactId,
        stage,
        at(0),
        stage === 'closed' ? last : null,
        last,
        dept,
        stage === 'waiting' ? null : pick(agents),
        at(120_000),
        stage === 'waiting' ? null : at(180_000),
        `${pick(WORDS)} ${pick(WORDS)}`,
        stage === 'closed' ? 0 : Math.floor(rnd() * 3),
        stage === 'closed' && rnd() < 0.5 ? 1 + Math.floor(rnd() * 5) : null,
      );
      for (let m = 0; m < PER_CONVERSATION; m++) {
        const fromContact = m % 2 === 0;
        const text = `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} ${i}-${m}`;
        insMsg.run(id, contactId, fromContact ? 'in' : 'out', fromContact ? 'contact' : m < 4 ? 'bot' : 'agent', JSON.stringify({ type: 'text', text }), at(m * 60_000), fromContact ? 'received' : 'sent');
      }
      if (rnd() < 0.2) insTag.run(id, pick(tags));
    }
  })();
  raw.pragma('optimize');
}

async function timed(n: number, fn: (i: number) => Promise<unknown> | unknown): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function benchList(h: Harness) {
  const sup = h.client();
  await sup.login(ADMIN.email, ADMIN.password);
  const departments: string[] = [];
  for (let i = 0; i < 10; i++) departments.push((await sup.trpc.departments.create.mutate({ name: `Fila ${i}` })).id);
  const agents: string[] = [];
  for (let i = 0; i < 50; i++) {
    const u = await sup.trpc.users.create.mutate({ name: `Agente ${i}`, email: `agente${i}@bench.test`, role: 'operator', password: 'bench-password', departmentIds: [departments[i % 10], departments[(i + 3) % 10]] });
    agents.push(u.id);
  }
  const tags: string[] = [];
  for (let i = 0; i < 8; i++) tags.push((await sup.trpc.inbox.tags.create.mutate({ name: `tag ${i}` })).id);
  const t0 = performance.now();
  populate(h, departments, agents, tags);
  await h.app.inbox.search.catchUp();
  console.error(`[bench] ${CONVERSATIONS} conversations, ${CONVERSATIONS * PER_CONVERSATION} messages in ${Math.round(performance.now() - t0)} ms`);

  const lists = h.app.inbox.lists;
  const operator: Viewer = { id: agents[0], name: 'Agente 0', role: 'operator', departmentIds: h.app.inbox.departments.of(agents[0]) };
  const supervisor: Viewer = { id: 'sup', name: 'Sup', role: 'supervisor', departmentIds: [] };
  const variants: [Viewer, ListInput][] = [
    [operator, { view: 'waiting' }],
    [supervisor, { view: 'waiting' }],
    [operator, { view: 'waiting', departmentId: operator.departmentIds[0] }],
    [supervisor, { view: 'waiting', tagId: tags[2] }],
    [operator, { view: 'waiting', unread: true }],
    [supervisor, { view: 'waiting', from: '2026-05-01', to: '2026-06-30' }],
    [supervisor, { view: 'waiting', channel: 'wa', agentId: undefined, departmentId: departments[4] }],
    [operator, { view: 'mine' }],
    [supervisor, { view: 'department', departmentId: departments[1] }],
    [supervisor, { view: 'closed' }],
  ];
  const raw = h.app.db.sqlite!;
  const bare = raw.prepare(`select id from conversations where stage = 'waiting' and department_id = ? order by waiting_since limit 51`);
  for (let i = 0; i < 30; i++) await lists.list(...variants[i % variants.length]);
  const ROUNDS = 40;
  const listTimes: number[] = [];
  const baseTimes: number[] = [];
  const countTimes: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    baseTimes.push(...(await timed(variants.length, (i) => bare.all(departments[i % 10]))));
    listTimes.push(...(await timed(variants.length, (i) => lists.list(...variants[i]))));
    countTimes.push(...(await timed(2, (i) => lists.counts(i ? supervisor : operator, {}))));
  }
  if (process.env.BENCH_DEBUG) {
    for (const [i, v] of variants.entries()) {
      const ts = listTimes.filter((_, k) => k % variants.length === i);
      console.error(`[bench] ${v[0].role} ${JSON.stringify(v[1])}: p95 ${percentile(ts, 95).toFixed(2)} ms`);
    }
  }
  const searchTimes = await timed(60, (i) => lists.list(i % 2 ? supervisor : operator, { view: i % 3 ? 'closed' : 'waiting', search: `${WORDS[i % WORDS.length]} ${i * 37}` }));
  const base = percentile(baseTimes, 95);
  const p95 = percentile(listTimes, 95);
  emit({ bench: 'inbox_list_p95_ms', value: +p95.toFixed(2), unit: 'ms', baseline: 'sqlite_waiting_index_page', baseline_value: +base.toFixed(3), ratio: +(p95 / base).toFixed(1) });
  emit({ bench: 'inbox_counts_p95_ms', value: +percentile(countTimes, 95).toFixed(2), unit: 'ms', baseline: 'sqlite_waiting_index_page', baseline_value: +base.toFixed(3), ratio: +(percentile(countTimes, 95) / base).toFixed(1) });
  emit({ bench: 'inbox_search_p95_ms', value: +percentile(searchTimes, 95).toFixed(2), unit: 'ms', baseline: 'sqlite_waiting_index_page', baseline_value: +base.toFixed(3), ratio: +(percentile(searchTimes, 95) / base).toFixed(1) });
}

async function benchLive(h: Harness) {
  const RATE = 50;
  const SECONDS = Number(process.env.BENCH_LIVE_SECONDS ?? 10);
  const sup = h.client();
  await sup.login(ADMIN.email, ADMIN.password);
  const dept = (await sup.trpc.departments.create.mutate({ name: 'Ao vivo' })).id;
  const admin = await h.app.db.kysely.selectFrom('users').select('id').where('email', '=', ADMIN.email).executeTakeFirstOrThrow();
  // 100 contacts being served: their messages go to the agents, not to a bot.
  const contacts: string[] = [];
  for (let i = 0; i < 100; i++) {
    const id = await h.app.runtime.ensureContact('wa', { externalId: `live-${i}`, name: `Ao vivo ${i}` });
    const at = new Date().toISOString();
    await h.app.db.kysely
      .insertInto('conversations')
      .values({ id: newId(), contact_id: id, channel: 'wa', stage: 'in_service', opened_at: at, closed_at: null, last_message_at: at, department_id: dept, agent_id: admin.id, preferred_agent_id: null, handoff_mode: 'auto', waiting_since: at, assigned_at: at, first_reply_at: null, finished_at: null, closed_by: null, close_reason: null, csat_state: null, csat_score: null, csat_comment: null, last_preview: null })
      .execute();
    contacts.push(id);
  }
  const sent = new Map<string, number>();
  const live: number[] = [];
  const bus: number[] = [];
  const sub = sup.trpc.inbox.events.subscribe(undefined, {
    onData(n) {
      if (n.type !== 'message') return;
      const text = (n.message.body as { text?: string }).text ?? '';
      const t = sent.get(text);
      if (t === undefined) return;
      (text.startsWith('bus ') ? bus : live).push(performance.now() - t);
      sent.delete(text);
    },
  });
  await new Promise((r) => setTimeout(r, 500));
  const total = RATE * SECONDS;
  const interval = 1000 / RATE;
  const t0 = performance.now();
  for (let i = 0; i < total; i++) {
    const due = t0 + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (i % 2 === 0) {
      const text = `live ${i}`;
      sent.set(text, performance.now());
      void h.app.runtime.receive({ channel: 'wa', externalId: `live-${i}`, from: { contactId: contacts[i % contacts.length] }, reply: { text } });
    } else {
      // Baseline: the same stream fed straight from the bus, no database, no runtime.
      const text = `bus ${i}`;
      sent.set(text, performance.now());
      h.app.bus.emit('inbox', {
        type: 'message',
        conversationId: 'bench',
        message: { id: i, conversationId: 'bench', direction: 'in', author: 'contact', userId: null, kind: 'text', body: { type: 'text', text }, status: 'received', createdAt: new Date().toISOString() },
        departmentIds: [dept],
        agentIds: [admin.id],
      });
    }
  }
  await new Promise((r) => setTimeout(r, 1500));
  sub.unsubscribe();
  if (sent.size) console.error(`[bench] ${sent.size} live messages never reached the stream`);
  const p95 = percentile(live, 95);
  const base = percentile(bus, 95);
  emit({ bench: 'inbox_live_p95_ms', value: +p95.toFixed(2), unit: 'ms', baseline: 'sse_bus_event', baseline_value: +base.toFixed(2), ratio: +(p95 / base).toFixed(2) });
}

export async function benchInbox(): Promise<void> {
  let h = await startHarness();
  try {
    await benchLive(h);
  } finally {
    await h.close();
  }
  h = await startHarness();
  try {
    await benchList(h);
  } finally {
    await h.close();
  }
}
