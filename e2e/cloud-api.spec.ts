// WhatsApp Cloud API (issue 12, item 2): a supervisor adds an official API account in Settings →
// Canais against the fake Graph API the e2e server injects (e2e/testing/server.ts), tests the
// connection, copies the webhook URL and verify token; a contact's webhook, signed with the app
// secret, reaches the template flow, whose menu arrives at the fake as a real list message, and
// the contact's tap on a row takes the flow on to its next question.
import { expect, test, type APIRequestContext } from '@playwright/test';
import { FAKE_WHATSAPP_URL } from '../playwright.config.js';
import { call, login, uniqueName } from './helpers.js';

interface Sent {
  id: string;
  text: string;
  body: { type: string; interactive?: { type: string; action: { sections?: { rows: { id: string; title: string }[] }[] } } };
}

async function control<T>(api: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const res = method === 'GET' ? await api.get(`${FAKE_WHATSAPP_URL}${path}`) : await api.post(`${FAKE_WHATSAPP_URL}${path}`, { data });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as T;
}

test('a supervisor adds a Cloud API account; a signed webhook reaches the template flow and the menu goes out as a real list message', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const flowName = uniqueName('Atendimento API Oficial');
  const flow = await call<{ id: string }>(api, 'flows.create', { name: flowName, templateId: 'customer-service.pt-BR' });
  await call(api, 'flows.publish', { id: flow.id });
  const phone = await control<{ phoneNumberId: string; wabaId: string; token: string; appSecret: string }>(api, 'POST', '/graph/phone');

  // --- Settings → Canais → Adicionar API Oficial ------------------------------------------------
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Seções das configurações' }).getByRole('link', { name: 'Canais' }).click();
  await page.getByRole('button', { name: 'Adicionar API Oficial' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar WhatsApp API Oficial (Cloud API)' });
  await dialog.getByLabel('Nome').fill(`Oficial ${run}`);
  await dialog.getByLabel('Fluxo publicado').selectOption({ label: flowName });
  await dialog.getByLabel('Digitando… por caractere (ms)').fill('0');
  // Required fields are named before anything is sent.
  await dialog.getByRole('button', { name: 'Adicionar' }).click();
  await expect(dialog.locator('.ui-field__error', { hasText: 'Digite só os dígitos que a Meta mostra.' })).toHaveCount(2);
  await expect(dialog.locator('.ui-field__error', { hasText: 'Cole aqui o valor copiado da Meta.' })).toHaveCount(2);
  await dialog.getByLabel('Identificação do número de telefone').fill(phone.phoneNumberId);
  await dialog.getByLabel('Identificação da conta do WhatsApp Business').fill(phone.wabaId);
  await dialog.getByLabel('Token de acesso permanente').fill(phone.token);
  await dialog.getByLabel('Chave secreta do app').fill(phone.appSecret);
  await page.screenshot({ path: test.info().outputPath('cloud-api-form.png'), fullPage: true });
  await dialog.getByRole('button', { name: 'Adicionar' }).click();
  await expect(page).toHaveURL(/\/settings\/channels\/[^/]+$/);
  const channelId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByRole('heading', { name: `Oficial ${run}` })).toBeVisible();

  // --- what to paste at Meta, and "Testar conexão" ----------------------------------------------
  const webhookUrl = page.locator('[data-copy="webhook-url"]');
  await expect(webhookUrl).toHaveValue(new RegExp(`/api/meta/webhook/${channelId}$`));
  const verifyToken = await page.locator('[data-copy="verify-token"]').inputValue();
  expect(verifyToken.length).toBeGreaterThanOrEqual(16);
  const handshake = await api.get(`/api/meta/webhook/${channelId}?hub.mode=subscribe&hub.verify_token=${verifyToken}&hub.challenge=4242`);
  expect(await handshake.text()).toBe('4242');
  const status = page.locator('.ch-status');
  await page.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(status.getByText('A Meta aceitou o token: recebendo pelo webhook e enviando pela API.')).toBeVisible();
  await expect(status.getByText(/Conectado como .*Loja Ozia/)).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('cloud-api-account.png'), fullPage: true });
  // The token never comes back: the edit form shows only its last characters.
  await page.getByRole('button', { name: 'Editar' }).click();
  const edit = page.getByRole('dialog', { name: `Editar Oficial ${run}` });
  await expect(edit.getByText(`Salvo: ••••${phone.token.slice(-4)}. Deixe em branco para manter.`)).toBeVisible();
  await expect(edit.getByLabel('Token de acesso permanente')).toHaveValue('');
  await edit.getByRole('button', { name: 'Cancelar' }).click();

  // --- a contact writes: a signed webhook → the template flow → a real list message -------------
  const contact = { waId: `55119${String(Date.now()).slice(-8)}`, userId: `BR.${Date.now()}`, name: `Ana ${run}` };
  const hello = await control<{ status: number }>(api, 'POST', '/graph/receive', { channelId, phoneNumberId: phone.phoneNumberId, from: contact, text: 'oi' });
  expect(hello.status).toBe(200);
  let sent: Sent[] = [];
  await expect
    .poll(async () => {
      sent = await control<Sent[]>(api, 'GET', `/graph/sent?to=${contact.waId}`);
      return sent.map((s) => s.text);
    })
    .toContainEqual(expect.stringMatching(/^list: Como posso te ajudar hoje\?/));
  expect(sent[0].text).toContain(`Olá, ${contact.name}!`);
  const menu = sent.find((s) => s.body.type === 'interactive')!;
  expect(menu.body.interactive!.type).toBe('list');
  const rows = menu.body.interactive!.action.sections![0].rows;
  expect(rows.map((r) => r.title)).toEqual(['Comercial / Vendas', 'Suporte técnico', 'Financeiro', 'Falar com atendente']);

  // --- they tap "Financeiro" in the list: the flow goes on to its next question (a label past a button's 20 characters: a list again)
  // (the agent path is the WhatsApp spec's: a conversation left waiting here would change its queue position)
  const billing = rows.find((r) => r.title === 'Financeiro')!;
  await control(api, 'POST', '/graph/receive', { channelId, phoneNumberId: phone.phoneNumberId, from: contact, listReply: billing });
  await expect
    .poll(async () => (await control<Sent[]>(api, 'GET', `/graph/sent?to=${contact.waId}`)).map((s) => s.text))
    .toContainEqual('list: Certo! Sobre o *financeiro*, do que você precisa? [Segunda via do boleto | Negociar dívida | Voltar ao menu]');
  // A wrong signature is refused.
  const forged = await api.post(`/api/meta/webhook/${channelId}`, { data: { object: 'whatsapp_business_account', entry: [] }, headers: { 'X-Hub-Signature-256': 'sha256=00' } });
  expect(forged.status()).toBe(401);
});
