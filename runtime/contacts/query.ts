// What the Contacts tab asks for: search, filters, sort and page. The same shape is a saved filter.
import { z } from 'zod';

const day = z.iso.date({ error: 'use a date like 2026-12-31' });

export const fieldFilter = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'choose a field'),
    /** equals: every type; contains: text; between: number and date (either end may be open). */
    op: z.enum(['equals', 'contains', 'between']),
    value: z.union([z.string().max(200, 'at most 200 characters'), z.number(), z.boolean()]).optional(),
    from: z.union([z.string().max(40), z.number()]).optional(),
    to: z.union([z.string().max(40), z.number()]).optional(),
  })
  .refine((f) => (f.op === 'between' ? f.from !== undefined || f.to !== undefined : f.value !== undefined && f.value !== ''), {
    path: ['value'],
    message: 'type a value to filter by',
  });
export type FieldFilter = z.infer<typeof fieldFilter>;

export const contactFilters = z.object({
  /** Name, e-mail, a phone in any format, a CPF/CNPJ (with or without punctuation). */
  search: z.string().trim().max(200, 'at most 200 characters').optional(),
  tagId: z.string().min(1).optional(),
  field: fieldFilter.optional(),
  /** A channel kind (whatsapp, webchat…): contacts known on any account of it. */
  channelKind: z.string().min(1).max(40).optional(),
  /** A channel account. */
  channel: z.string().min(1).optional(),
  createdFrom: day.optional(),
  /** Inclusive: the whole day. */
  createdTo: day.optional(),
  lastContactFrom: day.optional(),
  lastContactTo: day.optional(),
  /** Only the blocked contacts ("Bloqueados"). */
  blocked: z.boolean().optional(),
});
export type ContactFilters = z.infer<typeof contactFilters>;

export const contactSorts = ['name', 'created', 'last_contact'] as const;
export type ContactSort = (typeof contactSorts)[number];

export const contactQuery = contactFilters.extend({
  sort: z.enum(contactSorts).default('created'),
  dir: z.enum(['asc', 'desc']).optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(25),
});
export type ContactQuery = z.input<typeof contactQuery>;
