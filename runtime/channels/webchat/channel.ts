// One web chat account. There is no provider to connect to: the account is open while it runs,
// its outbox rows are shown by the visitors' live streams (api/webchat/), and what the browser
// reports (shown, read) comes back as delivery statuses through the host.
import type { ChannelAccount, ChannelHost, Identity, InboundEvent, ManagedChannel, OutboxItem } from '../contract.js';
import { webchatCapabilities } from './capabilities.js';
import type { WebchatHub, WebchatPort } from './hub.js';
import { webchatSettings, type WebchatSettings } from './settings.js';

/** The provider id of a transcript row sent through the web chat. */
export const externalIdOf = (messageId: number) => `wc-${messageId}`;

export class WebchatChannel implements ManagedChannel, WebchatPort {
  readonly capabilities = webchatCapabilities;
  private running = false;
  private settingsValue: WebchatSettings;

  constructor(
    private readonly host: ChannelHost,
    private readonly hub: WebchatHub,
  ) {
    this.settingsValue = webchatSettings.parse(host.account.settings ?? {});
  }

  get id() {
    return this.host.account.id;
  }

  get settings(): WebchatSettings {
    return this.settingsValue;
  }

  get account(): ChannelAccount {
    return this.host.account;
  }

  ready(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    this.running = true;
    this.hub.attach(this.id, this);
    this.host.lifecycle({ state: 'open' });
  }

  async stop(): Promise<void> {
    this.running = false;
    this.hub.detach(this.id, this);
  }

  reconfigure(account: ChannelAccount) {
    this.settingsValue = webchatSettings.parse(account.settings ?? {});
  }

  /**
   * The row is already on the transcript: the visitor's streams show it. Nobody watching is not a
   * failure: the row is "sent" and the visitor sees it when they come back (the stream replays).
   */
  async send(item: OutboxItem): Promise<{ externalId: string }> {
    this.hub.toContact(this.id, item.contactId, { type: 'message', id: item.id });
    return { externalId: externalIdOf(item.id) };
  }

  async typing(to: Identity, ms: number): Promise<void> {
    if (to.kind !== 'visitor') return;
    this.hub.toVisitor(this.id, to.value, { type: 'typing', on: true, ms });
  }

  /** What a visitor did, stored through the host like any channel's event. */
  receive(e: InboundEvent): Promise<{ duplicate: boolean }> {
    return this.host.receive(e);
  }

  /** The browser showed (delivered) or the visitor saw (read) these rows. */
  async report(messageIds: number[], status: 'delivered' | 'read'): Promise<void> {
    const at = this.host.clock().toISOString();
    for (const id of messageIds) await this.host.receive({ type: 'status', externalId: externalIdOf(id), status, at });
  }

  log(level: 'debug' | 'info' | 'warn' | 'error', message: string, data?: Record<string, unknown>) {
    this.host.log(level, message, data);
  }
}
