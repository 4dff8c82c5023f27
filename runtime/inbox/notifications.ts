// What someone must not miss while away from the screen: a colleague's @mention, a conversation
// transferred to them, one round-robin gave them. Each is a row until its owner reads it, so an
// agent who was offline finds it in the bell when they come back; the live stream only tells an
// open page that the count changed.
import type { Bus } from '../bus.js';
import type { Db } from '../db/connect.js';
import type { NotificationsTable } from '../db/schema.js';
import type { WriteTx } from '../runtime.js';
import { canSee, type Viewer } from './access.js';
import { previewOf } from './messages.js';

export type NotificationKind = NotificationsTable['kind'];

export interface NewNotification {
  userId: string;
  kind: NotificationKind;
  conversationId: string;
  messageId?: number | null;
  byUserId?: string | null;
}

export interface NotificationItem {
  id: number;
  kind: NotificationKind;
  conversationId: string;
  messageId: number | null;
  byName: string | null;
  contactName: string | null;
  contactPhone: string | null;
  /** For a mention, the note's first line. */
  text: string | null;
  createdAt: string;
  read: boolean;
}

const LIST_LIMIT = 50;
/** Unread rows looked at to count: more than anyone reads, few enough to check each one's scope. */
const COUNT_LIMIT = 1000;

/** Writes the rows in the caller's transaction; announce them once it committed. */
export async function insertNotifications(tx: WriteTx, db: Db, rows: NewNotification[], at: string): Promise<void> {
  if (!rows.length) return;
  await tx.sql.exec(
    db.kysely.insertInto('notifications').values(
      rows.map((n) => ({
        user_id: n.userId,
        kind: n.kind,
        conversation_id: n.conversationId,
        message_id: n.messageId ?? null,
        by_user_id: n.byUserId ?? null,
        created_at: at,
        read_at: null,
      })),
    ),
  );
}

/** Tells each owner's open pages that they have something new (only their own stream hears it). */
export function announceNotifications(bus: Bus, rows: NewNotification[]): void {
  for (const n of rows) {
    bus.emit('inbox', { type: 'notification', userId: n.userId, kind: n.kind, conversationId: n.conversationId, departmentIds: [], agentIds: [n.userId] });
  }
}

export class Notifications {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  private get k() {
    return this.db.kysely;
  }

  /** The latest, newest first; conversations the viewer can no longer see (transferred away) are left out. */
  async list(v: Viewer): Promise<NotificationItem[]> {
    const rows = await this.k
      .selectFrom('notifications')
      .innerJoin('conversations', 'conversations.id', 'notifications.conversation_id')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .leftJoin('users', 'users.id', 'notifications.by_user_id')
      .leftJoin('messages', 'messages.id', 'notifications.message_id')
      .select([
        'notifications.id',
        'notifications.kind',
        'notifications.conversation_id',
        'notifications.message_id',
        'notifications.created_at',
        'notifications.read_at',
        'users.name as by_name',
        'contacts.name as contact_name',
        'contacts.phone as contact_phone',
        'messages.body as message_body',
        'conversations.department_id',
        'conversations.agent_id',
      ])
      .where('notifications.user_id', '=', v.id)
      .orderBy('notifications.id', 'desc')
      .limit(LIST_LIMIT)
      .execute();
    return rows
      .filter((r) => canSee(v, r))
      .map((r) => ({
        id: Number(r.id),
        kind: r.kind,
        conversationId: r.conversation_id,
        messageId: r.message_id === null ? null : Number(r.message_id),
        byName: r.by_name,
        contactName: r.contact_name,
        contactPhone: r.contact_phone,
        text: r.kind === 'mention' && r.message_body ? textOf(r.message_body) : null,
        createdAt: r.created_at,
        read: !!r.read_at,
      }));
  }

  /** How many are unread, counted as the list shows them. */
  async unread(v: Viewer): Promise<number> {
    const rows = await this.k
      .selectFrom('notifications')
      .innerJoin('conversations', 'conversations.id', 'notifications.conversation_id')
      .select(['conversations.department_id', 'conversations.agent_id'])
      .where('notifications.user_id', '=', v.id)
      .where('notifications.read_at', 'is', null)
      .limit(COUNT_LIMIT)
      .execute();
    return rows.filter((r) => canSee(v, r)).length;
  }

  /** Marks the caller's own notifications read: the ones named, or all. Others' ids are ignored. */
  async markRead(userId: string, ids?: number[]): Promise<number> {
    if (ids && !ids.length) return 0;
    let q = this.k.updateTable('notifications').set({ read_at: this.clock().toISOString() }).where('user_id', '=', userId).where('read_at', 'is', null);
    if (ids) q = q.where('id', 'in', ids);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows ?? 0);
  }
}

function textOf(body: string): string | null {
  try {
    const m = JSON.parse(body) as { type: 'text'; text: string };
    return m.type === 'text' ? previewOf(m) : null;
  } catch {
    return null;
  }
}
