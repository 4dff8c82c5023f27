// The inbox, wired: departments, assignment, the agents' desk, lists, tags, the message bank
// and settings, plus the sweeps that run on their own (auto-close, assignment on start).
import type { HandoffRequest, Locale } from '../../blocks/contract.js';
import { noticeScope, type Bus, type DeliveryStatus } from '../bus.js';
import type { FileStore } from '../files.js';
import type { Runtime } from '../runtime.js';
import type { Viewer } from './access.js';
import { Assigner } from './assigner.js';
import { InboxChannels } from './channel-accounts.js';
import { ContactDirectory } from './contacts.js';
import { isOpen } from './business-hours.js';
import { Departments } from './departments.js';
import { Desk } from './desk.js';
import { MessageActions } from './message-actions.js';
import { ConversationLists } from './list.js';
import { QuickReplies } from './quick-replies.js';
import { announceNotifications, Notifications } from './notifications.js';
import { Presence, type PresenceTimings } from './presence.js';
import { InboxSettingsStore } from './settings.js';
import { Tags } from './tags.js';
import { SearchIndexer } from './search-index.js';

export interface InboxOptions {
  runtime: Runtime;
  departments: Departments;
  files: FileStore;
  bus: Bus;
  clock?: () => Date;
  /** How often inactive conversations are looked for. */
  sweepIntervalMs?: number;
  presenceTimings?: PresenceTimings;
}

export class Inbox {
  readonly departments: Departments;
  readonly assigner: Assigner;
  readonly desk: Desk;
  /** Resending a failed message, deleting a sent one for everyone. */
  readonly actions: MessageActions;
  readonly contacts: ContactDirectory;
  /** Accounts to filter by, a contact's identities, the accounts to write first on. */
  readonly channels: InboxChannels;
  readonly lists: ConversationLists;
  readonly tags: Tags;
  readonly quickReplies: QuickReplies;
  readonly settings: InboxSettingsStore;
  readonly search: SearchIndexer;
  readonly presence: Presence;
  readonly notifications: Notifications;
  private sweep: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;
  private offStatus: (() => void) | null = null;
  /** Departments closed at the last look: their queues are served the moment they open. */
  private closed = new Set<string>();
  private readonly clock: () => Date;

  constructor(private readonly opts: InboxOptions) {
    const clock = opts.clock ?? (() => new Date());
    this.clock = clock;
    const { runtime, bus } = opts;
    this.departments = opts.departments;
    this.assigner = new Assigner(runtime, this.departments, clock, (made) => {
      announceNotifications(bus, made.map((a) => ({ userId: a.agentId, kind: 'assigned', conversationId: a.conversationId })));
      for (const a of made) {
        bus.emit('inbox', {
          type: 'conversation',
          conversationId: a.conversationId,
          reason: 'assigned',
          stage: 'in_service',
          ...noticeScope(a),
        });
      }
    });
    this.contacts = new ContactDirectory(runtime.db);
    this.channels = new InboxChannels(runtime.db, clock);
    this.desk = new Desk(runtime, this.departments, this.assigner, opts.files, bus, clock, this.contacts, this.channels);
    this.actions = new MessageActions(runtime, bus, clock);
    this.lists = new ConversationLists(runtime.db);
    this.tags = new Tags(runtime.db, clock);
    this.quickReplies = new QuickReplies(runtime.db, clock, (id) => !!this.departments.get(id));
    this.settings = new InboxSettingsStore(runtime.db);
    this.search = new SearchIndexer(runtime);
    this.presence = new Presence(runtime.db, clock, opts.presenceTimings);
    this.notifications = new Notifications(runtime.db, clock);
  }

  /** Serves every queue once (conversations left waiting by a previous process) and starts the sweeps. */
  async start(): Promise<void> {
    await this.departments.refresh();
    await this.search.catchUp();
    this.search.start();
    await this.assigner.runAll(this.departments.list().map((d) => d.id));
    await this.serveOpened();
    this.offStatus = this.opts.bus.on('status', (s) => void this.announceStatus(s).catch((e) => console.error('[ozia] delivery notice failed:', e)));
    const every = this.opts.sweepIntervalMs ?? 30_000;
    this.sweep = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = Promise.all([this.autoClose(), this.serveOpened()])
        .catch((e) => console.error('[ozia] auto-close failed:', e))
        .finally(() => (this.sweeping = null));
    }, every);
    this.sweep.unref?.();
  }

  async stop(): Promise<void> {
    this.offStatus?.();
    this.offStatus = null;
    await this.presence.stop();
    if (this.sweep) clearInterval(this.sweep);
    this.sweep = null;
    await this.sweeping;
    await this.search.stop();
    await this.assigner.idle();
  }

  /**
   * Tells agents watching that their messages went out (or failed). Only conversations that
   * reached a department concern them; with nobody connected there is nothing to look up.
   */
  private async announceStatus(s: DeliveryStatus): Promise<void> {
    const { bus, runtime } = this.opts;
    if (!bus.listened('inbox')) return;
    const byConversation = new Map<string, number[]>();
    const errors = new Map<string, Record<number, string>>();
    for (const m of s.messages) {
      byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m.id]);
      if (m.error) errors.set(m.conversationId, { ...errors.get(m.conversationId), [m.id]: m.error });
    }
    const scopes = await runtime.db.kysely
      .selectFrom('conversations')
      .select(['id', 'department_id', 'agent_id'])
      .where('id', 'in', [...byConversation.keys()])
      .where('department_id', 'is not', null)
      .execute();
    for (const c of scopes) {
      bus.emit('inbox', {
        type: 'status',
        conversationId: c.id,
        messageIds: byConversation.get(c.id)!,
        status: s.status,
        ...(errors.has(c.id) ? { errors: errors.get(c.id) } : {}),
        ...noticeScope({ departmentId: c.department_id, agentId: c.agent_id }),
      });
    }
  }

  /** Serves the queues of departments that opened since the last look (runs with the sweep; tests call it). */
  async serveOpened(): Promise<void> {
    const now = this.clock();
    const opened: string[] = [];
    const closed = new Set<string>();
    for (const d of this.departments.list()) {
      if (!isOpen(d.hours, now)) closed.add(d.id);
      else if (this.closed.has(d.id)) opened.push(d.id);
    }
    this.closed = closed;
    if (opened.length) await this.assigner.runAll(opened);
  }

  async autoClose(): Promise<number> {
    const s = await this.settings.get();
    return this.desk.autoClose(s.autoCloseMinutes, (locale) => this.settings.autoCloseText(s, locale));
  }

  /** The runtime's hook: a flow handed a conversation over. */
  onHandoff(h: { conversationId: string; handoff: HandoffRequest; locale: Locale }): void {
    void this.assigner
      .run(h.handoff.departmentId, { conversationId: h.conversationId, waitingMessage: h.handoff.waitingMessage, locale: h.locale })
      .catch((e) => console.error('[ozia] assignment failed:', e));
  }

  viewer(user: { id: string; name: string; role: 'supervisor' | 'operator' }): Viewer {
    return { ...user, departmentIds: this.departments.of(user.id) };
  }
}
