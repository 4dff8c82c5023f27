// A Cloud API account's message templates: created at Meta (`POST /{waba-id}/message_templates`,
// kept here as PENDING), synced from it (every page of `GET /{waba-id}/message_templates`: statuses,
// rejection reasons, templates made in Meta's own manager), deleted there by name, and their
// status changed live by Meta's `message_template_status_update` webhook. What the Inbox and the
// sends read (approved templates by name and language) comes from the `message_templates` rows.
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { MessageTemplatesTable } from '../../db/schema.js';
import { notFound, OziaError } from '../../errors.js';
import type { SecretBox } from '../../secrets/secret-box.js';
import type { ChannelAccounts } from '../accounts.js';
import type { TemplateStatusChange } from '../contract.js';
import { applyTemplateStatus, reasonOf } from '../template-status.js';
import { GraphClient, GraphError, GRAPH_BASE_URL } from '../meta/graph.js';
import { cloudApiSettings } from './settings.js';
import type { OutgoingMessage } from '../../../blocks/contract.js';
import { createRequest, metaComponent, paramsFor, renderTemplate, variablesOf, type MetaComponent, type ParameterFormat, type TemplateDraft, type TemplateVariable } from './template-draft.js';

/** What an agent picked: a template by name and language, and a value per variable (`body.1`, `header.nome`). */
export const templateChoice = z.object({
  name: z.string().min(1, 'choose a template'),
  language: z.string().min(1, 'choose a template'),
  values: z.record(z.string(), z.string().max(1024, 'at most 1024 characters')).default({}),
});
export type TemplateChoice = z.output<typeof templateChoice>;

export interface MessageTemplate {
  accountId: string;
  /** Meta's template id. */
  id: string;
  name: string;
  language: string;
  category: string;
  status: string;
  rejectedReason: string | null;
  parameterFormat: ParameterFormat;
  components: MetaComponent[];
  variables: TemplateVariable[];
  syncedAt: string;
}

const metaTemplate = z
  .object({
    id: z.string(),
    name: z.string(),
    language: z.string(),
    status: z.string(),
    category: z.string().optional(),
    rejected_reason: z.string().optional(),
    parameter_format: z.string().optional(),
    components: z.array(metaComponent).default([]),
  })
  .loose();
const page = z.object({ data: z.array(metaTemplate), paging: z.object({ cursors: z.object({ after: z.string().optional() }).loose().optional(), next: z.string().optional() }).loose().optional() }).loose();
const created = z.object({ id: z.string(), status: z.string().optional(), category: z.string().optional() }).loose();

const PAGE_LIMIT = 100;
const MAX_PAGES = 50;

export interface MessageTemplatesOptions {
  graphBaseUrl?: string;
  fetch?: typeof fetch;
}

export class MessageTemplates {
  constructor(
    private readonly db: Db,
    private readonly accounts: ChannelAccounts,
    private readonly secrets: SecretBox,
    private readonly clock: () => Date,
    private readonly opts: MessageTemplatesOptions = {},
  ) {}

  private get k() {
    return this.db.kysely;
  }

  /** The account, which must be a Cloud API one, its WABA id and a Graph client with its token. */
  private async account(accountId: string) {
    const a = await this.accounts.get(accountId);
    if (a.kind !== 'cloud-api') throw new OziaError('BAD_REQUEST', 'accountId: message templates belong to WhatsApp Cloud API accounts');
    const settings = cloudApiSettings.parse(a.settings);
    let token: string;
    try {
      token = this.secrets.open(settings.accessToken);
    } catch {
      throw new OziaError('BAD_REQUEST', 'the access token cannot be read: paste it again in Settings → Channels');
    }
    return { waba: encodeURIComponent(settings.businessAccountId), graph: new GraphClient({ baseUrl: this.opts.graphBaseUrl ?? GRAPH_BASE_URL, token, fetch: this.opts.fetch }) };
  }

