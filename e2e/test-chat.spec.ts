// The test chat as a tester meets it: each run is a numbered contact, closing and reopening the
// panel rejoins the running conversation, a 100 KB paste is refused with a counter (never cut),
// and right-to-left text reads right to left.
import { expect, test } from '@playwright/test';
import { call, login, uniqueName } from './helpers.js';

test('the test chat rejoins its run when reopened, refuses a too-long message without cutting it, and shows RTL text right to left', async ({ page }) => {
  await login(page);
  const flow = await call<{ id: string }>(page.request, 'flows.create', { name: uniqueName('Teste'), templateId: 'customer-service.pt-BR' });
  await page.goto(`/flows/${flow.id}`);
  await page.getByRole('button', { name: 'Testar' }).click();
  const chat = page.locator('.tc-panel');
  const who = chat.getByTestId('tc-contact');
  await expect(who).toHaveText(/^Teste \d+ · \+55 11 90000-\d{4}$/);
  const contact = (await who.textContent())!;
  const name = contact.split(' · ')[0];
  await expect(chat.getByText(`Olá, ${name}! 👋`, { exact: false })).toBeVisible();
  await chat.getByRole('button', { name: 'Suporte técnico' }).click();
  await expect(chat.getByText('Suporte técnico', { exact: true }).last()).toBeVisible();

  // Closing and reopening rejoins the same run: same contact, same messages, no new greeting.
  await chat.getByRole('button', { name: 'Fechar teste' }).click();
  await expect(chat).toHaveCount(0);
  await page.getByRole('button', { name: 'Testar' }).click();
  await expect(who).toHaveText(contact);
  await expect(chat.getByText(`Olá, ${name}! 👋`, { exact: false })).toHaveCount(1);
  await expect(chat.locator('.tc-bubble-in', { hasText: 'Suporte técnico' })).toHaveCount(1);
  // …and after a reload too, from the server's transcript.
  await page.reload();
  await page.getByRole('button', { name: 'Testar' }).click();
  await expect(who).toHaveText(contact);
  await expect(chat.locator('.tc-bubble-in', { hasText: 'Suporte técnico' })).toHaveCount(1);

  // A 100 KB paste stays whole in the box; the counter and the reason say why it cannot go.
  const box = chat.getByLabel('Digite uma mensagem');
  await box.fill('a'.repeat(100_000));
  expect(await box.evaluate((el: HTMLTextAreaElement) => el.value.length)).toBe(100_000);
  await expect(chat.getByRole('alert').filter({ hasText: 'Longa demais para enviar: apague 95.904 caracteres' })).toBeVisible();
  await expect(chat.getByLabel('100.000 de 4.096 caracteres')).toBeVisible();
  await expect(chat.getByRole('button', { name: 'Enviar' })).toBeDisabled();
  await box.press('Enter');
  await expect(chat.locator('.tc-bubble-in')).toHaveCount(1); // nothing was sent
  await page.screenshot({ path: 'test-results/test-chat-too-long.png' });

  // 4,000 emoji are 16,000 UTF-16 units but 4,000 characters: they go.
  await box.fill('👍🏽'.repeat(4000));
  await expect(chat.getByLabel('4.000 de 4.096 caracteres')).toBeVisible();
  await expect(chat.getByRole('button', { name: 'Enviar' })).toBeEnabled();

  // Arabic reads right to left, in the box and in the bubble.
  await box.fill('مرحبا بك');
  expect(await box.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await box.press('Enter');
  const bubble = chat.locator('.tc-bubble-in .tc-text', { hasText: 'مرحبا بك' });
  await expect(bubble).toBeVisible();
  await expect.poll(() => bubble.evaluate((el) => getComputedStyle(el).direction)).toBe('rtl');
  await page.screenshot({ path: 'test-results/test-chat-rejoined.png' });
});
