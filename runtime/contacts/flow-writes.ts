// What a flow's Contact block writes into the contact, applied inside the turn's commit (the same
// transaction as the session, so a crash keeps both or neither). Each value passes the checks a
// person's edit passes; a refused value is skipped and logged, never failing the turn: the
// contact's message must still be answered.
import { sql as raw, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { ContactUpdate, Locale, Localized } from '../../blocks/contract.js';
import type { Sql } from '../db/prepared.js';
import type { LogEntry } from '../context.js';
import type { RuntimeCore } from '../core.js';
import { checkValue, documentsOf, readValues, type FieldDefinition } from './fields.js';
import { phoneSpellings, toE164 } from './phone.js';

const email = z.string().trim().toLowerCase().pipe(z.email().max(200));
const NAME_MAX = 120;

const YES = new Set(['sim', 's', 'yes', 'y', 'true', '1']);
const NO = new Set(['não', 'nao', 'n', 'no', 'false', '0']);

/** A flow's answer to a yes/no field: a button's "Sim"/"Não" as well as a boolean; anything else stays as is (and is refused). */
function yesNo(v: string | number | boolean): unknown {
  if (typeof v === 'boolean') return v;
  const t = String(v).trim().toLowerCase();
  return YES.has(t) ? true : NO.has(t) ? false : v;
}

/** Applies `u` to the contact in the open transaction; returns what was skipped and why, in the flow's language. */
export async function applyContactUpdate(core: RuntimeCore, sql: Sql, contactId: string, u: ContactUpdate, locale: Locale, nowIso: string): Promise<LogEntry[]> {
  const k = core.k;
  const logs: LogEntry[] = [];
  const skip = (text: Localized, data?: unknown) => logs.push({ level: 'warn', message: text[locale], ...(data === undefined ? {} : { data }) });
  const [row] = (await sql.exec(k.selectFrom('contacts').select(['fields']).where('id', '=', contactId))).rows;
  if (!row) return logs;
  const set: Record<string, string | null> = {};
  if (u.name !== undefined) {
    const name = u.name.trim().slice(0, NAME_MAX);
    if (name) set.name = name;
  }
  // Another contact holding the phone or e-mail is another person (or one to merge by hand): not overwritten from a flow.
  const heldByOther = async (where: RawBuilder<boolean>) =>
    (await sql.exec(k.selectFrom('contacts').select('id').where(where).where('id', '!=', contactId).limit(1))).rows.length > 0;
  if (u.email !== undefined) {
    const mail = email.safeParse(u.email);
    if (!mail.success) skip({ en: `e-mail not saved: "${u.email}" is not a valid e-mail`, 'pt-BR': `e-mail não salvo: "${u.email}" não é um e-mail válido` });
    else if (await heldByOther(raw<boolean>`email = ${mail.data}`)) skip({ en: 'e-mail not saved: another contact already has it', 'pt-BR': 'e-mail não salvo: outro contato já o tem' });
    else set.email = mail.data;
  }
  if (u.phone !== undefined) {
    const phone = toE164(u.phone);
    if (!phone) skip({ en: `phone not saved: "${u.phone}" is not a valid phone number`, 'pt-BR': `telefone não salvo: "${u.phone}" não é um telefone válido` });
    else if (await heldByOther(raw<boolean>`phone in (${raw.join(phoneSpellings(phone.slice(1)))})`))
      skip({ en: 'phone not saved: another contact already has it', 'pt-BR': 'telefone não salvo: outro contato já o tem' });
    else set.phone = phone;
  }
  if (u.fields && Object.keys(u.fields).length) {
    const defs: FieldDefinition[] = (await sql.exec(k.selectFrom('contact_fields').select(['id', 'key', 'label', 'type', 'options', 'position']))).rows.map((d) => ({
      ...d,
      options: JSON.parse(d.options) as string[],
    }));
    const byKey = new Map(defs.map((d) => [d.key, d]));
    const values = readValues(row.fields);
    let changed = false;
    for (const [key, value] of Object.entries(u.fields)) {
      const def = byKey.get(key);
      if (!def) {
        skip({ en: `field "${key}" not saved: no such contact field (deleted?)`, 'pt-BR': `campo "${key}" não salvo: esse campo do contato não existe (foi excluído?)` });
        continue;
      }
      const checked = value === null ? { error: `"${def.label}" is empty` } : checkValue(def, def.type === 'yes_no' ? yesNo(value) : value);
      if ('error' in checked) {
        skip({ en: `field "${def.label}" not saved: ${checked.error}`, 'pt-BR': `campo "${def.label}" não salvo: valor recusado (${checked.error})` }, { key, value });
        continue;
      }
      values[key] = checked.value;
      changed = true;
    }
    if (changed) {
      set.fields = JSON.stringify(values);
      set.document = documentsOf(defs, values);
    }
  }
  if (Object.keys(set).length) await sql.exec(k.updateTable('contacts').set({ ...set, updated_at: nowIso }).where('id', '=', contactId));
  if (u.addTags?.length) {
    const lower = u.addTags.map((t) => t.toLowerCase());
    const tags = (await sql.exec(k.selectFrom('tags').select(['id', 'name']).where(raw<boolean>`lower(name) in (${raw.join(lower)})`))).rows;
    const found = new Set(tags.map((t) => t.name.toLowerCase()));
    for (const name of u.addTags.filter((t) => !found.has(t.toLowerCase())))
      skip({ en: `tag "${name}" not added: no tag has this name`, 'pt-BR': `etiqueta "${name}" não adicionada: nenhuma etiqueta tem esse nome` });
    if (tags.length)
      await sql.exec(
        k
          .insertInto('contact_tags')
          .values(tags.map((t) => ({ contact_id: contactId, tag_id: t.id, created_at: nowIso })))
          .onConflict((oc) => oc.columns(['contact_id', 'tag_id']).doNothing()),
      );
  }
  return logs;
}
