// What flows collected from a contact. The current run's variables live in `sessions.state`; a
// run that is replaced (the flow restarts, times out, another contact's run wins a merge) would
// lose them, so its variables are kept in `flow_runs` first, inside the same commit. Names are
// taken from the version the run ran, so renaming or deleting a flow later changes nothing here.
import type { Kysely } from 'kysely';
import type { Variables } from '../../blocks/contract.js';
import type { FlowDocument } from '../../blocks/flow.js';
import type { Sql } from '../db/prepared.js';
import type { Database } from '../db/schema.js';
import type { SessionState } from '../engine/step.js';

/** A run about to be replaced, its variables named. */
export interface PastRun {
  flowId: string;
  versionId: string;
  startedAt: string;
  lastActivityAt: string;
  values: Record<string, unknown>;
}

/** One variable as the contact page shows it. Lists are joined. */
export interface CollectedValue {
  name: string;
  value: string;
}

export interface CollectedRun {
  startedAt: string;
  /** The run's last activity: when its values were last collected. */
  at: string;
  /** The run still going (or the last one, ended, that nothing replaced yet). */
  current: boolean;
  values: CollectedValue[];
}

export interface CollectedFlow {
  flowId: string;
  /** Null when the flow was deleted since. */
  flowName: string | null;
  /** The current run first, then newest first. */
  runs: CollectedRun[];
}

/** The session's variables by their names in `doc` (a variable the version no longer names keeps its id). */
export function namedValues(doc: Pick<FlowDocument, 'variables'> | null, variables: Variables): Record<string, unknown> {
  const names = new Map((doc?.variables ?? []).map((v) => [v.id, v.name]));
  const out: Record<string, unknown> = {};
  for (const [id, value] of Object.entries(variables)) {
    if (value === null || value === undefined || value === '') continue;
    out[names.get(id) ?? id] = value;
  }
  return out;
}

export function pastRunOf(session: { flowId: string; flowVersionId: string; state: SessionState }, doc: Pick<FlowDocument, 'variables'> | null): PastRun | null {
  const values = namedValues(doc, session.state.variables ?? {});
  if (!Object.keys(values).length) return null;
  return { flowId: session.flowId, versionId: session.flowVersionId, startedAt: session.state.startedAt, lastActivityAt: session.state.lastActivityAt, values };
}

/** Keeps a replaced run's variables; part of the caller's transaction. */
export async function recordRun(sql: Sql, k: Kysely<Database>, contactId: string, run: PastRun): Promise<void> {
  await sql.exec(
    k.insertInto('flow_runs').values({
      contact_id: contactId,
      flow_id: run.flowId,
      flow_version_id: run.versionId,
      started_at: run.startedAt,
      last_activity_at: run.lastActivityAt,
      variables: JSON.stringify(run.values),
    }),
  );
}

const shown = (v: unknown): string => (Array.isArray(v) ? v.map(shown).join(', ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/**
 * Everything flows collected from the contact, per flow, newest run first. No block marks a
 * variable secret today; when one does, this is where its value is left out.
 */
export async function collectedByFlow(
  k: Kysely<Database>,
  contactId: string,
  versionDocument: (versionId: string) => Promise<{ doc: FlowDocument } | null>,
): Promise<CollectedFlow[]> {
  const runs: (CollectedRun & { flowId: string })[] = [];
  const session = await k.selectFrom('sessions').select(['flow_id', 'flow_version_id', 'state']).where('contact_id', '=', contactId).executeTakeFirst();
  if (session) {
    const state = JSON.parse(session.state) as SessionState;
    const doc = await versionDocument(session.flow_version_id);
    const values = namedValues(doc?.doc ?? null, state.variables ?? {});
    if (Object.keys(values).length) runs.push({ flowId: session.flow_id, startedAt: state.startedAt, at: state.lastActivityAt, current: true, values: listed(values) });
  }
  const past = await k
    .selectFrom('flow_runs')
    .select(['flow_id', 'started_at', 'last_activity_at', 'variables'])
    .where('contact_id', '=', contactId)
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
  for (const r of past) {
    let values: Record<string, unknown> = {};
    try {
      values = JSON.parse(r.variables) as Record<string, unknown>;
    } catch {
      continue;
    }
    runs.push({ flowId: r.flow_id, startedAt: r.started_at, at: r.last_activity_at, current: false, values: listed(values) });
  }
  const ids = [...new Set(runs.map((r) => r.flowId))];
  const names = ids.length ? new Map((await k.selectFrom('flows').select(['id', 'name']).where('id', 'in', ids).execute()).map((f) => [f.id, f.name])) : new Map<string, string>();
  const byFlow = new Map<string, CollectedFlow>();
  for (const { flowId, ...run } of runs.sort((a, b) => Number(b.current) - Number(a.current) || b.at.localeCompare(a.at))) {
    const f = byFlow.get(flowId) ?? { flowId, flowName: names.get(flowId) ?? null, runs: [] };
    f.runs.push(run);
    byFlow.set(flowId, f);
  }
  return [...byFlow.values()];
}

function listed(values: Record<string, unknown>): CollectedValue[] {
  return Object.entries(values).map(([name, value]) => ({ name, value: shown(value) }));
}
