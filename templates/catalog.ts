// The template gallery: every `<id>.<locale>.json` in this folder, validated by the flow schema.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseFlowDocument, type FlowDocument } from '../blocks/flow.js';

const dir = path.dirname(fileURLToPath(import.meta.url));

const fileSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  locale: z.enum(['pt-BR', 'en']),
  name: z.string().min(1),
  description: z.string().min(1),
  document: z.unknown(),
});

export interface Template {
  /** `<id>.<locale>`: unique across the gallery. */
  key: string;
  id: string;
  locale: 'pt-BR' | 'en';
  name: string;
  description: string;
  document: FlowDocument;
  file: string;
}

export function templateFiles(): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^[a-z0-9-]+\.(pt-BR|en)\.json$/.test(f))
    .sort()
    .map((f) => path.join(dir, f));
}

export function loadTemplate(file: string): Template {
  const raw = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  return {
    key: `${raw.id}.${raw.locale}`,
    id: raw.id,
    locale: raw.locale,
    name: raw.name,
    description: raw.description,
    document: parseFlowDocument(raw.document),
    file,
  };
}

export function loadTemplates(): Template[] {
  return templateFiles().map(loadTemplate);
}
