import { expect, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config.js';

/** Logs in through the login form, in Portuguese (the default for a pt-BR browser). */
export async function login(page: Page) {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('ozia.locale', 'pt-BR'));
  await page.reload();
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await page.getByLabel('Senha').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('navigation', { name: 'Ozia' })).toBeVisible();
}

export function uniqueName(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}`;
}
