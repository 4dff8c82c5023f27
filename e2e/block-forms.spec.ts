// Blocks as they are dropped: media asks for its file (no example address), Wait takes an amount
// and a unit, and the Buttons hint states WhatsApp's reply-button limit.
import { expect, test, type Page } from '@playwright/test';
import { call, login, settled, uniqueName } from './helpers.js';

const groups = (page: Page) => page.locator('.oz-group');
const paletteItem = (page: Page, kind: string) => page.locator(`.oz-palette-item[data-kind="${kind}"]`);

test('an image block starts empty with an upload or link prompt; a Wait runs in hours', async ({ page }) => {
  await login(page);
  await page.getByRole('button', { name: 'Novo fluxo' }).first().click();
  await page.getByRole('dialog', { name: 'Novo fluxo' }).getByLabel('Nome').fill(uniqueName('Blocos e2e'));
  await page.getByRole('button', { name: 'Criar' }).click();
  await expect(page).toHaveURL(/\/flows\/[\w-]+$/);
  const flowId = page.url().split('/').pop()!;
  const start = groups(page).first();

  await paletteItem(page, 'bubble-image').dragTo(start);
  const image = start.locator('[data-block-card]').first();
  await expect(image).toContainText('Envie um arquivo ou cole um link');
  const imagePanel = page.locator('.bs-panel[data-kind="bubble-image"]');
  await expect(imagePanel.getByText('Escolher arquivo')).toBeVisible();
  await expect(imagePanel).not.toContainText('example.com');
  await expect(image.locator('.oz-card-badge.is-error')).toBeVisible();
  await page.screenshot({ path: 'test-results/block-image-empty.png' });

  await settled(image);
  await paletteItem(page, 'wait').dragTo(image, { targetPosition: { x: 40, y: 30 } });
  const wait = start.locator('[data-block-card]').nth(1);
  const waitPanel = page.locator('.bs-panel[data-kind="wait"]');
  await waitPanel.getByLabel('Aguardar por').fill('2');
  await waitPanel.getByLabel('Unidade').selectOption({ label: 'horas' });
  await expect(wait).toContainText('Aguardar 2 horas');
  await page.screenshot({ path: 'test-results/block-wait.png' });

  await settled(wait);
  await paletteItem(page, 'input-buttons').dragTo(wait, { targetPosition: { x: 40, y: 30 } });
  await expect(page.locator('.bs-panel[data-kind="input-buttons"]').getByText('aceitam até 20 caracteres').first()).toBeVisible();

  await expect(page.getByText('Salvo', { exact: true })).toBeVisible({ timeout: 10_000 });
  const stored = await call<{ draft: { groups: { blocks: { kind: string; options: unknown }[] }[] } }>(page.request, 'flows.get', { id: flowId }, 'query');
  const blocks = stored.draft.groups[0].blocks;
  expect(blocks.find((b) => b.kind === 'wait')!.options).toEqual({ amount: 2, unit: 'hours' });
  expect(blocks.find((b) => b.kind === 'bubble-image')!.options).toEqual({ source: { kind: 'file', fileId: '' } });
});

test("the Contato block's form lists the contact's fields, custom ones included, and its card says what it loads", async ({ page }) => {
  await login(page);
  const label = uniqueName('Plano e2e');
  const field = await call<{ key: string }>(page.request, 'contacts.fields.create', { label, type: 'text' });
  await page.goto('/flows');
  await page.getByRole('button', { name: 'Novo fluxo' }).first().click();
  await page.getByRole('dialog', { name: 'Novo fluxo' }).getByLabel('Nome').fill(uniqueName('Contato e2e'));
  await page.getByRole('button', { name: 'Criar' }).click();
  await expect(page).toHaveURL(/\/flows\/[\w-]+$/);
  const start = groups(page).first();

  await paletteItem(page, 'contact').dragTo(start);
  const card = start.locator('[data-block-card]').first();
  const panel = page.locator('.bs-panel[data-kind="contact"]');
  const picker = panel.getByRole('listitem', { name: 'Campo 1' }).getByLabel('Campo do contato');
  await expect(picker.locator('option', { hasText: label })).toHaveCount(1);
  for (const own of ['Nome', 'E-mail', 'Telefone']) await expect(picker.locator('option', { hasText: own })).toHaveCount(1);
  await picker.selectOption({ label });
  // Tags belong to a save only.
  await expect(panel.getByLabel('Etiquetas a adicionar')).toHaveCount(0);
  await expect(panel.getByRole('listitem', { name: 'Campo 1' }).getByLabel('Variável')).toBeVisible();
  await expect(panel.getByRole('listitem', { name: 'Campo 1' })).not.toContainText('opcional');
  // By its label, as the form names it (the key is what templates read).
  await expect(card).toContainText(`Carregar: ${label} → ?`);
  await expect(card).not.toContainText(field.key);
  await expect(card).toContainText('Conhecido');
  await expect(card).toContainText('Desconhecido');
  await page.screenshot({ path: 'test-results/block-contact.png' });
});
