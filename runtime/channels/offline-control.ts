// The ChannelControl used when no channel manager runs in this process (a deployment without
// channels, tests of the API alone): statuses come from the stored rows, and anything that
// needs a live socket says plainly that nothing runs the numbers here.
import { OziaError } from '../errors.js';
import type { ChannelAccounts } from './accounts.js';
import type { ChannelControl } from './control.js';

/** Editor texts match this sentence (server-errors.ts) to show it in Portuguese. */
export const NO_MANAGER_MESSAGE = 'channels are not running in this server: start it with channels enabled to connect numbers';

export function offlineChannelControl(_accounts: ChannelAccounts): ChannelControl {
  const refuse = async (): Promise<never> => {
    throw new OziaError('CONFLICT', NO_MANAGER_MESSAGE);
  };
  return {
    // Nothing live to tell: callers show the account's stored status (its row), the last one reported.
    status: () => null,
    connect: refuse,
    disconnect: refuse,
    clearSession: refuse,
    // Settings saved while nothing runs apply when the manager next starts the account.
    reload: async () => {},
    // Nothing runs the account: deleting its row is all there is to do.
    remove: async () => {},
    reconnectsToday: () => 0,
    capabilities: () => null,
    revoke: async () => {
      throw new OziaError('CONFLICT', 'this message cannot be deleted for everyone: its channel is not running in this server');
    },
  };
}
