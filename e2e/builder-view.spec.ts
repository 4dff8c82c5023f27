// How a template reads when it opens at 1440×900: texts at a readable zoom, whole button labels,
// the settings panel beside the block it edits, and block names an author understands.
import { expect, test, type Page } from '@playwright/test';
import { login } from './helpers.js';

const zoomOf = async (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);

async function openTemplate(page: Page, name: string) {
  await login(page);
  await page.getByRole('button', { name: 'Usar um modelo' }).first().click();
  await page.getByRole('button', { name: `Usar este modelo: ${name}` }).click();
  await expect(page).toHaveURL(/\/flows\/[\w-]+$/);
  await expect(page.locator('.oz-group').first()).toBeVisible();
}

test('a template opens readable, with whole button labels and the edited block beside its panel', async ({ page }) => {
  await openTemplate(page, 'Atendimento ao cliente');
  // The start and its neighbours, at a zoom where card text reads, not the whole flow shrunk.
  await expect.poll(() => zoomOf(page)).toBeGreaterThanOrEqual(0.75);
  const canvas = page.locator('.builder-main');
  await expect(page.locator('.oz-event').first()).toBeInViewport();
  await page.screenshot({ path: 'test-results/builder-template.png' });

  // Palette names say which Text is a message and which a question; kind ids never show.
  await expect(page.locator('.oz-palette-item[data-kind="bubble-text"]')).toHaveText(/Mensagem de texto/);
  await expect(page.locator('.oz-palette-item[data-kind="input-text"]')).toHaveText(/Pergunta de texto/);

  // The menu question, edited with a long option: the label wraps inside its card.
  const menu = page.locator('[data-block-card][data-block-id="b_menu"]');
  // Pan (middle-button drag on empty canvas) until the card sits at the right edge, where the
  // settings panel opens.
  const wide = (await canvas.boundingBox())!;
  const before = (await menu.boundingBox())!;
  const dx = wide.x + wide.width - 20 - (before.x + before.width);
  await page.mouse.move(wide.x + 30, wide.y + 12);
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(wide.x + 30 + dx, wide.y + 12, { steps: 8 });
  await page.mouse.up({ button: 'middle' });
  await expect.poll(async () => Math.round((await menu.boundingBox())!.x - before.x)).toBe(Math.round(dx));
  await menu.click();
  const panel = page.locator('.bs-panel[data-kind="input-buttons"]');
  await expect(panel).toBeVisible();
  await expect(panel).not.toContainText('input-buttons');
  const long = 'Quero falar sobre a minha fatura deste mês, que veio com um valor diferente do combinado';
  await panel.locator('.bs-card').getByRole('textbox', { name: 'Opção' }).first().fill(long);
  const item = menu.locator('.oz-item').first();
  await expect(item).toContainText(long);
  // Both boxes in one frame: the canvas may still be panning the card out from under the panel.
  const { overflow, height } = await item.evaluate((el) => {
    const card = el.closest('[data-block-card]')!.getBoundingClientRect();
    const box = el.getBoundingClientRect();
    return { overflow: box.right - card.right, height: box.height / (card.width / (el.closest('[data-block-card]') as HTMLElement).offsetWidth) };
  });
  expect(overflow).toBeLessThanOrEqual(1);
  expect(height).toBeGreaterThan(40); // more than one line

  // The card being edited is not under the panel: it lies inside the visible canvas.
  const view = (await canvas.boundingBox())!;
  await expect
    .poll(async () => {
      const b = (await menu.boundingBox())!;
      return b.x >= view.x && b.x + b.width <= view.x + view.width;
    })
    .toBe(true);
  await page.screenshot({ path: 'test-results/builder-template-editing.png' });
});