  private metaError(e: unknown): never {
    if (e instanceof GraphError) throw new OziaError(e.kind === 'retryable' ? 'CONFLICT' : 'BAD_REQUEST', e.reason);
    throw e;
  }

  async list(accountId: string): Promise<MessageTemplate[]> {
    const rows = await this.k.selectFrom('message_templates').selectAll().where('channel_id', '=', accountId).orderBy('name').orderBy('language').execute();
    return rows.map(fromRow);
  }

  /** When the account's templates were last read from Meta (a sync), or null. */
  async lastSync(accountId: string): Promise<string | null> {
    const row = await this.k.selectFrom('channel_state').select('value').where('channel_id', '=', accountId).where('type', '=', 'ozia-templates').where('id', '=', 'synced_at').executeTakeFirst();
    return row?.value ?? null;
  }

  /** An approved template by name and language, or null. */
  async approved(accountId: string, name: string, language: string): Promise<MessageTemplate | null> {
    const row = await this.k
      .selectFrom('message_templates')
      .selectAll()
      .where('channel_id', '=', accountId)
      .where('name', '=', name)
      .where('language', '=', language)
      .executeTakeFirst();
    return row && row.status === 'APPROVED' ? fromRow(row) : null;
  }

  /**
   * The message an agent's choice sends: the approved template with every variable's value, and
   * the text the contact reads. Refused (naming the field) when not approved or a value is missing.
   */
  async message(accountId: string, choice: TemplateChoice): Promise<OutgoingMessage> {
    const t = await this.approved(accountId, choice.name, choice.language);
    if (!t) throw new OziaError('BAD_REQUEST', `template: "${choice.name}" (${choice.language}) is not an approved template of this account; sync the templates or choose another`);
    const { params, missing } = paramsFor(t.variables, t.parameterFormat, choice.values);
    if (missing.length) throw new OziaError('BAD_REQUEST', `template.values.${missing[0].component}.${missing[0].name}: fill in the variable {{${missing[0].name}}}`);
    return { type: 'template', name: t.name, language: t.language, params, text: renderTemplate(t.components, params) };
  }

  /** Approved templates of an account, each with the text it reads as, variables still named (the Inbox picker). */
  async offered(accountId: string): Promise<(MessageTemplate & { preview: string })[]> {
    const rows = (await this.list(accountId)).filter((t) => t.status === 'APPROVED');
    return rows.map((t) => ({ ...t, preview: renderTemplate(t.components, []) }));
  }

  /** Submits a draft to Meta's review; stored as Meta answered (PENDING). */
  async create(accountId: string, draft: TemplateDraft): Promise<MessageTemplate> {
    const { waba, graph } = await this.account(accountId);
    const body = createRequest(draft);
    const answer = created.parse(await graph.call('POST', `${waba}/message_templates`, body).catch((e) => this.metaError(e)));
    const components = z.array(metaComponent).parse(body.components);
    const t: MessageTemplate = {
      accountId,
      id: answer.id,
      name: draft.name,
      language: draft.language,
      category: answer.category ?? draft.category,
      status: answer.status ?? 'PENDING',
      rejectedReason: null,
      parameterFormat: body.parameter_format as ParameterFormat,
      components,
      variables: variablesOf(components),
      syncedAt: this.clock().toISOString(),
    };
    await this.upsert([t]);
    return t;
  }

