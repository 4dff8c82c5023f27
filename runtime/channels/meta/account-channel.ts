// The life of a Meta account every Meta kind shares (Cloud API number, Messenger Page, Instagram
// account): no socket to hold, "connected" means the token answers for the account's node at
// Meta; a network or 5xx failure is looked at again later, a refused token waits for a new one;
// new settings are checked at once. Each kind adds its webhook and its sends.
import type { ChannelAccount, ChannelCapabilities, ChannelHost, ChannelStatus, ManagedChannel, OutboxItem, WebhookAnswer, WebhookRequest } from '../contract.js';
import { GraphClient, GraphError } from './graph.js';

/** After a failed check Meta could not answer (network, 5xx), the next one. */
const RECHECK_MS = 30_000;

export interface MetaChannelOptions {
  graphBaseUrl: string;
  fetch?: typeof fetch;
}

export abstract class MetaAccountChannel<S extends { accessToken: string }> implements ManagedChannel {
  abstract readonly capabilities: ChannelCapabilities;
  protected settings: S;
  private graph: GraphClient | null = null;
  private open = false;
  private stopped = true;
  private recheck: NodeJS.Timeout | null = null;
  private readonly wakers: (() => void)[] = [];

  constructor(
    protected readonly host: ChannelHost,
    protected readonly opts: MetaChannelOptions,
    settings: S,
  ) {
    this.settings = settings;
  }

  /** The kind's settings schema, for `reconfigure`. */
  protected abstract parseSettings(raw: unknown): S | null;
  /** Asks Meta for the account's node with the token; who it is connected as. Throws GraphError. */
  protected abstract checkAccount(graph: GraphClient): Promise<NonNullable<ChannelStatus['me']>>;
  abstract webhook(req: WebhookRequest): Promise<WebhookAnswer>;
  abstract send(item: OutboxItem): Promise<{ externalId?: string }>;

  get id() {
    return this.host.account.id;
  }

  ready(): boolean {
    return this.open;
  }

  onReady(wake: () => void) {
    this.wakers.push(wake);
  }

  /** Checks the token against the account's node: open, or an error with Meta's reason. */
  async start(): Promise<void> {
    this.stopped = false;
    this.clearRecheck();
    this.host.lifecycle({ state: 'connecting' });
    let graph: GraphClient;
    try {
      graph = this.client();
    } catch (e) {
      this.fail(`the access token cannot be read: ${(e as Error).message}`);
      return;
    }
    try {
      const me = await this.checkAccount(graph);
      if (this.stopped) return;
      this.open = true;
      this.host.lifecycle({ state: 'open', me });
      for (const wake of this.wakers) wake();
    } catch (e) {
      if (this.stopped) return;
      const g = e instanceof GraphError ? e : null;
      this.fail(g?.reason ?? String(e), g?.code);
      // Meta or the network down: looked at again later. A refused token waits for a new one.
      if (!g || g.kind === 'retryable') {
        this.recheck = setTimeout(() => void this.start(), RECHECK_MS);
        this.recheck.unref?.();
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.open = false;
    this.clearRecheck();
  }

  reconfigure(account: ChannelAccount) {
    const next = this.parseSettings(account.settings ?? {});
    if (!next) return;
    this.settings = next;
    this.graph = null;
    // New credentials are checked at once.
    if (!this.stopped) void this.start();
  }

  private clearRecheck() {
    if (this.recheck) clearTimeout(this.recheck);
    this.recheck = null;
  }

  /** The account shows why it cannot work (a refused token: its rows wait for a new one). */
  protected fail(detail: string, code?: number) {
    this.open = false;
    this.host.lifecycle({ state: 'error', detail, ...(code !== undefined ? { code } : {}) });
  }

  protected client(): GraphClient {
    this.graph ??= new GraphClient({ baseUrl: this.opts.graphBaseUrl, token: this.host.secrets.open(this.settings.accessToken), fetch: this.opts.fetch });
    return this.graph;
  }
}
