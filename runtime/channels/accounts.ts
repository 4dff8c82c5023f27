// Channel accounts as Settings → Canais manages them: the `channels` rows (name, flow, pacing,
// the kind's settings, the last status reported), their health figures, and why a bot is not
// answering. Running the accounts is the channel manager's job; this only stores and reads.
import { z } from 'zod';
import type { Db } from '../db/connect.js';
import type { ChannelRow } from '../db/schema.js';
import { notFound, OziaError } from '../errors.js';
import { newId } from '../ids.js';
import { businessHoursSchema, isOpen, nextOpening } from '../inbox/business-hours.js';
import type { ChannelAccount, ChannelKind, ChannelState, ChannelStatus, DeliverySettings } from './contract.js';
import { ADDABLE_KINDS, deliverySchema, KIND_DELIVERY_DEFAULTS, KIND_GENERATED_SETTINGS, kindSecretFields, kindSettingsSchemas } from './kind-settings.js';
import { secretHint, type SecretBox } from '../secrets/secret-box.js';

/** The test chat's account: it always exists and is not managed in Settings. */
export const TEST_CHAT_ID = 'test';

const CHANNEL_STATES = ['stopped', 'connecting', 'qr', 'pairing_code', 'open', 'reconnecting', 'logged_out', 'forbidden', 'replaced', 'error'] as const satisfies readonly ChannelState[];

/** A stored status is read back defensively: an older or foreign row must not break the list. */
const storedStatus = z.object({
  state: z.enum(CHANNEL_STATES),
  since: z.string(),
  qrAttempt: z.number().optional(),
  qrLimit: z.number().optional(),
  attempt: z.number().optional(),
  nextAt: z.string().optional(),
  me: z.object({ phone: z.string().nullable(), name: z.string().nullable() }).optional(),
  code: z.number().optional(),
  detail: z.string().optional(),
});

const name = z.string().trim().min(1, 'name the account').max(60, 'at most 60 characters');
const optionalRef = (message: string) => z.string().min(1, message).nullable();
const pacing = deliverySchema.omit({ botOffDepartmentId: true });
/** A patch names only what changes: no defaults, or a missing field would be reset. */
const pacingPatch = z.object({
  typingMsPerChar: pacing.shape.typingMsPerChar.unwrap().optional(),
  typingMaxMs: pacing.shape.typingMaxMs.unwrap().optional(),
  splitLong: pacing.shape.splitLong.unwrap().optional(),
  perMinute: pacing.shape.perMinute.unwrap().optional(),
  pauseAfterPhoneMinutes: pacing.shape.pauseAfterPhoneMinutes.unwrap().optional(),
});

export const accountInput = z.object({
  kind: z.enum(ADDABLE_KINDS, { error: `choose a kind: ${ADDABLE_KINDS.join(', ')}` }),
  name,
  /** The flow whose published version new conversations run. */
  flowId: optionalRef('choose a flow').default(null),
  /** Bot off: every new conversation goes straight to this department. */
  botOffDepartmentId: optionalRef('choose a department').default(null),
  delivery: pacingPatch.default({}),
  /** The kind's own settings (kind-settings.ts); missing fields take their defaults. */
  settings: z.record(z.string(), z.unknown()).default({}),
});
export type AccountInput = z.input<typeof accountInput>;

export const accountPatch = z.object({
  name: name.optional(),
  flowId: optionalRef('choose a flow').optional(),
  botOffDepartmentId: optionalRef('choose a department').optional(),
  delivery: pacingPatch.optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});
export type AccountPatch = z.input<typeof accountPatch>;

