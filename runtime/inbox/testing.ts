// A runtime with the inbox wired as the app wires it, on a test database, with a recording
// channel and a clock the test moves. Shared by the inbox's integration tests and its bench.
import type { OutgoingMessage } from '../../blocks/contract.js';
import { Bus } from '../bus.js';
import type { Db } from '../db/connect.js';
import type { UserStatus } from '../db/schema.js';
import { FileStore } from '../files.js';
import { FlowStore } from '../flows.js';
import { newId } from '../ids.js';
import { Runtime } from '../runtime.js';
import { RecordingChannel as BaseRecordingChannel } from '../testing/recording-channel.js';
import { buildFlow, text } from '../testing/flow-builder.js';
import { tempDir } from '../testing/databases.js';
import type { Viewer } from './access.js';
import { Departments, type DepartmentInput } from './departments.js';
import { Inbox } from './index.js';

export class RecordingChannel extends BaseRecordingChannel {
  textsTo(contactId: string): string[] {
    return this.delivered.filter((d) => d.contactId === contactId).map((d) => textOf(d.message));
  }
}

export const textOf = (m: OutgoingMessage) => (m.type === 'text' || m.type === 'template' ? m.text : m.type === 'choice' ? m.text ?? '' : m.caption ?? m.type);

/** Greets, then hands over to the department (options merged into the Agent block's). */
export function handoffFlow(agent: Record<string, unknown>, extra: { outOfHoursText?: string } = {}) {
  return buildFlow({
    groups: [
      { id: 'hello', blocks: [text('hi', 'Olá! Vou te passar para a equipe.'), { id: 'agent', kind: 'agent', options: agent }] },
      ...(extra.outOfHoursText ? [{ id: 'closed', blocks: [text('closed_text', extra.outOfHoursText)] }] : []),
    ],
    edges: extra.outOfHoursText ? [{ from: { blockId: 'agent', itemId: 'out_of_hours' }, to: { groupId: 'closed' } }] : [],
  });
}

export interface InboxWorld {
  db: Db;
  bus: Bus;
  runtime: Runtime;
  inbox: Inbox;
  flows: FlowStore;
  channel: RecordingChannel;
  clock: { now: number; advance(ms: number): void };
  /** Publishes `doc` and binds it to the 'wa' channel. */
  bind(doc: ReturnType<typeof buildFlow>): Promise<string>;
  department(input: DepartmentInput): Promise<string>;
  agent(name: string, opts?: { capacity?: number; status?: UserStatus; departments?: string[]; role?: 'supervisor' | 'operator' }): Promise<Viewer>;
  say(contact: string, text: string): Promise<string>;
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function inboxWorld(db: Db, start = '2026-03-02T15:00:00.000Z'): Promise<InboxWorld> {
  const clock = {
    now: Date.parse(start),
    advance(ms: number) {
      this.now += ms;
    },
  };
  const now = () => new Date(clock.now);
  const bus = new Bus();
  const flows = new FlowStore(db, now);
  const departments = new Departments(db, now);
  let bound: string | null = null;
  let inbox: Inbox | null = null;
  const runtime = new Runtime({
    db,
    flows,
    bus,
    clock: now,
    pollIntervalMs: 20,
    services: { handoff: departments },
    flowForChannel: async () => bound,
    onHandoff: (h) => inbox?.onHandoff(h),
  });
  const files = new FileStore(db, tempDir('ozia-files-'), now);
  inbox = new Inbox({ runtime, departments, files, bus, clock: now, sweepIntervalMs: 3_600_000 });
  const channel = new RecordingChannel();
  runtime.registerChannel(channel);
  await runtime.start();
  await inbox.start();
  const theInbox = inbox;
  let seq = 0;
  return {
    db,
    bus,
    runtime,
    inbox: theInbox,
    flows,
    channel,
    clock,
    async bind(doc) {
      const f = await flows.create({ name: `Flow ${++seq}`, document: doc });
      bound = (await flows.publish({ id: f.id })).id;
      return f.id;
    },
    async department(input) {
      return (await departments.create(input)).id;
    },
    async agent(name, opts = {}) {
      const id = newId();
      const at = now().toISOString();
      await db.kysely
        .insertInto('users')
        .values({
          id,
          email: `${name.toLowerCase().replace(/\W+/g, '.')}.${id.slice(-6)}@ozia.test`,
          name,
          role: opts.role ?? 'operator',
          password_hash: 'x',
          active: 1,
          created_at: at,
          updated_at: at,
          status: opts.status ?? 'online',
          capacity: opts.capacity ?? 5,
          signature: 1,
          last_assigned_at: null,
        })
        .execute();
      if (opts.departments?.length) await departments.setUserDepartments(id, opts.departments);
      return theInbox.viewer({ id, name, role: opts.role ?? 'operator' });
    },
    async say(contact, text) {
      const r = await runtime.receive({ channel: 'wa', externalId: newId(), from: { externalId: contact, name: contact }, reply: { text } });
      await r.done;
      return r.contactId;
    },
    async idle() {
      for (let i = 0; i < 3; i++) {
        await runtime.idle();
        await theInbox.assigner.idle();
      }
      await runtime.idle();
    },
    async close() {
      await theInbox.stop();
      await runtime.stop();
    },
  };
}
