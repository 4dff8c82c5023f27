// What contacts send a WhatsApp number, through the whole stack (fake WhatsApp → WhatsAppChannel
// → ChannelManager → ingest and turns → database → outbox → back out through the fake): each
// message answered once and in order, history kept without answers, the business's own phone
// pausing the bot, media kept, a choice answered three ways, one person under two addresses.
import { jidNormalizedUser } from 'baileys';
import { afterEach, describe, expect, it } from 'vitest';
import { Departments } from '../../inbox/departments.js';
import { Inbox } from '../../inbox/index.js';
import { testDatabases, type TestDatabase } from '../../testing/databases.js';
import { buildFlow, text } from '../../testing/flow-builder.js';
import { echoFlow } from '../../testing/flows.js';
import { fakeInboundMessage } from './testing/fake-whatsapp.js';
import { mediaContent, mediaServer, pollVote } from './testing/messages.js';
import { openStack, type Stack } from './testing/stack.js';

const ana = { lid: '201234567890123', pn: '5511988887777', name: 'Ana' };
const bia = { lid: '301234567890123', pn: '5521977776666', name: 'Bia' };

/** A choice of three, each path its own bubble, then the choice again. */
const menuFlow = buildFlow({
  groups: [
    {
      id: 'menu',
      blocks: [
        {
          id: 'b',
          kind: 'input-buttons',
          options: {
            prompt: 'Com quem quer falar?',
            items: [
              { id: 'i1', label: 'Suporte' },
              { id: 'i2', label: 'Financeiro' },
              { id: 'i3', label: 'Vendas' },
            ],
          },
        },
      ],
    },
    { id: 'g1', blocks: [text('t1', 'Suporte aqui'), { id: 'j1', kind: 'jump', options: { target: { groupId: 'menu' } } }] },
    { id: 'g2', blocks: [text('t2', 'Financeiro aqui'), { id: 'j2', kind: 'jump', options: { target: { groupId: 'menu' } } }] },
    { id: 'g3', blocks: [text('t3', 'Vendas aqui'), { id: 'j3', kind: 'jump', options: { target: { groupId: 'menu' } } }] },
  ],
  edges: [
    { from: { blockId: 'b', itemId: 'i1' }, to: { groupId: 'g1' } },
    { from: { blockId: 'b', itemId: 'i2' }, to: { groupId: 'g2' } },
    { from: { blockId: 'b', itemId: 'i3' }, to: { groupId: 'g3' } },
  ],
});

