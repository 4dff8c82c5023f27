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
import { AnswerCount, replayScript } from './script-replay.js';


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
let count = new AnswerCount(0);
let reportSends = true;

graph.onSent = (s) => {
  const to = String(s.body.to);
  if (reportSends) process.send?.({ sent: { to } });
  const c = owner.get(to);
  if (c !== undefined) count.sent(c);
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
  count = new AnswerCount(r.contacts);
  const cpu = process.cpuUsage();
  try {
    const secs = await replayScript({
      what: 'cloud api',
      contacts: r.contacts,
      inFlight: r.inFlight,
      lines: r.script.length,
      perStep: r.perStep,
      count,
      write: (c, i) => deliver(r.hook, c, r.script[i]),
      stallMs: r.stallMs,
    });
    const used = process.cpuUsage(cpu);
    // How busy Meta's side was: near 1 means the stand-in, not Ozia, set the pace.
    return { secs, sends: count.total(r.contacts), busy: (used.user + used.system) / 1e6 / secs };
  } finally {
    reportSends = true;
  }
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
