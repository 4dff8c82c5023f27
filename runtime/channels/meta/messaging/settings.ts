// The settings every Messenger Platform account (a Facebook Page on Messenger, an Instagram
// professional account) shares: Meta's credentials (meta/credentials.ts) with Messenger's 25 MB
// attachment cap. Each kind adds the ids Meta names it by.
import type { z } from 'zod';
import { META_SECRET_FIELDS, metaCredentials } from '../credentials.js';

export { metaNodeId } from '../credentials.js';

export const messagingSettingsBase = metaCredentials(25);

export type MessagingSettingsBase = z.output<typeof messagingSettingsBase>;

export const MESSAGING_SECRET_FIELDS = META_SECRET_FIELDS;
