// A runtime process for the crash test: sends `perContact` messages for each of `contacts`
// contacts through the real runtime, printing one line per stored message, until killed or done.
import { openDatabase } from '../db/connect.js';
import { FlowStore } from '../flows.js';
import { Runtime } from '../runtime.js';
import { nullChannel } from './recording-channel.js';

const [file, contactsArg, perContactArg] = process.argv.slice(2);
const contacts = Number(contactsArg);
const perContact = Number(perContactArg);

const db = await openDatabase({ sqliteFile: file });
const version = await db.kysely
  .selectFrom('flow_versions')
  .select('id')
  .where('kind', '=', 'published')
  .orderBy('number', 'desc')
  .executeTakeFirstOrThrow();
const runtime = new Runtime({ db, flows: new FlowStore(db), flowForChannel: async () => version.id });
runtime.registerChannel(nullChannel('wa'));
await runtime.start();

// Like a phone retransmitting: every message is sent again from the start; the runtime dedupes.
await Promise.all(
  Array.from({ length: contacts }, async (_, c) => {
    for (let i = 0; i < perContact; i++) {
      const r = await runtime.receive({
        channel: 'wa',
        externalId: `c${c}-m${i}`,
        from: { externalId: `55119${String(c).padStart(8, '0')}` },
        reply: { text: `msg ${i}` },
      });
      process.stdout.write(`stored c${c}-m${i}\n`);
      if (i % 3 === 0) await r.done;
    }
  }),
);
await runtime.idle();
await runtime.stop();
await db.close();
process.stdout.write('done\n');
