// What Settings → Canais and the Inbox may ask of the running channel accounts. The channel
// manager (`manager.ts`) implements it; the API sees only this.
import type { Localized } from '../../blocks/contract.js';
import type { ChannelCapabilities, ChannelStatus, FreeTextStartFacts, WebhookAnswer, WebhookRequest } from './contract.js';

export interface ChannelControl {
  /** The account's live state, or null for an unknown or deleted account. */
  status(channelId: string): ChannelStatus | null;
  /** Starts the account: a QR code, or a pairing code for `pairingPhone` (E.164 digits). Restarts a stopped or expired QR. */
  connect(channelId: string, how?: { pairingPhone?: string }): Promise<void>;
  /** Closes the socket and keeps the session: reconnecting needs no new QR. */
  disconnect(channelId: string): Promise<void>;
  /** Logs the number out and forgets its session ("limpar sessão"): the next connect shows a new QR. */
  clearSession(channelId: string): Promise<void>;
  /** Applies changed settings (flow, pacing) to the running account. */
  reload(channelId: string): Promise<void>;
  /** Stops the account for good (its row is soft-deleted by the caller; conversations stay). */
  remove(channelId: string): Promise<void>;
  /** Reconnections since midnight (UTC), for the health panel. */
  reconnectsToday(channelId: string): number;
  capabilities(channelId: string): ChannelCapabilities | null;
  /** Why the account's kind refuses an agent's free-text first message now (its `freeTextStart`); null: allowed. */
  freeTextRefusal?(channelId: string, facts: FreeTextStartFacts): Localized | null;
  /** Deletes a sent message for everyone on its channel; throws an OziaError saying why when it cannot. */
  revoke(messageId: number): Promise<void>;
  /** A provider's webhook call for an account (Meta's), handed to its channel; 404 for an unknown or deleted account. */
  webhook(channelId: string, req: WebhookRequest): Promise<WebhookAnswer>;
}
