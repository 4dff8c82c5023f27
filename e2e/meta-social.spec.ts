// Facebook Messenger (issue 12, item 4): a supervisor adds a Messenger Page in Settings → Canais
// against the fake Messenger Platform the e2e server injects (e2e/testing/server.ts), sees it
// connected and the webhook URL to paste at Meta; a person writes through the fake, the template
// flow answers with real quick replies, tapping one takes the flow on (a menu whose labels do not
// fit a quick reply comes as numbered text, answered by number), and asking for an agent puts the
// conversation in the Inbox with the Messenger icon and the account's name. It is finished at the
// end, so no conversation is left waiting for the specs after this one.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { FAKE_WHATSAPP_URL } from '../playwright.config.js';
import { call, login, uniqueName } from './helpers.js';

interface Sent {
  mid: string;
  text: string;
  body: { messaging_type: string; message: { text?: string; quick_replies?: { title: string; payload: string }[] } };
}

async function control<T>(api: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const res = method === 'GET' ? await api.get(`${FAKE_WHATSAPP_URL}${path}`) : await api.post(`${FAKE_WHATSAPP_URL}${path}`, { data });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as T;
}

test('a supervisor adds a Messenger Page; the flow answers with quick replies, a tap takes it on, and the Inbox shows the conversation as Messenger', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1400, height: 900 });
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const flowName = uniqueName('Atendimento Messenger');
  const flow = await call<{ id: string }>(api, 'flows.create', { name: flowName, templateId: 'customer-service.pt-BR' });
  await call(api, 'flows.publish', { id: flow.id });
  const fb = await control<{ pageId: string; token: string; appSecret: string; person: { id: string } }>(api, 'POST', '/messenger/page', {
    name: 'Loja Ozia no Facebook',
    person: { firstName: 'Bruna', lastName: run },
  });
  const accountName = `Página ${run}`;

  // --- Settings → Canais → Adicionar Messenger ---------------------------------------------------
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Seções das configurações' }).getByRole('link', { name: 'Canais' }).click();
  // Instagram's form asks for the Instagram account and the Page linked to it.
  await page.getByRole('button', { name: 'Adicionar Instagram' }).first().click();
  const ig = page.getByRole('dialog', { name: 'Adicionar Instagram Direct' });
  await expect(ig.getByLabel('Identificação da conta do Instagram')).toBeVisible();
  await expect(ig.getByLabel('Identificação da Página')).toBeVisible();
  await expect(ig.getByText(/messaging_seen/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('instagram-dialog.png') });
  await ig.getByRole('button', { name: 'Cancelar' }).click();
  await page.screenshot({ path: test.info().outputPath('channels-list.png') });
  await page.getByRole('button', { name: 'Adicionar Messenger' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar Facebook Messenger' });
  await dialog.getByLabel('Nome').fill(accountName);
  await dialog.getByLabel('Fluxo publicado').selectOption({ label: flowName });
  // No pacing between the flow's messages: the spec reads them as they come.
  await dialog.getByLabel('Mensagens por minuto').fill('0');
  // Required fields are named before anything is sent.
  await dialog.getByRole('button', { name: 'Adicionar' }).click();
  await expect(dialog.locator('.ui-field__error', { hasText: 'Digite só os dígitos que a Meta mostra.' })).toHaveCount(1);
  await expect(dialog.locator('.ui-field__error', { hasText: 'Cole aqui o valor copiado da Meta.' })).toHaveCount(2);
  await dialog.getByLabel('Identificação da Página').fill(fb.pageId);
  await dialog.getByLabel('Token de acesso da Página').fill(fb.token);
  await dialog.getByLabel('Chave secreta do app').fill(fb.appSecret);
  await expect(dialog.getByText(/message_deliveries, message_reads e message_echoes/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('messenger-dialog.png') });
  await dialog.getByRole('button', { name: 'Adicionar' }).click();
  await expect(page).toHaveURL(/\/settings\/channels\/[^/]+$/);
  const channelId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByRole('heading', { name: accountName })).toBeVisible();

  // --- connected, and what to paste at Meta -------------------------------------------------------
  const webhookUrl = page.locator('.ch-grid [data-copy="webhook-url"]');
  await expect(webhookUrl).toHaveValue(new RegExp(`/api/meta/webhook/${channelId}$`));
  const verifyToken = await page.locator('.ch-grid [data-copy="verify-token"]').inputValue();
  expect(verifyToken.length).toBeGreaterThanOrEqual(16);
  const handshake = await api.get(`/api/meta/webhook/${channelId}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=2718`);
  expect(await handshake.text()).toBe('2718');
  const status = page.locator('.ch-status');
  await page.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(status.getByText('A Meta aceitou o token: recebendo pelo webhook e enviando pela API de Envio.')).toBeVisible();
  await expect(status.getByText(/Conectado como .*Loja Ozia no Facebook/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('messenger-account.png'), fullPage: true });
  // The token never comes back: the edit form shows only its last characters, and the webhook again.
  await page.getByRole('button', { name: 'Editar' }).click();
  const edit = page.getByRole('dialog', { name: `Editar ${accountName}` });
  await expect(edit.getByText(`Salvo: ••••${fb.token.slice(-4)}. Deixe em branco para manter.`)).toBeVisible();
  await expect(edit.getByLabel('Token de acesso da Página')).toHaveValue('');
  await expect(edit.locator('[data-copy="webhook-url"]')).toHaveValue(new RegExp(`/api/meta/webhook/${channelId}$`));
  await page.screenshot({ path: test.info().outputPath('messenger-edit-dialog.png') });
  await edit.getByRole('button', { name: 'Cancelar' }).click();

  // --- a person writes: the template flow's menu arrives as quick replies -------------------------
  const person = fb.person.id;
  const say = (m: { text?: string; quickReply?: { payload: string; title: string } }) => control<{ status: number }>(api, 'POST', '/messenger/receive', { channelId, pageId: fb.pageId, personId: person, ...m });
  expect((await say({ text: 'oi' })).status).toBe(200);
  const sent = () => control<Sent[]>(api, 'GET', `/messenger/sent?to=${person}`);
  // The name comes from Meta's profile, asked once the message is stored: when the flow ran first, it asks.
  await expect.poll(async () => (await sent()).some((s) => /como posso te chamar\?|Como posso te ajudar hoje\?/.test(s.text)), { timeout: 20_000 }).toBe(true);
  if ((await sent()).some((s) => /como posso te chamar\?/.test(s.text))) await say({ text: `Bruna ${run}` });
  await expect.poll(async () => (await sent()).filter((s) => s.body.message.quick_replies).length, { timeout: 20_000 }).toBe(1);
  const menu = (await sent()).find((s) => s.body.message.quick_replies)!;
  expect(menu.text).toMatch(/ \[Comercial \/ Vendas \| Suporte técnico \| Financeiro \| Falar com atendente\]$/);
  // A quick reply has no description: the options' own are under the question.
  expect(menu.body.message.text).toMatch(/^Como posso te ajudar hoje\?[\s\S]*\n• Financeiro — Boletos, pagamentos e negociação\n/);
  expect(menu.body.messaging_type).toBe('RESPONSE');

  // --- a tap on "Financeiro": the flow goes on; its next menu has a label past 20 characters, so it comes numbered
  const billing = menu.body.message.quick_replies!.find((q) => q.title === 'Financeiro')!;
  await say({ quickReply: billing });
  await expect.poll(async () => (await sent()).map((s) => s.text), { timeout: 20_000 }).toContainEqual(expect.stringMatching(/^Certo! Sobre o \*financeiro\*, do que você precisa\?\n1\. Segunda via do boleto\n2\. Negociar dívida\n3\. Voltar ao menu/));
  // "3" takes them back to the menu, where they ask for a person.
  await say({ text: '3' });
  await expect.poll(async () => (await sent()).filter((s) => s.body.message.quick_replies).length, { timeout: 20_000 }).toBe(2);
  const again = (await sent()).filter((s) => s.body.message.quick_replies)[1];
  await say({ quickReply: again.body.message.quick_replies!.find((q) => q.title === 'Falar com atendente')! });

  // --- the Inbox: the conversation shows the Messenger icon and the account ------------------------
  await page.goto('/inbox');
  // "Todos": an agent still online from an earlier spec may already have been given it.
  await page.getByRole('tab', { name: /^Todos/ }).click();
  const list = page.getByRole('list', { name: 'Conversas' });
  const row = list.getByRole('listitem').filter({ hasText: `Messenger · ${accountName}` });
  await expect(row).toBeVisible();
  await expect(row.getByRole('img', { name: 'Messenger', exact: true })).toBeVisible();
  await expect(row).toContainText(`Bruna ${run}`);
  await page.screenshot({ path: test.info().outputPath('messenger-inbox-row.png') });
  await row.click();
  await expect(page).toHaveURL(/\/inbox\/[^/?]+/);
  const conversationId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.locator('.ib-row--contact').filter({ hasText: 'Falar com atendente' }).first()).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('messenger-inbox-conversation.png') });
  // Nothing left waiting in a queue for the specs after this one.
  await call(api, 'inbox.finish', { id: conversationId, survey: false });

  // A wrong signature is refused.
  const forged = await api.post(`/api/meta/webhook/${channelId}`, { data: { object: 'page', entry: [] }, headers: { 'X-Hub-Signature-256': 'sha256=00' } });
  expect(forged.status()).toBe(401);
});
