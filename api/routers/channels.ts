// Settings → Canais: channel accounts (WhatsApp numbers), their live status, connecting them
// by QR or pairing code, their health and why a bot is not answering. Supervisors only.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import type { ChannelNotice } from '../../runtime/bus.js';
import { accountInput, accountPatch, TEST_CHAT_ID, type ChannelAccountRecord } from '../../runtime/channels/accounts.js';
import type { ChannelStatus } from '../../runtime/channels/contract.js';
import { OziaError } from '../../runtime/errors.js';
import { publicSettings } from '../../runtime/channels/kind-settings.js';
import { listen } from '../live.js';
import type { AppServices } from '../services.js';
import { router, supervisorProcedure } from '../trpc.js';

const id = z.string().min(1, 'choose an account');
const byId = z.object({ id });

/** E.164 digits; people type "+55 (11) 98888-7777". */
const phone = z
  .string()
  .transform((s) => s.replace(/[\s()+.-]/g, ''))
  .pipe(z.string().regex(/^[1-9]\d{7,14}$/, 'type the phone number with country and area code, digits only (e.g. 5511988887777)'));

/**
 * What a status may show: the fields Settings draws, copied one by one, so whatever else a
 * channel might put in it (auth, keys, sockets) never leaves the server.
 */
export function publicStatus(s: ChannelStatus): ChannelStatus {
  const out: ChannelStatus = { state: s.state, since: s.since };
  if (s.qr !== undefined) out.qr = s.qr;
  if (s.pairingCode !== undefined) out.pairingCode = s.pairingCode;
  if (s.qrAttempt !== undefined) out.qrAttempt = s.qrAttempt;
  if (s.qrLimit !== undefined) out.qrLimit = s.qrLimit;
  if (s.attempt !== undefined) out.attempt = s.attempt;
  if (s.nextAt !== undefined) out.nextAt = s.nextAt;
  if (s.me !== undefined) out.me = { phone: s.me.phone ?? null, name: s.me.name ?? null };
  if (s.code !== undefined) out.code = s.code;
  if (s.detail !== undefined) out.detail = s.detail;
  return out;
}

/** The live status when the account runs here, the stored one otherwise. */
function statusOf(app: AppServices, a: ChannelAccountRecord): ChannelStatus {
  return publicStatus(app.channelControl.status(a.id) ?? a.status);
}

function live(app: AppServices, accountId: string, status: ChannelStatus) {
  return { status, reconnectsToday: app.channelControl.reconnectsToday(accountId) };
}

/** Names of the flows and departments accounts point at (drafts and deleted ones included: the page says what is wrong). */
async function names(app: AppServices) {
  const flows = new Map((await app.flows.list()).map((f) => [f.id, f.name]));
  const departments = new Map(app.inbox.departments.list().map((d) => [d.id, d.name]));
  return (a: ChannelAccountRecord) => ({
    flowName: a.flowId ? (flows.get(a.flowId) ?? null) : null,
    botOffDepartmentName: a.botOffDepartmentId ? (departments.get(a.botOffDepartmentId) ?? null) : null,
  });
}

/** An account as the browser sees it: sealed credentials never leave the server (only their ••••1234 hints). */
function shown(a: ChannelAccountRecord): ChannelAccountRecord {
  return { ...a, settings: publicSettings(a.kind, a.settings) };
}

async function view(app: AppServices, a: ChannelAccountRecord) {
  const status = statusOf(app, a);
  return { ...shown(a), ...(await names(app))(a), status };
}

/** A site chat's avatar is an image someone uploaded (a PDF would show as a broken picture on every site). */
async function checkAvatar(app: AppServices, settings: Record<string, unknown> | undefined) {
  const fileId = settings?.avatarFileId;
  if (typeof fileId !== 'string') return;
  const info = await app.files.info(fileId);
  if (!info || info.media !== 'image') throw new OziaError('BAD_REQUEST', 'settings.avatarFileId: choose an image (PNG, JPEG or WebP)');
}

/** Only accounts Settings manages: the test chat is not one of them. */
async function managed(app: AppServices, accountId: string): Promise<ChannelAccountRecord> {
  if (accountId === TEST_CHAT_ID) throw new OziaError('BAD_REQUEST', 'the test chat is not managed here');
  return app.channels.get(accountId);
}

