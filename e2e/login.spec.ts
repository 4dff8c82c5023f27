import { expect, test } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config.js';

test('a supervisor logs in with the first account and creates a flow from a template', async ({ page }) => {
  await page.goto('/');
  await page.getByLabel(/E-mail|Email/).fill(E2E_ADMIN.email);
  await page.getByLabel(/Senha|Password/).fill('not-the-password');
  await page.getByRole('button', { name: /Entrar|Log in/ }).click();
  await expect(page.getByRole('alert')).toHaveText('wrong email or password');

  await page.getByLabel(/Senha|Password/).fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: /Entrar|Log in/ }).click();
  await page.getByLabel('Language').selectOption('pt-BR');
  await expect(page.getByText('Olá, Supervisor')).toBeVisible();
  await expect(page.getByText('Nenhum fluxo ainda. Crie um a partir de um modelo.')).toBeVisible();

  const cards = page.locator('.grid article');
  await expect(cards).toHaveCount(5);
  const first = cards.first();
  const name = (await first.locator('h3').textContent())!;
  await first.getByRole('button', { name: /Criar fluxo/ }).click();
  await expect(page.getByRole('status')).toHaveText(`Fluxo "${name}" criado.`);
  await expect(page.getByRole('list', { name: 'Fluxos' }).getByText(name)).toBeVisible();
  await page.screenshot({ path: 'test-results/home.png' });

  // The session survives a reload (http-only cookie), and logging out ends it.
  await page.reload();
  await expect(page.getByText('Olá, Supervisor')).toBeVisible();
  await page.getByRole('button', { name: 'Sair' }).click();
  await expect(page.getByRole('button', { name: 'Entrar' })).toBeVisible();
});
