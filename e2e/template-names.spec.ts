import { expect, test, type Page } from '@playwright/test';
import { login, settled, uniqueName } from './helpers.js';

const groups = (page: Page) => page.locator('.oz-group');
const paletteItem = (page: Page, kind: string) => page.locator(`.oz-palette-item[data-kind="${kind}"]`);

async function newFlow(page: Page) {
  await login(page);
  await page.getByRole('button', { name: 'Novo fluxo' }).first().click();
  await page.getByRole('dialog', { name: 'Novo fluxo' }).getByLabel('Nome').fill(uniqueName('Modelos e2e'));
  await page.getByRole('button', { name: 'Criar' }).click();
  await expect(page).toHaveURL(/\/flows\/[\w-]+$/);
  await expect(groups(page)).toHaveCount(1);
}

test("the Agent block's {{position}} is known in its waiting message; a missing variable is offered for creation", async ({ page }) => {
  await newFlow(page);
  await paletteItem(page, 'agent').dragTo(groups(page).first());
  const settings = page.locator('.bs-panel[data-kind="agent"]');
  const waiting = settings.getByLabel('Mensagem enquanto aguarda');
  await waiting.fill('Você é o {{position}}º da fila.');
  await expect(settings.locator('.bs-tpl__ref--known', { hasText: '{{position}}' })).toBeVisible();
  await expect(settings.locator('.bs-tpl__ref--unknown')).toHaveCount(0);
  await expect(settings.getByText(/Variável desconhecida/)).toHaveCount(0);
  await expect(settings.getByRole('button', { name: /Criar variável/ })).toHaveCount(0);

  // A name the block does not fill is still unknown, and can be created.
  await waiting.fill('{{cidade}}: você é o {{position}}º da fila.');
  await expect(settings.getByText('Variável desconhecida: cidade')).toBeVisible();
  await expect(settings.getByRole('button', { name: 'Criar variável “cidade”' })).toBeVisible();
  await page.screenshot({ path: 'test-results/agent-position.png' });
});

test('a question whose fallback path is unconnected is warned about before publishing', async ({ page }) => {
  await newFlow(page);
  await paletteItem(page, 'bubble-text').dragTo(groups(page).first());
  await page.getByLabel('Mensagem', { exact: true }).fill('Qual é o seu nome?');
  // The question goes above the text, so its answer leads on: only the fallback is missing.
  const text = groups(page).first().locator('[data-block-card]').first();
  await settled(text);
  await paletteItem(page, 'input-text').dragTo(text, { targetPosition: { x: 40, y: 2 } });
  const cards = groups(page).first().locator('[data-block-card]');
  await expect(cards).toHaveCount(2);
  await expect(cards.nth(1)).toContainText('Qual é o seu nome?');
  await page.getByRole('button', { name: 'Publicar' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publicar fluxo' });
  await expect(dialog.getByText(/não tem caminho alternativo/)).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Publicar' })).toBeEnabled();
  await page.screenshot({ path: 'test-results/fallback-warning.png' });
});
