// Facebook Messenger (a Page's inbox): the kind's one export for the registry.
import type { ChannelDefinition } from '../contract.js';
import { GRAPH_BASE_URL } from '../meta/graph.js';
import { MessagingChannel, type MessagingPlatform } from '../meta/messaging/channel.js';
import { MESSENGER_MAX_TEXT, messagingCapabilities } from '../meta/messaging/outbound.js';
import { messagingFreeTextStart } from '../meta/messaging/window.js';
import { messengerSettings, type MessengerSettings } from './settings.js';

/** Where the channel reaches Meta: graph.facebook.com in the product; the e2e entry point and tests pass a fake's address. */
export interface MessengerInjection {
  graphBaseUrl?: string;
  fetch?: typeof fetch;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export const messengerPlatform: MessagingPlatform<MessengerSettings> = {
  object: 'page',
  identity: 'psid',
  settings: messengerSettings,
  capabilities: messagingCapabilities(MESSENGER_MAX_TEXT),
  accountId: (s) => s.pageId,
  checkPath: (s) => `${encodeURIComponent(s.pageId)}?fields=name`,
  nameOfAccount: (n) => str(n.name),
  profileFields: 'first_name,last_name',
  profileName: (n) => [str(n.first_name), str(n.last_name)].filter(Boolean).join(' ') || null,
  echoesMetadata: true,
  formatting: 'whatsapp',
};

export function messengerChannel(inject: MessengerInjection = {}): ChannelDefinition<MessengerSettings> {
  return {
    kind: 'messenger',
    label: { en: 'Facebook Messenger', 'pt-BR': 'Facebook Messenger' },
    settings: messengerSettings,
    capabilities: messengerPlatform.capabilities,
    // No socket to hold: every process can take webhooks and send.
    placement: 'shared',
    webhookKey: (settings) => settings.pageId,
    create: (host) => new MessagingChannel(host, messengerPlatform, { graphBaseUrl: inject.graphBaseUrl ?? GRAPH_BASE_URL, fetch: inject.fetch }),
    freeTextStart: messagingFreeTextStart,
  };
}
