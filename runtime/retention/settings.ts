// Settings → Dados: how long transcripts and their files are kept. Off by default: deleting
// what people wrote is a decision a supervisor makes, never a default.
import { z } from 'zod';
import type { Db } from '../db/connect.js';

export const MAX_RETENTION_DAYS = 3650;

export const retentionSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  /** Messages older than this many days (in conversations nobody is in) are deleted. */
  days: z
    .number({ error: 'write a number of days' })
    .int('use a whole number of days')
    .min(1, 'at least 1 day')
    .max(MAX_RETENTION_DAYS, `at most ${MAX_RETENTION_DAYS} days`)
    .default(365),
});
export type RetentionSettings = z.output<typeof retentionSettingsSchema>;

/** What one run removed (kept for Settings → Dados: "last ran at … and removed …"). */
export const retentionRunSchema = z.object({
  at: z.string(),
  /** Messages created before this moment were deleted. */
  cutoff: z.string(),
  days: z.number(),
  messages: z.number(),
  files: z.number(),
  conversations: z.number(),
  /** False when the server stopped before the run finished (the next run goes on). */
  complete: z.boolean(),
});
export type RetentionRun = z.output<typeof retentionRunSchema>;

const KEY = 'retention';
const LAST_RUN = 'retention.last_run';

// Read on every use, not cached: on PostgreSQL another process may have saved a new period.
export class RetentionSettingsStore {
  constructor(private readonly db: Db) {}

  async get(): Promise<RetentionSettings> {
    const parsed = retentionSettingsSchema.safeParse(await this.read(KEY));
    return parsed.success ? parsed.data : retentionSettingsSchema.parse({});
  }

  async set(raw: z.input<typeof retentionSettingsSchema>): Promise<RetentionSettings> {
    const value = retentionSettingsSchema.parse(raw);
    await this.write(KEY, value);
    return value;
  }

  async lastRun(): Promise<RetentionRun | null> {
    const parsed = retentionRunSchema.safeParse(await this.read(LAST_RUN));
    return parsed.success ? parsed.data : null;
  }

  recordRun(run: RetentionRun): Promise<void> {
    return this.write(LAST_RUN, run);
  }

  private async read(key: string): Promise<unknown> {
    const row = await this.db.kysely.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
    if (!row) return {};
    try {
      return JSON.parse(row.value);
    } catch {
      return {};
    }
  }

  private async write(key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    await this.db.kysely
      .insertInto('app_settings')
      .values({ key, value: json })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
      .execute();
  }
}
