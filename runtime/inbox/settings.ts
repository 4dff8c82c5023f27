// Inbox-wide settings a supervisor edits: inactivity auto-close and what the contact is told.
import { z } from 'zod';
import type { Locale } from '../../blocks/contract.js';
import type { Db } from '../db/connect.js';
import { contactTexts } from './messages.js';

export const inboxSettingsSchema = z.object({
  /** Close open conversations with no message for this long; 0 = never. */
  autoCloseMinutes: z.number().int().min(0, 'use 0 (never) or more minutes').max(60 * 24 * 30, 'at most 30 days').default(0),
  /** Sent when a conversation is auto-closed; empty = the default text in the flow's language. */
  autoCloseMessage: z.string().max(1000, 'at most 1000 characters').default(''),
});
export type InboxSettings = z.output<typeof inboxSettingsSchema>;

const KEY = 'inbox';

export class InboxSettingsStore {
  private cached: InboxSettings | null = null;

  constructor(private readonly db: Db) {}

  async get(): Promise<InboxSettings> {
    if (this.cached) return this.cached;
    const row = await this.db.kysely.selectFrom('app_settings').select('value').where('key', '=', KEY).executeTakeFirst();
    const parsed = inboxSettingsSchema.safeParse(row ? JSON.parse(row.value) : {});
    this.cached = parsed.success ? parsed.data : inboxSettingsSchema.parse({});
    return this.cached;
  }

  async set(raw: z.input<typeof inboxSettingsSchema>): Promise<InboxSettings> {
    const value = inboxSettingsSchema.parse(raw);
    await this.db.kysely
      .insertInto('app_settings')
      .values({ key: KEY, value: JSON.stringify(value) })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(value) }))
      .execute();
    this.cached = value;
    return value;
  }

  autoCloseText(s: InboxSettings, locale: Locale): string {
    return s.autoCloseMessage.trim() || contactTexts[locale].autoClosed;
  }
}
