// The fake Graph API in a process of its own for the Cloud API bench: Meta's servers are not on
// Ozia's CPU, so neither is their stand-in. Tells the parent its address and phone number on
// start, then one IPC message per message Meta accepted ({ to }).
import { FakeGraph } from '../runtime/channels/meta/testing/fake-graph.js';

const graph = await new FakeGraph().start();
graph.record = false;
// The webhooks are built (and the users' last messages known) in the parent process; Ozia keeps
// the 24-hour window itself before every send.
graph.replyWindow = false;
const phone = graph.addPhone();
graph.onSent = (s) => process.send?.({ to: s.body.to });
process.send?.({ ready: { baseUrl: graph.baseUrl, phone, token: graph.token, appSecret: graph.appSecret } });
process.on('disconnect', () => void graph.stop().then(() => process.exit(0)));
