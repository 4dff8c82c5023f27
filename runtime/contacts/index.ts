// The contacts directory, wired: the list and contact pages, custom field definitions, saved
// filters, merging two contacts by hand, CSV import and export, LGPD erasure and access reports,
// and the sweep that dates each contact's last contact behind the turns.
import type { Bus } from '../bus.js';
import type { Db } from '../db/connect.js';
import type { InboxChannels } from '../inbox/channel-accounts.js';
import type { FileStore } from '../files.js';
import type { Runtime } from '../runtime.js';
import { AccessReports } from './access-report.js';
import { ContactExporter } from './csv-export.js';
import { ContactImporter } from './csv-import.js';
import { ContactDirectoryStore } from './directory.js';
import { ContactErasure } from './erasure.js';
import { ContactFields } from './field-store.js';
import { LastContactSweeper } from './last-contact.js';
import { ContactMerges } from './manual-merge.js';
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
  /** LGPD: erasing a person, and the report of everything held about them. */
  readonly erasure: ContactErasure;
  readonly reports: AccessReports;

  constructor(
    db: Db,
    channels: InboxChannels,
    deps: { runtime: Runtime; files: FileStore; onErased?: (departmentIds: string[]) => void },
    clock: () => Date = () => new Date(),
    opts: {
      sweepEveryMs?: number;
      /** A flow version's document (variable names for "Dados coletados"). */
      versionDocument?: (versionId: string) => Promise<{ doc: FlowDocument }>;
      /** Where blocking tells the Inbox. */
      bus?: Bus;
    } = {},
  ) {
    this.fields = new ContactFields(db, clock);
    this.directory = new ContactDirectoryStore(db, this.fields, channels, clock, opts.versionDocument, opts.bus);
    this.merges = new ContactMerges(db, this.fields, channels, deps.runtime);
    this.filters = new SavedFilters(db, clock);
    this.lastContact = new LastContactSweeper(db, opts.sweepEveryMs);
    this.importer = new ContactImporter(db, this.directory, this.fields, clock);
    this.exporter = new ContactExporter(this.directory, this.fields);
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
