// The contacts directory, wired: the list and contact pages, custom field definitions, saved
// filters, merging two contacts by hand, CSV import and export, and the sweep that dates each
// contact's last contact behind the turns.
import type { Db } from '../db/connect.js';
import type { InboxChannels } from '../inbox/channel-accounts.js';
import { ContactExporter } from './csv-export.js';
import { ContactImporter } from './csv-import.js';
import { ContactDirectoryStore } from './directory.js';
import { ContactFields } from './field-store.js';
import { LastContactSweeper } from './last-contact.js';
import { ContactMerges, type ContactMerger } from './manual-merge.js';
import type { FlowDocument } from '../../blocks/flow.js';
import { SavedFilters } from './saved-filters.js';

export class Contacts {
  readonly fields: ContactFields;
  readonly directory: ContactDirectoryStore;
  readonly filters: SavedFilters;
  readonly lastContact: LastContactSweeper;
  /** Merging two contacts by hand, and where a merged-away contact went. */
  readonly merges: ContactMerges;
  readonly importer: ContactImporter;
  readonly exporter: ContactExporter;

  constructor(
    db: Db,
    channels: InboxChannels,
    clock: () => Date = () => new Date(),
    opts: {
      sweepEveryMs?: number;
      /** The runtime, which merges inside both contacts' queues. */
      merger?: ContactMerger;
      /** A flow version's document (variable names for "Dados coletados"). */
      versionDocument?: (versionId: string) => Promise<{ doc: FlowDocument }>;
    } = {},
  ) {
    this.fields = new ContactFields(db, clock);
    this.directory = new ContactDirectoryStore(db, this.fields, channels, clock, opts.versionDocument);
    this.merges = new ContactMerges(db, this.fields, channels, opts.merger ?? null);
    this.filters = new SavedFilters(db, clock);
    this.lastContact = new LastContactSweeper(db, opts.sweepEveryMs);
    this.importer = new ContactImporter(db, this.directory, this.fields, clock);
    this.exporter = new ContactExporter(this.directory, this.fields);
  }

  async start(): Promise<void> {
    await this.lastContact.catchUp();
    this.lastContact.start();
  }

  stop(): Promise<void> {
    return this.lastContact.stop();
  }
}
