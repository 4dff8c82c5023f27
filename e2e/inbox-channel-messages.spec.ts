// Channel messages in the Inbox, in the real browser. Quoting works on every channel (on the
// test chat the quote stays on the transcript; WhatsApp shows it to the contact too): an agent
// answers a contact's message with "Responder" (the button or R on the focused message), sees
// the quoted reply, and finds it again after a reload. What needs a real channel (ticks beyond
// ✓, media, failures and "Reenviar", "Apagar para todos") waits for the fake WhatsApp entry.
import { expect, test, type Page } from '@playwright/test';
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

// These need a channel that reports receipts, carries media and can fail or delete for everyone:
// the e2e server will get a test entry injecting the fake WhatsApp socket (issue 11). Until then
// the same behaviour is covered over HTTP in api/inbox-channel.test.ts.
test.fixme('ticks move from the clock to ✓, ✓✓ and blue ✓✓ as WhatsApp reports delivered and read', async () => {
  // Fake WhatsApp: contact writes, flow hands over, agent replies; the fake reports
  // messages.update delivered then read; the bubble's status goes Enviando → Enviada → Entregue → Lida.
});

test.fixme('a failed message shows the reason in red and "Reenviar" sends it again', async () => {
  // Fake WhatsApp refuses the next send ("not on WhatsApp"): the bubble shows "Não entregue: …"
  // and "Reenviar"; after clicking it the fake receives the message and the bubble turns ✓.
});

test.fixme('every inbound kind is drawn: image (opens full size), voice note, video, document with size, sticker, location, contact, placeholders', async () => {
  // Fake WhatsApp sends one of each kind, plus a file over the size limit, an undecryptable and an
  // unsupported message; the transcript shows each, and the image opens in the lightbox.
});

test.fixme('"Apagar para todos" asks for confirmation and shows "Mensagem apagada"; reactions and edits appear live', async () => {
  // Fake WhatsApp: agent deletes their reply (the fake receives the revoke); the contact reacts 👍
  // and edits a message: the reaction shows under the bubble, "editada" with the previous text on hover.
});
