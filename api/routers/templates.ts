import { z } from 'zod';
import { designerProcedure, router } from '../trpc.js';

export const templatesRouter = router({
  list: designerProcedure
    .input(z.object({ locale: z.enum(['pt-BR', 'en']).optional() }).optional())
    .query(({ ctx, input }) =>
      ctx.app.templates
        .filter((t) => !input?.locale || t.locale === input.locale)
        .map((t) => ({
          key: t.key,
          id: t.id,
          locale: t.locale,
          name: t.name,
          description: t.description,
          groups: t.document.groups.length,
          blocks: t.document.groups.reduce((n, g) => n + g.blocks.length, 0),
          document: t.document,
        })),
    ),
});
