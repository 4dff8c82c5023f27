// Flows: an editable draft with a revision counter (optimistic concurrency), and immutable
// versions: numbered published ones, and unnumbered snapshots the test chat runs a draft on.
import { newId } from './ids.js';
import {
  emptyFlowDocument,
  FlowValidationError,
  parseFlowDocument,
  type FlowDocument,
} from '../blocks/flow.js';
import type { Locale } from '../blocks/contract.js';
import type { Db } from './db/connect.js';
import type { FlowRow } from './db/schema.js';
import { lintFlow, problemPath, type Problem } from '../blocks/lint/index.js';
import { notFound, OziaError } from './errors.js';

export interface FlowSummary {
  id: string;
  name: string;
  draftRevision: number;
  publishedVersionId: string | null;
  publishedNumber: number | null;
  /** True when the draft differs from the published version. */
  hasUnpublishedChanges: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface FlowDetail extends FlowSummary {
  draft: FlowDocument;
}

export interface VersionSummary {
  id: string;
  number: number;
  note: string;
  createdAt: string;
  createdBy: string | null;
  createdByName: string | null;
  isPublished: boolean;
}

function validationError(e: unknown): never {
  if (e instanceof FlowValidationError) {
    throw new OziaError('BAD_REQUEST', `invalid flow document:\n${e.message}`, e.issues);
  }
  throw e;
}

/** A document that runs: every block's options parse. Versions are read this way. */
export function validateDocument(doc: unknown): FlowDocument {
  try {
    return parseFlowDocument(doc);
  } catch (e) {
    validationError(e);
  }
}

/**
 * A draft as the author drew it: sound structure, block options kept as typed where they do not
 * parse yet (the linter shows them on the block; publishing refuses them).
 */
export function validateDraft(doc: unknown): FlowDocument {
  try {
    return parseFlowDocument(doc, { draft: true });
  } catch (e) {
    validationError(e);
  }
}

/** The linter's errors as issues with document paths, refused with `intro` above them. */
function refuseProblems(doc: FlowDocument, problems: Problem[], intro: string): never {
  const issues = problems.map((p) => ({ path: problemPath(doc, p), message: p.message.en }));
  const lines = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
  throw new OziaError('BAD_REQUEST', `${intro}:\n${lines}`, issues);
}

/** Lint codes of blocks the engine cannot run: a draft with them cannot be tested yet. */
const UNRUNNABLE = new Set(['invalid-options', 'empty-buttons', 'unknown-kind']);

export class FlowStore {
  /** Parsed documents of immutable versions: a version never changes, so it is parsed once. */
  private versionCache = new Map<string, { flowId: string; doc: FlowDocument }>();

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  private get k() {
    return this.db.kysely;
  }

  private async summaries(rows: FlowRow[]): Promise<FlowSummary[]> {
    const versionIds = rows.map((r) => r.published_version_id).filter((x): x is string => !!x);
    const versions = versionIds.length
      ? await this.k.selectFrom('flow_versions').select(['id', 'number', 'document']).where('id', 'in', versionIds).execute()
      : [];
    const byId = new Map(versions.map((v) => [v.id, v]));
    return rows.map((r) => {
      const v = r.published_version_id ? byId.get(r.published_version_id) : undefined;
      return {
        id: r.id,
        name: r.name,
        draftRevision: r.draft_revision,
        publishedVersionId: r.published_version_id,
        publishedNumber: v?.number ?? null,
        hasUnpublishedChanges: !v || v.document !== r.draft,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      };
    });
  }

  async list(search?: string): Promise<FlowSummary[]> {
    let q = this.k.selectFrom('flows').selectAll().orderBy('updated_at', 'desc');
    const term = search?.trim().toLowerCase();
    // lower() on both sides: PostgreSQL's LIKE is case-sensitive, SQLite's is not.
    if (term) q = q.where((eb) => eb(eb.fn('lower', ['name']), 'like', `%${term.replace(/[%_\\]/g, '')}%`));
    return this.summaries(await q.execute());
  }

