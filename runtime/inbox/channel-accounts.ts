// The channel side of the Inbox: which accounts an agent may filter the lists by, how a contact
// is known on every account (the contact panel), and the accounts an agent can write first on,
// with the one the contact used last and any account whose kind refuses a free-text start.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Localized } from '../../blocks/contract.js';
import type { FreeTextStartFacts, IdentityKind } from '../channels/contract.js';
import { lastInboundByAccount } from '../channels/last-inbound.js';
import type { Db } from '../db/connect.js';
import type { Database } from '../db/schema.js';
import type { Viewer } from './access.js';

export interface InboxAccount {
  id: string;
  kind: string;
  name: string;
  /** Deleted accounts stay listed while conversations still name them. */
  deleted: boolean;
}

export interface ContactIdentityView {
  channelId: string;
  channelKind: string | null;
  channelName: string | null;
  kind: IdentityKind;
  value: string;
  /** The last time the contact wrote through this identity (as far as the server knows), ISO-8601. */
  lastSeenAt: string;
}

export interface StartChoice {
  channelId: string;
  kind: string;
  name: string;
  /** When the contact last wrote on this account, or null. */
  lastInboundAt: string | null;
  /** Why a free-text first message cannot go out here now (the kind's rule); null: it can. */
  refusal: Localized | null;
}

/** The kind's word on a free-text start (ChannelControl.freeTextRefusal); absent: always allowed. */
export type FreeTextPolicy = (channelId: string, facts: FreeTextStartFacts) => Localized | null;

/** How long an operator's list of accounts is reused. */
const ACCOUNTS_TTL_MS = 60_000;
// Stages as literals, so each check can use the partial index of its list.
const OPEN = "'waiting', 'in_service'";
const CLOSED = "'closed'";

export class InboxChannels {
  private readonly scoped = new Map<string, { until: number; accounts: InboxAccount[] }>();

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date,
  ) {}

  private get k() {
    return this.db.kysely;
  }

  /**
   * Accounts the viewer may filter the lists by. Supervisors: every account. Operators: the
   * accounts their departments' conversations (or their own) came through; another department's
   * number is not even named. Each check walks the lists' own partial indexes (an account the
   * departments never used walks their whole history), so an operator's answer is kept a minute.
   */
  async accounts(v: Viewer): Promise<InboxAccount[]> {
    if (v.role === 'supervisor') return this.rows(this.k.selectFrom('channels').select(['id', 'kind', 'name', 'deleted_at']));
    const key = `${v.id}\u0000${[...v.departmentIds].sort().join(',')}`;
    const now = this.clock().getTime();
    const hit = this.scoped.get(key);
    if (hit && hit.until > now) return hit.accounts;
    const depts = v.departmentIds;
    const used = (stages: string) =>
      sql<boolean>`exists (select 1 from conversations c where c.department_id in (${sql.join(depts)}) and c.stage in (${sql.raw(stages)}) and c.channel = channels.id)`;
    const mine = sql<boolean>`exists (select 1 from conversations c where c.agent_id = ${v.id} and c.channel = channels.id)`;
    const accounts = await this.rows(
      this.k
        .selectFrom('channels')
        .select(['id', 'kind', 'name', 'deleted_at'])
        .where(depts.length ? sql<boolean>`(${used(OPEN)} or ${used(CLOSED)} or ${mine})` : mine),
    );
    if (this.scoped.size > 1000) this.scoped.clear();
    this.scoped.set(key, { until: now + ACCOUNTS_TTL_MS, accounts });
    return accounts;
  }

  private async rows(q: SelectQueryBuilder<Database, 'channels', { id: string; kind: string; name: string; deleted_at: string | null }>): Promise<InboxAccount[]> {
    const rows = await q.orderBy('kind').orderBy('name').execute();
    return rows.map((r) => ({ id: r.id, kind: r.kind, name: r.name, deleted: r.deleted_at !== null }));
  }

  private lastInbound(contactId: string): Promise<Map<string, string>> {
    return lastInboundByAccount(this.k, contactId);
  }

  /** Every identity of the contact on every account, the one seen last first. */
  async identities(contactId: string): Promise<ContactIdentityView[]> {
    const rows = await this.k
      .selectFrom('contact_identities as i')
      .leftJoin('channels as ch', 'ch.id', 'i.channel_id')
      .select(['i.channel_id', 'i.kind', 'i.value', 'i.last_seen_at', 'ch.kind as channel_kind', 'ch.name as channel_name'])
      .where('i.contact_id', '=', contactId)
      .execute();
    const wrote = await this.lastInbound(contactId);
    // `last_seen_at` moves only when the contact switches identity on an account; their latest
    // message there dates the identity they use now (the one seen last on that account).
    const newest = new Map<string, string>();
    for (const r of rows) if ((newest.get(r.channel_id) ?? '') < r.last_seen_at) newest.set(r.channel_id, r.last_seen_at);
    const views = rows.map((r) => {
      const latest = newest.get(r.channel_id) === r.last_seen_at ? wrote.get(r.channel_id) : undefined;
      return {
        channelId: r.channel_id,
        channelKind: r.channel_kind,
        channelName: r.channel_name,
        kind: r.kind,
        value: r.value,
        lastSeenAt: latest && latest > r.last_seen_at ? latest : r.last_seen_at,
      };
    });
    return views.sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt) || a.channelId.localeCompare(b.channelId) || a.kind.localeCompare(b.kind));
  }

  /**
   * The accounts an agent can write first on to this contact: those the contact has an identity
   * on (deleted accounts left out), the one used last first. The caller has checked the viewer may
   * see the contact.
   */
  async startChoices(contactId: string, policy?: FreeTextPolicy): Promise<StartChoice[]> {
    const identities = await this.identities(contactId);
    const accounts = await this.liveAccounts([...new Set(identities.map((i) => i.channelId))]);
    const wrote = await this.lastInbound(contactId);
    const now = this.clock();
    const seen = new Set<string>();
    const choices: StartChoice[] = [];
    for (const i of identities) {
      const account = accounts.get(i.channelId);
      if (!account || seen.has(i.channelId)) continue;
      seen.add(i.channelId);
      const lastInboundAt = wrote.get(i.channelId) ?? null;
      choices.push({ channelId: i.channelId, kind: account.kind, name: account.name, lastInboundAt, refusal: policy?.(i.channelId, { lastInboundAt, now }) ?? null });
    }
    return choices;
  }

  /** The kind's refusal of free text to the contact on the account now (null: allowed). */
  async freeText(contactId: string, channelId: string, policy?: FreeTextPolicy): Promise<{ refusal: Localized | null }> {
    const now = this.clock();
    // A kind that would take free text even from someone who never wrote has no window: no query.
    if (!policy || !policy(channelId, { lastInboundAt: null, now })) return { refusal: null };
    const lastInboundAt = (await this.lastInbound(contactId)).get(channelId) ?? null;
    return { refusal: policy(channelId, { lastInboundAt, now }) };
  }

  private async liveAccounts(ids: string[]): Promise<Map<string, { kind: string; name: string }>> {
    if (!ids.length) return new Map();
    const rows = await this.k.selectFrom('channels').select(['id', 'kind', 'name']).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
    return new Map(rows.map((r) => [r.id, r]));
  }
}