export interface ChannelAccountRecord extends ChannelAccount<Record<string, unknown>> {
  /** Bot off: its department (the same as `delivery.botOffDepartmentId`). */
  botOffDepartmentId: string | null;
  /** The last status the account reported (a QR or pairing code is never stored). */
  status: ChannelStatus;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface ChannelHealth {
  status: ChannelStatus;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  /** Since midnight UTC, like the manager's reconnect count. */
  inToday: number;
  outToday: number;
  /** Outgoing messages waiting to leave (pending rows). */
  queueLength: number;
  reconnectsToday: number;
}

/** One reason a number's bot does not answer ("Meu chatbot não está respondendo"). */
export type Diagnosis =
  | { code: 'no_flow' }
  | { code: 'flow_missing'; flowId: string }
  | { code: 'not_published'; flowId: string; flowName: string }
  | { code: 'bot_off'; departmentId: string; departmentName: string | null }
  | { code: 'outside_hours'; departmentId: string; departmentName: string; nextOpening: string | null }
  | { code: 'disconnected'; state: ChannelState; since: string };

/** What the running account knows better than the stored row. */
export interface LiveFigures {
  status?: ChannelStatus | null;
  reconnectsToday?: number;
}

/** Parses a nested part under its field, so its issues name it ("settings.mediaMaxMb"). */
function parseAt<T>(schema: z.ZodType<T>, value: unknown, field: string): T {
  return z.object({ [field]: schema }).parse({ [field]: value })[field] as T;
}

function kindSchema(kind: string): z.ZodType<Record<string, unknown>> {
  const schema = (kindSettingsSchemas as Record<string, z.ZodType<Record<string, unknown>> | undefined>)[kind];
  if (!schema) throw new OziaError('BAD_REQUEST', `kind: unknown channel kind "${kind}"`);
  return schema;
}

function startOfUtcDay(d: Date): string {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate())).toISOString();
}

/** What may be stored of a status: the QR and pairing codes let anyone holding them pair the number. */
export function storableStatus(s: ChannelStatus): ChannelStatus {
  const { qr: _qr, pairingCode: _code, ...rest } = s;
  return rest;
}

