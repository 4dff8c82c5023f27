import type { BlockContext, ContactUpdate, RunResult, Scalar, VariableValue, Variables } from '../contract.js';
import { defineExecutor } from '../contract.js';
import { withFilesAsText } from '../shared/file-value.js';
import { KNOWN_ITEM, schema, tagNames } from './schema.js';

type ContactValue = string | number | boolean;

function present(v: unknown): v is ContactValue {
  return (typeof v === 'string' && v.trim() !== '') || typeof v === 'number' || typeof v === 'boolean';
}

/** What the contact holds under a mapping's field: a column or a custom field's value. */
function contactValue(ctx: BlockContext, field: string): ContactValue | undefined {
  const c = ctx.contact;
  const v = field === 'name' ? c.name : field === 'email' ? c.email : field === 'phone' ? c.phone : c.fields?.[field];
  return present(v) ? v : undefined;
}

/** A variable as one value for the contact: lists and files are not contact values. */
function scalarOf(v: VariableValue | undefined): Scalar | undefined {
  const flat = withFilesAsText(v, 'stored');
  if (Array.isArray(flat)) return undefined;
  return flat as Scalar | undefined;
}

export const executor = defineExecutor(schema, {
  run(options, ctx): RunResult {
    const mappings = options.mappings.filter((m) => m.field && m.variableId);
    if (options.mode === 'load') {
      const set: Variables = {};
      let missing = 0;
      for (const m of mappings) {
        const v = contactValue(ctx, m.field);
        if (v === undefined) missing++;
        else set[m.variableId!] = v;
      }
      // Nothing chosen knows nothing: the questions the author put on "unknown" are asked.
      const known = mappings.length > 0 && missing === 0;
      return { set, ...(known ? { next: { path: 'item', itemId: KNOWN_ITEM } } : {}) };
    }
    const update: ContactUpdate = {};
    const fields: Record<string, Scalar> = {};
    for (const m of mappings) {
      const v = scalarOf(ctx.variables[m.variableId!]);
      if (!present(v)) continue; // an unanswered question never erases what the contact holds
      if (m.field === 'name' || m.field === 'email' || m.field === 'phone') update[m.field] = String(v).trim();
      else fields[m.field] = typeof v === 'string' ? v.trim() : v;
    }
    if (Object.keys(fields).length) update.fields = fields;
    const tags = tagNames(options.addTags);
    if (tags.length) update.addTags = tags;
    if (!Object.keys(update).length) {
      ctx.log('info', { en: 'nothing to save: the chosen variables are empty', 'pt-BR': 'nada a salvar: as variáveis escolhidas estão vazias' });
      return {};
    }
    return { contact: update };
  },
});
