// Users and departments. Supervisors manage them; every agent reads the directory (names,
// status, departments) to transfer and mention, and manages their own password and status.
import { z } from 'zod';
import { departmentInput } from '../../runtime/inbox/departments.js';
import { createUserInput, passwordSchema, statusSchema, updateUserInput } from '../users.js';
import { authedProcedure, router, supervisorProcedure } from '../trpc.js';

const id = z.string().min(1);

export const usersRouter = router({
  list: supervisorProcedure.query(({ ctx }) => ctx.app.users.list()),
  create: supervisorProcedure.input(createUserInput).mutation(({ ctx, input }) => ctx.app.users.create(input)),
  update: supervisorProcedure.input(updateUserInput).mutation(({ ctx, input }) => ctx.app.users.update(input)),
  resetPassword: supervisorProcedure
    .input(z.object({ id, password: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      await ctx.app.users.resetPassword(input.id, input.password);
      return { ok: true as const };
    }),
  /** Names, status and departments of active colleagues, for transfers, mentions and filters. */
  directory: authedProcedure.query(async ({ ctx }) =>
    (await ctx.app.users.list())
      .filter((u) => u.active)
      .map(({ id, name, role, status, departmentIds, load, capacity }) => ({ id, name, role, status, departmentIds, load, capacity })),
  ),
  me: authedProcedure.query(({ ctx }) => ctx.app.users.get(ctx.user.id)),
  setStatus: authedProcedure.input(z.object({ status: statusSchema })).mutation(({ ctx, input }) => ctx.app.users.setStatus(ctx.user.id, input.status)),
  setSignature: authedProcedure.input(z.object({ on: z.boolean() })).mutation(async ({ ctx, input }) => {
    await ctx.app.users.setSignature(ctx.user.id, input.on);
    return ctx.app.users.get(ctx.user.id);
  }),
  changePassword: authedProcedure
    .input(z.object({ current: z.string().min(1, 'type your current password'), next: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      await ctx.app.users.changeOwnPassword(ctx.user.id, input.current, input.next, ctx.token);
      return { ok: true as const };
    }),
});

export const departmentsRouter = router({
  /** Every agent sees the list (to filter and transfer); members and hours are the supervisors' business. */
  list: authedProcedure.query(({ ctx }) =>
    ctx.app.inbox.departments
      .list()
      .map((d) => (ctx.user.role === 'supervisor' ? d : { id: d.id, name: d.name, color: d.color, memberIds: d.memberIds })),
  ),
  get: supervisorProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.app.inbox.departments.require(input.id)),
  /** Open now? When next? For the Settings screen and the Agent block's form. */
  status: authedProcedure.input(z.object({ id })).query(({ ctx, input }) => {
    const s = ctx.app.inbox.departments.department(input.id, new Date(), 'pt-BR');
    return s ? { open: s.open } : null;
  }),
  create: supervisorProcedure.input(departmentInput).mutation(async ({ ctx, input }) => {
    const d = await ctx.app.inbox.departments.create(input);
    void ctx.app.inbox.assigner.run(d.id);
    return d;
  }),
  update: supervisorProcedure.input(departmentInput.extend({ id })).mutation(async ({ ctx, input }) => {
    const { id: deptId, ...rest } = input;
    const d = await ctx.app.inbox.departments.update(deptId, rest);
    void ctx.app.inbox.assigner.run(d.id);
    return d;
  }),
  remove: supervisorProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await ctx.app.inbox.departments.remove(input.id);
    return { ok: true as const };
  }),
});
