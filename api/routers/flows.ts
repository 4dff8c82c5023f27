import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { readFlowExport, safeParseFlowDocument } from '../../blocks/flow.js';
import { MAX_FLOW_DOCUMENT_BYTES, megabytes } from '../../blocks/limits.js';
import { OziaError } from '../../runtime/errors.js';
import { fileIdsIn } from '../../runtime/files.js';
import type { AppServices } from '../services.js';
import { designerProcedure, router } from '../trpc.js';

const flowId = z.string().min(1, 'choose a flow').max(100);
const name = z.string().trim().min(1, 'give the flow a name').max(120, 'at most 120 characters');

/** A flow document is refused past its size, whether it came as an object or as JSON text. */
function refuseOversized(field: string, document: unknown) {
  const bytes = Buffer.byteLength(typeof document === 'string' ? document : (JSON.stringify(document) ?? ''));
  if (bytes > MAX_FLOW_DOCUMENT_BYTES) {
    throw new TRPCError({ code: 'PAYLOAD_TOO_LARGE', message: `${field}: the flow is larger than ${megabytes(MAX_FLOW_DOCUMENT_BYTES)} MB` });
  }
}

/** The flow's media files become readable by who may read the flow (file-access.ts). */
const linkFiles = (app: AppServices, flowId: string, document: unknown) => app.files.link(fileIdsIn(document), 'flow', flowId);

export const flowsRouter = router({
  list: designerProcedure
    .input(z.object({ search: z.string().max(200).optional() }).optional())
    .query(({ ctx, input }) => ctx.app.flows.list(input?.search)),

  get: designerProcedure.input(z.object({ id: flowId })).query(({ ctx, input }) => ctx.app.flows.get(input.id)),

  create: designerProcedure
    .input(z.object({ name, templateId: z.string().optional(), locale: z.enum(['pt-BR', 'en']).optional() }))
    .mutation(async ({ ctx, input }) => {
      let document: unknown;
      if (input.templateId) {
        const t = ctx.app.templates.find((x) => x.key === input.templateId);
        if (!t) throw new OziaError('NOT_FOUND', `templateId: no template "${input.templateId}"`);
        document = t.document;
      }
      return ctx.app.flows.create({ name: input.name, document, locale: input.locale, userId: ctx.user.id });
    }),

  rename: designerProcedure
    .input(z.object({ id: flowId, name }))
    .mutation(({ ctx, input }) => ctx.app.flows.rename(input.id, input.name)),

  duplicate: designerProcedure
    .input(z.object({ id: flowId, name: name.optional() }))
    .mutation(async ({ ctx, input }) => {
      const src = await ctx.app.flows.get(input.id);
      const copy = await ctx.app.flows.create({ name: input.name ?? `${src.name} (copy)`, document: src.draft, userId: ctx.user.id });
      await linkFiles(ctx.app, copy.id, src.draft);
      return copy;
    }),

  saveDraft: designerProcedure
    .input(
      z.object({
        id: flowId,
        document: z.unknown(),
        baseRevision: z.number().int().min(0),
        /** Overwrite whatever another tab saved meanwhile (after the user confirmed). */
        force: z.boolean().optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      refuseOversized('document', input.document);
      const r = await ctx.app.flows.saveDraft({ ...input, userId: ctx.user.id });
      await linkFiles(ctx.app, input.id, input.document);
      return { revision: r.revision, updatedAt: r.updatedAt };
    }),

  validate: designerProcedure.input(z.object({ document: z.unknown() })).mutation(({ input }) => {
    refuseOversized('document', input.document);
    const r = safeParseFlowDocument(input.document);
    return r.ok ? { ok: true as const, issues: [] } : { ok: false as const, issues: r.issues };
  }),

  publish: designerProcedure
    .input(z.object({ id: flowId, note: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => ctx.app.flows.publish({ id: input.id, note: input.note, userId: ctx.user.id })),

  versions: designerProcedure.input(z.object({ id: flowId })).query(({ ctx, input }) => ctx.app.flows.versions(input.id)),

  version: designerProcedure
    .input(z.object({ id: flowId, versionId: z.string().min(1) }))
    .query(async ({ ctx, input }) => {
      const v = await ctx.app.flows.versionDocument(input.versionId);
      if (v.flowId !== input.id) throw new OziaError('NOT_FOUND', `version "${input.versionId}" not found`);
      return { versionId: input.versionId, document: v.doc };
    }),

  restoreVersion: designerProcedure
    .input(z.object({ id: flowId, versionId: z.string().min(1), baseRevision: z.number().int().min(0) }))
    .mutation(async ({ ctx, input }) => {
      const restored = await ctx.app.flows.restoreVersion({
        flowId: input.id,
        versionId: input.versionId,
        baseRevision: input.baseRevision,
        userId: ctx.user.id,
      });
      await linkFiles(ctx.app, input.id, restored.document);
      return { revision: restored.revision, document: restored.document };
    }),

  delete: designerProcedure.input(z.object({ id: flowId })).mutation(async ({ ctx, input }) => {
    await ctx.app.flows.remove(input.id);
    return { ok: true as const };
  }),

  /** Accepts the export format `{name, document}` or a bare document, as an object or JSON text. */
  import: designerProcedure
    .input(z.object({ name: name.optional(), json: z.union([z.string(), z.record(z.string(), z.unknown())]) }))
    .mutation(async ({ ctx, input }) => {
      refuseOversized('json', input.json);
      let data: unknown = input.json;
      if (typeof data === 'string') {
        try {
          data = JSON.parse(data);
        } catch (e) {
          throw new OziaError('BAD_REQUEST', `json: not valid JSON (${(e as Error).message})`);
        }
      }
      const file = readFlowExport(data);
      const created = await ctx.app.flows.create({ name: input.name ?? file.name ?? 'Imported flow', document: file.document, userId: ctx.user.id });
      await linkFiles(ctx.app, created.id, file.document);
      return created;
    }),

  export: designerProcedure.input(z.object({ id: flowId })).query(({ ctx, input }) => ctx.app.flows.exportJson(input.id)),
});
