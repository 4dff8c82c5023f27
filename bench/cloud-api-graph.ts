// Meta's side of the Cloud API bench, in a process of its own: Meta's servers are not on Ozia's
// CPU, so neither is their stand-in. It is the fake Graph API Ozia sends to, and it is also the
// one delivering the contacts' messages as signed webhooks: each contact writes its next line once
// every answer to the last one reached the send endpoint, as a person on WhatsApp would.
//
// IPC: it tells the parent `{ ready }` on start; `{ deliver: { hook, c, text } }` posts one message
// (answered `{ delivered: { to } }`, the contact's number), every send is reported as `{ sent: { to } }` until
// `{ run }` starts the timed part, which is driven here and answered `{ ran: { secs, sends } | { error } }`.
import { FakeGraph } from '../runtime/channels/meta/testing/fake-graph.js';
import { waIdOf } from './cloud-api-contacts.js';


interface Run {
  hook: string;
  contacts: number;
  inFlight: number;
  script: string[];
  /** Cloud API messages that answer each line of the script (learned by the parent's warm-up contact). */
  perStep: number[];
  stallMs: number;
}

const graph = await new FakeGraph().start();
graph.record = false;
// The webhooks are built (and the users' last messages known) in the parent process; Ozia keeps
// the 24-hour window itself before every send.
graph.replyWindow = false;
const phone = graph.addPhone();

const owner = new Map<string, number>();
let sends: number[] = [];
let waiting = new Map<number, { n: number; resolve: () => void }>();
let lastProgress = Date.now();
let reportSends = true;

graph.onSent = (s) => {
  const to = String(s.body.to);
  if (reportSends) process.send?.({ sent: { to } });
  const c = owner.get(to);
  if (c === undefined) return;
  sends[c]++;
  lastProgress = Date.now();
  const w = waiting.get(c);
  if (w && sends[c] >= w.n) {
    waiting.delete(c);
    w.resolve();
  }
};

const deliver = async (hook: string, c: number, text: string) => {
  const { payload } = graph.inbound(phone, { waId: waIdOf(c), name: `Contato ${c}` }, graph.text(text));
  const a = await graph.deliver(hook, payload);
  if (a.status !== 200) throw new Error(`cloud api bench: webhook answered ${a.status} ${a.body}`);
};

async function run(r: Run): Promise<{ secs: number; sends: number; busy: number }> {
  reportSends = false;
  owner.clear();
  for (let c = 0; c < r.contacts; c++) owner.set(waIdOf(c), c);
  sends = new Array<number>(r.contacts).fill(0);
  waiting = new Map();
  const answered = (c: number, n: number) => (sends[c] >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(c, { n, resolve })));
  let stalled: (e: Error) => void = () => {};
  const stall = new Promise<never>((_, reject) => (stalled = reject));
  lastProgress = Date.now();
  const watchdog = setInterval(() => {
    if (Date.now() - lastProgress > r.stallMs) stalled(new Error(`cloud api bench: no answer for ${r.stallMs} ms (${waiting.size} contacts waiting)`));
  }, 1000);
  let next = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  const worker = async () => {
    while (next < r.contacts) {
      const c = next++;
      let expected = 0;
      for (let i = 0; i < r.script.length; i++) {
        expected += r.perStep[i];
        await deliver(r.hook, c, r.script[i]);
        await answered(c, expected);
      }
    }
  };
  try {
    await Promise.race([Promise.all(Array.from({ length: r.inFlight }, worker)), stall]);
  } finally {
    clearInterval(watchdog);
    reportSends = true;
  }
  const secs = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  // How busy Meta's side was: near 1 means the stand-in, not Ozia, set the pace.
  return { secs, sends: sends.reduce((a, b) => a + b, 0), busy: (used.user + used.system) / 1e6 / secs };
}

process.on('message', (m: { deliver?: { hook: string; c: number; text: string }; run?: Run }) => {
  if (m.deliver) {
    const d = m.deliver;
    void deliver(d.hook, d.c, d.text).then(
      () => process.send?.({ delivered: { to: waIdOf(d.c) } }),
      (e: Error) => process.send?.({ delivered: { error: e.message } }),
    );
  }
  if (m.run) {
    void run(m.run).then(
      (ran) => process.send?.({ ran }),
      (e: Error) => process.send?.({ ran: { error: e.message } }),
    );
  }
});
process.send?.({ ready: { baseUrl: graph.baseUrl, phone, token: graph.token, appSecret: graph.appSecret } });
process.on('disconnect', () => void graph.stop().then(() => process.exit(0)));
