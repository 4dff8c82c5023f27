// Channel messages in the Inbox, in the real browser. Quoting works on every channel (on the
// test chat the quote stays on the transcript; WhatsApp shows it to the contact too): an agent
// answers a contact's message with "Responder" (the button or R on the focused message), sees
// the quoted reply, and finds it again after a reload. Rows only a WhatsApp number produces
// (receipts, media, failures, reactions…) are seeded into the server's database and drawn;
// what changes live (ticks, "Apagar para todos", the contact's reactions, edits and deletions)
// goes through the fake WhatsApp the e2e server injects (e2e/testing/server.ts).
import path from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { call, login, operatorInbox, uniqueName } from './helpers.js';
import { png } from './testing/png.js';
import { connectedNumber } from './testing/whatsapp.js';

async function handedOver(page: Page): Promise<{ contact: string }> {
  const flow = await call<{ id: string }>(page.request, 'flows.create', { name: uniqueName('Atendimento'), templateId: 'customer-service.pt-BR' });
  await page.goto(`/flows/${flow.id}`);
  await page.getByRole('button', { name: 'Testar' }).click();
  const chat = page.locator('.tc-panel');
  const contact = (await chat.getByTestId('tc-contact').textContent())!.split(' · ')[0];
  await chat.getByRole('button', { name: 'Falar com atendente' }).click();
  await expect(chat.getByText('Você é o 1º da fila. 🙂')).toBeVisible();
  return { contact };
}

test('an agent answers a message with "Responder": the reply shows the quote, live and after a reload', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await login(page);
  const depts = await call<{ id: string; code: string | null }[]>(page.request, 'departments.list', undefined, 'query');
  const general = depts.find((d) => d.code === 'general')!;
  const run = Date.now().toString(36);
  const agent = { name: `Quésia ${run}`, email: `quesia.${run}@ozia.test`, password: 'operator-e2e-pass' };
  await call(page.request, 'users.create', { name: agent.name, email: agent.email, role: 'operator', password: agent.password, departmentIds: [general.id] });
  const inbox = await operatorInbox(browser, agent.email, agent.password);
  const { contact } = await handedOver(page);

  const list = inbox.getByRole('list', { name: 'Conversas' });
  await list.getByText(contact, { exact: true }).click();
  await inbox.getByRole('button', { name: 'Atender' }).click();

  // Hovering the contact's message offers "Responder"; the composer shows whom it answers.
  const asked = inbox.locator('.ib-row--contact', { hasText: 'Falar com atendente' }).last();
  await asked.hover();
  await asked.getByRole('button', { name: 'Responder' }).click();
  const chip = inbox.getByRole('group', { name: `Respondendo a ${contact}` });
  await expect(chip).toContainText('Falar com atendente');
  // The test chat cannot show quotes: the agent is told the contact sees the text only.
  await expect(chip).toContainText('o contato verá só o texto');
  const composer = inbox.getByLabel('Mensagem');
  await expect(composer).toBeFocused();
  await composer.fill('Claro! Já vou te atender.');
  await composer.press('Enter');

  const reply = inbox.locator('.ib-row--agent', { hasText: 'Claro! Já vou te atender.' });
  await expect(reply.locator('.ib-quote')).toContainText(contact);
  await expect(reply.locator('.ib-quote')).toContainText('Falar com atendente');
  await expect(chip).toHaveCount(0);
  // The contact got the text in the test chat.
  await expect(page.locator('.tc-panel').getByText('Claro! Já vou te atender.')).toBeVisible();

  // Keyboard: R on a focused message quotes it, Esc in the composer takes the quote away.
  await asked.locator('.ib-bubble').focus();
  await inbox.keyboard.press('r');
  await expect(chip).toBeVisible();
  await expect(composer).toBeFocused();
  await composer.press('Escape');
  await expect(chip).toHaveCount(0);

  // After a reload the quote comes from the server, and clicking it goes to the quoted message.
  await inbox.reload();
  const again = inbox.locator('.ib-row--agent', { hasText: 'Claro! Já vou te atender.' });
  await expect(again.locator('.ib-quote')).toContainText('Falar com atendente');
  await again.locator('.ib-quote').click();
  await expect(inbox.locator('.ib-row.is-flash', { hasText: 'Falar com atendente' })).toBeVisible();
});

