// Files saved in variables (by the File input) as every other reader meets them: templates,
// conditions, expressions and "append to list". A file reads as its name where a person reads
// it and as its address where a value is stored or fetched (a bubble's URL `{{foto}}`).
import { z } from 'zod';
import type { Attachment, FileValue, Scalar, VariableValue } from '../contract.js';

export const fileValueSchema = z.object({
  fileId: z.string().min(1),
  url: z.string().min(1),
  name: z.string(),
  mime: z.string(),
  size: z.number().nonnegative(),
  kind: z.enum(['image', 'video', 'audio', 'document', 'sticker']),
});

export function isFileValue(v: unknown): v is FileValue {
  return !!v && typeof v === 'object' && !Array.isArray(v) && fileValueSchema.safeParse(v).success;
}

/** What a File input saves for one attachment: a name is always there (a voice note has none of its own). */
export function fileValueOf(a: Attachment): FileValue {
  const ext = a.mime.split('/')[1]?.split(/[;+]/)[0] ?? 'bin';
  const name = a.name?.trim() || `${a.kind}.${ext}`;
  return { fileId: a.fileId, url: a.url, name, mime: a.mime, size: a.size, kind: a.kind };
}

/** A file as text: its name for a person to read, its address as a value. */
export function fileText(f: FileValue, as: 'display' | 'stored'): string {
  return as === 'display' ? f.name : f.url;
}

/** The value with each file turned into text, for readers that only know scalars; anything else unchanged. */
export function withFilesAsText(v: VariableValue | undefined, as: 'display' | 'stored'): Scalar | Scalar[] | undefined {
  if (isFileValue(v)) return fileText(v, as);
  if (Array.isArray(v)) return (v as unknown[]).map((x) => (isFileValue(x) ? fileText(x, as) : (x as Scalar)));
  return v;
}