  private async row(id: string): Promise<FlowRow> {
    const row = await this.k.selectFrom('flows').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`flow "${id}"`);
    return row;
  }

  async get(id: string): Promise<FlowDetail> {
    const row = await this.row(id);
    const [summary] = await this.summaries([row]);
    return { ...summary, draft: validateDraft(JSON.parse(row.draft)) };
  }

  async create(input: { name: string; document?: unknown; locale?: Locale; userId?: string | null }): Promise<FlowDetail> {
    const doc = input.document === undefined ? emptyFlowDocument(input.locale) : validateDraft(input.document);
    const now = this.clock().toISOString();
    const id = newId();
    await this.k
      .insertInto('flows')
      .values({
        id,
        name: input.name.trim(),
        draft: JSON.stringify(doc),
        draft_revision: 1,
        published_version_id: null,
        created_at: now,
        updated_at: now,
        updated_by: input.userId ?? null,
      })
      .execute();
    return this.get(id);
  }

  async rename(id: string, name: string): Promise<FlowSummary> {
    await this.row(id);
    await this.k
      .updateTable('flows')
      .set({ name: name.trim(), updated_at: this.clock().toISOString() })
      .where('id', '=', id)
      .execute();
    const [s] = await this.summaries([await this.row(id)]);
    return s;
  }

