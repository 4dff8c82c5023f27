// People: supervisors create, edit and deactivate users, set their departments, capacity and
// signature, and reset passwords; everyone changes their own password and status. A change
// that can free or add room (status, capacity, departments) serves the queues again.
import { z } from 'zod';
import type { Bus } from '../runtime/bus.js';
import type { Db } from '../runtime/db/connect.js';
import type { UserStatus } from '../runtime/db/schema.js';
import { notFound, OziaError } from '../runtime/errors.js';
import type { Inbox } from '../runtime/inbox/index.js';
import { verifyPassword, type Auth } from './auth.js';
import { passwordSchema } from './passwords/policy.js';

export { passwordSchema };
export const statusSchema = z.enum(['online', 'away', 'offline']);

const profile = {
  name: z.string().trim().min(1, 'type the name').max(80, 'at most 80 characters'),
  email: z.string().trim().toLowerCase().pipe(z.email('type a valid email')),
  role: z.enum(['supervisor', 'operator']),
  capacity: z.number().int().min(1, 'at least 1 conversation at a time').max(100, 'at most 100'),
  signature: z.boolean(),
  departmentIds: z.array(z.string().min(1)).max(100),
};

export const createUserInput = z.object({
  ...profile,
  capacity: profile.capacity.default(5),
  signature: profile.signature.default(true),
  departmentIds: profile.departmentIds.default([]),
  password: passwordSchema,
});

export const updateUserInput = z.object({
  id: z.string().min(1),
  ...profile,
  active: z.boolean(),
});

export interface UserSummary {
  id: string;
  email: string;
  name: string;
  role: 'supervisor' | 'operator';
  active: boolean;
  status: UserStatus;
  capacity: number;
  signature: boolean;
  departmentIds: string[];
  /** Conversations they serve now. */
  load: number;
  createdAt: string;
}

