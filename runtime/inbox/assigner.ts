// Assignment: who serves a waiting conversation. Round-robin among the department's online
// members who still have room (the one given a conversation longest ago goes first), the
// oldest waiting conversation first. It runs whenever the balance can change: a handoff, an
// agent coming online or freeing a slot, a capacity or membership change, a transfer, and
// the department opening. While a department is closed nobody is assigned, whatever the
// handoff mode: the contact was told when it opens, and an agent online after hours may still
// pick a conversation up by hand.
//
// Each department's runs are serialised in this process, and each run is one transaction,
// so two runs can never hand the same conversation out twice or overfill an agent. On
// PostgreSQL the department row is locked for the run, which serialises processes too.
import { readValues } from '../contacts/fields.js';
import type { Locale } from '../../blocks/contract.js';
import type { Db } from '../db/connect.js';
import { Prepared } from '../db/prepared.js';
import { KeyedQueue } from '../keyed-queue.js';
import type { Runtime, WriteTx } from '../runtime.js';
import { isOpen } from './business-hours.js';
import type { Departments } from './departments.js';
import { outgoingRow } from './messages.js';
import { insertNotifications } from './notifications.js';
import { renderInboxText } from './template-names.js';

interface WaitingRow {
  id: string;
  contact_id: string;
  channel: string;
  preferred_agent_id: string | null;
  name: string | null;
  phone: string | null;
  /** Custom field values JSON, for `{{contact.<key>}}` in the greeting. */
  fields: string | null;
  /** A blocked contact is served but not greeted. */
  blocked_at: string | null;
}

interface AgentRow {
  id: string;
  name: string;
  capacity: number;
  last_assigned_at: string | null;
  load: number;
}

export interface Assignment {
  conversationId: string;
  agentId: string;
  departmentId: string;
}

/** A conversation that just entered the queue: told its position if nobody takes it at once. */
export interface NewArrival {
  conversationId: string;
  waitingMessage?: string;
  locale: Locale;
}

class AssignerQueries {
  readonly lockDepartment: Prepared<unknown> | null;
  readonly waiting: Prepared<WaitingRow>;
  readonly agents: Prepared<AgentRow>;
  readonly assign: Prepared<unknown>;
  readonly markAssigned: Prepared<unknown>;
  readonly position: Prepared<{ n: number }>;
  readonly arrival: Prepared<{ contact_id: string; channel: string; stage: string; waiting_since: string | null; department_id: string | null }>;

  constructor(db: Db) {
    this.lockDepartment =
      db.dialect === 'postgres' ? new Prepared(db, (k, id) => k.selectFrom('departments').select('id').where('id', '=', id).forUpdate()) : null;
    this.waiting = new Prepared(db, (k, departmentId) =>
      k
        .selectFrom('conversations')
        .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .select(['conversations.id', 'conversations.contact_id', 'conversations.channel', 'conversations.preferred_agent_id', 'contacts.name', 'contacts.phone', 'contacts.fields', 'contacts.blocked_at'])
        .where('conversations.stage', '=', 'waiting')
        .where('conversations.department_id', '=', departmentId)
        .where('conversations.handoff_mode', '!=', 'queue')
        .orderBy('conversations.waiting_since')
        .orderBy('conversations.id')
        .limit(500),
    );
    this.agents = new Prepared(db, (k, departmentId) =>
      k
        .selectFrom('users')
        .innerJoin('department_members', 'department_members.user_id', 'users.id')
        .select((eb) => [
          'users.id',
          'users.name',
          'users.capacity',
          'users.last_assigned_at',
          eb
            .selectFrom('conversations')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('conversations.agent_id', '=', 'users.id')
            .where('conversations.stage', '=', 'in_service')
            .as('load'),
        ])
        .where('department_members.department_id', '=', departmentId)
        .where('users.active', '=', 1)
        .where('users.status', '=', 'online')
        .orderBy('users.last_assigned_at')
        .orderBy('users.id'),
    );
    this.assign = new Prepared(db, (k, agentId, at, id) =>
      k
        .updateTable('conversations')
        .set({ stage: 'in_service', agent_id: agentId, assigned_at: at, preferred_agent_id: null })
        .where('id', '=', id)
        .where('stage', '=', 'waiting'),
    );
    this.markAssigned = new Prepared(db, (k, at, id) => k.updateTable('users').set({ last_assigned_at: at }).where('id', '=', id));
    this.position = new Prepared(db, (k, departmentId, since, id) =>
      k
        .selectFrom('conversations')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('stage', '=', 'waiting')
        .where('department_id', '=', departmentId)
        .where((eb) => eb.or([eb('waiting_since', '<', since), eb.and([eb('waiting_since', '=', since), eb('id', '<=', id)])])),
    );
    this.arrival = new Prepared(db, (k, id) =>
      k.selectFrom('conversations').select(['contact_id', 'channel', 'stage', 'waiting_since', 'department_id']).where('id', '=', id),
    );
  }
}

