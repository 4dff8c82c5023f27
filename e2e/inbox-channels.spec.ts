// One Inbox for every channel, in the real browser: a contact on a (fake) WhatsApp number and a
// tester in the test chat wait side by side, each row with its channel's icon and account name;
// filtering by channel kind keeps only the WhatsApp one (and the filter stays in the address
// across a reload); an empty result names the filters hiding everything; the conversation's
// header names its account, and the contact panel lists the phone identity, formatted.
import { expect, test, type Page } from '@playwright/test';
import { call, login, uniqueName } from './helpers.js';
import { connectedNumber } from './testing/whatsapp.js';

/** A tester talks to the template flow in the test chat until it hands them to the team. */
async function testChatHandedOver(page: Page): Promise<string> {
  const flow = await call<{ id: string }>(page.request, 'flows.create', { name: uniqueName('Atendimento'), templateId: 'customer-service.pt-BR' });
  await page.goto(`/flows/${flow.id}`);
  await page.getByRole('button', { name: 'Testar' }).click();
  const chat = page.locator('.tc-panel');
  const contact = (await chat.getByTestId('tc-contact').textContent())!.split(' · ')[0];
  await chat.getByRole('button', { name: 'Falar com atendente' }).click();
  // Others may be waiting already (the WhatsApp contact): any place in the queue.
  await expect(chat.getByText(/Você é o \d+º da fila/)).toBeVisible();
  return contact;
}

