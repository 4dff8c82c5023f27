// Every channel kind the channel manager can run: one line per kind. The test chat is not here:
// it lives in the browser and is registered with the runtime directly (test-chat.ts).
import type { ChannelDefinition, ChannelKind } from './contract.js';
import { webchatChannel, type WebchatInjection } from './webchat/index.js';
import { whatsappChannel, type WhatsAppInjection } from './whatsapp/index.js';
import { cloudApiChannel, type CloudApiInjection } from './cloud-api/index.js';
import { messengerChannel, type MessengerInjection } from './messenger/index.js';
import { instagramChannel, type InstagramInjection } from './instagram/index.js';

/** Where kinds reach their providers; the product passes nothing, tests pass fakes. */
export interface ChannelInjections {
  whatsapp?: WhatsAppInjection;
  webchat?: WebchatInjection;
  cloudApi?: CloudApiInjection;
  messenger?: MessengerInjection;
  instagram?: InstagramInjection;
}

export function channelDefinitions(inject: ChannelInjections = {}): Partial<Record<ChannelKind, ChannelDefinition<any>>> {
  return {
    whatsapp: whatsappChannel(inject.whatsapp),
    webchat: webchatChannel(inject.webchat),
    'cloud-api': cloudApiChannel(inject.cloudApi),
    messenger: messengerChannel(inject.messenger),
    instagram: instagramChannel(inject.instagram),
  };
}
