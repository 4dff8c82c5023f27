// The web chat widget's kind: its one export for the registry.
import type { ChannelDefinition } from '../contract.js';
import { webchatCapabilities } from './capabilities.js';
import { WebchatChannel } from './channel.js';
import { WebchatHub } from './hub.js';
import { webchatSettings, type WebchatSettings } from './settings.js';

export interface WebchatInjection {
  /** The process's meeting point of channels and visitor streams; the API creates it and passes it here. */
  hub?: WebchatHub;
}

export function webchatChannel(inject: WebchatInjection = {}): ChannelDefinition<WebchatSettings> {
  const hub = inject.hub ?? new WebchatHub();
  return {
    kind: 'webchat',
    label: { en: 'Web chat (site widget)', 'pt-BR': 'Chat do site (widget)' },
    settings: webchatSettings,
    capabilities: webchatCapabilities,
    // Every process runs it: a visitor's stream may be on any of them, and rows are claimed per row.
    placement: 'shared',
    create: (host) => new WebchatChannel(host, hub),
  };
}

export { WebchatHub } from './hub.js';
export { WebchatChannel, externalIdOf } from './channel.js';
