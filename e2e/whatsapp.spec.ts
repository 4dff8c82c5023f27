// WhatsApp by QR code, the whole journey (issue 11, "Done when"): a supervisor adds a number in
// Settings → Canais running the customer-service template, connects it by QR, and it turns
// connected; a contact writes through the fake WhatsApp the e2e server injects
// (e2e/testing/server.ts), the flow greets them and hands them to an agent; the agent answers
// in the Inbox and watches the ticks go ✓, ✓✓, blue ✓✓ as WhatsApp reports them.
import { expect, test } from '@playwright/test';
import { call, login, operatorInbox, uniqueName } from './helpers.js';
import { fakeWhatsApp } from './testing/whatsapp.js';

test('a supervisor connects a WhatsApp number by QR; a contact reaches an agent through the template flow; the agent sees ✓, ✓✓, then read', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);

  // --- set-up: a published template flow, and an operator of the department it hands to -----
  const flowName = uniqueName('Atendimento WhatsApp');
  const flow = await call<{ id: string }>(api, 'flows.create', { name: flowName, templateId: 'customer-service.pt-BR' });
  await call(api, 'flows.publish', { id: flow.id });
  const depts = await call<{ id: string; code: string | null }[]>(api, 'departments.list', undefined, 'query');
  const general = depts.find((d) => d.code === 'general')!;
  const agent = { name: `Bruna ${run}`, email: `bruna.${run}@ozia.test`, password: 'operator-e2e-pass' };
  await call(api, 'users.create', { name: agent.name, email: agent.email, role: 'operator', password: agent.password, departmentIds: [general.id] });

  // --- the supervisor adds the number in Settings → Canais, running that flow ----------------
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Seções das configurações' }).getByRole('link', { name: 'Canais' }).click();
  await page.getByRole('button', { name: 'Adicionar número WhatsApp' }).click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número WhatsApp' });
  await dialog.getByLabel('Nome').fill(`Central ${run}`);
  await expect(dialog.getByRole('radio', { name: 'Executam um fluxo' })).toBeChecked();
  await dialog.getByLabel('Fluxo publicado').selectOption({ label: flowName });
  // No "typing…" pause before each message: the journey, not the pacing, is what is tested here.
  await dialog.getByLabel('Digitando… por caractere (ms)').fill('0');
  await dialog.getByRole('button', { name: 'Adicionar' }).click();
  await expect(page).toHaveURL(/\/settings\/channels\/[^/]+$/);
  const channelId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  const wa = fakeWhatsApp(channelId);
  await expect(page.getByRole('heading', { name: `Central ${run}` })).toBeVisible();
  await expect(page.getByText(`Fluxo: ${flowName}`)).toBeVisible();

  // --- connect: the QR shows, the phone scans it, the number is connected --------------------
  const status = page.locator('.ch-status');
  await page.getByRole('button', { name: 'Conectar com QR' }).click();
  const qr = page.getByRole('img', { name: 'QR code para conectar o WhatsApp' });
  await expect(qr).toBeVisible();
  await expect(status.getByText('Aguardando leitura do QR')).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('settings-qr.png'), fullPage: true });
  await wa.scan();
  await expect(status.getByText('Conectado como +55 11 99999-0001 (Loja Ozia)')).toBeVisible();
  await expect(qr).toHaveCount(0);
  await expect(page.getByText('Nada impede o robô de responder neste número.').or(page.getByText(/está fora do horário de atendimento/))).toBeVisible();

  // --- a contact writes; the flow greets them by their WhatsApp name and offers the menu ------
  // Baileys 7 addresses the chat by LID and gives the phone as remoteJidAlt.
  const contact = { pn: `55119${String(Date.now()).slice(-8)}`, lid: String(Date.now()).padEnd(15, '7'), name: `Ana ${run}` };
  const jid = `${contact.lid}@lid`;
  await wa.say(contact, 'oi');
  const hello = await wa.waitForSent(`Olá, ${contact.name}! 👋`);
  expect(hello.jid).toBe(jid);
  // A choice block goes as numbered text: the contact can answer with the number.
  const menu = await wa.waitForSent('Como posso te ajudar hoje?');
  expect(menu.text).toMatch(/4\W+Falar com atendente/);

  // --- they pick "Falar com atendente" by its number: the flow reaches the Agent block --------
  await wa.say(contact, '4');
  await wa.waitForSent('Vou te transferir para um dos nossos atendentes');
  await wa.waitForSent('Você é o 1º da fila. 🙂');

  // --- the operator sees it waiting, picks it up and answers ---------------------------------
  const inbox = await operatorInbox(browser, agent.email, agent.password);
  const list = inbox.getByRole('list', { name: 'Conversas' });
  await list.getByText(contact.name, { exact: true }).click();
  // What the contact told the bot is in the transcript, and the panel names the number they wrote to.
  await expect(inbox.locator('.ib-row--contact .ib-text').getByText('oi', { exact: true })).toBeVisible();
  await expect(inbox.locator('.ib-row--contact .ib-text').getByText('4', { exact: true })).toBeVisible();
  const panel = inbox.getByRole('complementary', { name: 'Dados do contato' });
  // The conversation's account, and again beside each of the contact's identities on it (phone and LID).
  await expect(panel.locator('.ib-channel__name')).toHaveText(`WhatsApp · Central ${run}`);
  await inbox.getByRole('button', { name: 'Atender' }).click();
  const answer = `Oi, ${contact.name}! Aqui é a ${agent.name}, como posso ajudar?`;
  const composer = inbox.getByLabel('Mensagem');
  await composer.fill(answer);
  await composer.press('Enter');

  // WhatsApp relays it to the contact's chat; WhatsApp's server acknowledges it: ✓.
  const relayed = await wa.waitForSent(answer);
  expect(relayed.jid).toBe(jid);
  const mine = inbox.locator('.ib-row--agent', { hasText: answer });
  await expect(mine.getByRole('img', { name: 'Enviada' })).toBeVisible();

  // The contact's phone receives it: ✓✓.
  await wa.ack(relayed.id, 'delivered');
  await expect(mine.getByRole('img', { name: 'Entregue' })).toBeVisible();
  await expect(mine.getByRole('img', { name: 'Enviada' })).toHaveCount(0);

  // The contact opens the chat: blue ✓✓.
  await wa.ack(relayed.id, 'read');
  await expect(mine.getByRole('img', { name: 'Lida' })).toBeVisible();
  await expect(mine.getByRole('img', { name: 'Entregue' })).toHaveCount(0);
  await inbox.screenshot({ path: test.info().outputPath('inbox-read.png'), fullPage: true });

  // Nothing was sent twice: one greeting, one answer.
  const sent = await wa.sent();
  expect(sent.filter((m) => m.text?.includes(answer))).toHaveLength(1);
  expect(sent.filter((m) => m.text?.includes(`Olá, ${contact.name}! 👋`))).toHaveLength(1);
});