  /** Reads every template of the account's WABA from Meta; those gone from Meta are forgotten here. */
  async sync(accountId: string): Promise<{ templates: MessageTemplate[]; syncedAt: string }> {
    const { waba, graph } = await this.account(accountId);
    const fields = 'id,name,language,status,category,rejected_reason,parameter_format,components';
    const found: z.output<typeof metaTemplate>[] = [];
    let after: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const q = new URLSearchParams({ fields, limit: String(PAGE_LIMIT), ...(after ? { after } : {}) });
      const p = page.parse(await graph.call('GET', `${waba}/message_templates?${q}`).catch((e) => this.metaError(e)));
      found.push(...p.data);
      after = p.paging?.cursors?.after;
      // Meta gives `next` only while there is another page.
      if (!p.paging?.next || !after) break;
    }
    const at = this.clock().toISOString();
    const templates = found.map(
      (m): MessageTemplate => ({
        accountId,
        id: m.id,
        name: m.name,
        language: m.language,
        category: m.category ?? 'UTILITY',
        status: m.status,
        rejectedReason: m.status === 'REJECTED' ? reasonOf(m.rejected_reason) : null,
        parameterFormat: m.parameter_format === 'NAMED' ? 'NAMED' : 'POSITIONAL',
        components: m.components,
        variables: variablesOf(m.components),
        syncedAt: at,
      }),
    );
    await this.db.kysely.transaction().execute(async (tx) => {
      let del = tx.deleteFrom('message_templates').where('channel_id', '=', accountId);
      if (templates.length) del = del.where('provider_id', 'not in', templates.map((t) => t.id));
      await del.execute();
      await this.upsert(templates, tx);
      await tx.deleteFrom('channel_state').where('channel_id', '=', accountId).where('type', '=', 'ozia-templates').where('id', '=', 'synced_at').execute();
      await tx.insertInto('channel_state').values({ channel_id: accountId, type: 'ozia-templates', id: 'synced_at', value: at }).execute();
    });
    return { templates: await this.list(accountId), syncedAt: at };
  }

  /** Deletes every language of the template at Meta (Meta deletes by name), then here. */
  async remove(accountId: string, name: string): Promise<void> {
    const known = await this.k.selectFrom('message_templates').select('name').where('channel_id', '=', accountId).where('name', '=', name).executeTakeFirst();
    if (!known) throw notFound(`template "${name}"`);
    const { waba, graph } = await this.account(accountId);
    await graph.call('DELETE', `${waba}/message_templates?${new URLSearchParams({ name })}`).catch((e) => this.metaError(e));
    await this.k.deleteFrom('message_templates').where('channel_id', '=', accountId).where('name', '=', name).execute();
  }

  /** Meta's webhook said a template's review changed: the row follows, without a sync. */
  statusChanged(accountId: string, u: TemplateStatusChange): Promise<boolean> {
    return applyTemplateStatus(this.k, accountId, u, this.clock().toISOString());
  }

  private async upsert(templates: MessageTemplate[], tx = this.k) {
    for (const t of templates) {
      const row = {
        channel_id: t.accountId,
        provider_id: t.id,
        name: t.name,
        language: t.language,
        category: t.category,
        status: t.status,
        rejected_reason: t.rejectedReason,
        parameter_format: t.parameterFormat,
        components: JSON.stringify(t.components),
        variables: JSON.stringify(t.variables),
        synced_at: t.syncedAt,
      };
      const { channel_id: _c, provider_id: _p, ...rest } = row;
      // A template deleted at Meta and made again has a new id under the same name and language.
      await tx.deleteFrom('message_templates').where('channel_id', '=', t.accountId).where('name', '=', t.name).where('language', '=', t.language).where('provider_id', '!=', t.id).execute();
      await tx
        .insertInto('message_templates')
        .values(row)
        .onConflict((oc) => oc.columns(['channel_id', 'provider_id']).doUpdateSet(rest))
        .execute();
    }
  }
}

function fromRow(r: Selectable<MessageTemplatesTable>): MessageTemplate {
  return {
    accountId: r.channel_id,
    id: r.provider_id,
    name: r.name,
    language: r.language,
    category: r.category,
    status: r.status,
    rejectedReason: r.rejected_reason,
    parameterFormat: r.parameter_format === 'NAMED' ? 'NAMED' : 'POSITIONAL',
    components: JSON.parse(r.components) as MetaComponent[],
    variables: JSON.parse(r.variables) as TemplateVariable[],
    syncedAt: r.synced_at,
  };
}
