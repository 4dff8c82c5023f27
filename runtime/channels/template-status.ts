// A provider template's review as it changed (a status webhook), written to the account's stored
// template: matched by the provider's id, or by name and language for one made elsewhere.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { TemplateStatusChange } from './contract.js';

/** Meta says NONE when a change has no reason. */
export const reasonOf = (r: string | null | undefined) => (r && r !== 'NONE' ? r : null);

/** Whether a stored template took the change. */
export async function applyTemplateStatus(k: Kysely<Database>, accountId: string, u: TemplateStatusChange, at: string): Promise<boolean> {
  const set = { status: u.status, rejected_reason: u.status === 'REJECTED' ? reasonOf(u.reason) : null, synced_at: at };
  const byId = await k.updateTable('message_templates').set(set).where('channel_id', '=', accountId).where('provider_id', '=', u.providerId).executeTakeFirst();
  if (Number(byId.numUpdatedRows) > 0) return true;
  const byName = await k.updateTable('message_templates').set(set).where('channel_id', '=', accountId).where('name', '=', u.name).where('language', '=', u.language).executeTakeFirst();
  return Number(byName.numUpdatedRows) > 0;
}
