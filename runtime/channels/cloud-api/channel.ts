// One WhatsApp Cloud API number. No socket: Meta calls the account's webhook URL (checked against
// the app secret on the raw body, validated, each message stored through the host before the 200
// that tells Meta it arrived), and the outbox's rows go out as Graph API calls. "Connected" means
// the access token answers for the phone number id.
import { z } from 'zod';
import type { ChannelHost, Identity, OutboxItem, WebhookAnswer, WebhookRequest } from '../contract.js';
import { PermanentSendError } from '../contract.js';
import { MetaAccountChannel, type MetaChannelOptions } from '../meta/account-channel.js';
import { GraphError, type GraphClient } from '../meta/graph.js';
import { openMetaWebhook, plainAnswer as text } from '../meta/webhook-gate.js';
import { whatsappChanges } from '../meta/webhook-schema.js';
import { insideReplyWindow, OUTSIDE_WINDOW_CODE } from '../meta/reply-window.js';
import type { OutgoingMessage } from '../../../blocks/contract.js';
import { OUTSIDE_WINDOW_REASON } from './window.js';
import { eventsOfValue } from './inbound.js';
import { cloudApiCapabilities, renderForCloudApi } from './outbound.js';
import { cloudApiSettings, type CloudApiSettings } from './settings.js';

/** The wamids of a row sent as several messages, so a retry resumes after those Meta took. */
const PARTS = 'ozia-parts';

export type CloudApiChannelOptions = MetaChannelOptions;

const sendAnswer = z.object({ messages: z.array(z.object({ id: z.string().min(1) }).loose()).min(1) }).loose();
const mediaNode = z.object({ url: z.string().min(1) }).loose();
const uploadAnswer = z.object({ id: z.string().min(1) }).loose();
const phoneNode = z.object({ display_phone_number: z.string().optional(), verified_name: z.string().optional() }).loose();

export class CloudApiChannel extends MetaAccountChannel<CloudApiSettings> {
  readonly capabilities = cloudApiCapabilities;

  constructor(host: ChannelHost, opts: CloudApiChannelOptions) {
    super(host, opts, cloudApiSettings.parse(host.account.settings ?? {}));
  }

  protected parseSettings(raw: unknown): CloudApiSettings | null {
    const next = cloudApiSettings.safeParse(raw);
    return next.success ? next.data : null;
  }

  /** The token against the phone number id. */
  protected async checkAccount(graph: GraphClient) {
    const node = phoneNode.parse(await graph.call('GET', `${encodeURIComponent(this.settings.phoneNumberId)}?fields=display_phone_number,verified_name`));
    return { phone: node.display_phone_number?.replace(/\D/g, '') ?? null, name: node.verified_name ?? null };
  }

  // ---- inbound ----

  async webhook(req: WebhookRequest): Promise<WebhookAnswer> {
    const opened = openMetaWebhook(req, this.host, { verifyToken: this.settings.verifyToken, appSecret: this.settings.appSecret });
    if ('answer' in opened) return opened.answer;
    let changes: ReturnType<typeof whatsappChanges>;
    try {
      changes = whatsappChanges(opened.json);
    } catch (e) {
      const why = e instanceof z.ZodError ? e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : String(e);
      this.host.log('warn', 'meta webhook refused: unexpected payload', { why });
      return text(400, why);
    }
    const unclaimed: string[] = [];
    try {
      for (const value of changes.values) {
        // Meta sends every number of the app to one URL: another number's changes are its account's.
        if (value.metadata.phone_number_id !== this.settings.phoneNumberId) {
          unclaimed.push(value.metadata.phone_number_id);
          continue;
        }
        const events = await eventsOfValue(value, {
          downloadMedia: (mediaId, maxBytes) => this.download(mediaId, maxBytes),
          saveFile: (data, mime, name) => this.host.files.save(data, mime, name),
          mediaMaxBytes: this.settings.mediaMaxMb * 1024 * 1024,
          log: this.host.log,
        });
        for (const e of events) await this.host.receive(e);
      }
      for (const t of changes.templateStatuses) {
        // One app's webhook carries every WABA it serves: another's templates are not this account's.
        if (t.wabaId !== this.settings.businessAccountId) continue;
        const v = t.value;
        await this.host.templateStatus({ providerId: v.message_template_id, name: v.message_template_name, language: v.message_template_language, status: v.event, reason: v.reason ?? null });
      }
    } catch (e) {
      // Nothing is acknowledged that is not stored: Meta delivers it again, and what was stored is a duplicate then.
      this.host.log('error', 'meta webhook could not be stored; Meta will deliver it again', { error: String(e) });
      return text(500, 'not stored, deliver again');
    }
    return { ...text(200, 'EVENT_RECEIVED'), ...(unclaimed.length ? { unclaimed } : {}) };
  }

