// Message templates and the 24-hour window (issue 12, item 3), in the real browser against the
// fake Graph API the e2e server injects (e2e/testing/server.ts): a supervisor adds an official API
// account, opens Settings → Modelos de mensagem, creates a template with a variable and sees it in
// review; Meta (the fake) approves it and "Sincronizar" shows it approved. An agent serving a
// contact whose last message becomes 25 hours old (moved back by the server's control port, not
// waited for) has a text refused by the server, and the composer then says why free text cannot go
// and offers only the approved template; the agent fills the variable and sends, and Meta receives
// the template with the value. Last, a text bubble's template fallback is set in its form.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { FAKE_WHATSAPP_URL } from '../playwright.config.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { call, login, operatorInbox, uniqueName } from './helpers.js';

interface Sent {
  id: string;
  text: string;
  body: { type: string; template?: { name: string; language: { code: string }; components?: { type: string; parameters: { type: string; text: string }[] }[] } };
}

async function control<T>(api: APIRequestContext, method: 'GET' | 'POST', path: string, data?: unknown): Promise<T> {
  const res = method === 'GET' ? await api.get(`${FAKE_WHATSAPP_URL}${path}`) : await api.post(`${FAKE_WHATSAPP_URL}${path}`, { data });
  expect(res.ok(), await res.text()).toBe(true);
  return (await res.json()) as T;
}

/** The notices of what was just done, out of the way of a screenshot. */
async function closeToasts(page: Page) {
  const close = page.locator('.toast-close');
  while (await close.count()) await close.first().click();
}

