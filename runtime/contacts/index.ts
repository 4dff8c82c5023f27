// The contacts directory, wired: the list and contact pages, custom field definitions, saved
// filters, the sweep that dates each contact's last contact behind the turns, and LGPD erasure
// and access reports.
import type { Db } from '../db/connect.js';
import type { InboxChannels } from '../inbox/channel-accounts.js';
import type { FileStore } from '../files.js';
import type { Runtime } from '../runtime.js';
import { AccessReports } from './access-report.js';
import { ContactDirectoryStore } from './directory.js';
import { ContactErasure } from './erasure.js';
import { ContactFields } from './field-store.js';
import { LastContactSweeper } from './last-contact.js';
import { SavedFilters } from './saved-filters.js';

export class Contacts {
  readonly fields: ContactFields;
  readonly directory: ContactDirectoryStore;
  readonly filters: SavedFilters;
  readonly lastContact: LastContactSweeper;
  /** LGPD: erasing a person, and the report of everything held about them. */
  readonly erasure: ContactErasure;
  readonly reports: AccessReports;

  constructor(
    db: Db,
    channels: InboxChannels,
    deps: { runtime: Runtime; files: FileStore; onErased?: (departmentIds: string[]) => void },
    clock: () => Date = () => new Date(),
    opts: { sweepEveryMs?: number } = {},
  ) {
    this.fields = new ContactFields(db, clock);
    this.directory = new ContactDirectoryStore(db, this.fields, channels, clock);
    this.filters = new SavedFilters(db, clock);
    this.lastContact = new LastContactSweeper(db, opts.sweepEveryMs);
    this.erasure = new ContactErasure({ db, runtime: deps.runtime, files: deps.files, clock, onErased: deps.onErased });
    this.reports = new AccessReports(db, this.directory, this.fields, clock);
  }

  async start(): Promise<void> {
    await this.lastContact.catchUp();
    this.lastContact.start();
  }

  stop(): Promise<void> {
    return this.lastContact.stop();
  }
}