  private async download(mediaId: string, maxBytes: number) {
    const graph = this.client();
    const node = mediaNode.parse(await graph.call('GET', encodeURIComponent(mediaId)));
    return graph.download(node.url, maxBytes);
  }

  // ---- outbound ----

  private recipient(to: Identity | null): Record<string, string> {
    if (to?.kind === 'phone') return { to: to.value };
    if (to?.kind === 'bsuid') return { recipient: to.value };
    throw new PermanentSendError('the contact has no WhatsApp number on this account');
  }

  /**
   * What may go now: outside the 24-hour window only a template, so a row carrying a template
   * fallback sends that, and any other free-form row fails with the reason before reaching Meta.
   */
  private async withinWindow(item: OutboxItem): Promise<OutgoingMessage> {
    const m = item.message;
    if (m.type === 'template') return m;
    if (insideReplyWindow(await this.host.lastInboundAt(item.contactId), this.host.clock())) return m;
    if (m.type === 'text' && m.outsideWindow) return { type: 'template', text: m.text, ...m.outsideWindow };
    throw new PermanentSendError(OUTSIDE_WINDOW_REASON.en);
  }

  async send(item: OutboxItem): Promise<{ externalId?: string }> {
    if (!this.ready()) throw new Error('the Cloud API account is not connected');
    const to = this.recipient(item.to);
    const graph = this.client();
    const phone = encodeURIComponent(this.settings.phoneNumberId);
    const message = await this.withinWindow(item);
    try {
      const parts = await renderForCloudApi(message, {
        splitLong: this.host.account.delivery.splitLong,
        upload: async (fileId) => {
          const f = await this.host.files.read(fileId);
          if (!f) return null;
          const form = new FormData();
          form.set('messaging_product', 'whatsapp');
          form.set('type', f.mime);
          form.set('file', new Blob([new Uint8Array(f.data)], { type: f.mime }), f.name);
          const up = uploadAnswer.parse(await graph.call('POST', `${phone}/media`, form));
          return { id: up.id, mime: f.mime, name: f.name };
        },
      });
      const done: string[] = item.firstTry ? [] : JSON.parse((await this.host.state.get(PARTS, [String(item.id)]))[String(item.id)] ?? '[]');
      for (let i = done.length; i < parts.length; i++) {
        const body = {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          ...to,
          ...(i === 0 && item.quotedExternalId ? { context: { message_id: item.quotedExternalId } } : {}),
          ...parts[i],
        };
        const answer = sendAnswer.parse(await graph.call('POST', `${phone}/messages`, body));
        done.push(answer.messages[0].id);
        if (parts.length > 1) await this.host.state.set({ [PARTS]: { [String(item.id)]: i === parts.length - 1 ? null : JSON.stringify(done) } });
      }
      return done[0] ? { externalId: done[0] } : {};
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      if (e.code === OUTSIDE_WINDOW_CODE) throw new PermanentSendError(OUTSIDE_WINDOW_REASON.en);
      if (e.kind === 'permanent') throw new PermanentSendError(e.reason);
      // A refused token: the account shows why, and its rows wait for a new token instead of failing.
      if (e.kind === 'auth') this.fail(e.reason, e.code);
      throw new Error(e.reason);
    }
  }
}
