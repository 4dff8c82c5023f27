// Work is never lost in the builder: a half-filled block saves as typed and shows its problem on
// the card, and leaving while the server does not have the latest edit asks first.
import { expect, test, type Page } from '@playwright/test';
import { call, login, uniqueName } from './helpers.js';

const groups = (page: Page) => page.locator('.oz-group');
const paletteItem = (page: Page, kind: string) => page.locator(`.oz-palette-item[data-kind="${kind}"]`);
const saved = (page: Page) => page.getByText('Salvo', { exact: true });

async function newFlow(page: Page): Promise<string> {
  await login(page);
  await page.getByRole('button', { name: 'Novo fluxo' }).first().click();
  await page.getByRole('dialog', { name: 'Novo fluxo' }).getByLabel('Nome').fill(uniqueName('Rascunho e2e'));
  await page.getByRole('button', { name: 'Criar' }).click();
  await expect(page).toHaveURL(/\/flows\/[\w-]+$/);
  await expect(groups(page)).toHaveCount(1);
  return page.url().split('/').pop()!;
}

test('a half-filled block is saved as typed with its lint badge, and leaving unsaved work asks first', async ({ page }) => {
  test.setTimeout(60_000);
  const flowId = await newFlow(page);
  const start = groups(page).first();

  // A Buttons block whose first option is left without text.
  await paletteItem(page, 'input-buttons').dragTo(start);
  const card = start.locator('[data-block-card]').first();
  await expect(card).toBeVisible();
  const settings = page.locator('.bs-panel[data-kind="input-buttons"]');
  const options = settings.locator('.bs-card').getByRole('textbox', { name: 'Opção' });
  await options.nth(0).fill('');
  await options.nth(1).fill('Suporte');

  // Saved all the same, the card says what is missing, and the server holds the draft as typed.
  await expect(saved(page)).toBeVisible({ timeout: 10_000 });
  await expect(card.locator('.oz-card-badge.is-error')).toBeVisible();
  const stored = await call<{ draft: { groups: { blocks: { kind: string; options: { items: { label: string }[] } }[] }[] } }>(
    page.request,
    'flows.get',
    { id: flowId },
    'query',
  );
  const buttons = stored.draft.groups[0].blocks.find((b) => b.kind === 'input-buttons')!;
  expect(buttons.options.items.map((i) => i.label)).toEqual(['', 'Suporte']);
  await page.screenshot({ path: 'test-results/draft-half-filled.png' });

  // The server cannot be reached: the next edit is not saved, and every way out asks.
  await page.route('**/trpc/**flows.saveDraft**', (route) => route.abort());
  await options.nth(1).fill('Suporte técnico');
  await expect(page.getByText('Não salvo', { exact: true })).toBeVisible({ timeout: 10_000 });

  const leave = page.getByRole('dialog', { name: 'Sair sem salvar?' });
  await page.getByRole('button', { name: 'Voltar aos fluxos' }).click();
  await expect(leave).toBeVisible();
  await expect(leave).toContainText('Não foi possível salvar suas últimas alterações');
  await leave.getByRole('button', { name: 'Ficar aqui' }).click();
  await expect(leave).toBeHidden();
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}$`));

  await page.goBack({ waitUntil: 'commit' });
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Ficar aqui' }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}$`));
  await expect(card).toBeVisible();

  await page.getByRole('link', { name: /^Atendimentos/ }).click();
  await expect(leave).toBeVisible();
  await leave.getByRole('button', { name: 'Ficar aqui' }).click();
  await expect(page).toHaveURL(new RegExp(`/flows/${flowId}$`));

  // The connection is back: the retry saves the edit, and the way out no longer asks.
  await page.unroute('**/trpc/**flows.saveDraft**');
  await expect(saved(page)).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Voltar aos fluxos' }).click();
  await expect(page).toHaveURL(/\/flows$/);
  await expect(leave).toHaveCount(0);
  const after = await call<typeof stored>(page.request, 'flows.get', { id: flowId }, 'query');
  expect(after.draft.groups[0].blocks.find((b) => b.kind === 'input-buttons')!.options.items.map((i) => i.label)).toEqual(['', 'Suporte técnico']);
});