/** A gradient PNG, so the thumbnail has something to show. */
const gradient = (w: number, h: number) => png(w, h, (x, y) => [Math.round((x * 255) / w), Math.round((y * 255) / h), 160]);

/**
 * Rows as a WhatsApp number would leave them (receipts, media, failures, reactions, edits),
 * written straight into the e2e server's SQLite file: every kind drawn in one transcript, at
 * once. What changes live goes through the fake WhatsApp in the tests below.
 */
function seed(conversationId: string, rows: Record<string, unknown>[]): number[] {
  const db = new Database(path.resolve('.tmp/e2e-data/ozia.sqlite'));
  try {
    db.pragma('busy_timeout = 5000');
    const conv = db.prepare('select contact_id, channel from conversations where id = ?').get(conversationId) as { contact_id: string; channel: string };
    const at = new Date().toISOString();
    return rows.map((r) => {
      const row = { conversation_id: conversationId, contact_id: conv.contact_id, channel: conv.channel, block_id: null, created_at: at, attempts: 0, available_at: null, ...r };
      const cols = Object.keys(row);
      const info = db.prepare(`insert into messages (${cols.join(', ')}) values (${cols.map((c) => `@${c}`).join(', ')})`).run(row);
      return Number(info.lastInsertRowid);
    });
  } finally {
    db.close();
  }
}

const text = (t: string, extra: object = {}) => JSON.stringify({ type: 'text', text: t, ...extra });
const fromContact = (kind: string, body: object, extra: object = {}) => ({ direction: 'in', author: 'contact', kind, body: JSON.stringify({ type: kind, ...body }), status: 'received', ...extra });
const fromAgent = (t: string, status: string, extra: object = {}) => ({ direction: 'out', author: 'agent', kind: 'text', body: text(t), status, ...extra });

