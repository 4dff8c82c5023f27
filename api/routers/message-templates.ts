// Settings → Modelos de mensagem: a WhatsApp Cloud API account's message templates at Meta —
// listed as last synced, created (submitted for Meta's review), synced, deleted. Supervisors only.
// (Not the flow templates of `templates`: those are starting points for flows.)
import { z } from 'zod';
import { templateDraft } from '../../runtime/channels/cloud-api/template-draft.js';
import { router, supervisorProcedure } from '../trpc.js';

const accountId = z.string().min(1, 'choose a Cloud API account');

export const messageTemplatesRouter = router({
  /** The Cloud API accounts templates can be made for. */
  accounts: supervisorProcedure.query(async ({ ctx }) =>
    (await ctx.app.channels.list()).filter((a) => a.kind === 'cloud-api').map((a) => ({ id: a.id, name: a.name })),
  ),
  list: supervisorProcedure.input(z.object({ accountId })).query(async ({ ctx, input }) => {
    await ctx.app.channels.get(input.accountId);
    return { templates: await ctx.app.messageTemplates.list(input.accountId), syncedAt: await ctx.app.messageTemplates.lastSync(input.accountId) };
  }),
  sync: supervisorProcedure.input(z.object({ accountId })).mutation(({ ctx, input }) => ctx.app.messageTemplates.sync(input.accountId)),
  create: supervisorProcedure.input(z.object({ accountId, template: templateDraft })).mutation(({ ctx, input }) => ctx.app.messageTemplates.create(input.accountId, input.template)),
  /** Deletes the template (every language of its name) at Meta and here. */
  remove: supervisorProcedure
    .input(z.object({ accountId, name: z.string().min(1, 'choose a template') }))
    .mutation(async ({ ctx, input }) => {
      await ctx.app.messageTemplates.remove(input.accountId, input.name);
      return { ok: true as const };
    }),
});
