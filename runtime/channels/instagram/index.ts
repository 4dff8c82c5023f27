// Instagram Direct (a professional account's messages, through its linked Facebook Page): the
// kind's one export for the registry.
import type { ChannelDefinition } from '../contract.js';
import { GRAPH_BASE_URL } from '../meta/graph.js';
import { MessagingChannel, type MessagingPlatform } from '../meta/messaging/channel.js';
import { INSTAGRAM_MAX_TEXT, messagingCapabilities } from '../meta/messaging/outbound.js';
import { messagingFreeTextStart } from '../meta/messaging/window.js';
import { instagramSettings, type InstagramSettings } from './settings.js';

/** Where the channel reaches Meta: graph.facebook.com in the product; the e2e entry point and tests pass a fake's address. */
export interface InstagramInjection {
  graphBaseUrl?: string;
  fetch?: typeof fetch;
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

export const instagramPlatform: MessagingPlatform<InstagramSettings> = {
  object: 'instagram',
  identity: 'igsid',
  settings: instagramSettings,
  capabilities: messagingCapabilities(INSTAGRAM_MAX_TEXT),
  accountId: (s) => s.instagramAccountId,
  checkPath: (s) => `${encodeURIComponent(s.instagramAccountId)}?fields=username,name`,
  nameOfAccount: (n) => (str(n.username) ? `@${str(n.username)}` : str(n.name)),
  profileFields: 'name,username',
  profileName: (n) => str(n.name) ?? (str(n.username) ? `@${str(n.username)}` : null),
  uploadPlatform: 'instagram',
  // Instagram's echoes carry no metadata: the sent log knows them by id.
  echoesMetadata: false,
  formatting: 'plain',
};

export function instagramChannel(inject: InstagramInjection = {}): ChannelDefinition<InstagramSettings> {
  return {
    kind: 'instagram',
    label: { en: 'Instagram Direct', 'pt-BR': 'Instagram Direct' },
    settings: instagramSettings,
    capabilities: instagramPlatform.capabilities,
    placement: 'shared',
    webhookKey: (settings) => settings.instagramAccountId,
    create: (host) => new MessagingChannel(host, instagramPlatform, { graphBaseUrl: inject.graphBaseUrl ?? GRAPH_BASE_URL, fetch: inject.fetch }),
    freeTextStart: messagingFreeTextStart,
  };
}