describe.each(testDatabases)('WhatsApp inbound through the stack on %s', (_name, makeDb) => {
  let db: TestDatabase;
  let s: Stack;
  let id: string;

  const start = async (o: Parameters<Stack['addAccount']>[0] = { flow: echoFlow }) => {
    db = makeDb();
    s = await openStack({ db });
    id = await s.addAccount(o);
    await s.connectAndScan(id);
  };
  const contacts = () => s.db.kysely.selectFrom('contacts').select(['id', 'name', 'phone']).where('channel', '=', id).execute();
  const transcript = (contactId: string) =>
    s.db.kysely.selectFrom('messages').select(['direction', 'author', 'kind', 'body', 'external_id']).where('contact_id', '=', contactId).orderBy('id').execute();

  afterEach(async () => {
    await s?.close();
    await db?.cleanup();
  });

  it('the same WhatsApp message id twice is stored and answered once', async () => {
    await start();
    const m = s.sock.receiveText(ana, 'oi', { at: s.clock() });
    s.sock.emitUpsert([m]);
    s.sock.emitUpsert([m], 'append');
    const next = s.sock.receiveText(ana, 'tudo bem?', { at: s.clock() });
    await s.processed(next.key.id!);
    expect(s.textsTo(ana)).toEqual(['Oi! Diga algo.', 'eco: tudo bem?']);
    const rows = await s.db.kysely.selectFrom('inbound').select('external_id').where('channel', '=', id).execute();
    expect(rows.map((r) => r.external_id).sort()).toEqual([m.key.id, next.key.id].sort());
  });

  it('200 messages from 20 contacts, interleaved: each contact gets one answer per message, in order', async () => {
    await start();
    const people = Array.from({ length: 20 }, (_, i) => ({ lid: `4000000000${String(i).padStart(5, '0')}`, pn: `55119000${String(i).padStart(5, '0')}`, name: `P${i}` }));
    for (let j = 0; j < 10; j++) for (const [i, p] of people.entries()) s.sock.receiveText(p, `c${i}-m${j}`, { at: s.clock() });
    await s.until(() => people.every((p) => s.textsTo(p).length >= 10), 'every answer');
    await s.runtime.idle();
    for (const [i, p] of people.entries()) {
      expect(s.textsTo(p)).toEqual(['Oi! Diga algo.', ...Array.from({ length: 9 }, (_, j) => `eco: c${i}-m${j + 1}`)]);
    }
    expect(await contacts()).toHaveLength(20);
  });

  it('history (append) older than the conversation is kept without an answer; a late message newer than it is answered', async () => {
    await start();
    const clock = s.testClock!;
    const first = s.sock.receiveText(ana, 'oi', { at: s.clock() });
    await s.processed(first.key.id!);
    expect(s.textsTo(ana)).toEqual(['Oi! Diga algo.']);
    // Sent while Ozia was away, before the exchange above.
    const old = s.sock.receiveText(ana, 'mensagem antiga', { at: new Date(clock.now - 60 * 60_000), type: 'append' });
    // A day and more old, from someone new: kept for agents, not answered.
    const stale = s.sock.receiveText(bia, 'anteontem', { at: new Date(clock.now - 49 * 60 * 60_000), type: 'append' });
    await s.processed(old.key.id!);
    await s.processed(stale.key.id!);
    expect(s.textsTo(ana)).toEqual(['Oi! Diga algo.']);
    expect(s.textsTo(bia)).toEqual([]);
    const [anaId] = (await contacts()).filter((c) => c.name === 'Ana').map((c) => c.id);
    expect((await transcript(anaId)).map((m) => [m.direction, JSON.parse(m.body).text])).toEqual([
      ['in', 'oi'],
      ['out', 'Oi! Diga algo.'],
      ['in', 'mensagem antiga'],
    ]);
    // Sent while Ozia was away, after the exchange: it is the contact's answer, and gets one.
    clock.advance(5 * 60_000);
    const late = s.sock.receiveText(ana, 'chegou depois', { at: new Date(clock.now - 60_000), type: 'append' });
    await s.processed(late.key.id!);
    await s.until(() => s.textsTo(ana).length === 2, 'the late answer');
    expect(s.textsTo(ana)).toEqual(['Oi! Diga algo.', 'eco: chegou depois']);
  });

  it("a message from the business's phone shows as the phone's and pauses the bot for that contact only, until the pause ends", async () => {
    await start({ flow: echoFlow, delivery: { pauseAfterPhoneMinutes: 30 } });
    const clock = s.testClock!;
    const first = s.sock.receiveText(ana, 'oi', { at: s.clock() });
    await s.processed(first.key.id!);
    const phone = fakeInboundMessage(ana, { conversation: 'Oi Ana, aqui é o João da loja' }, { fromMe: true, at: s.clock() });
    s.sock.emitUpsert([phone]);
    await s.processed(phone.key.id!);
    const [anaId] = (await contacts()).map((c) => c.id);
    const rows = await transcript(anaId);
    expect(rows.at(-1)).toMatchObject({ direction: 'out', author: 'phone', external_id: phone.key.id });
    expect(s.textsTo(ana)).toEqual(['Oi! Diga algo.']); // the phone's message is not sent again

    clock.advance(10 * 60_000);
    const during = s.sock.receiveText(ana, 'obrigada', { at: s.clock() });
    const other = s.sock.receiveText(bia, 'oi', { at: s.clock() });
    await s.processed(during.key.id!);
    await s.processed(other.key.id!);
    await s.until(() => s.textsTo(bia).length === 1, 'Bia is answered');
    expect(s.textsTo(ana)).toEqual(['Oi! Diga algo.']);

    clock.advance(21 * 60_000);
    const after = s.sock.receiveText(ana, 'voltei', { at: s.clock() });
    await s.processed(after.key.id!);
    await s.until(() => s.textsTo(ana).length === 2, 'the bot answers again');
    expect(s.textsTo(ana)[1]).toBe('eco: voltei');
  });

  it('an image is saved in the file store and shows in the Inbox transcript as an image', async () => {
    await start();
    const server = await mediaServer();
    try {
      const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
      const m = s.sock.receive(ana, await mediaContent({ image: png, caption: 'meu boleto', mimetype: 'image/png' }, server), { at: s.clock() });
      await s.processed(m.key.id!);
      const [anaId] = (await contacts()).map((c) => c.id);
      const [row] = await transcript(anaId);
      expect(row).toMatchObject({ direction: 'in', kind: 'image', external_id: m.key.id });
      const body = JSON.parse(row.body) as { caption?: string; fileId?: string; attachments?: { fileId: string }[] };
      const fileId = body.fileId ?? body.attachments?.[0]?.fileId;
      expect(fileId).toBeTruthy();
      const file = await s.files.open(fileId!);
      const chunks: Buffer[] = [];
      for await (const c of file!.stream) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(png)).toBe(true);
      expect(file!.meta.mime).toBe('image/png');

      const inbox = new Inbox({ runtime: s.runtime, departments: new Departments(s.db, s.clock), files: s.files, bus: s.bus, clock: s.clock });
      const conv = await s.db.kysely.selectFrom('conversations').select('id').where('contact_id', '=', anaId).executeTakeFirstOrThrow();
      const view = await inbox.desk.messages(inbox.viewer({ id: 'sup', name: 'Sup', role: 'supervisor' }), conv.id);
      const shown = view.messages.find((x) => x.direction === 'in');
      expect(shown).toMatchObject({ kind: 'image' });
      expect(JSON.stringify(shown)).toContain(fileId!);
      expect(JSON.stringify(shown)).toContain('meu boleto');
    } finally {
      await server.close();
    }
  });

  it('a poll vote, "2" and the text of option 2 all take the second path', async () => {
    await start({ flow: menuFlow, settings: { polls: true } });
    const first = s.sock.receiveText(ana, 'oi', { at: s.clock() });
    await s.processed(first.key.id!);
    await s.until(() => s.sentTo(ana).some((m) => 'poll' in m.content), 'the poll');
    const poll = s.sentTo(ana).find((m) => 'poll' in m.content)!;
    const values = (poll.content as { poll: { values: string[]; messageSecret: Uint8Array } }).poll;
    expect(values.values).toHaveLength(3);
    const vote = pollVote({
      pollId: poll.message.key.id!,
      secret: values.messageSecret,
      labels: [values.values[1]],
      voterJid: `${ana.lid}@lid`,
      creatorJid: jidNormalizedUser(s.sock.creds.me!.id),
    });
    const answers = () => s.textsTo(ana).filter((t) => t.endsWith(' aqui'));
    const voted = s.sock.receive(ana, vote, { at: s.clock() });
    await s.processed(voted.key.id!);
    await s.until(() => answers().length === 1, 'the answer to the vote');
    const byNumber = s.sock.receiveText(ana, '2', { at: s.clock() });
    await s.processed(byNumber.key.id!);
    await s.until(() => answers().length === 2, 'the answer to "2"');
    const byText = s.sock.receiveText(ana, 'financeiro', { at: s.clock() });
    await s.processed(byText.key.id!);
    await s.until(() => answers().length === 3, 'the answer to the text');
    expect(answers()).toEqual(['Financeiro aqui', 'Financeiro aqui', 'Financeiro aqui']);
  });

  it('delivered and read receipts set the times on the message and are announced', async () => {
    await start();
    const first = s.sock.receiveText(ana, 'oi', { at: s.clock() });
    await s.processed(first.key.id!);
    await s.until(() => s.sentTo(ana).length === 1, 'the greeting');
    const wa = s.sentTo(ana)[0].message.key.id!;
    const row = () => s.db.kysely.selectFrom('messages').select(['id', 'status', 'delivered_at', 'read_at']).where('external_id', '=', wa).executeTakeFirstOrThrow();
    await s.until(async () => (await row()).status === 'sent', 'sent');
    s.testClock!.advance(1_000);
    s.sock.ack(wa, 'delivered');
    await s.until(async () => (await row()).status === 'delivered', 'delivered');
    s.testClock!.advance(1_000);
    s.sock.ack(wa, 'read');
    await s.until(async () => (await row()).status === 'read', 'read');
    const r = await row();
    expect(r.delivered_at).toBe(new Date(Date.UTC(2026, 11, 4, 12, 0, 1)).toISOString());
    expect(r.read_at).toBe(new Date(Date.UTC(2026, 11, 4, 12, 0, 2)).toISOString());
    const announced = s.deliveries.filter((d) => d.messages.some((m) => m.id === r.id)).map((d) => d.status);
    expect(announced).toEqual(expect.arrayContaining(['delivered', 'read']));
    expect(announced.indexOf('delivered')).toBeLessThan(announced.indexOf('read'));
  });

  it('a phone number and a LID of one person are one contact (the LID with its phone, or linked later)', async () => {
    await start();
    // First known by phone only (an old chat), then writing from the LID with the phone alongside.
    const byPhone = s.sock.receiveText({ pn: ana.pn, name: 'Ana' }, 'oi', { at: s.clock() });
    await s.processed(byPhone.key.id!);
    const byLid = s.sock.receiveText(ana, 'sou eu', { at: s.clock() });
    await s.processed(byLid.key.id!);
    expect(await contacts()).toHaveLength(1);
    // Two addresses never seen together: two contacts, until WhatsApp reports the mapping.
    const lidOnly = s.sock.receiveText({ lid: bia.lid, name: 'Bia' }, 'oi', { at: s.clock() });
    const pnOnly = s.sock.receiveText({ pn: bia.pn }, 'oi de novo', { at: s.clock() });
    await s.processed(lidOnly.key.id!);
    await s.processed(pnOnly.key.id!);
    expect(await contacts()).toHaveLength(2 + 1);
    s.sock.emitLidMapping(bia.lid, bia.pn);
    await s.until(async () => (await contacts()).length === 2, 'the merge');
    const ids = await s.db.kysely.selectFrom('contact_identities').select(['contact_id', 'kind', 'value']).where('channel_id', '=', id).execute();
    const biaIds = ids.filter((i) => i.value === bia.lid || i.value === bia.pn);
    expect(biaIds).toHaveLength(2);
    expect(new Set(biaIds.map((i) => i.contact_id)).size).toBe(1);
    const anaIds = ids.filter((i) => i.value === ana.lid || i.value === ana.pn);
    expect(new Set(anaIds.map((i) => i.contact_id)).size).toBe(1);
  });
});
