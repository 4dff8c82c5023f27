// `npm run bench`: every benchmark, one JSON line per figure. `npm run bench -- engine` runs one.
import { benchEngine } from './engine.js';
import { benchHttpChat } from './http-chat.js';
import { benchEditor } from './editor.js';
import { benchInbox } from './inbox.js';
import { benchWhatsApp } from './whatsapp.js';
import { benchWidget } from './widget.js';
import { benchCloudApi } from './cloud-api.js';
import { benchContactsExport } from './contacts-export.js';
import { benchContactsSearch } from './contacts-search.js';

const all: Record<string, () => Promise<void>> = {
  engine: benchEngine,
  http: benchHttpChat,
  inbox: benchInbox,
  editor: benchEditor,
  whatsapp: benchWhatsApp,
  widget: benchWidget,
  'cloud-api': benchCloudApi,
  'contacts-export': benchContactsExport,
  'contacts-search': benchContactsSearch,
};
const only = process.argv.slice(2);
for (const [name, run] of Object.entries(all)) {
  if (only.length && !only.includes(name)) continue;
  await run();
}
process.exit(0);