test('each conversation shows its channel; filtering by channel keeps only one; the contact panel shows the phone identity', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await login(page);
  const depts = await call<{ id: string; code: string | null }[]>(page.request, 'departments.list', undefined, 'query');
  const general = depts.find((d) => d.code === 'general')!;
  const run = Date.now().toString(36);
  const accountName = `Vendas ${run}`;
  // A number whose bot is off: what contacts write goes straight to Atendimento geral.
  const number = await connectedNumber(page.request, { name: accountName, botOffDepartmentId: general.id });
  const phone = `55119${String(Date.now()).slice(-8)}`;
  const carla = `Carla ${run}`;
  await number.wa.say({ pn: phone, name: carla }, 'Oi, quero saber do meu pedido');
  const tester = await testChatHandedOver(page);

  const inbox = await page.context().newPage();
  await inbox.setViewportSize({ width: 1400, height: 900 });
  await inbox.goto('/inbox');
  // "Todos": an agent still online from an earlier spec may already have been given either of them.
  const everyone = () => inbox.getByRole('tab', { name: /^Todos/ }).click();
  await everyone();
  const list = inbox.getByRole('list', { name: 'Conversas' });
  const waRow = list.getByRole('listitem').filter({ hasText: carla });
  const testRow = list.getByRole('listitem').filter({ hasText: tester });
  await expect(waRow).toBeVisible();
  await expect(testRow).toBeVisible();
  await expect(waRow.getByRole('img', { name: 'WhatsApp', exact: true })).toBeVisible();
  await expect(waRow).toContainText(`WhatsApp · ${accountName}`);
  await expect(testRow.getByRole('img', { name: 'Chat de teste' })).toBeVisible();
  await expect(testRow).toContainText('Chat de teste');
  await inbox.screenshot({ path: test.info().outputPath('inbox-channels-list.png') });

  // Filtering by kind keeps only the WhatsApp conversation, and the filter is in the address.
  await inbox.getByRole('button', { name: /^Filtros/ }).click();
  await inbox.getByLabel('Tipo de canal').selectOption({ label: 'WhatsApp' });
  await expect(testRow).toHaveCount(0);
  await expect(waRow).toBeVisible();
  await expect(inbox).toHaveURL(/[?&]channelKind=whatsapp/);
  await inbox.getByLabel('Conta').selectOption({ label: `WhatsApp · ${accountName}` });
  await expect(inbox).toHaveURL(/[?&]channel=/);
  await inbox.reload();
  await everyone();
  await expect(list.getByRole('listitem').filter({ hasText: carla })).toBeVisible();
  await expect(list.getByRole('listitem').filter({ hasText: tester })).toHaveCount(0);
  await expect(inbox.getByRole('button', { name: 'Filtros (2)' })).toBeVisible();

  // Looking for the tester under this filter: the empty list says which filters hide them.
  await inbox.getByLabel('Buscar conversas').fill(tester);
  const empty = inbox.locator('.ib-hidden-by');
  await expect(empty).toContainText('Nenhuma conversa com Tipo de canal: WhatsApp');
  await expect(empty).toContainText(`Conta: WhatsApp · ${accountName}`);
  await expect(empty).toContainText(`“${tester}”`);
  await inbox.screenshot({ path: test.info().outputPath('inbox-channels-empty.png') });
  await inbox.getByRole('button', { name: 'Limpar filtros' }).last().click();
  await expect(list.getByRole('listitem').filter({ hasText: tester })).toBeVisible();
  await expect(inbox).not.toHaveURL(/channelKind/);

  // The WhatsApp conversation: its header names the account; the panel lists the phone, formatted.
  await list.getByRole('listitem').filter({ hasText: carla }).getByRole('link').click();
  const header = inbox.locator('.ib-conv__head');
  await expect(header).toContainText(`WhatsApp · ${accountName}`);
  await expect(header.getByRole('img', { name: 'WhatsApp', exact: true })).toBeVisible();
  const panel = inbox.getByRole('complementary', { name: /contato/i });
  const identities = panel.getByRole('list', { name: 'Canais do contato' });
  const formatted = `+55 11 ${phone.slice(4, 9)}-${phone.slice(9)}`;
  const identity = identities.getByRole('listitem').filter({ hasText: 'Telefone' });
  await expect(identity).toContainText(formatted);
  await expect(identity).toContainText(`WhatsApp · ${accountName}`);
  await expect(identity).toContainText('visto');
  await inbox.screenshot({ path: test.info().outputPath('inbox-channels-conversation.png') });

  // Writing first: the dialog offers the contact's channels, the one used last chosen, and the
  // message leaves through that number.
  const conversationId = /\/inbox\/([^/?#]+)/.exec(inbox.url())![1];
  await call(page.request, 'inbox.finish', { id: conversationId, survey: false });
  await inbox.getByRole('button', { name: 'Nova conversa' }).click();
  const dialog = inbox.getByRole('dialog', { name: 'Nova conversa' });
  await dialog.getByLabel('Buscar contato').fill(carla);
  await dialog.getByRole('radio', { name: new RegExp(carla) }).check();
  const channels = dialog.getByRole('radiogroup', { name: 'Enviar por' });
  const choice = channels.getByRole('radio', { name: new RegExp(`WhatsApp · ${accountName}`) });
  await expect(choice).toBeChecked();
  await expect(channels).toContainText('última mensagem');
  await dialog.getByLabel('Departamento').selectOption({ label: 'Atendimento geral' });
  await dialog.getByLabel('Primeira mensagem').fill(`Oi ${carla}, seu pedido saiu para entrega`);
  await inbox.screenshot({ path: test.info().outputPath('inbox-channels-start.png') });
  await dialog.getByRole('button', { name: 'Iniciar conversa' }).click();
  await number.wa.waitForSent('seu pedido saiu para entrega');
  await expect(inbox.locator('.ib-conv__head')).toContainText(`WhatsApp · ${accountName}`);

  // Nothing of this spec stays open in Atendimento geral for the specs after it.
  const open = await call<{ items: { id: string; contact: { name: string | null } }[] }>(page.request, 'inbox.list', { view: 'department' }, 'query');
  for (const c of open.items.filter((i) => i.contact.name === tester || i.contact.name === carla)) await call(page.request, 'inbox.finish', { id: c.id, survey: false });
});
