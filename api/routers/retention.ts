// Settings → Dados: the retention period, what it would delete now, its last run, and running
// it at once. Supervisors only: it deletes every department's transcripts.
import { z } from 'zod';
import { OziaError } from '../../runtime/errors.js';
import { retentionSettingsSchema } from '../../runtime/retention/settings.js';
import { router, supervisorProcedure } from '../trpc.js';

export const retentionRouter = router({
  get: supervisorProcedure.query(async ({ ctx }) => {
    const job = ctx.app.retention;
    return { settings: await job.settings.get(), lastRun: await job.settings.lastRun() };
  }),
  set: supervisorProcedure.input(retentionSettingsSchema).mutation(({ ctx, input }) => ctx.app.retention.settings.set(input)),
  /** How many messages and files a run with this period would delete now. */
  preview: supervisorProcedure
    .input(z.object({ days: retentionSettingsSchema.shape.days.unwrap() }))
    .query(({ ctx, input }) => ctx.app.retention.preview(input.days)),
  runNow: supervisorProcedure.mutation(async ({ ctx }) => {
    const job = ctx.app.retention;
    if (!(await job.settings.get()).enabled) throw new OziaError('BAD_REQUEST', 'enabled: retention is off; turn it on and save first');
    return job.runNow();
  }),
});

