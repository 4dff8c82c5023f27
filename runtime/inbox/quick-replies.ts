// The message bank: saved messages an agent types as `/shortcut` (or picks from a list), global
// or for one department, with variables such as {{contact.name}} filled in when used.
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import { notFound, OziaError } from '../errors.js';
import { newId } from '../ids.js';
import type { Viewer } from './access.js';

export const quickReplyInput = z.object({
  shortcut: z
    .string()
    .trim()
    .transform((s) => s.replace(/^\//, '').toLowerCase())
    .pipe(z.string().regex(/^[\p{L}\p{N}_-]{1,30}$/u, 'use 1 to 30 letters, digits, - or _ (no spaces)')),
  title: z.string().trim().min(1, 'give it a title').max(80, 'at most 80 characters'),
  body: z.string().max(4096, 'at most 4096 characters').default(''),
  fileId: z.string().min(1).nullish(),
  /** Null: every department. */
  departmentId: z.string().min(1).nullish(),
}).refine((q) => q.body.trim() || q.fileId, { path: ['body'], message: 'write the message or attach a file' });

export interface QuickReply {
  id: string;
  shortcut: string;
  title: string;
  body: string;
  fileId: string | null;
  departmentId: string | null;
  updatedAt: string;
}

export class QuickReplies {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
    private readonly departmentExists: (id: string) => boolean,
  ) {}

  private get k() {
    return this.db.kysely;
  }

  /** Supervisors manage them all; agents get the global ones and their departments'. */
  async list(v: Viewer | null): Promise<QuickReply[]> {
    let q = this.k.selectFrom('quick_replies').selectAll().orderBy('shortcut');
    if (v && v.role !== 'supervisor') {
      const depts = v.departmentIds;
      q = q.where((eb) => eb.or([eb('department_id', 'is', null), ...(depts.length ? [eb('department_id', 'in', depts)] : [])]));
    }
    return (await q.execute()).map((r) => ({
      id: r.id,
      shortcut: r.shortcut,
      title: r.title,
      body: r.body,
      fileId: r.file_id,
      departmentId: r.department_id,
      updatedAt: r.updated_at,
    }));
  }

  private async check(input: z.output<typeof quickReplyInput>, exceptId?: string) {
    if (input.departmentId && !this.departmentExists(input.departmentId)) throw new OziaError('BAD_REQUEST', `departmentId: no department "${input.departmentId}"`);
    const same = await this.k
      .selectFrom('quick_replies')
      .select(['id', 'department_id'])
      .where('shortcut', '=', input.shortcut)
      .execute();
    if (same.some((r) => r.id !== exceptId && (r.department_id ?? null) === (input.departmentId ?? null))) {
      throw new OziaError('CONFLICT', `shortcut: /${input.shortcut} already exists here`);
    }
    if (input.fileId) {
      const f = await this.k.selectFrom('files').select('id').where('id', '=', input.fileId).executeTakeFirst();
      if (!f) throw new OziaError('BAD_REQUEST', 'fileId: the attachment was not found; upload it again');
    }
  }

  async create(raw: z.input<typeof quickReplyInput>, userId: string): Promise<QuickReply> {
    const input = quickReplyInput.parse(raw);
    await this.check(input);
    const id = newId();
    const now = this.clock().toISOString();
    await this.k
      .insertInto('quick_replies')
      .values({
        id,
        shortcut: input.shortcut,
        title: input.title,
        body: input.body,
        file_id: input.fileId ?? null,
        department_id: input.departmentId ?? null,
        created_by: userId,
        created_at: now,
        updated_at: now,
      })
      .execute();
    return { id, shortcut: input.shortcut, title: input.title, body: input.body, fileId: input.fileId ?? null, departmentId: input.departmentId ?? null, updatedAt: now };
  }

  async update(id: string, raw: z.input<typeof quickReplyInput>): Promise<void> {
    const input = quickReplyInput.parse(raw);
    await this.check(input, id);
    const r = await this.k
      .updateTable('quick_replies')
      .set({
        shortcut: input.shortcut,
        title: input.title,
        body: input.body,
        file_id: input.fileId ?? null,
        department_id: input.departmentId ?? null,
        updated_at: this.clock().toISOString(),
      })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw notFound(`quick reply "${id}"`);
  }

  async remove(id: string): Promise<void> {
    const r = await this.k.deleteFrom('quick_replies').where('id', '=', id).executeTakeFirst();
    if (Number(r.numDeletedRows) !== 1) throw notFound(`quick reply "${id}"`);
  }
}
