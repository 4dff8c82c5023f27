// A WhatsApp Cloud API account's kind settings (`channels.settings`): the number's ids at Meta
// and Meta's credentials (meta/credentials.ts), sealed at rest; Settings never gets them back.
import { z } from 'zod';
import { META_SECRET_FIELDS, metaCredentials, metaNodeId } from '../meta/credentials.js';

export const cloudApiSettings = metaCredentials(16).extend({
  phoneNumberId: metaNodeId('phone number id'),
  businessAccountId: metaNodeId('WhatsApp business account id'),
});

export type CloudApiSettings = z.output<typeof cloudApiSettings>;

/** Settings fields that are sealed at rest and never sent back (their `<field>Hint` is). */
export const CLOUD_API_SECRET_FIELDS = META_SECRET_FIELDS;
