// What the web chat shows: real buttons and picture cards, every media kind, WhatsApp's text limit
// (flows written for WhatsApp read the same on the site).
import type { ChannelCapabilities } from '../contract.js';

export const WEBCHAT_MAX_TEXT = 4096;

export const webchatCapabilities: ChannelCapabilities = Object.freeze({
  buttons: { max: 100, labelMax: 200 },
  lists: null,
  polls: null,
  media: Object.freeze(['image', 'video', 'audio', 'document'] as const),
  maxText: WEBCHAT_MAX_TEXT,
  typing: true,
  receipts: true,
  revoke: false,
  quote: false,
});