export class Users {
  constructor(
    private readonly db: Db,
    private readonly auth: Auth,
    private readonly inbox: Inbox,
    private readonly bus: Bus,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get k() {
    return this.db.kysely;
  }

  /** Everyone, or one user by id. */
  async list(id?: string): Promise<UserSummary[]> {
    let q = this.k
      .selectFrom('users')
      .select((eb) => [
        'users.id',
        'users.email',
        'users.name',
        'users.role',
        'users.active',
        'users.status',
        'users.capacity',
        'users.signature',
        'users.created_at',
        eb
          .selectFrom('conversations')
          .select((e) => e.fn.countAll<number>().as('n'))
          .whereRef('conversations.agent_id', '=', 'users.id')
          .where('conversations.stage', '=', 'in_service')
          .as('load'),
      ])
      .orderBy('users.name');
    if (id) q = q.where('users.id', '=', id);
    const rows = await q.execute();
    return rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role,
      active: r.active === 1,
      status: r.active === 1 ? r.status : 'offline',
      capacity: Number(r.capacity),
      signature: Number(r.signature) === 1,
      departmentIds: this.inbox.departments.of(r.id),
      load: Number(r.load ?? 0),
      createdAt: r.created_at,
    }));
  }

  async get(id: string): Promise<UserSummary> {
    const [u] = await this.list(id);
    if (!u) throw notFound(`user "${id}"`);
    return u;
  }

  private async emailTaken(email: string, exceptId?: string) {
    const row = await this.k.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    return !!row && row.id !== exceptId;
  }

  async create(raw: z.input<typeof createUserInput>): Promise<UserSummary> {
    const input = createUserInput.parse(raw);
    if (await this.emailTaken(input.email)) throw new OziaError('CONFLICT', `email: a user with ${input.email} already exists`);
    const user = await this.auth.createUser({ email: input.email, name: input.name, role: input.role, password: input.password });
    await this.k.updateTable('users').set({ capacity: input.capacity, signature: input.signature ? 1 : 0 }).where('id', '=', user.id).execute();
    await this.inbox.departments.setUserDepartments(user.id, input.departmentIds);
    return this.get(user.id);
  }

  /** Keeps at least one active supervisor, so nobody can lock the team out of Settings. */
  private async guardLastSupervisor(id: string, staysSupervisor: boolean) {
    if (staysSupervisor) return;
    const others = await this.k
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'supervisor')
      .where('active', '=', 1)
      .where('id', '!=', id)
      .execute();
    if (!others.length) throw new OziaError('CONFLICT', 'role: this is the last active supervisor; make someone else a supervisor first');
  }

  async update(raw: z.input<typeof updateUserInput>): Promise<UserSummary> {
    const input = updateUserInput.parse(raw);
    const before = await this.get(input.id);
    if (await this.emailTaken(input.email, input.id)) throw new OziaError('CONFLICT', `email: a user with ${input.email} already exists`);
    if (before.role === 'supervisor' && before.active) await this.guardLastSupervisor(input.id, input.role === 'supervisor' && input.active);
    await this.k
      .updateTable('users')
      .set({
        name: input.name,
        email: input.email,
        role: input.role,
        capacity: input.capacity,
        signature: input.signature ? 1 : 0,
        active: input.active ? 1 : 0,
        ...(input.active ? {} : { status: 'offline' as const }),
        updated_at: this.clock().toISOString(),
      })
      .where('id', '=', input.id)
      .execute();
    // A deactivated user is logged out everywhere at once.
    if (!input.active) await this.auth.endSessions({ userId: input.id });
    await this.inbox.departments.setUserDepartments(input.id, input.departmentIds);
    const after = await this.get(input.id);
    this.rebalance(after, [...before.departmentIds, ...after.departmentIds]);
    return after;
  }

  async resetPassword(id: string, password: string): Promise<void> {
    await this.get(id);
    await this.auth.setPassword(id, passwordSchema.parse(password));
  }

  /** Ends every other session of theirs: whoever learnt the old password is out too. */
  async changeOwnPassword(id: string, current: string, next: string, keepToken: string | undefined): Promise<void> {
    const row = await this.k.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`user "${id}"`);
    if (!(await verifyPassword(current, row.password_hash))) throw new OziaError('BAD_REQUEST', 'current: the current password is wrong');
    await this.auth.setPassword(id, passwordSchema.parse(next), keepToken);
  }

  async setSignature(id: string, on: boolean): Promise<void> {
    await this.k.updateTable('users').set({ signature: on ? 1 : 0 }).where('id', '=', id).execute();
  }

  async setStatus(id: string, status: UserStatus): Promise<UserSummary> {
    await this.k.updateTable('users').set({ status }).where('id', '=', id).execute();
    const after = await this.get(id);
    this.rebalance(after, after.departmentIds);
    return after;
  }

  /** After logout: offline once no session of theirs is left. */
  async afterLogout(id: string): Promise<void> {
    const now = this.clock().toISOString();
    const left = await this.k.selectFrom('auth_sessions').select('token_hash').where('user_id', '=', id).where('expires_at', '>', now).executeTakeFirst();
    if (!left) await this.setStatus(id, 'offline');
  }

  /** Users whose every session has expired go offline (run periodically). */
  async sweepOffline(): Promise<number> {
    const now = this.clock().toISOString();
    const stale = await this.k
      .selectFrom('users')
      .select('id')
      .where('status', '!=', 'offline')
      .where((eb) =>
        eb.not(eb.exists(eb.selectFrom('auth_sessions').select('token_hash').whereRef('auth_sessions.user_id', '=', 'users.id').where('expires_at', '>', now))),
      )
      .execute();
    for (const u of stale) await this.setStatus(u.id, 'offline');
    return stale.length;
  }

  private rebalance(user: UserSummary, departmentIds: string[]) {
    this.bus.emit('inbox', { type: 'presence', userId: user.id, status: user.status, departmentIds: user.departmentIds, agentIds: [user.id] });
    void this.inbox.assigner.runAll(departmentIds).catch((e) => console.error('[ozia] assignment failed:', e));
  }
}