export class ChannelAccounts {
  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
    /** Seals the kinds' secret settings (kindSecretFields) before they are stored. */
    private readonly secrets?: SecretBox,
  ) {}

  /**
   * The settings as given, with each secret field sealed (and its hint beside it); a blank or
   * missing one is left out, so an edit that leaves it blank keeps the stored value.
   */
  private sealSecrets(kind: string, settings: Record<string, unknown>): Record<string, unknown> {
    const fields = kindSecretFields[kind as ChannelKind];
    if (!fields) return settings;
    const out = { ...settings };
    for (const f of fields) {
      const v = out[f];
      delete out[f];
      delete out[`${f}Hint`];
      if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) continue;
      if (typeof v !== 'string') throw new OziaError('BAD_REQUEST', `settings.${f}: must be text`);
      if (!this.secrets) throw new Error(`settings.${f}: this server has no secret key to store it with`);
      out[f] = this.secrets.seal(v.trim());
      out[`${f}Hint`] = secretHint(v.trim());
    }
    return out;
  }

  private get k() {
    return this.db.kysely;
  }

  private fromRow(r: ChannelRow): ChannelAccountRecord {
    const delivery = deliverySchema.safeParse(JSON.parse(r.delivery));
    const status = storedStatus.safeParse(JSON.parse(r.status));
    const settings = kindSchema(r.kind).safeParse(JSON.parse(r.settings));
    const d: DeliverySettings = delivery.success ? delivery.data : deliverySchema.parse({});
    return {
      id: r.id,
      kind: r.kind as ChannelKind,
      name: r.name,
      flowId: r.flow_id,
      botOffDepartmentId: d.botOffDepartmentId,
      delivery: d,
      // A row its schema no longer reads keeps what it has (defaults where they exist): the list must not break.
      settings: settings.success ? settings.data : { ...(kindSchema(r.kind).safeParse({}).data ?? {}), ...JSON.parse(r.settings) },
      status: status.success ? status.data : { state: 'stopped', since: r.created_at },
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
    };
  }

  /** Accounts not deleted, oldest first; the test chat only when asked for. */
  async list(opts: { includeTestChat?: boolean } = {}): Promise<ChannelAccountRecord[]> {
    let q = this.k.selectFrom('channels').selectAll().where('deleted_at', 'is', null);
    if (!opts.includeTestChat) q = q.where('id', '!=', TEST_CHAT_ID);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map((r) => this.fromRow(r));
  }

  /** Deleted accounts too: their conversations still name them. */
  async find(id: string): Promise<ChannelAccountRecord | null> {
    const row = await this.k.selectFrom('channels').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.fromRow(row) : null;
  }

  /** A live (not deleted) account, or NOT_FOUND. */
  async get(id: string): Promise<ChannelAccountRecord> {
    const a = await this.find(id);
    if (!a || a.deletedAt) throw notFound(`channel account "${id}"`);
    return a;
  }

  private async editable(id: string): Promise<ChannelAccountRecord> {
    const a = await this.get(id);
    if (a.id === TEST_CHAT_ID) throw new OziaError('BAD_REQUEST', 'the test chat is not managed here');
    return a;
  }

  private async checkRefs(flowId: string | null, departmentId: string | null) {
    if (flowId && !(await this.k.selectFrom('flows').select('id').where('id', '=', flowId).executeTakeFirst())) {
      throw new OziaError('BAD_REQUEST', `flowId: no flow "${flowId}"`);
    }
    if (departmentId && !(await this.k.selectFrom('departments').select('id').where('id', '=', departmentId).executeTakeFirst())) {
      throw new OziaError('BAD_REQUEST', `botOffDepartmentId: no department "${departmentId}"`);
    }
  }

  private async checkName(value: string, exceptId?: string) {
    const rows = await this.k.selectFrom('channels').select(['id', 'name']).where('deleted_at', 'is', null).execute();
    const key = value.toLocaleLowerCase();
    if (rows.some((r) => r.id !== exceptId && r.name.toLocaleLowerCase() === key)) {
      throw new OziaError('CONFLICT', `name: an account called "${value}" already exists`);
    }
  }

  async create(raw: AccountInput): Promise<ChannelAccountRecord> {
    const input = accountInput.parse(raw);
    // What the kind generates (a public id) is never chosen by the caller.
    const given = Object.fromEntries(Object.entries(input.settings).filter(([key]) => !KIND_GENERATED_SETTINGS[input.kind]?.includes(key)));
    const settings = parseAt(kindSchema(input.kind), this.sealSecrets(input.kind, given), 'settings');
    const delivery: DeliverySettings = { ...deliverySchema.parse({}), ...KIND_DELIVERY_DEFAULTS[input.kind], ...input.delivery, botOffDepartmentId: input.botOffDepartmentId };
    await this.checkRefs(input.flowId, input.botOffDepartmentId);
    await this.checkName(input.name);
    const id = newId();
    const now = this.clock().toISOString();
    await this.k
      .insertInto('channels')
      .values({
        id,
        kind: input.kind,
        name: input.name,
        flow_id: input.flowId,
        delivery: JSON.stringify(delivery),
        settings: JSON.stringify(settings),
        status: JSON.stringify({ state: 'stopped', since: now } satisfies ChannelStatus),
        created_at: now,
        updated_at: now,
      })
      .execute();
    return this.get(id);
  }

  /** Everything is checked before the one UPDATE: a bad field leaves the account as it was. */
  async update(id: string, raw: AccountPatch): Promise<ChannelAccountRecord> {
    const patch = accountPatch.parse(raw);
    const current = await this.editable(id);
    const kept = Object.fromEntries((KIND_GENERATED_SETTINGS[current.kind] ?? []).map((key) => [key, current.settings[key]]));
    const settings = patch.settings
      ? parseAt(kindSchema(current.kind), { ...current.settings, ...this.sealSecrets(current.kind, patch.settings), ...kept }, 'settings')
      : current.settings;
    const flowId = patch.flowId !== undefined ? patch.flowId : current.flowId;
    const botOff = patch.botOffDepartmentId !== undefined ? patch.botOffDepartmentId : current.botOffDepartmentId;
    const delivery: DeliverySettings = { ...current.delivery, ...patch.delivery, botOffDepartmentId: botOff };
    // Only what changed is checked: a department deleted since must not block renaming the account.
    await this.checkRefs(flowId !== current.flowId ? flowId : null, botOff !== current.botOffDepartmentId ? botOff : null);
    if (patch.name !== undefined) await this.checkName(patch.name, id);
    await this.k
      .updateTable('channels')
      .set({
        name: patch.name ?? current.name,
        flow_id: flowId,
        delivery: JSON.stringify(delivery),
        settings: JSON.stringify(settings),
        updated_at: this.clock().toISOString(),
      })
      .where('id', '=', id)
      .where('deleted_at', 'is', null)
      .execute();
    return this.get(id);
  }

  /** The row stays (conversations and messages keep naming it); it leaves every list. */
  async softDelete(id: string): Promise<void> {
    await this.editable(id);
    const now = this.clock().toISOString();
    await this.k.updateTable('channels').set({ deleted_at: now, updated_at: now }).where('id', '=', id).where('deleted_at', 'is', null).execute();
  }

  /** Persists the last status the account reported, without its QR or pairing code. */
  async recordStatus(id: string, status: ChannelStatus): Promise<void> {
    await this.k
      .updateTable('channels')
      .set({ status: JSON.stringify(storableStatus(status)) })
      .where('id', '=', id)
      .execute();
  }

  async health(id: string, live: LiveFigures = {}): Promise<ChannelHealth> {
    const account = await this.get(id);
    const since = startOfUtcDay(this.clock());
    const k = this.k;
    const count = (n: unknown) => Number(n ?? 0);
    const [inbound, outbound, queue] = await Promise.all([
      k
        .selectFrom('messages')
        .select((eb) => [
          eb.fn.max('created_at').as('last'),
          eb.fn.sum<number>(eb.case().when('created_at', '>=', since).then(1).else(0).end()).as('today'),
        ])
        .where('channel', '=', id)
        .where('direction', '=', 'in')
        .executeTakeFirst(),
      k
        .selectFrom('messages')
        .select((eb) => [eb.fn.max('sent_at').as('last'), eb.fn.sum<number>(eb.case().when('sent_at', '>=', since).then(1).else(0).end()).as('today')])
        .where('channel', '=', id)
        .where('direction', '=', 'out')
        .where('sent_at', 'is not', null)
        .executeTakeFirst(),
      k
        .selectFrom('messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('channel', '=', id)
        .where('direction', '=', 'out')
        .where('status', '=', 'pending')
        .executeTakeFirst(),
    ]);
    return {
      status: live.status ?? account.status,
      lastInboundAt: (inbound?.last as string | null | undefined) ?? null,
      lastOutboundAt: (outbound?.last as string | null | undefined) ?? null,
      inToday: count(inbound?.today),
      outToday: count(outbound?.today),
      queueLength: count(queue?.n),
      reconnectsToday: live.reconnectsToday ?? 0,
    };
  }

  /** Why new messages to this number get no bot answer; empty when nothing stands in the way. */
  async diagnose(id: string, live: LiveFigures = {}): Promise<Diagnosis[]> {
    const account = await this.get(id);
    const now = this.clock();
    const out: Diagnosis[] = [];
    const departmentId = account.botOffDepartmentId;
    if (departmentId) {
      const dept = await this.k.selectFrom('departments').select(['name', 'hours']).where('id', '=', departmentId).executeTakeFirst();
      out.push({ code: 'bot_off', departmentId, departmentName: dept?.name ?? null });
      const hours = dept ? businessHoursSchema.safeParse(JSON.parse(dept.hours)) : null;
      if (dept && hours?.success && hours.data.enabled && !isOpen(hours.data, now)) {
        out.push({ code: 'outside_hours', departmentId, departmentName: dept.name, nextOpening: nextOpening(hours.data, now)?.toISOString() ?? null });
      }
    } else if (!account.flowId) {
      out.push({ code: 'no_flow' });
    } else {
      const flow = await this.k.selectFrom('flows').select(['name', 'published_version_id']).where('id', '=', account.flowId).executeTakeFirst();
      if (!flow) out.push({ code: 'flow_missing', flowId: account.flowId });
      else if (!flow.published_version_id) out.push({ code: 'not_published', flowId: account.flowId, flowName: flow.name });
    }
    const status = live.status ?? account.status;
    if (account.id !== TEST_CHAT_ID && status.state !== 'open') out.push({ code: 'disconnected', state: status.state, since: status.since });
    return out;
  }
}