export const channelsRouter = router({
  /** Every account with its live status and today's figures. */
  list: supervisorProcedure.query(async ({ ctx }) => {
    const [accounts, named] = await Promise.all([ctx.app.channels.list(), names(ctx.app)]);
    return Promise.all(
      accounts.map(async (a) => {
        const status = statusOf(ctx.app, a);
        const health = await ctx.app.channels.health(a.id, live(ctx.app, a.id, status));
        return { ...shown(a), ...named(a), status, health };
      }),
    );
  }),
  get: supervisorProcedure.input(byId).query(async ({ ctx, input }) => view(ctx.app, await managed(ctx.app, input.id))),
  create: supervisorProcedure.input(accountInput).mutation(async ({ ctx, input }) => {
    if (input.kind === 'webchat') await checkAvatar(ctx.app, input.settings);
    const a = await ctx.app.channels.create(input);
    // The manager learns of the new account (it starts only when asked to connect). A web chat
    // has nothing to pair: it opens at once.
    await ctx.app.channelControl.reload(a.id);
    if (a.kind === 'webchat') {
      ctx.app.webchat.forget();
      await ctx.app.channelControl.connect(a.id);
    }
    return view(ctx.app, a);
  }),
  update: supervisorProcedure.input(accountPatch.extend({ id })).mutation(async ({ ctx, input }) => {
    const { id: accountId, ...patch } = input;
    if ((await managed(ctx.app, accountId)).kind === 'webchat') await checkAvatar(ctx.app, patch.settings);
    const a = await ctx.app.channels.update(accountId, patch);
    await ctx.app.channelControl.reload(a.id);
    if (a.kind === 'webchat') ctx.app.webchat.forget();
    return view(ctx.app, a);
  }),
  /** Stops the number for good; its conversations stay in the Inbox under its name. */
  remove: supervisorProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await managed(ctx.app, input.id);
    await ctx.app.channelControl.remove(input.id);
    await ctx.app.channels.softDelete(input.id);
    ctx.app.webchat.forget();
    return { ok: true as const };
  }),
  /** A QR code (the status stream carries it), or a pairing code for `pairingPhone`. */
  connect: supervisorProcedure.input(z.object({ id, pairingPhone: phone.optional() })).mutation(async ({ ctx, input }) => {
    await managed(ctx.app, input.id);
    await ctx.app.channelControl.connect(input.id, input.pairingPhone ? { pairingPhone: input.pairingPhone } : undefined);
    return { ok: true as const };
  }),
  disconnect: supervisorProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await managed(ctx.app, input.id);
    await ctx.app.channelControl.disconnect(input.id);
    return { ok: true as const };
  }),
  /** Logs the number out and forgets its session: the next connect shows a new QR (also "change the number"). */
  clearSession: supervisorProcedure.input(byId).mutation(async ({ ctx, input }) => {
    await managed(ctx.app, input.id);
    await ctx.app.channelControl.clearSession(input.id);
    return { ok: true as const };
  }),
  health: supervisorProcedure.input(byId).query(async ({ ctx, input }) => {
    const a = await managed(ctx.app, input.id);
    return ctx.app.channels.health(a.id, live(ctx.app, a.id, statusOf(ctx.app, a)));
  }),
  /** "Meu chatbot não está respondendo": each reason, or none. */
  diagnose: supervisorProcedure.input(byId).query(async ({ ctx, input }) => {
    const a = await managed(ctx.app, input.id);
    return ctx.app.channels.diagnose(a.id, { status: statusOf(ctx.app, a) });
  }),
  /** Flows an account can run: published ones. */
  flows: supervisorProcedure.query(async ({ ctx }) =>
    (await ctx.app.flows.list())
      .filter((f) => f.publishedVersionId)
      .map((f) => ({ id: f.id, name: f.name, publishedNumber: f.publishedNumber }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  ),
  /** Departments a bot-off account can send its conversations to. */
  departments: supervisorProcedure.query(({ ctx }) => ctx.app.inbox.departments.list().map((d) => ({ id: d.id, name: d.name, color: d.color }))),
  /** Live statuses (QR codes included) of the managed accounts, or of one. */
  events: supervisorProcedure.input(z.object({ id: id.optional() }).optional()).subscription(async function* ({ ctx, input, signal }) {
    const { app, user } = ctx;
    const only = input?.id;
    const notices = (s: AbortSignal) =>
      listen<ChannelNotice>(
        (push) =>
          app.bus.on('channel', (n) => {
            if (n.channelId === TEST_CHAT_ID || (only && n.channelId !== only)) return;
            push({ channelId: n.channelId, status: publicStatus(n.status) });
          }),
        s,
      );
    yield* app.streams.run(user.id, ctx.token, signal, (s) => supervisorsOnly(app, ctx.token, notices(s)));
  }),
});

/**
 * A QR code links whoever scans it to the number: each notice is checked against the caller's
 * role as it is now, so a supervisor made operator while the page is open stops getting them.
 */
async function* supervisorsOnly<T>(app: AppServices, token: string | undefined, source: AsyncIterable<T>): AsyncGenerator<T> {
  for await (const item of source) {
    const now = await app.auth.userForToken(token);
    if (now?.role !== 'supervisor') throw new TRPCError({ code: 'FORBIDDEN', message: 'this needs the role supervisor' });
    yield item;
  }
}