  /**
   * Saves the draft only if nobody saved since `baseRevision` was read; a stale save is refused
   * whole, so a second tab never silently overwrites the first.
   */
  async saveDraft(input: { id: string; document: unknown; baseRevision: number; userId?: string | null; force?: boolean }) {
    const doc = validateDraft(input.document);
    const now = this.clock().toISOString();
    const current = await this.row(input.id);
    const expected = input.force ? current.draft_revision : input.baseRevision;
    const res = await this.k
      .updateTable('flows')
      .set({
        draft: JSON.stringify(doc),
        draft_revision: expected + 1,
        updated_at: now,
        updated_by: input.userId ?? null,
      })
      .where('id', '=', input.id)
      .where('draft_revision', '=', expected)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) {
      const latest = await this.row(input.id);
      throw new OziaError(
        'CONFLICT',
        `the draft changed since revision ${input.baseRevision} (now at ${latest.draft_revision}): reload it or overwrite`,
      );
    }
    return { revision: expected + 1, updatedAt: now, document: doc };
  }

  async publish(input: { id: string; note?: string; userId?: string | null }): Promise<VersionSummary> {
    const row = await this.row(input.id);
    const doc = validateDraft(JSON.parse(row.draft));
    // Lint errors (a half-filled block, a dead-end question, a broken jump…) would strand
    // contacts: refuse them. Warnings are for the author to weigh and do not block publishing.
    const errors = lintFlow(doc).filter((p) => p.severity === 'error');
    if (errors.length) refuseProblems(doc, errors, 'fix the problems before publishing');
    // What the linter passes runs; this names the field should the two ever disagree.
    validateDocument(doc);
    const now = this.clock().toISOString();
    const versionId = newId();
    await this.k.transaction().execute(async (tx) => {
      const last = await tx
        .selectFrom('flow_versions')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('flow_id', '=', input.id)
        .executeTakeFirst();
      const number = Number(last?.n ?? 0) + 1;
      await tx
        .insertInto('flow_versions')
        .values({
          id: versionId,
          flow_id: input.id,
          number,
          kind: 'published',
          document: row.draft,
          note: (input.note ?? '').trim(),
          created_at: now,
          created_by: input.userId ?? null,
        })
        .execute();
      await tx.updateTable('flows').set({ published_version_id: versionId }).where('id', '=', input.id).execute();
    });
    return (await this.versions(input.id)).find((v) => v.id === versionId)!;
  }

  async versions(flowId: string): Promise<VersionSummary[]> {
    const row = await this.row(flowId);
    const rows = await this.k
      .selectFrom('flow_versions')
      .leftJoin('users', 'users.id', 'flow_versions.created_by')
      .select([
        'flow_versions.id',
        'flow_versions.number',
        'flow_versions.note',
        'flow_versions.created_at',
        'flow_versions.created_by',
        'users.name as user_name',
      ])
      .where('flow_versions.flow_id', '=', flowId)
      .where('flow_versions.kind', '=', 'published')
      .orderBy('flow_versions.number', 'desc')
      .execute();
    return rows.map((v) => ({
      id: v.id,
      number: v.number!,
      note: v.note,
      createdAt: v.created_at,
      createdBy: v.created_by,
      createdByName: v.user_name ?? null,
      isPublished: v.id === row.published_version_id,
    }));
  }

  /** A version's document, parsed once (versions are immutable). */
  async versionDocument(versionId: string): Promise<{ flowId: string; doc: FlowDocument }> {
    const hit = this.versionCache.get(versionId);
    if (hit) return hit;
    const v = await this.k
      .selectFrom('flow_versions')
      .select(['flow_id', 'document'])
      .where('id', '=', versionId)
      .executeTakeFirst();
    if (!v) throw notFound(`flow version "${versionId}"`);
    const entry = { flowId: v.flow_id, doc: validateDocument(JSON.parse(v.document)) };
    if (this.versionCache.size > 1000) this.versionCache.clear();
    this.versionCache.set(versionId, entry);
    return entry;
  }

  /** Copies a published version back into the draft (which must not be stale). */
  async restoreVersion(input: { flowId: string; versionId: string; baseRevision: number; userId?: string | null }) {
    const v = await this.versionDocument(input.versionId);
    if (v.flowId !== input.flowId) throw notFound(`version "${input.versionId}" of flow "${input.flowId}"`);
    return this.saveDraft({ id: input.flowId, document: v.doc, baseRevision: input.baseRevision, userId: input.userId });
  }

  /** Freezes the current draft for a test-chat session, so edits mid-test do not change it under the tester. */
  async snapshotDraft(flowId: string): Promise<string> {
    const row = await this.row(flowId);
    const doc = validateDraft(JSON.parse(row.draft));
    // The engine runs only blocks whose options parse; other lint errors are what testing is for.
    const unrunnable = lintFlow(doc).filter((p) => UNRUNNABLE.has(p.code));
    if (unrunnable.length) refuseProblems(doc, unrunnable, 'fill in these blocks before testing');
    validateDocument(doc);
    const existing = await this.k
      .selectFrom('flow_versions')
      .select('id')
      .where('flow_id', '=', flowId)
      .where('kind', '=', 'snapshot')
      .where('document', '=', row.draft)
      .executeTakeFirst();
    if (existing) return existing.id;
    const id = newId();
    await this.k
      .insertInto('flow_versions')
      .values({
        id,
        flow_id: flowId,
        number: null,
        kind: 'snapshot',
        document: row.draft,
        note: '',
        created_at: this.clock().toISOString(),
        created_by: null,
      })
      .execute();
    return id;
  }

  async remove(id: string): Promise<void> {
    await this.row(id);
    await this.k.transaction().execute(async (tx) => {
      const versionIds = tx.selectFrom('flow_versions').select('id').where('flow_id', '=', id);
      await tx.deleteFrom('sessions').where('flow_version_id', 'in', versionIds).execute();
      await tx.deleteFrom('flow_versions').where('flow_id', '=', id).execute();
      await tx.deleteFrom('flows').where('id', '=', id).execute();
    });
    for (const [vid, v] of this.versionCache) if (v.flowId === id) this.versionCache.delete(vid);
  }

  async exportJson(id: string): Promise<{ name: string; document: FlowDocument }> {
    const f = await this.get(id);
    return { name: f.name, document: f.draft };
  }
}
