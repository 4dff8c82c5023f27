// Departments (queues): name, color, members, greeting, business hours and what the contact
// is told out of hours. Kept in memory as well, because the Agent block asks about a
// department inside a turn, where a database round trip per handoff would be wasted.
import { z } from 'zod';
import type { DepartmentStatus, HandoffService, Locale } from '../../blocks/contract.js';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { Transaction } from 'kysely';
import type { DepartmentRow } from '../db/schema.js';
import { notFound, OziaError } from '../errors.js';
import { newId } from '../ids.js';
import { foldText } from '../../blocks/shared/values.js';
import { businessHoursSchema, describeOpening, isOpen, nextOpening, type BusinessHours } from './business-hours.js';

export const COLOR = /^#[0-9a-f]{6}$/i;

export const departmentInput = z.object({
  name: z.string().trim().min(1, 'name the department').max(60, 'at most 60 characters'),
  /** Flows can hand over to `{{department}}`: a variable holding this code (or the name). */
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^$|^[a-z0-9_-]{1,30}$/, 'use 1 to 30 lowercase letters, digits, - or _')
    .nullish()
    .transform((c) => c || null),
  color: z.string().regex(COLOR, 'use a color like #2f80ed').default('#2f80ed'),
  greeting: z.string().max(1000, 'at most 1000 characters').default(''),
  outOfHoursMessage: z.string().max(1000, 'at most 1000 characters').default(''),
  hours: businessHoursSchema.default({ enabled: false, timeZone: 'America/Sao_Paulo', weekly: [], holidays: [] }),
  memberIds: z.array(z.string().min(1)).max(500).default([]),
});
export type DepartmentInput = z.input<typeof departmentInput>;

export interface Department {
  id: string;
  name: string;
  code: string | null;
  color: string;
  greeting: string;
  outOfHoursMessage: string;
  hours: BusinessHours;
  memberIds: string[];
  createdAt: string;
  updatedAt: string;
}

const REFRESH_MS = 30_000;

export class Departments implements HandoffService {
  private cache = new Map<string, Department>();
  private loadedAt = 0;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get k() {
    return this.db.kysely;
  }

  /** Loads every department into memory (start, after a change, and every 30 s for other processes' changes). */
  async refresh(): Promise<void> {
    const [rows, members] = await Promise.all([
      this.k.selectFrom('departments').selectAll().orderBy('name').execute(),
      this.k.selectFrom('department_members').selectAll().execute(),
    ]);
    const byDept = new Map<string, string[]>();
    for (const m of members) byDept.set(m.department_id, [...(byDept.get(m.department_id) ?? []), m.user_id]);
    const next = new Map<string, Department>();
    for (const r of rows) next.set(r.id, this.fromRow(r, byDept.get(r.id) ?? []));
    this.cache = next;
    this.loadedAt = Date.now();
  }