export class Assigner {
  private readonly q: AssignerQueries;
  private readonly queue = new KeyedQueue();
  /** Strictly increasing assignment stamps, so the order of turns survives several assignments in one millisecond. */
  private lastStamp = '';

  constructor(
    private readonly runtime: Runtime,
    private readonly departments: Departments,
    private readonly clock: () => Date,
    private readonly onAssigned: (a: Assignment[]) => void,
  ) {
    this.q = new AssignerQueries(runtime.db);
  }

  private stamp(): string {
    let s = this.clock().toISOString();
    if (s <= this.lastStamp) s = new Date(Date.parse(this.lastStamp) + 1).toISOString();
    this.lastStamp = s;
    return s;
  }

  /** Serves the department's queue now, and tells a new arrival its position if it still waits. */
  run(departmentId: string, arrival?: NewArrival): Promise<Assignment[]> {
    return this.queue.run(departmentId, async () => {
      const made = await this.runtime.write((tx) => this.serve(tx, departmentId, arrival));
      if (made.length) this.onAssigned(made);
      return made;
    });
  }

  /** Serves several departments (an agent who belongs to them came online or freed a slot). */
  async runAll(departmentIds: Iterable<string>): Promise<Assignment[]> {
    const all = await Promise.all([...new Set(departmentIds)].map((d) => this.run(d)));
    return all.flat();
  }

  async idle(): Promise<void> {
    await this.queue.idle();
  }

  private async serve(tx: WriteTx, departmentId: string, arrival?: NewArrival): Promise<Assignment[]> {
    const { sql } = tx;
    const dept = this.departments.get(departmentId);
    if (!dept) return [];
    if (this.q.lockDepartment) await sql.rows(this.q.lockDepartment, departmentId);
    const waiting = await sql.rows(this.q.waiting, departmentId);
    // Ordered by who got a conversation longest ago (never first); an assigned agent moves to the back.
    const agents = (await sql.rows(this.q.agents, departmentId)).map((a) => ({ ...a, load: Number(a.load), capacity: Number(a.capacity) }));
    agents.sort((a, b) => (a.last_assigned_at ?? '').localeCompare(b.last_assigned_at ?? '') || a.id.localeCompare(b.id));
    const made: Assignment[] = [];
    const messages: Parameters<WriteTx['insertMessages']>[0] = [];
    const open = isOpen(dept.hours, this.clock());
    for (const conv of open ? waiting : []) {
      if (!agents.some((a) => a.load < a.capacity)) break;
      const agent = conv.preferred_agent_id
        ? agents.find((a) => a.id === conv.preferred_agent_id && a.load < a.capacity)
        : agents.find((a) => a.load < a.capacity);
      if (!agent) continue; // waits for its chosen agent; others behind it may still be served
      const at = this.stamp();
      if ((await sql.changes(this.q.assign, agent.id, at, conv.id)) !== 1) continue;
      await sql.changes(this.q.markAssigned, at, agent.id);
      agent.load++;
      agents.splice(agents.indexOf(agent), 1);
      agents.push(agent);
      made.push({ conversationId: conv.id, agentId: agent.id, departmentId });
      if (dept.greeting.trim() && !conv.blocked_at) {
        const text = renderInboxText(dept.greeting, {
          agent: { name: agent.name },
          department: { name: dept.name },
          contact: { name: conv.name, phone: conv.phone, id: conv.contact_id, fields: readValues(conv.fields) },
        });
        messages.push(outgoingRow(conv, { type: 'text', text }, 'system', at));
      }
    }
    if (arrival?.waitingMessage && !made.some((m) => m.conversationId === arrival.conversationId)) {
      const [conv] = await sql.rows(this.q.arrival, arrival.conversationId);
      if (conv?.stage === 'waiting' && conv.department_id === departmentId && conv.waiting_since) {
        const [{ n }] = await sql.rows(this.q.position, departmentId, conv.waiting_since, arrival.conversationId);
        const text = arrival.waitingMessage.replace(/{{position}}/g, String(Number(n)));
        messages.push(outgoingRow({ id: arrival.conversationId, ...conv }, { type: 'text', text }, 'system', this.clock().toISOString()));
      }
    }
    if (messages.length) await tx.insertMessages(messages);
    // Kept until read, for an agent who looks away while round-robin gives them someone.
    await insertNotifications(tx, this.runtime.db, made.map((m) => ({ userId: m.agentId, kind: 'assigned', conversationId: m.conversationId })), this.clock().toISOString());
    return made;
  }
}
