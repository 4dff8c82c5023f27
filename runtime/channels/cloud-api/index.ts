// WhatsApp Cloud API (the official API): the kind's one export for the registry.
import type { ChannelDefinition } from '../contract.js';
import { GRAPH_BASE_URL } from '../meta/graph.js';
import { CloudApiChannel } from './channel.js';
import { cloudApiCapabilities } from './outbound.js';
import { cloudApiFreeTextStart } from './window.js';
import { cloudApiSettings, type CloudApiSettings } from './settings.js';

/** Where the channel reaches Meta: graph.facebook.com in the product; the e2e entry point and tests pass a fake's address. */
export interface CloudApiInjection {
  graphBaseUrl?: string;
  fetch?: typeof fetch;
}

export function cloudApiChannel(inject: CloudApiInjection = {}): ChannelDefinition<CloudApiSettings> {
  return {
    kind: 'cloud-api',
    label: { en: 'WhatsApp Cloud API (official)', 'pt-BR': 'WhatsApp API Oficial (Cloud API)' },
    settings: cloudApiSettings,
    capabilities: cloudApiCapabilities,
    // No socket to hold: every process can take webhooks and send.
    placement: 'shared',
    webhookKey: (settings) => settings.phoneNumberId,
    // Free text only within 24 hours of the contact's last message; outside it, approved templates.
    freeTextStart: cloudApiFreeTextStart,
    create: (host) => new CloudApiChannel(host, { graphBaseUrl: inject.graphBaseUrl ?? GRAPH_BASE_URL, fetch: inject.fetch }),
  };
}
