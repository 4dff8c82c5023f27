// Channel messages in the Inbox, in the real browser. Quoting works on every channel (on the
// test chat the quote stays on the transcript; WhatsApp shows it to the contact too): an agent
// answers a contact's message with "Responder" (the button or R on the focused message), sees
// the quoted reply, and finds it again after a reload. Rows only a WhatsApp number produces
// (receipts, media, failures, reactions…) are seeded into the server's database and drawn;
// what needs the live fake WhatsApp (ticks changing live, "Apagar para todos") waits for it.
import path from 'node:path';
import zlib from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import Database from 'better-sqlite3';
import { call, login, operatorInbox, uniqueName } from './helpers.js';

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
function png(w: number, h: number): Buffer {
  const rows = Buffer.concat(
    Array.from({ length: h }, (_, y) => Buffer.from([0, ...Array.from({ length: w }, (_, x) => [Math.round((x * 255) / w), Math.round((y * 255) / h), 160]).flat()])),
  );
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * Rows as a WhatsApp number would leave them (receipts, media, failures, reactions, edits),
 * written straight into the e2e server's SQLite file: until the e2e server can run the fake
 * WhatsApp socket, this is how the browser gets to draw them.
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

  const upload = await inbox.request.post('/api/files?name=foto.png', { data: png(240, 160), headers: { 'content-type': 'image/png' } });
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

// These need a channel that reports receipts live and can delete for everyone: the e2e server
// will get a test entry injecting the fake WhatsApp socket (issue 11). Until then the same
// behaviour is covered over HTTP in api/inbox-channel.test.ts.
test.fixme('ticks move from the clock to ✓, ✓✓ and blue ✓✓ as WhatsApp reports delivered and read', async () => {
  // Fake WhatsApp: contact writes, flow hands over, agent replies; the fake reports
  // messages.update delivered then read; the bubble's status goes Enviando → Enviada → Entregue → Lida.
});

test.fixme('"Apagar para todos" asks for confirmation and shows "Mensagem apagada"; reactions and edits appear live', async () => {
  // Fake WhatsApp: agent deletes their reply (the fake receives the revoke); the contact reacts 👍
  // and edits a message: the reaction shows under the bubble, "editada" with the previous text on hover.
});