  private fromRow(r: DepartmentRow, memberIds: string[]): Department {
    const hours = businessHoursSchema.safeParse(JSON.parse(r.hours));
    return {
      id: r.id,
      name: r.name,
      code: r.code,
      color: r.color,
      greeting: r.greeting,
      outOfHoursMessage: r.out_of_hours_message,
      hours: hours.success ? hours.data : businessHoursSchema.parse({}),
      memberIds,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
  }

  private maybeRefresh() {
    if (Date.now() - this.loadedAt > REFRESH_MS) void this.refresh().catch(() => {});
  }

  list(): Department[] {
    this.maybeRefresh();
    return [...this.cache.values()];
  }

  get(id: string): Department | null {
    this.maybeRefresh();
    return this.cache.get(id) ?? null;
  }

  /** By id, by code, or by name (accents and case ignored): what an Agent block's `{{variable}}` may hold. */
  resolve(ref: string): Department | null {
    const byId = this.get(ref);
    if (byId) return byId;
    const key = foldText(ref);
    if (!key) return null;
    return this.list().find((d) => d.code === key || foldText(d.name) === key) ?? null;
  }

  require(id: string): Department {
    const d = this.get(id);
    if (!d) throw notFound(`department "${id}"`);
    return d;
  }

  /** The departments a user belongs to. */
  of(userId: string): string[] {
    return this.list()
      .filter((d) => d.memberIds.includes(userId))
      .map((d) => d.id);
  }

  /** HandoffService: what the Agent block needs at the turn's instant. */
  department(ref: string, at: Date, locale: Locale): DepartmentStatus | null {
    const d = this.resolve(ref);
    if (!d) return null;
    const open = isOpen(d.hours, at);
    const next = open ? null : nextOpening(d.hours, at);
    return {
      id: d.id,
      name: d.name,
      open,
      outOfHoursMessage: d.outOfHoursMessage,
      nextOpening: next ? describeOpening(next, d.hours, at, locale) : null,
    };
  }

  private async checkMembers(ids: string[]) {
    if (!ids.length) return;
    const found = await this.k.selectFrom('users').select('id').where('id', 'in', ids).execute();
    const known = new Set(found.map((u) => u.id));
    const missing = ids.findIndex((id) => !known.has(id));
    if (missing >= 0) throw new OziaError('BAD_REQUEST', `memberIds[${missing}]: no user "${ids[missing]}"`);
  }

  private async checkUnique(input: { name: string; code: string | null }, exceptId?: string) {
    const rows = await this.k.selectFrom('departments').select(['id', 'name', 'code']).execute();
    const others = rows.filter((r) => r.id !== exceptId);
    if (others.some((r) => foldText(r.name) === foldText(input.name))) {
      throw new OziaError('CONFLICT', `name: a department called "${input.name}" already exists`);
    }
    if (input.code && others.some((r) => r.code === input.code)) {
      throw new OziaError('CONFLICT', `code: another department already uses the code "${input.code}"`);
    }
  }

  async create(raw: DepartmentInput): Promise<Department> {
    const input = departmentInput.parse(raw);
    await this.checkUnique(input);
    const members = [...new Set(input.memberIds)];
    await this.checkMembers(members);
    const id = newId();
    const now = this.clock().toISOString();
    await this.k.transaction().execute(async (tx) => {
      await tx
        .insertInto('departments')
        .values({
          id,
          name: input.name,
          code: input.code,
          color: input.color.toLowerCase(),
          greeting: input.greeting,
          out_of_hours_message: input.outOfHoursMessage,
          hours: JSON.stringify(input.hours),
          created_at: now,
          updated_at: now,
        })
        .execute();
      await addMembers(tx, id, members);
    });
    await this.refresh();
    return this.require(id);
  }

  async update(id: string, raw: DepartmentInput): Promise<Department> {
    this.require(id);
    const input = departmentInput.parse(raw);
    await this.checkUnique(input, id);
    const members = [...new Set(input.memberIds)];
    await this.checkMembers(members);
    await this.k.transaction().execute(async (tx) => {
      await tx
        .updateTable('departments')
        .set({
          name: input.name,
          code: input.code,
          color: input.color.toLowerCase(),
          greeting: input.greeting,
          out_of_hours_message: input.outOfHoursMessage,
          hours: JSON.stringify(input.hours),
          updated_at: this.clock().toISOString(),
        })
        .where('id', '=', id)
        .execute();
      await tx.deleteFrom('department_members').where('department_id', '=', id).execute();
      await addMembers(tx, id, members);
    });
    await this.refresh();
    return this.require(id);
  }

  /** Sets which departments a user belongs to (the user form edits membership from the other side). */
  async setUserDepartments(userId: string, departmentIds: string[]): Promise<void> {
    const ids = [...new Set(departmentIds)];
    const missing = ids.findIndex((d) => !this.cache.has(d));
    if (missing >= 0) throw new OziaError('BAD_REQUEST', `departmentIds[${missing}]: no department "${ids[missing]}"`);
    await this.k.transaction().execute(async (tx) => {
      await tx.deleteFrom('department_members').where('user_id', '=', userId).execute();
      if (ids.length) await tx.insertInto('department_members').values(ids.map((d) => ({ department_id: d, user_id: userId }))).execute();
    });
    await this.refresh();
  }

  /** Refused while conversations wait or are served in it: they would be orphaned. */
  async remove(id: string): Promise<void> {
    const d = this.require(id);
    const live = await this.k
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('department_id', '=', id)
      .where('stage', 'in', ['waiting', 'in_service'])
      .executeTakeFirst();
    const n = Number(live?.n ?? 0);
    if (n > 0) {
      throw new OziaError('CONFLICT', `"${d.name}" still has ${n} open conversation(s): transfer or finish them before deleting it`);
    }
    await this.k.transaction().execute(async (tx) => {
      await tx.deleteFrom('department_members').where('department_id', '=', id).execute();
      await tx.deleteFrom('departments').where('id', '=', id).execute();
    });
    await this.refresh();
  }
}

async function addMembers(tx: Transaction<Database>, departmentId: string, userIds: string[]) {
  if (userIds.length) await tx.insertInto('department_members').values(userIds.map((u) => ({ department_id: departmentId, user_id: u }))).execute();
}
