// The Contacts tab's API. Every procedure runs as the calling agent: operators reach only the
// contacts the Inbox lets them see, and anything else answers "not found". Field definitions are
// the supervisors' to change; everyone reads them (the contact page shows them).
import { z } from 'zod';
import { contactCreate, contactEdit } from '../../runtime/contacts/directory.js';
import { eraseInput } from '../../runtime/contacts/erasure.js';
import { fieldInput, fieldUpdate } from '../../runtime/contacts/fields.js';
import { mergeInput } from '../../runtime/contacts/manual-merge.js';
import { contactQuery } from '../../runtime/contacts/query.js';
import { savedFilterInput } from '../../runtime/contacts/saved-filters.js';
import { agentProcedure, router, supervisorProcedure } from '../trpc.js';

const contactId = z.string().min(1, 'choose a contact');
const fieldId = z.string().min(1, 'choose a field');

export const contactsRouter = router({
  list: agentProcedure.input(contactQuery).query(({ ctx, input }) => ctx.app.contacts.directory.list(ctx.viewer, input)),
  get: agentProcedure.input(z.object({ id: contactId })).query(({ ctx, input }) => ctx.app.contacts.directory.get(ctx.viewer, input.id)),
  create: agentProcedure.input(contactCreate).mutation(({ ctx, input }) => ctx.app.contacts.directory.create(ctx.viewer, input)),
  update: agentProcedure.input(z.object({ id: contactId, patch: contactEdit })).mutation(async ({ ctx, input }) => {
    await ctx.app.contacts.directory.update(ctx.viewer, input.id, input.patch);
    return { ok: true as const };
  }),
  block: agentProcedure
    .input(z.object({ id: contactId, reason: z.string().trim().max(500, 'at most 500 characters').optional() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.app.contacts.directory.block(ctx.viewer, input.id, input.reason ?? null);
      return { ok: true as const };
    }),
  unblock: agentProcedure.input(z.object({ id: contactId })).mutation(async ({ ctx, input }) => {
    await ctx.app.contacts.directory.unblock(ctx.viewer, input.id);
    return { ok: true as const };
  }),
  /** "Mesclar com outro contato": both side by side, the values to choose, what combines. */
  mergePreview: agentProcedure
    .input(z.object({ id: contactId, otherId: contactId }))
    .query(({ ctx, input }) => ctx.app.contacts.merges.preview(ctx.viewer, input.id, input.otherId)),
  merge: agentProcedure.input(mergeInput).mutation(({ ctx, input }) => ctx.app.contacts.merges.merge(ctx.viewer, input)),
  /** A merged-away contact's address: where the person went, when the viewer may open it. */
  mergedInto: agentProcedure.input(z.object({ id: contactId })).query(({ ctx, input }) => ctx.app.contacts.merges.mergedInto(ctx.viewer, input.id)),
  // LGPD erasure: supervisors only — it cannot be undone and reaches every department's
  // conversations with the person, which an operator does not see.
  erasurePreview: supervisorProcedure.input(z.object({ id: contactId })).query(({ ctx, input }) => ctx.app.contacts.erasure.preview(ctx.app.inbox.viewer(ctx.user), input.id)),
  erase: supervisorProcedure.input(eraseInput).mutation(({ ctx, input }) => ctx.app.contacts.erasure.erase(ctx.app.inbox.viewer(ctx.user), input)),
  fields: router({
    list: agentProcedure.query(({ ctx }) => ctx.app.contacts.fields.list()),
    create: supervisorProcedure.input(fieldInput).mutation(({ ctx, input }) => ctx.app.contacts.fields.create(input)),
    update: supervisorProcedure.input(fieldUpdate.extend({ id: fieldId })).mutation(async ({ ctx, input }) => {
      await ctx.app.contacts.fields.update(input.id, input);
      return { ok: true as const };
    }),
    reorder: supervisorProcedure.input(z.object({ ids: z.array(fieldId).max(200) })).mutation(async ({ ctx, input }) => {
      await ctx.app.contacts.fields.reorder(input.ids);
      return { ok: true as const };
    }),
    usage: supervisorProcedure.input(z.object({ id: fieldId })).query(async ({ ctx, input }) => ({ contacts: await ctx.app.contacts.fields.usage(input.id) })),
    remove: supervisorProcedure.input(z.object({ id: fieldId })).mutation(({ ctx, input }) => ctx.app.contacts.fields.remove(input.id)),
  }),
  filters: router({
    list: agentProcedure.query(({ ctx }) => ctx.app.contacts.filters.list(ctx.viewer)),
    save: agentProcedure.input(savedFilterInput).mutation(({ ctx, input }) => ctx.app.contacts.filters.save(ctx.viewer, input)),
    remove: agentProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => ctx.app.contacts.filters.remove(ctx.viewer, input.id)),
  }),
});
