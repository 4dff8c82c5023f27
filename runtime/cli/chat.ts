// `npm run chat -- flow.json`: chat with a flow in the terminal on the same engine as every
// channel. Replies are read from standard input, one per line; each bot message is printed
// as `bot: …` (choices as numbered lines). Exits 0 at the end of the flow or of the input,
// and 1 with the validation errors when the file is not a valid flow.
import fs from 'node:fs';
import readline from 'node:readline';
import { FlowValidationError, parseFlowDocument, type FlowDocument } from '../../blocks/flow.js';
import { plainTextLines } from '../../blocks/plain-text.js';
import { step, type EngineEvent, type SessionState, type StepResult } from '../engine/step.js';

function readFlow(file: string): FlowDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new FlowValidationError([{ path: '', message: `cannot read ${file}: ${(e as Error).message}` }]);
  }
  // Accept a bare document, an export ({name, document}) or a template file ({id, locale, document}).
  const doc = raw && typeof raw === 'object' && 'document' in raw ? (raw as { document: unknown }).document : raw;
  return parseFlowDocument(doc);
}

function print(result: StepResult, locale: FlowDocument['settings']['locale'], out: NodeJS.WritableStream) {
  for (const { message } of result.messages) {
    const [first, ...rest] = plainTextLines(message, locale);
    out.write(`bot: ${first ?? ''}\n`);
    for (const line of rest) out.write(`${line}\n`);
  }
  for (const log of result.logs) if (log.level === 'error') process.stderr.write(`error: ${log.message}\n`);
}

export async function runChat(file: string, input: NodeJS.ReadableStream, out: NodeJS.WritableStream): Promise<number> {
  let doc: FlowDocument;
  try {
    doc = readFlow(file);
  } catch (e) {
    if (e instanceof FlowValidationError) {
      process.stderr.write(`${file} is not a valid flow:\n`);
      for (const i of e.issues) process.stderr.write(`  ${i.path ? `${i.path}: ` : ''}${i.message}\n`);
      return 1;
    }
    throw e;
  }
  const contact = { id: 'terminal', name: process.env.USER ?? 'Tester', phone: null };
  let session: SessionState | null = null;
  const run = async (event: EngineEvent) => {
    const r = await step(doc, session, event, { now: new Date(), contact, seed: Date.now() >>> 0 });
    session = r.session;
    print(r, doc.settings.locale, out);
    // A Wait really waits, then the flow goes on as it would for a contact.
    while (session.status === 'active' && session.waiting?.kind === 'timer') {
      const { timerId, dueAt } = session.waiting;
      await new Promise((res) => setTimeout(res, Math.max(0, Date.parse(dueAt) - Date.now())));
      const t = await step(doc, session, { type: 'timer', timerId }, { now: new Date(), contact });
      session = t.session;
      print(t, doc.settings.locale, out);
    }
    return session.status === 'ended';
  };
  if (await run({ type: 'start' })) return 0;
  const rl = readline.createInterface({ input, terminal: false });
  for await (const line of rl) {
    if (await run({ type: 'reply', reply: { text: line } })) {
      rl.close();
      return 0;
    }
  }
  return 0;
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run chat -- path/to/flow.json\n');
  process.exit(2);
}
runChat(file, process.stdin, process.stdout).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
