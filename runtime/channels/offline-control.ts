// The ChannelControl used when no channel manager runs in this process (a deployment without
// channels, tests of the API alone): statuses come from the stored rows, and anything that
// needs a live socket says plainly that nothing runs the numbers here.
import { OziaError } from '../errors.js';
import type { ChannelAccounts } from './accounts.js';
import type { ChannelStatus } from './contract.js';
import type { ChannelControl } from './control.js';

/** Editor texts match this sentence (server-errors.ts) to show it in Portuguese. */
export const NO_MANAGER_MESSAGE = 'channels are not running in this server: start it with channels enabled to connect numbers';

export function offlineChannelControl(accounts: ChannelAccounts): ChannelControl & { refresh(): Promise<void> } {
  // status() is synchronous (Settings asks it for every row); the stored rows are cached and
  // refreshed on every list, which is when Settings asks.
  const known = new Map<string, ChannelStatus>();
  const refuse = async (): Promise<never> => {
    throw new OziaError('CONFLICT', NO_MANAGER_MESSAGE);
  };
  return {
    async refresh() {
      known.clear();
      for (const a of await accounts.list({ includeTestChat: true })) known.set(a.id, a.status);
    },
    status: (id) => known.get(id) ?? null,
    connect: refuse,
    disconnect: refuse,
    clearSession: refuse,
    // Settings saved while nothing runs apply when the manager next starts the account.
    reload: async () => {},
    // Nothing runs the account: deleting its row is all there is to do.
    remove: async (id) => {
      known.delete(id);
    },
    reconnectsToday: () => 0,
    capabilities: () => null,
    revoke: async () => {
      throw new OziaError('CONFLICT', 'this message cannot be deleted for everyone: its channel is not running in this server');
    },
  };
}
