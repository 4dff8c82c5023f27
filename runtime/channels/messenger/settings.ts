// A Facebook Page on Messenger: the Page Meta names in every webhook (`entry[].id`) and sends through.
import { z } from 'zod';
import { messagingSettingsBase, metaNodeId } from '../meta/messaging/settings.js';

export const messengerSettings = messagingSettingsBase.extend({
  pageId: metaNodeId('Page id'),
});

export type MessengerSettings = z.output<typeof messengerSettings>;