test('a supervisor creates a template and sees it approved after a sync; outside the 24-hour window an agent is offered only templates and sends one', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const templateName = `pedido_pronto_${run}`;

  // A department of its own and its agent, and a flow that hands the contact over to it.
  const dept = await call<{ id: string }>(api, 'departments.create', { name: `Modelos ${run}` });
  const agent = { name: `Téo ${run}`, email: `teo.${run}@ozia.test`, password: 'operator-e2e-pass' };
  await call(api, 'users.create', { name: agent.name, email: agent.email, role: 'operator', password: agent.password, departmentIds: [dept.id] });
  const flowName = uniqueName('Passa para o time');
  const flow = await call<{ id: string; draftRevision?: number }>(api, 'flows.create', { name: flowName });
  const doc = buildFlow({ groups: [{ id: 'g', blocks: [text('hi', 'Olá! Vou te passar para o time.'), { id: 'agent', kind: 'agent', options: { departmentId: dept.id, assign: { mode: 'queue' } } }] }] });
  await call(api, 'flows.saveDraft', { id: flow.id, document: doc, baseRevision: flow.draftRevision ?? 0, force: true });
  await call(api, 'flows.publish', { id: flow.id });
  const phone = await control<{ phoneNumberId: string; wabaId: string; token: string; appSecret: string }>(api, 'POST', '/graph/phone');

  // --- Settings → Canais: the official API account -----------------------------------------
  await page.getByRole('link', { name: 'Configurações' }).click();
  const sections = page.getByRole('navigation', { name: 'Seções das configurações' });
  await sections.getByRole('link', { name: 'Canais' }).click();
  await page.getByRole('button', { name: 'Adicionar API Oficial' }).first().click();
  const accountDialog = page.getByRole('dialog', { name: 'Adicionar WhatsApp API Oficial (Cloud API)' });
  await accountDialog.getByLabel('Nome').fill(`Modelos ${run}`);
  await accountDialog.getByLabel('Fluxo publicado').selectOption({ label: flowName });
  await accountDialog.getByLabel('Digitando… por caractere (ms)').fill('0');
  await accountDialog.getByLabel('Identificação do número de telefone').fill(phone.phoneNumberId);
  await accountDialog.getByLabel('Identificação da conta do WhatsApp Business').fill(phone.wabaId);
  await accountDialog.getByLabel('Token de acesso permanente').fill(phone.token);
  await accountDialog.getByLabel('Chave secreta do app').fill(phone.appSecret);
  await accountDialog.getByRole('button', { name: 'Adicionar' }).click();
  await expect(page).toHaveURL(/\/settings\/channels\/[^/]+$/);
  const channelId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await page.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(page.locator('.ch-status').getByText(/Conectado como .*Loja Ozia/)).toBeVisible();

  // --- Settings → Modelos de mensagem: create, in review, approved after a sync ---------------
  await sections.getByRole('link', { name: 'Modelos de mensagem' }).click();
  await expect(page.getByRole('heading', { name: 'Modelos de mensagem' })).toBeVisible();
  const account = page.getByLabel('Conta da API Oficial');
  if (await account.count()) await account.selectOption({ label: `Modelos ${run}` });
  await page.getByRole('button', { name: 'Novo modelo' }).click();
  const dialog = page.getByRole('dialog', { name: 'Novo modelo de mensagem' });
  // Nothing typed: the required fields say so before anything is sent.
  await dialog.getByRole('button', { name: 'Enviar para aprovação' }).click();
  await expect(dialog.getByText('Digite o nome do modelo.')).toBeVisible();
  await expect(dialog.getByText('Digite o corpo da mensagem.')).toBeVisible();
  await dialog.getByLabel('Nome').fill('Pedido Pronto');
  await expect(dialog.getByText('Use só letras minúsculas, números e _.')).toBeVisible();
  await dialog.getByLabel('Nome').fill(templateName);
  await dialog.getByLabel('Categoria').selectOption({ label: 'Utilidade' });
  const body = dialog.getByLabel('Corpo da mensagem');
  await body.fill('Olá ');
  await dialog.getByRole('button', { name: 'Inserir {{1}}' }).click();
  await body.press('End');
  await body.pressSequentially(', seu pedido está pronto para retirada.');
  await expect(body).toHaveValue('Olá {{1}}, seu pedido está pronto para retirada.');
  await dialog.getByLabel('Rodapé (opcional)').fill('Loja Ozia');
  await dialog.getByRole('button', { name: '+ Resposta rápida' }).click();
  await dialog.getByLabel('Texto do botão').fill('Falar com atendente');
  // The example is required, and the preview fills it in.
  await dialog.getByRole('button', { name: 'Enviar para aprovação' }).click();
  await expect(dialog.getByText('Digite um exemplo.')).toBeVisible();
  await dialog.getByLabel('Exemplo de {{1}} (corpo)').fill('Ana');
  const preview = dialog.getByRole('complementary', { name: 'Pré-visualização' });
  await expect(preview.getByText('Olá Ana, seu pedido está pronto para retirada.')).toBeVisible();
  await expect(preview.getByText('Falar com atendente')).toBeVisible();
  await closeToasts(page);
  await page.screenshot({ path: 'test-results/message-templates-create.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Enviar para aprovação' }).click();
  await expect(dialog).toBeHidden();
  const list = page.getByRole('list', { name: 'Modelos de mensagem' });
  const item = list.getByRole('listitem', { name: templateName });
  await expect(item.getByText('Em análise')).toBeVisible();
  await expect(item.getByText('Variáveis: {{1}}')).toBeVisible();
  await expect(item.getByText('Utilidade')).toBeVisible();

  await control(api, 'POST', '/graph/review', { name: templateName, status: 'APPROVED' });
  await expect(page.getByTestId('templates-synced')).toHaveText('Ainda não sincronizado com a Meta');
  await page.getByRole('button', { name: 'Sincronizar' }).click();
  await expect(item.getByText('Aprovado')).toBeVisible();
  await expect(page.getByTestId('templates-synced')).toHaveText(/^Última sincronização: /);
  await closeToasts(page);
  await page.screenshot({ path: 'test-results/message-templates-list.png', fullPage: true });

  // --- a contact last wrote 25 hours ago: the agent is offered only templates -----------------
  const contact = { waId: `55219${String(Date.now()).slice(-8)}`, userId: `BR.${Date.now()}`, name: `Bia ${run}` };
  await control(api, 'POST', '/graph/receive', { channelId, phoneNumberId: phone.phoneNumberId, from: contact, text: 'oi, meu pedido chegou?' });
  await expect.poll(async () => (await control<Sent[]>(api, 'GET', `/graph/sent?to=${contact.waId}`)).map((s) => s.text)).toContain('Olá! Vou te passar para o time.');

  const inbox = await operatorInbox(browser, agent.email, agent.password);
  await inbox.getByRole('list', { name: 'Conversas' }).getByText(contact.name, { exact: true }).click();
  await inbox.getByRole('button', { name: 'Atender' }).click();
  // Inside the window the agent writes freely; then the contact's last message is 25 hours old.
  const box = inbox.getByRole('textbox', { name: 'Mensagem' });
  await expect(box).toBeVisible();
  await control(api, 'POST', '/graph/wrote-ago', { channelId, phoneNumberId: phone.phoneNumberId, from: contact, hours: 25 });
  // The composer turns to templates either way: when the server refuses a text typed meanwhile,
  // or when the page refreshes the conversation first (the pickup's own notice can arrive after
  // the clock moved, on a slow machine). The text never reaches Meta (checked below).
  if (await box.isVisible()) {
    await box.fill('Ainda está aí?', { timeout: 3_000 }).catch(() => undefined);
    await box.press('Enter', { timeout: 3_000 }).catch(() => undefined);
  }
  const composer = inbox.getByRole('group', { name: 'Escolher modelo' });
  await expect(composer).toBeVisible();
  await expect(composer.getByRole('note')).toContainText('Só modelos de mensagem aprovados podem ser enviados agora');
  await expect(composer.getByRole('note')).toContainText('fora da janela de 24 horas do WhatsApp');
  // No free-text box: only the templates.
  await expect(inbox.getByRole('textbox', { name: 'Mensagem' })).toHaveCount(0);
  const search = composer.getByRole('combobox', { name: 'Buscar modelo' });
  await search.fill(run);
  const options = composer.getByRole('listbox', { name: 'Modelos aprovados' }).getByRole('option');
  await expect(options).toHaveCount(1);
  await expect(options.first()).toContainText(templateName);
  await expect(options.first()).toContainText('Olá {{1}}, seu pedido está pronto para retirada.');
  await closeToasts(inbox);
  await inbox.screenshot({ path: 'test-results/message-templates-composer-picker.png', fullPage: true });
  // Esc closes the list; Enter on the search picks the template again.
  await search.press('Escape');
  await expect(composer.getByRole('listbox')).toHaveCount(0);
  await search.press('ArrowDown');
  await search.press('Enter');
  const value = composer.getByLabel('{{1}} (corpo)');
  await expect(value).toBeFocused();
  // An empty variable blocks the send.
  await value.press('Enter');
  await expect(composer.getByRole('alert')).toHaveText('Preencha {{1}} antes de enviar.');
  await value.fill('Bia');
  await expect(composer.getByRole('alert')).toHaveCount(0);
  await expect(composer.getByLabel('Como o contato vai ver').getByText('Olá Bia, seu pedido está pronto para retirada.')).toBeVisible();
  await inbox.screenshot({ path: 'test-results/message-templates-composer-filled.png', fullPage: true });
  await value.press('Enter');
  await expect(inbox.locator('.ib-row--agent', { hasText: 'Olá Bia, seu pedido está pronto para retirada.' })).toBeVisible();

  let sent: Sent[] = [];
  await expect
    .poll(async () => {
      sent = await control<Sent[]>(api, 'GET', `/graph/sent?to=${contact.waId}`);
      return sent.some((s) => s.body.type === 'template');
    })
    .toBe(true);
  const template = sent.find((s) => s.body.type === 'template')!.body.template!;
  expect(sent.map((s) => s.text)).not.toContainEqual(expect.stringContaining('Ainda está aí?'));
  expect(template).toEqual({ name: templateName, language: { code: 'pt_BR' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Bia' }] }] });

  // Nothing is left waiting in a queue for the specs after this one.
  const conversationId = /\/inbox\/([^/?#]+)/.exec(inbox.url())![1];
  await call(inbox.request, 'inbox.finish', { id: decodeURIComponent(conversationId), survey: false });
  await inbox.context().close();
});

test("a text bubble names the template that goes outside WhatsApp's 24-hour window, from its form", async ({ page }) => {
  await login(page);
  await page.getByRole('button', { name: 'Novo fluxo' }).first().click();
  await page.getByRole('dialog', { name: 'Novo fluxo' }).getByLabel('Nome').fill(uniqueName('Fora da janela'));
  await page.getByRole('button', { name: 'Criar' }).click();
  await expect(page).toHaveURL(/\/flows\/[\w-]+$/);
  const flowId = page.url().split('/').pop()!;
  await page.locator('.oz-palette-item[data-kind="bubble-text"]').dragTo(page.locator('.oz-group').first());
  const panel = page.locator('.bs-panel[data-kind="bubble-text"]');
  const toggle = panel.getByRole('switch', { name: 'Fora da janela de 24 horas do WhatsApp (API Oficial), enviar um modelo' });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.click();
  // On, it needs the template's name.
  await expect(panel.getByText('digite o nome do modelo aprovado')).toBeVisible();
  await panel.getByLabel('Nome do modelo aprovado').fill('pedido_enviado');
  await expect(panel.getByLabel('Idioma do modelo')).toHaveValue('pt_BR');
  await panel.getByRole('button', { name: 'Adicionar variável' }).click();
  await panel.getByRole('listitem', { name: 'Variável 1' }).getByRole('textbox', { name: 'Valor' }).fill('{{contact.name}}');
  await page.screenshot({ path: 'test-results/message-templates-text-bubble.png' });
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible({ timeout: 10_000 });
  await expect
    .poll(async () => {
      const stored = await call<{ draft: { groups: { blocks: { kind: string; options: { outsideWindow?: unknown } }[] }[] } }>(page.request, 'flows.get', { id: flowId }, 'query');
      return stored.draft.groups[0].blocks.find((b) => b.kind === 'bubble-text')?.options.outsideWindow;
    })
    .toMatchObject({ enabled: true, name: 'pedido_enviado', language: 'pt_BR', values: [{ name: '', value: '{{contact.name}}' }] });
});
