// The Inbox on a 390×844 phone: the top bar folds into a menu (tabs, status, "Sair"); the lists
// and the conversation show one at a time, with a back button. A tester hands a template flow
// over in the test chat on a desk; the operator serves it from the phone.
import { expect, test, type Page } from '@playwright/test';
import { call, login, uniqueName } from './helpers.js';

const PHONE = { width: 390, height: 844 };

/** No part of the page sticks out sideways (a phone would scroll it). */
async function fitsWidth(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

test('an operator serves a handed-over conversation from a phone: menu, list, conversation, back, status and Sair', async ({ page, browser }) => {
  test.setTimeout(90_000);
  await login(page);
  const api = page.request;
  const depts = await call<{ id: string; code: string | null; name: string }[]>(api, 'departments.list', undefined, 'query');
  const general = depts.find((d) => d.code === 'general')!;
  const run = Date.now().toString(36);
  const operator = { name: `Paula ${run}`, email: `paula.${run}@ozia.test`, password: 'operator-e2e-pass' };
  await call(api, 'users.create', { name: operator.name, email: operator.email, role: 'operator', password: operator.password, departmentIds: [general.id] });
  const flow = await call<{ id: string }>(api, 'flows.create', { name: uniqueName('Celular'), templateId: 'customer-service.pt-BR' });

  // --- the operator signs in on a phone and finds the Inbox through the menu -----------------
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await phone.goto('/');
  await phone.evaluate(() => localStorage.setItem('ozia.locale', 'pt-BR'));
  await phone.reload();
  await phone.getByLabel('E-mail').fill(operator.email);
  await phone.getByLabel('Senha').fill(operator.password);
  await phone.getByRole('button', { name: 'Entrar' }).click();
  const menuButton = phone.getByRole('button', { name: 'Menu' });
  await expect(menuButton).toBeVisible();
  // Folded: the tabs and "Sair" are not on the bar itself.
  await expect(phone.getByRole('button', { name: 'Sair' })).toBeHidden();
  await menuButton.click();
  await expect(phone.getByRole('button', { name: 'Sair' })).toBeVisible();
  await phone.screenshot({ path: 'test-results/inbox-phone-menu.png' });
  await phone.getByRole('navigation', { name: 'Ozia' }).getByRole('link', { name: /Atendimentos/ }).tap();
  await expect(phone).toHaveURL(/\/inbox/);
  await expect(phone.getByRole('button', { name: 'Sair' })).toBeHidden(); // the menu closed on navigation
  await expect(phone.getByText('Ninguém aguardando')).toBeVisible();
  await fitsWidth(phone);
  await phone.screenshot({ path: 'test-results/inbox-phone-empty.png' });

  // --- the tester, on a desk, reaches the Agent block -----------------------------------------
  await page.goto(`/flows/${flow.id}`);
  await page.getByRole('button', { name: 'Testar' }).click();
  const chat = page.locator('.tc-panel');
  const who = chat.getByTestId('tc-contact');
  await expect(who).toHaveText(/^Teste \d+ · \+55 11 90000-\d{4}$/);
  const contact = (await who.textContent())!.split(' · ')[0];
  await chat.getByRole('button', { name: 'Falar com atendente' }).click();
  await expect(chat.getByText('Você é o 1º da fila. 🙂')).toBeVisible();

  // --- the phone lists it; opening it shows only the conversation -----------------------------
  const list = phone.getByRole('list', { name: 'Conversas' });
  await list.getByText(contact, { exact: true }).tap();
  await expect(phone).toHaveURL(/\/inbox\/.+/);
  await expect(list).toBeHidden();
  const back = phone.getByRole('button', { name: 'Voltar para a lista' });
  await expect(back).toBeVisible();
  await expect(phone.getByRole('heading', { name: contact })).toBeVisible();
  await phone.getByRole('button', { name: 'Atender' }).tap();
  const composer = phone.getByLabel('Mensagem');
  // One character over the limit: refused with the reason, the text left whole.
  await composer.fill('x'.repeat(4097));
  await expect(phone.getByRole('alert').filter({ hasText: 'apague 1 caractere (uma mensagem tem no máximo 4.096)' })).toBeVisible();
  await expect(phone.getByRole('button', { name: 'Enviar', exact: true })).toBeDisabled();
  await phone.screenshot({ path: 'test-results/inbox-phone-too-long.png' });
  await composer.fill('Oi! Sou a Paula, vou te ajudar pelo celular.');
  await phone.getByRole('button', { name: 'Enviar', exact: true }).tap();
  await expect(chat.getByText('Oi! Sou a Paula, vou te ajudar pelo celular.')).toBeVisible();
  // The contact writes in Arabic: it reads right to left on the phone.
  const typed = chat.getByLabel('Digite uma mensagem');
  await typed.fill('مرحبا، أحتاج إلى مساعدة');
  await typed.press('Enter');
  const arabic = phone.locator('.ib-text', { hasText: 'مرحبا، أحتاج إلى مساعدة' });
  await expect(arabic).toBeVisible();
  await expect.poll(() => arabic.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await fitsWidth(phone);
  await phone.screenshot({ path: 'test-results/inbox-phone-conversation.png' });

  // The contact's details open over the conversation and close again.
  await phone.getByRole('button', { name: 'Mostrar dados do contato' }).tap();
  const panel = phone.locator('.ib-panel');
  await expect(panel.getByText('+55 11 90000-', { exact: false }).first()).toBeVisible();
  await fitsWidth(phone);
  await phone.screenshot({ path: 'test-results/inbox-phone-contact.png' });
  await panel.getByRole('button', { name: 'Fechar painel do contato' }).tap();
  await expect(panel).toHaveCount(0);

  // --- back to the lists --------------------------------------------------------------------
  await back.tap();
  await expect(phone).toHaveURL(/\/inbox$/);
  await expect(phone.getByRole('tab', { name: /Aguardando/ })).toBeVisible();
  await expect(back).toBeHidden();
  await phone.getByRole('tab', { name: /Meus/ }).tap();
  await expect(list.getByText(contact, { exact: true })).toBeVisible();
  await fitsWidth(phone);
  await phone.screenshot({ path: 'test-results/inbox-phone-list.png' });

  // --- status and Sair from the menu ----------------------------------------------------------
  await menuButton.tap();
  await phone.getByLabel('Seu status').selectOption('away');
  await expect.poll(async () => (await call<{ status: string }>(phone.request, 'users.me', undefined, 'query')).status).toBe('away');
  await phone.screenshot({ path: 'test-results/inbox-phone-status.png' });
  await phone.getByRole('button', { name: 'Sair' }).tap();
  await expect(phone.getByRole('button', { name: 'Entrar' })).toBeVisible();
  await phone.screenshot({ path: 'test-results/inbox-phone-signed-out.png' });
  await context.close();
});
