// The site chat, the whole journey (issue 12, "Done when"): a supervisor adds a site chat in
// Settings → Canais running the customer-service template, allows a site on another origin and
// copies the snippet; that site (a second local HTTP server) embeds it; a visitor chats through
// the template to the Agent block with real buttons; an agent answers in the Inbox and the widget
// shows it with the agent's name; the page reloads and the conversation is still there, once.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { call, login, operatorInbox, uniqueName } from './helpers.js';

const PORT = Number(process.env.OZIA_E2E_PORT ?? 3917);

/** A site on another origin (another port is another origin) whose page is the snippet and some CSS of its own. */
async function hostSite(snippet: string): Promise<{ origin: string; close: () => Promise<void> }> {
  const page = `<!doctype html><html lang="pt-BR"><head><meta charset="utf-8"><title>Loja Exemplo</title>
<style>button { background: red !important; font-size: 40px !important; } * { font-family: serif !important; }</style></head>
<body><h1>Loja Exemplo</h1><p>Produtos e ofertas.</p>${snippet}</body></html>`;
  const server = http.createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page));
  await new Promise<void>((r) => server.listen(PORT + 5, '127.0.0.1', r));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

test('a site on another origin embeds the chat; a visitor reaches an agent through the template flow, sees the answer, and keeps it after a reload', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const siteOrigin = `http://127.0.0.1:${PORT + 5}`;

  // --- set-up: a published template flow, and an operator of the department it hands to -----
  const flowName = uniqueName('Atendimento site');
  const flow = await call<{ id: string }>(api, 'flows.create', { name: flowName, templateId: 'customer-service.pt-BR' });
  await call(api, 'flows.publish', { id: flow.id });
  const depts = await call<{ id: string; code: string | null }[]>(api, 'departments.list', undefined, 'query');
  const general = depts.find((d) => d.code === 'general')!;
  const agent = { name: `Diego ${run}`, email: `diego.${run}@ozia.test`, password: 'operator-e2e-pass' };
  await call(api, 'users.create', { name: agent.name, email: agent.email, role: 'operator', password: agent.password, departmentIds: [general.id] });

  // --- the supervisor adds the site chat in Settings → Canais and allows the site ------------
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Seções das configurações' }).getByRole('link', { name: 'Canais' }).click();
  await page.getByRole('button', { name: 'Adicionar chat do site' }).click();
  const dialog = page.getByRole('dialog', { name: 'Novo chat do site' });
  await dialog.getByLabel('Nome', { exact: true }).fill(`Site ${run}`);
  await dialog.getByLabel('Fluxo publicado').selectOption({ label: flowName });
  // A site with a path is refused before anything is saved, naming what to write.
  await dialog.getByLabel('Sites permitidos').fill(`${siteOrigin}/loja`);
  await dialog.getByRole('button', { name: 'Criar chat' }).click();
  await expect(dialog.getByText(/Escreva cada site como https:\/\/endereco/)).toBeVisible();
  await dialog.getByLabel('Sites permitidos').fill(siteOrigin);
  await dialog.getByLabel('Título').fill('Loja Exemplo');
  await dialog.getByLabel('Balão de boas-vindas').fill('Oi! Quer ajuda com sua compra?');
  await dialog.getByLabel('Mostrar o balão após (segundos)').fill('1');
  await dialog.screenshot({ path: test.info().outputPath('settings-webchat-dialog.png') });
  await dialog.getByRole('button', { name: 'Criar chat' }).click();
  await expect(page).toHaveURL(/\/settings\/channels\/[^/]+$/);
  await expect(page.getByRole('heading', { name: `Site ${run}` })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Sites permitidos' }).getByText(siteOrigin)).toBeVisible();
  const snippet = await page.getByLabel('Código para o site').inputValue();
  expect(snippet).toMatch(new RegExp(`^<script src="http://127\\.0\\.0\\.1:${PORT}/widget\\.js" data-ozia="[\\w-]{16,}" async></script>$`));
  const link = await page.getByLabel('Link do chat').inputValue();
  expect(link).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${PORT}/c/[\\w-]{16,}$`));
  await expect(page.getByRole('img', { name: /QR code do link/ })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath('settings-webchat.png'), fullPage: true });

  // --- the site embeds it: the bubble, then the greeting after its delay --------------------
  const site = await hostSite(snippet);
  try {
    const visitorContext = await browser.newContext({ viewport: { width: 1280, height: 860 }, locale: 'pt-BR' });
    const visitor = await visitorContext.newPage();
    const outside: string[] = [];
    visitor.on('request', (r) => {
      const u = new URL(r.url());
      if (u.origin !== siteOrigin && u.origin !== `http://127.0.0.1:${PORT}`) outside.push(r.url());
    });
    await visitor.goto(site.origin);
    const bubble = visitor.getByRole('button', { name: 'Abrir o chat' });
    await expect(bubble).toBeVisible();
    // The site's CSS (red, 40 px buttons) does not reach the widget.
    expect(await bubble.evaluate((b) => getComputedStyle(b).backgroundColor)).not.toBe('rgb(255, 0, 0)');
    await expect(visitor.getByText('Oi! Quer ajuda com sua compra?')).toBeVisible();
    await visitor.screenshot({ path: test.info().outputPath('site-greeting.png') });
    await bubble.click();
    const chat = visitor.frameLocator('iframe[title="Loja Exemplo"]');
    const composer = chat.getByLabel('Escreva sua mensagem…');
    await expect(composer).toBeVisible();

    // --- the visitor chats through the template to the Agent block -------------------------
    await composer.fill('oi');
    await composer.press('Enter');
    await expect(chat.getByText('como posso te chamar?', { exact: false })).toBeVisible();
    const visitorName = `Carla ${run}`;
    await composer.fill(visitorName);
    await composer.press('Enter');
    await expect(chat.getByText(`Prazer, ${visitorName}!`, { exact: false })).toBeVisible();
    // Choices are real buttons.
    const human = chat.getByRole('button', { name: 'Falar com atendente' });
    await expect(human).toBeVisible();
    await visitor.screenshot({ path: test.info().outputPath('widget-menu.png') });
    await human.click();
    await expect(chat.getByText('Vou te transferir para um dos nossos atendentes', { exact: false })).toBeVisible();
    await expect(human).toBeDisabled();

    // --- the agent picks it up in the Inbox and answers -------------------------------------
    const inbox = await operatorInbox(browser, agent.email, agent.password);
    await inbox.getByRole('list', { name: 'Conversas' }).getByText(visitorName, { exact: true }).click();
    await expect(inbox.locator('.ib-row--contact .ib-text').getByText('oi', { exact: true })).toBeVisible();
    await expect(inbox.getByRole('complementary', { name: 'Dados do contato' }).getByText(`Chat do site · Site ${run}`).first()).toBeVisible();
    await inbox.getByRole('button', { name: 'Atender' }).click();
    const answer = `Olá, ${visitorName}! Aqui é o ${agent.name}. Em que posso ajudar?`;
    const box = inbox.getByLabel('Mensagem');
    await box.fill(answer);
    await box.press('Enter');

    // The widget shows it live, with the agent's name; the agent sees it read (the chat is open).
    const shown = chat.locator('.msg.agent', { hasText: answer });
    await expect(shown).toBeVisible();
    await expect(shown.locator('.who')).toHaveText(agent.name);
    await expect(inbox.locator('.ib-row--agent', { hasText: answer }).getByRole('img', { name: 'Lida' })).toBeVisible();
    await visitor.screenshot({ path: test.info().outputPath('widget-answer.png') });

    // --- the page reloads: the conversation is still there, each message once -------------
    await visitor.reload();
    await visitor.getByRole('button', { name: 'Abrir o chat' }).click();
    const again = visitor.frameLocator('iframe[title="Loja Exemplo"]');
    await expect(again.locator('.msg.agent', { hasText: answer })).toBeVisible();
    await expect(again.locator('.msg.in', { hasText: visitorName })).toHaveCount(1);
    await expect(again.getByText('Vou te transferir para um dos nossos atendentes', { exact: false })).toHaveCount(1);
    // The visitor answers again; it reaches the agent.
    await again.getByLabel('Escreva sua mensagem…').fill('Quero trocar um produto');
    await again.getByLabel('Escreva sua mensagem…').press('Enter');
    await expect(inbox.locator('.ib-row--contact .ib-text').getByText('Quero trocar um produto', { exact: true })).toBeVisible();
    // The network drops: the chat says so, and once back it resumes after the last message it
    // showed: the agent's message sent meanwhile shows once, nothing before it twice.
    await visitorContext.setOffline(true);
    await expect(again.getByText('Sem conexão. Tentando de novo…')).toBeVisible({ timeout: 15_000 });
    const meanwhile = `Enquanto você estava offline: ${run}`;
    await box.fill(meanwhile);
    await box.press('Enter');
    await expect(inbox.locator('.ib-row--agent', { hasText: meanwhile })).toBeVisible();
    await visitorContext.setOffline(false);
    await expect(again.locator('.msg.agent', { hasText: meanwhile })).toHaveCount(1, { timeout: 20_000 });
    await expect(again.getByText('Sem conexão. Tentando de novo…')).toHaveCount(0);
    await expect(again.locator('.msg.agent', { hasText: answer })).toHaveCount(1);
    await expect(again.locator('.msg.in', { hasText: 'Quero trocar um produto' })).toHaveCount(1);
    // Esc closes the chat.
    await again.getByLabel('Escreva sua mensagem…').press('Escape');
    await expect(visitor.getByRole('button', { name: 'Abrir o chat' })).toBeVisible();
    expect(outside).toEqual([]);
    await visitorContext.close();
  } finally {
    await site.close();
  }

  // --- another site is refused; the full-page link works on its own --------------------------
  const publicId = link.split('/c/')[1];
  const refused = await api.get(`/api/webchat/${publicId}/config`, { headers: { origin: 'https://outro-site.example' } });
  expect(refused.status()).toBe(403);
  const full = await browser.newPage({ locale: 'en-US' });
  await full.goto(link);
  await expect(full.getByRole('heading', { name: 'Loja Exemplo' })).toBeVisible();
  await expect(full.getByLabel('Type your message…')).toBeVisible();
  await full.screenshot({ path: test.info().outputPath('full-page.png') });
  await full.close();
});
