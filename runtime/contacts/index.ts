// The contacts directory, wired: the list and contact pages, custom field definitions, saved
// filters, and the sweep that dates each contact's last contact behind the turns.
import type { Bus } from '../bus.js';
import type { Db } from '../db/connect.js';
import type { InboxChannels } from '../inbox/channel-accounts.js';
import { ContactDirectoryStore } from './directory.js';
import { ContactFields } from './field-store.js';
import { LastContactSweeper } from './last-contact.js';
import { SavedFilters } from './saved-filters.js';

export class Contacts {
  readonly fields: ContactFields;
  readonly directory: ContactDirectoryStore;
  readonly filters: SavedFilters;
  readonly lastContact: LastContactSweeper;

  constructor(db: Db, channels: InboxChannels, clock: () => Date = () => new Date(), opts: { sweepEveryMs?: number; bus?: Bus } = {}) {
    this.fields = new ContactFields(db, clock);
    this.directory = new ContactDirectoryStore(db, this.fields, channels, clock, opts.bus);
    this.filters = new SavedFilters(db, clock);
    this.lastContact = new LastContactSweeper(db, opts.sweepEveryMs);
  }

  async start(): Promise<void> {
    await this.lastContact.catchUp();
    this.lastContact.start();
  }

  stop(): Promise<void> {
    return this.lastContact.stop();
  }
}
