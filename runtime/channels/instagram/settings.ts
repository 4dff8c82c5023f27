// An Instagram professional account, through the Messenger Platform (Instagram messaging with
// Facebook Login): Meta names the Instagram account in every webhook (`entry[].id`), while sends,
// uploads and profiles go through the Facebook Page linked to it, with that Page's access token.
import { z } from 'zod';
import { messagingSettingsBase, metaNodeId } from '../meta/messaging/settings.js';

export const instagramSettings = messagingSettingsBase.extend({
  instagramAccountId: metaNodeId('Instagram account id'),
  pageId: metaNodeId('Page id'),
});

export type InstagramSettings = z.output<typeof instagramSettings>;
