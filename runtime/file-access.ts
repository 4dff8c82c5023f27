// Who may read (and delete) an uploaded file: supervisors every file; the person who uploaded
// it; an operator when it is used where they may look — a conversation they may see, a quick
// reply of their departments (or of all), a published flow (the flows agents hand back to, whose
// media reach their conversations). The test chat is the designers' (supervisors') tool.
import type { Db } from './db/connect.js';
import { canSee, type Viewer } from './inbox/access.js';

export async function canReadFile(db: Db, v: Viewer, file: { id: string; created_by: string | null }): Promise<boolean> {
  if (v.role === 'supervisor' || file.created_by === v.id) return true;
  const k = db.kysely;
  const conversations = await k
    .selectFrom('file_links as l')
    .innerJoin('conversations as c', 'c.id', 'l.owner_id')
    .select(['c.department_id', 'c.agent_id'])
    .where('l.file_id', '=', file.id)
    .where('l.owner_kind', '=', 'conversation')
    .execute();
  if (conversations.some((c) => canSee(v, c))) return true;
  const replies = await k
    .selectFrom('file_links as l')
    .innerJoin('quick_replies as q', 'q.id', 'l.owner_id')
    .select('q.department_id')
    .where('l.file_id', '=', file.id)
    .where('l.owner_kind', '=', 'quick_reply')
    .execute();
  if (replies.some((q) => q.department_id === null || v.departmentIds.includes(q.department_id))) return true;
  const published = await k
    .selectFrom('file_links as l')
    .innerJoin('flows as f', 'f.id', 'l.owner_id')
    .select('f.id')
    .where('l.file_id', '=', file.id)
    .where('l.owner_kind', '=', 'flow')
    .where('f.published_version_id', 'is not', null)
    .executeTakeFirst();
  return !!published;
}