test('channel rows are drawn: ticks, a failure with "Reenviar" that sends again, every inbound kind, reactions, edits, deletions', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await login(page);
  const depts = await call<{ id: string; code: string | null }[]>(page.request, 'departments.list', undefined, 'query');
  const general = depts.find((d) => d.code === 'general')!;
  const run = Date.now().toString(36);
  const agent = { name: `Renata ${run}`, email: `renata.${run}@ozia.test`, password: 'operator-e2e-pass' };
  const me = await call<{ id: string }>(page.request, 'users.create', { name: agent.name, email: agent.email, role: 'operator', password: agent.password, departmentIds: [general.id] });
  const inbox = await operatorInbox(browser, agent.email, agent.password);
  const { contact } = await handedOver(page);
  await inbox.getByRole('list', { name: 'Conversas' }).getByText(contact, { exact: true }).click();
  await inbox.getByRole('button', { name: 'Atender' }).click();
  const conversationId = /\/inbox\/([^/?#]+)/.exec(inbox.url())![1];

  const upload = await inbox.request.post('/api/files?name=foto.png', { data: gradient(240, 160), headers: { 'content-type': 'image/png' } });
  const photo = (await upload.json()) as { id: string; url: string };
  const [asked] = seed(conversationId, [fromContact('text', { text: 'Tem a camiseta azul?' }, { external_id: `w-${run}-1` })]);
  const [, readId, failedId] = seed(conversationId, [
    fromAgent('Chegou no celular', 'delivered', { user_id: me.id, external_id: `w-${run}-2`, delivered_at: new Date().toISOString() }),
    { ...fromAgent('Temos sim!', 'read', { user_id: me.id, external_id: `w-${run}-3`, quoted_id: asked, reactions: JSON.stringify([{ by: 'contact', emoji: '👍', at: new Date().toISOString() }]) }) },
    fromAgent('Qual o seu CEP?', 'failed', { user_id: me.id, attempts: 1, error: 'not on WhatsApp' }),
    fromContact('image', { fileId: photo.id, url: photo.url, mime: 'image/png', size: 1200, caption: 'É essa aqui' }),
    fromContact('audio', { fileId: photo.id, url: photo.url, mime: 'audio/ogg', voice: true }),
    fromContact('document', { unavailable: { reason: 'larger than 16 MB' } }),
    fromContact('location', { latitude: -23.5614, longitude: -46.6559, name: 'Av. Paulista, 1578' }),
    fromContact('contact', { contacts: [{ name: 'João Pereira', phones: ['5511912345678'] }] }),
    fromContact('undecryptable', { reason: 'no session' }),
    fromContact('unsupported', { what: 'eventMessage' }),
    fromContact('text', { text: 'Quero 3', previous: [{ text: 'Quero 2', at: new Date().toISOString() }] }, { edited_at: new Date().toISOString() }),
    fromContact('text', { text: 'mandei errado' }, { deleted_at: new Date().toISOString() }),
    { direction: 'out', author: 'phone', kind: 'text', body: text('Separei para você'), status: 'sent' },
  ]);
  expect(readId).toBeGreaterThan(asked);
  // A message of this server's own makes the outbox's view of the table reach the seeded rows.
  const composer = inbox.getByLabel('Mensagem');
  await composer.fill('Um momento, por favor.');
  await composer.press('Enter');
  // Reloading before the reply reached the server would cancel it: it is on screen (stored) first.
  await expect(inbox.locator('.ib-row', { hasText: 'Um momento' })).toBeVisible();
  await inbox.reload();

  const row = (words: string) => inbox.locator('.ib-row', { hasText: words }).last();
  await expect(row('Chegou no celular').getByRole('img', { name: 'Entregue' })).toBeVisible();
  await expect(row('Temos sim!').getByRole('img', { name: 'Lida' })).toBeVisible();
  await expect(row('Temos sim!').locator('.ib-quote')).toContainText('Tem a camiseta azul?');
  await expect(row('Temos sim!').getByRole('list', { name: 'Reações' })).toContainText('👍');
  await expect(row('Um momento').getByRole('img', { name: 'Enviada' })).toBeVisible();

  const failed = inbox.locator(`.ib-row[data-message-id="${failedId}"]`);
  await expect(failed).toContainText('Não entregue: not on WhatsApp');
  await failed.getByRole('button', { name: 'Reenviar' }).click();
  // The test chat is the channel here: the outbox hands it the message again, and the bubble turns ✓ live.
  await expect(failed.getByRole('img', { name: 'Enviada' })).toBeVisible();
  await expect(failed).not.toContainText('Não entregue');

  await expect(row('É essa aqui').locator('img')).toBeVisible();
  await row('É essa aqui').getByRole('button', { name: 'Abrir imagem' }).click();
  await expect(inbox.getByRole('dialog')).toBeVisible();
  await inbox.keyboard.press('Escape');
  await expect(inbox.getByRole('img', { name: 'Nota de voz' })).toBeVisible();
  await expect(inbox.getByText('Arquivo acima do limite')).toBeVisible();
  await expect(inbox.getByRole('link', { name: /Av\. Paulista, 1578/ })).toHaveAttribute('href', /openstreetmap\.org\/\?mlat=-23\.5614&mlon=-46\.6559/);
  await expect(inbox.getByText('João Pereira')).toBeVisible();
  await expect(inbox.getByText('Mensagem não pôde ser descriptografada')).toBeVisible();
  await expect(inbox.getByText('Tipo de mensagem não suportado (eventMessage)')).toBeVisible();
  await expect(row('Quero 3').getByText('editada')).toHaveAttribute('title', 'Antes: Quero 2');
  await expect(row('mandei errado').getByText('Mensagem apagada')).toBeVisible();
  await expect(row('Separei para você').getByText('enviada pelo celular')).toBeVisible();
  // The test chat cannot delete for everyone: the action is not offered.
  await row('Temos sim!').hover();
  await expect(row('Temos sim!').getByRole('button', { name: 'Apagar para todos' })).toHaveCount(0);
  await inbox.screenshot({ path: test.info().outputPath('transcript.png'), fullPage: true });
});

/**
 * A department of its own with one operator, signed in on the Inbox, and a WhatsApp number with
 * the bot off to that department: a contact's first message goes straight to the operator.
 */
async function whatsappDesk(page: Page, browser: Browser, who: string) {
  await login(page);
  const run = Date.now().toString(36);
  const agent = { email: `${who.toLowerCase()}.${run}@ozia.test`, password: 'operator-e2e-pass' };
  const user = await call<{ id: string }>(page.request, 'users.create', { name: `${who} ${run}`, email: agent.email, role: 'operator', password: agent.password, departmentIds: [] });
  const dept = await call<{ id: string }>(page.request, 'departments.create', { name: `Loja ${who} ${run}`, memberIds: [user.id] });
  const number = await connectedNumber(page.request, { name: `Loja ${who} ${run}`, botOffDepartmentId: dept.id });
  const inbox = await operatorInbox(browser, agent.email, agent.password);
  const contact = { pn: `55219${String(Date.now()).slice(-8)}`, name: `Cliente ${who} ${run}` };
  return { ...number, inbox, contact, run };
}

/** The contact's first message reached the operator (bot off, they are the one online): it opens from "Meus". */
async function openMine(inbox: Page, contact: { name: string }) {
  await inbox.getByRole('tab', { name: /Meus/ }).click();
  await inbox.getByRole('list', { name: 'Conversas' }).getByText(contact.name, { exact: true }).click();
  await expect(inbox.getByLabel('Mensagem')).toBeEditable();
}

test('ticks move from the clock to ✓, ✓✓ and blue ✓✓ as WhatsApp reports delivered and read', async ({ page, browser }) => {
  test.setTimeout(60_000);
  const { id, wa, inbox, contact } = await whatsappDesk(page, browser, 'Telma');
  await wa.say(contact, 'Vocês entregam no sábado?');
  await openMine(inbox, contact);

  // The number is disconnected: the answer waits in its queue, with the clock.
  await call(page.request, 'channels.disconnect', { id });
  const answer = 'Entregamos sim, das 8h às 12h.';
  const composer = inbox.getByLabel('Mensagem');
  await composer.fill(answer);
  await composer.press('Enter');
  const mine = inbox.locator('.ib-row--agent', { hasText: answer });
  await expect(mine.getByRole('img', { name: 'Enviando' })).toBeVisible();
  expect((await wa.sent()).some((m) => m.text?.includes(answer))).toBe(false);

  // Connected again (the session was kept: no QR), it leaves, and WhatsApp's server takes it: ✓.
  await call(page.request, 'channels.connect', { id });
  const relayed = await wa.waitForSent(answer);
  expect(relayed.jid).toBe(`${contact.pn}@s.whatsapp.net`);
  await expect(mine.getByRole('img', { name: 'Enviada' })).toBeVisible();
  await expect(mine.getByRole('img', { name: 'Enviando' })).toHaveCount(0);

  // Delivered to the phone: ✓✓; opened: blue ✓✓, with both moments on hover.
  await wa.ack(relayed.id, 'delivered');
  await expect(mine.getByRole('img', { name: 'Entregue' })).toBeVisible();
  await wa.ack(relayed.id, 'read');
  await expect(mine.getByRole('img', { name: 'Lida' })).toBeVisible();
  // A late "delivered" after "read" does not take the blue ticks back; after a reload the hover
  // tells both moments (the live status carries no time: until a reload the hover says "Lida").
  await wa.ack(relayed.id, 'delivered');
  await inbox.reload();
  const read = inbox.locator('.ib-row--agent', { hasText: answer }).getByRole('img', { name: 'Lida' });
  await expect(read).toBeVisible();
  await expect(read).toHaveAttribute('title', /^Entregue \d{2}:\d{2} · Lida \d{2}:\d{2}$/);
});

test('"Apagar para todos" asks for confirmation and reaches WhatsApp as a delete; the contact’s reactions, edits and deletions appear live', async ({ page, browser }) => {
  test.setTimeout(60_000);
  const { wa, inbox, contact } = await whatsappDesk(page, browser, 'Dora');
  const chat = `${contact.pn}@s.whatsapp.net`;
  const asked = await wa.say(contact, 'Quero 2 camisetas azuis');
  const oops = await wa.say(contact, 'mandei no chat errado');
  await openMine(inbox, contact);
  const composer = inbox.getByLabel('Mensagem');
  for (const text of ['Separei as camisetas para você!', 'Seu pedido é o 4471.']) {
    await composer.fill(text);
    await composer.press('Enter');
    // Sent before the next is typed (Enter while one is sending is not a second send).
    await expect(inbox.locator('.ib-row--agent', { hasText: text })).toBeVisible();
    await expect(composer).toHaveValue('');
  }
  const kept = await wa.waitForSent('Separei as camisetas');
  const wrong = await wa.waitForSent('Seu pedido é o 4471.');
  const row = (words: string) => inbox.locator('.ib-row', { hasText: words }).last();

  // The contact reacts to the first answer, edits their message and deletes the other one.
  await wa.send(contact, { reactionMessage: { key: { remoteJid: chat, fromMe: false, id: kept.id }, text: '👍', senderTimestampMs: Date.now() } });
  await expect(row('Separei as camisetas').getByRole('list', { name: 'Reações' })).toContainText('👍');
  // An edit or a deletion names the sender's own message: fromMe from the contact's side.
  await wa.send(contact, { protocolMessage: { type: 'MESSAGE_EDIT', key: { remoteJid: chat, fromMe: true, id: asked }, editedMessage: { conversation: 'Quero 3 camisetas azuis' }, timestampMs: Date.now() } });
  await expect(row('Quero 3 camisetas azuis').getByText('editada')).toHaveAttribute('title', 'Antes: Quero 2 camisetas azuis');
  await wa.send(contact, { protocolMessage: { type: 'REVOKE', key: { remoteJid: chat, fromMe: true, id: oops } } });
  await expect(row('mandei no chat errado').getByText('Mensagem apagada')).toBeVisible();

  // The agent deletes the wrong answer for everyone: asked first, Esc keeps it.
  const wrongRow = inbox.locator(`.ib-row[data-message-id="${await row('Seu pedido é o 4471.').getAttribute('data-message-id')}"]`);
  const deletes = async () => (await wa.sent()).filter((m) => (m.content as { delete?: { id?: string } }).delete?.id === wrong.id).length;
  await wrongRow.hover();
  await wrongRow.getByRole('button', { name: 'Apagar para todos' }).click();
  const confirm = inbox.getByRole('dialog', { name: 'Apagar para todos?' });
  await expect(confirm).toContainText('Seu pedido é o 4471.');
  await inbox.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  expect(await deletes()).toBe(0);
  await wrongRow.hover();
  await wrongRow.getByRole('button', { name: 'Apagar para todos' }).click();
  await confirm.getByRole('button', { name: 'Apagar para todos' }).click();
  await expect(inbox.getByText('Mensagem apagada para todos.')).toBeVisible();
  await expect(wrongRow.getByText('Mensagem apagada')).toBeVisible();
  // WhatsApp got one protocol delete for that message, in the contact's chat, and nothing for the other.
  await expect.poll(deletes).toBe(1);
  expect((await wa.sent()).find((m) => (m.content as { delete?: { id?: string } }).delete?.id === wrong.id)?.jid).toBe(chat);
  expect((await wa.sent()).some((m) => (m.content as { delete?: { id?: string } }).delete?.id === kept.id)).toBe(false);
  await expect(row('Separei as camisetas').getByText('Mensagem apagada')).toHaveCount(0);
  await inbox.screenshot({ path: test.info().outputPath('whatsapp-live.png'), fullPage: true });
});
