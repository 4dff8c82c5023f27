// The LGPD access report: everything held about a person, for them — contact data, phones,
// e-mails, identities per channel, tags, custom fields by label, notes, block state, every
// conversation with its full transcript, the variables flows collected, and their files (names,
// sizes, dates). Scoped like the contact page: an operator gets it only for a contact they can
// open, with the conversations they could open (`complete` says whether anything was left out).
// Whispers between agents are left out: they are the business's notes about the work, not data
// the person gave or was sent; the report says so.
import type { Db } from '../db/connect.js';
import { canSee, type Viewer } from '../inbox/access.js';
import type { ContactIdentityView } from '../inbox/channel-accounts.js';
import type { ContactDirectoryStore, ContactBlockView } from './directory.js';
import type { ContactFields } from './field-store.js';
import { chunked } from '../purge.js';

export interface ReportMessage {
  at: string;
  /** 'in': from the person; 'out': to them. */
  direction: 'in' | 'out';
  author: string;
  /** The agent who wrote it, for agents' messages. */
  agentName: string | null;
  kind: string;
  /** What it said, readable (media: their caption or file name). */
  text: string;
  status: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export interface ReportConversation {
  id: string;
  channelName: string | null;
  channelKind: string | null;
  departmentName: string | null;
  agentName: string | null;
  stage: string;
  openedAt: string;
  closedAt: string | null;
  csatScore: number | null;
  csatComment: string | null;
  messages: ReportMessage[];
}

export interface AccessReport {
  generatedAt: string;
  /** False when the viewer (an operator) could not see every conversation of the person. */
  complete: boolean;
  /** Internal notes between agents are not part of the report. */
  excludes: string[];
  contact: {
    id: string;
    name: string | null;
    phones: string[];
    emails: string[];
    notes: string;
    createdAt: string;
    updatedAt: string | null;
    lastContactAt: string | null;
    block: ContactBlockView | null;
  };
  identities: ContactIdentityView[];
  tags: string[];
  fields: { key: string; label: string; value: unknown }[];
  conversations: ReportConversation[];
  /** Per flow session: the variables it collected. */
  sessions: { flowName: string | null; updatedAt: string; variables: Record<string, unknown> }[];
  files: { name: string; mime: string; size: number; createdAt: string }[];
}

/** A transcript row's body as one readable text. */
export function bodyText(raw: string): string {
  let b: Record<string, unknown>;
  try {
    b = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return raw;
  }
  const str = (x: unknown) => (typeof x === 'string' ? x : '');
  const items = Array.isArray(b.items) ? (b.items as { label?: unknown }[]).map((i) => str(i?.label)).filter(Boolean) : [];
  const parts = [str(b.text), items.length ? items.map((l, i) => `${i + 1}. ${l}`).join('\n') : '', str(b.caption), str(b.fileName)].filter(Boolean);
  return parts.length ? parts.join('\n') : str(b.type) || '';
}

export class AccessReports {
  constructor(
    private readonly db: Db,
    private readonly directory: ContactDirectoryStore,
    private readonly fields: ContactFields,
    private readonly clock: () => Date,
  ) {}

  async build(v: Viewer, id: string): Promise<AccessReport> {
    // The contact page's own check: an operator outside the person's departments gets "not found".
    const page = await this.directory.get(v, id);
    const k = this.db.kysely;
    const convRows = await k
      .selectFrom('conversations as c')
      .leftJoin('channels as ch', 'ch.id', 'c.channel')
      .leftJoin('departments as d', 'd.id', 'c.department_id')
      .leftJoin('users as u', 'u.id', 'c.agent_id')
      .select(['c.id', 'c.stage', 'c.department_id', 'c.agent_id', 'c.opened_at', 'c.closed_at', 'c.csat_score', 'c.csat_comment', 'ch.name as channel_name', 'ch.kind as channel_kind', 'd.name as department_name', 'u.name as agent_name'])
      .where('c.contact_id', '=', id)
      .orderBy('c.opened_at')
      .execute();
    const visible = convRows.filter((c) => canSee(v, c));
    const byConversation = new Map<string, ReportMessage[]>();
    for (const part of chunked(visible.map((c) => c.id))) {
      const rows = await k
        .selectFrom('messages as m')
        .leftJoin('users as u', 'u.id', 'm.user_id')
        .select(['m.conversation_id', 'm.direction', 'm.author', 'm.kind', 'm.body', 'm.status', 'm.created_at', 'm.edited_at', 'm.deleted_at', 'u.name as agent_name'])
        .where('m.conversation_id', 'in', part)
        .where('m.direction', '!=', 'note')
        .orderBy('m.id')
        .execute();
      for (const r of rows) {
        const list = byConversation.get(r.conversation_id) ?? [];
        list.push({
          at: r.created_at,
          direction: r.direction === 'in' ? 'in' : 'out',
          author: r.author,
          agentName: r.author === 'agent' ? r.agent_name : null,
          kind: r.kind,
          text: bodyText(r.body),
          status: r.status,
          editedAt: r.edited_at,
          deletedAt: r.deleted_at,
        });
        byConversation.set(r.conversation_id, list);
      }
    }
    const defs = await this.fields.list();
    const sessions = await k
      .selectFrom('sessions as s')
      .leftJoin('flows as f', 'f.id', 's.flow_id')
      .select(['s.state', 's.updated_at', 'f.name as flow_name'])
      .where('s.contact_id', '=', id)
      .execute();
    const files = visible.length
      ? await k
          .selectFrom('files')
          .select(['name', 'mime', 'size', 'created_at'])
          .where('id', 'in', k.selectFrom('file_links').select('file_id').where('owner_kind', '=', 'conversation').where('owner_id', 'in', visible.map((c) => c.id)))
          .orderBy('created_at')
          .execute()
      : [];
    return {
      generatedAt: this.clock().toISOString(),
      complete: visible.length === convRows.length,
      excludes: ['internal notes between agents'],
      contact: {
        id: page.id,
        name: page.name,
        phones: page.phones,
        emails: page.emails,
        notes: page.notes,
        createdAt: page.createdAt,
        updatedAt: page.updatedAt,
        lastContactAt: page.lastContactAt,
        block: page.block,
      },
      identities: page.identities,
      tags: page.tags.map((t) => t.name),
      fields: defs.filter((d) => page.fields[d.key] !== undefined && page.fields[d.key] !== null).map((d) => ({ key: d.key, label: d.label, value: page.fields[d.key] })),
      conversations: visible.map((c) => ({
        id: c.id,
        channelName: c.channel_name,
        channelKind: c.channel_kind,
        departmentName: c.department_name,
        agentName: c.agent_name,
        stage: c.stage,
        openedAt: c.opened_at,
        closedAt: c.closed_at,
        csatScore: c.csat_score,
        csatComment: c.csat_comment,
        messages: byConversation.get(c.id) ?? [],
      })),
      sessions: sessions.map((s) => {
        let variables: Record<string, unknown> = {};
        try {
          variables = ((JSON.parse(s.state) as { variables?: Record<string, unknown> }).variables ?? {}) as Record<string, unknown>;
        } catch {
          // An unreadable state holds nothing to show.
        }
        return { flowName: s.flow_name, updatedAt: s.updated_at, variables };
      }),
      files: files.map((f) => ({ name: f.name, mime: f.mime, size: Number(f.size), createdAt: f.created_at })),
    };
  }
}
