// WhatsApp by QR code (Baileys 7): the kind's one export for the registry.
import type { ChannelDefinition } from '../contract.js';
import { WhatsAppChannel } from './channel.js';
import { whatsappCapabilities } from './outbound.js';
import { whatsappSettings, type WhatsAppSettings } from './settings.js';
import type { Timers } from './connection.js';
import { baileysSocketFactory, type SocketFactory } from './socket-port.js';

/** Where the channel gets its sockets: Baileys in the product; the e2e entry point and tests pass a fake. */
export interface WhatsAppInjection {
  factory?: SocketFactory;
  /** Reconnect, QR and watchdog timers (tests drive them by hand). */
  timers?: Timers;
}

export function whatsappChannel(inject: WhatsAppInjection = {}): ChannelDefinition<WhatsAppSettings> {
  let factory = inject.factory;
  return {
    kind: 'whatsapp',
    label: { en: 'WhatsApp (QR code)', 'pt-BR': 'WhatsApp (QR code)' },
    settings: whatsappSettings,
    capabilities: whatsappCapabilities,
    placement: 'exclusive',
    create: (host) => new WhatsAppChannel(host, { factory: (factory ??= baileysSocketFactory()), timers: inject.timers }),
  };
}
