import { expect, test, type Page } from '@playwright/test';
import { call, login, settled, uniqueName } from './helpers.js';

const pane = (page: Page) => page.locator('.react-flow__pane');
const groups = (page: Page) => page.locator('.oz-group');
const paletteItem = (page: Page, kind: string) => page.locator(`.oz-palette-item[data-kind="${kind}"]`);

/** Drags a palette block onto the canvas at a point relative to the canvas's top-left corner. */
async function dropOnCanvas(page: Page, kind: string, x: number, y: number) {
  const box = (await pane(page).boundingBox())!;
  await paletteItem(page, kind).dragTo(pane(page), { targetPosition: { x: Math.min(x, box.width - 40), y: Math.min(y, box.height - 40) } });
}

async function newFlow(page: Page) {
  await login(page);
  await page.getByRole('button', { name: 'Novo fluxo' }).first().click();
  const name = uniqueName('Atendimento e2e');
  await page.getByRole('dialog', { name: 'Novo fluxo' }).getByLabel('Nome').fill(name);
  await page.getByRole('button', { name: 'Criar' }).click();
  await expect(page).toHaveURL(/\/flows\/[\w-]+$/);
  await expect(groups(page)).toHaveCount(1);
  return name;
}

/** Drags from a source handle to a group's body. */
async function connect(page: Page, handle: string, groupTitle: string) {
  const from = page.locator(`.react-flow__handle[data-handleid="${handle}"]`);
  const to = groups(page).filter({ has: page.locator('.oz-group-title', { hasText: new RegExp(`^${groupTitle}$`) }) }).locator('.oz-group-header');
  const a = (await from.boundingBox())!;
  const b = (await to.boundingBox())!;
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + 20, b.y + b.height / 2, { steps: 12 });
  await page.mouse.up();
}

test('a marketer builds, publishes and tests a flow with the mouse, and finds it as it was after a reload', async ({ page }) => {
  test.setTimeout(90_000);
  await newFlow(page);
  const start = groups(page).first();

  // A Text bubble into the start group, with a templated text.
  await paletteItem(page, 'bubble-text').dragTo(start);
  await expect(start.locator('[data-block-card]')).toHaveCount(1);
  const message = page.getByLabel('Mensagem', { exact: true });
  await message.fill('Olá! Com quem você quer falar?');

  // A Buttons input below it, with three options saved to a new variable.
  await settled(start.locator('[data-block-card]').first());
  await paletteItem(page, 'input-buttons').dragTo(start.locator('[data-block-card]').first(), { targetPosition: { x: 40, y: 30 } });
  await expect(start.locator('[data-block-card]')).toHaveCount(2);
  const buttonsCard = start.locator('[data-block-card]').nth(1);
  await buttonsCard.click();
  const settings = page.locator('.bs-panel[data-kind="input-buttons"]');
  await settings.getByRole('button', { name: 'Adicionar opção' }).click();
  const optionInputs = settings.locator('.bs-card').getByRole('textbox', { name: 'Opção' });
  await expect(optionInputs).toHaveCount(3);
  await optionInputs.nth(0).fill('Vendas');
  await optionInputs.nth(1).fill('Suporte');
  await optionInputs.nth(2).fill('Financeiro');
  const variable = settings.getByLabel('Salvar a resposta em');
  await variable.click();
  await variable.fill('setor');
  await page.getByRole('option', { name: /Criar variável “setor”/ }).click();

  // Not connected yet: the linter marks the Buttons block as a dead end, and publishing is refused.
  await expect(buttonsCard.locator('.oz-card-badge.is-error')).toBeVisible();
  await page.getByRole('button', { name: 'Publicar' }).click();
  const refused = page.getByRole('dialog', { name: 'Publicar fluxo' });
  await expect(refused.getByText('Corrija os erros antes de publicar:')).toBeVisible();
  await expect(refused.getByRole('button', { name: 'Publicar' })).toBeDisabled();
  await refused.getByRole('button', { name: 'Cancelar' }).click();

  // Two more groups, each made by dropping a Text bubble on empty canvas.
  await dropOnCanvas(page, 'bubble-text', 120, 100);
  await expect(groups(page)).toHaveCount(2);
  await page.getByLabel('Mensagem', { exact: true }).fill('Ótimo, {{setor}}! Um vendedor já vem.');
  await dropOnCanvas(page, 'bubble-text', 120, 600);
  await expect(groups(page)).toHaveCount(3);
  await page.getByLabel('Mensagem', { exact: true }).fill('Certo: {{setor}}. Vamos te ajudar.');

  // Rename the two groups in place.
  const titles = groups(page).locator('.oz-group-title');
  await titles.nth(1).dblclick();
  await page.locator('.oz-title-input').fill('Vendas');
  await page.keyboard.press('Enter');
  await titles.nth(2).dblclick();
  await page.locator('.oz-title-input').fill('Outros setores');
  await page.keyboard.press('Enter');
  await expect(groups(page).filter({ hasText: 'Outros setores' })).toHaveCount(1);

  // Connect each option to a group.
  const blockId = await buttonsCard.getAttribute('data-block-id');
  const itemHandles = page.locator(`.react-flow__handle[data-handleid^="i:${blockId}:"]`);
  await expect(itemHandles).toHaveCount(3);
  const ids = await itemHandles.evaluateAll((els) => els.map((e) => e.getAttribute('data-handleid')!));
  await connect(page, ids[0], 'Vendas');
  await connect(page, ids[1], 'Outros setores');
  await connect(page, ids[2], 'Outros setores');
  await expect(page.locator('.react-flow__edge')).toHaveCount(4); // start + three options
  await expect(buttonsCard.locator('.oz-card-badge.is-error')).toHaveCount(0);

  // Undo the last connection, then redo it.
  await pane(page).click({ position: { x: 20, y: 20 } });
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(3);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible({ timeout: 10_000 });
  await page.screenshot({ path: 'test-results/builder.png' });

  // Publish with a note.
  await page.getByRole('button', { name: 'Publicar' }).click();
  const publish = page.getByRole('dialog', { name: 'Publicar fluxo' });
  await publish.getByLabel('Nota da versão (opcional)').fill('primeira versão');
  await publish.getByRole('button', { name: 'Publicar' }).click();
  await expect(page.getByText('Versão 1 publicada.')).toBeVisible();

  // Test chat: click a button, see the right reply and the variable.
  await page.getByRole('button', { name: 'Testar' }).click();
  const chat = page.locator('.tc-panel');
  await expect(chat.getByText('Olá! Com quem você quer falar?')).toBeVisible();
  await chat.getByRole('button', { name: 'Suporte' }).click();
  await expect(chat.getByText('Certo: Suporte. Vamos te ajudar.')).toBeVisible();
  const vars = chat.locator('.tc-vars');
  if (!(await vars.getAttribute('class'))?.includes('open')) await vars.locator('.tc-vars-head').click();
  await expect(vars.locator('.tc-vars-list')).toContainText('setor');
  await expect(vars.locator('.tc-vars-list')).toContainText('Suporte');
  await page.screenshot({ path: 'test-results/test-chat.png' });

  // A reload shows the same flow.
  await page.reload();
  await expect(groups(page)).toHaveCount(3);
  await expect(groups(page).filter({ hasText: 'Outros setores' })).toHaveCount(1);
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
});

test('editing the same flow in two tabs: the stale save gets a toast offering reload or overwrite', async ({ page, context }) => {
  await newFlow(page);
  const url = page.url();
  const other = await context.newPage();
  await other.goto(url);
  await expect(groups(other)).toHaveCount(1);

  await paletteItem(page, 'bubble-text').dragTo(groups(page).first());
  await page.getByLabel('Mensagem', { exact: true }).fill('Primeira aba');
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible({ timeout: 10_000 });

  await paletteItem(other, 'bubble-text').dragTo(groups(other).first());
  await other.getByLabel('Mensagem', { exact: true }).fill('Segunda aba');
  const toast = other.getByRole('alert').filter({ hasText: 'Este fluxo foi alterado em outra aba' });
  await expect(toast).toBeVisible({ timeout: 10_000 });
  await other.screenshot({ path: 'test-results/stale-save.png' });
  await toast.getByRole('button', { name: 'Recarregar' }).click();
  await expect(other.getByText('Primeira aba')).toBeVisible();
});

test('versions: publish twice, open the first read-only, restore it as the draft', async ({ page }) => {
  await newFlow(page);
  await paletteItem(page, 'bubble-text').dragTo(groups(page).first());
  await page.getByLabel('Mensagem', { exact: true }).fill('Versão um');
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Publicar' }).click();
  await page.getByRole('dialog', { name: 'Publicar fluxo' }).getByLabel('Nota da versão (opcional)').fill('primeira');
  await page.getByRole('dialog', { name: 'Publicar fluxo' }).getByRole('button', { name: 'Publicar' }).click();
  await expect(page.getByText('Versão 1 publicada.')).toBeVisible();

  await groups(page).first().locator('[data-block-card]').first().click();
  await page.getByLabel('Mensagem', { exact: true }).fill('Versão dois');
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible({ timeout: 10_000 });
  await page.getByRole('button', { name: 'Publicar' }).click();
  await page.getByRole('dialog', { name: 'Publicar fluxo' }).getByRole('button', { name: 'Publicar' }).click();
  await expect(page.getByText('Versão 2 publicada.')).toBeVisible();

  await page.getByRole('button', { name: /Versões/ }).click();
  const history = page.getByRole('dialog', { name: 'Histórico de versões' });
  const items = history.getByRole('listitem');
  await expect(items).toHaveCount(2);
  await expect(items.first()).toContainText('v2');
  await expect(items.first()).toContainText('no ar');
  await expect(items.nth(1)).toContainText('primeira');
  await items.nth(1).getByRole('button', { name: 'Ver' }).click();
  const viewer = page.getByRole('dialog', { name: 'Somente leitura: versão 1' });
  await expect(viewer).toBeVisible();
  // Version 1 drawn on a canvas: its text, not the draft's; nothing there can be changed.
  const card = viewer.locator('[data-block-card]').first();
  await expect(card).toContainText('Versão um');
  await expect(card).toHaveAttribute('draggable', 'false');
  await card.click();
  await page.keyboard.press('Delete');
  await expect(viewer.locator('[data-block-card]')).toHaveCount(1);
  await viewer.locator('.oz-group-title').first().dblclick();
  await expect(viewer.locator('.oz-title-input')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/version-view.png' });
  await page.keyboard.press('Escape');
  // The draft behind it was not touched by the Delete key.
  await expect(groups(page).first().locator('[data-block-card]')).toHaveCount(1);
  await expect(groups(page).first()).toContainText('Versão dois');

  await page.getByRole('button', { name: /Versões/ }).click();
  await page.getByRole('dialog', { name: 'Histórico de versões' }).getByRole('listitem').nth(1).getByRole('button', { name: 'Restaurar como rascunho' }).click();
  await page.getByRole('dialog', { name: 'Restaurar a versão 1?' }).getByRole('button', { name: 'Restaurar como rascunho' }).click();
  await expect(page.getByText('Versão 1 restaurada como rascunho.')).toBeVisible();
  await expect(groups(page).first()).toContainText('Versão um');
});

test('an edge is moved by dragging its end to another group, and removed by dropping it on empty canvas', async ({ page }) => {
  await newFlow(page);
  const start = groups(page).first();
  await paletteItem(page, 'bubble-text').dragTo(start);
  await page.getByLabel('Mensagem', { exact: true }).fill('Oi!');
  const blockId = (await start.locator('[data-block-card]').first().getAttribute('data-block-id'))!;
  await dropOnCanvas(page, 'bubble-text', 520, 80);
  await dropOnCanvas(page, 'bubble-text', 520, 620);
  await expect(groups(page)).toHaveCount(3);
  const titles = groups(page).locator('.oz-group-title');
  for (const [i, title] of [[1, 'Primeiro'], [2, 'Segundo']] as const) {
    await titles.nth(i).dblclick();
    await page.locator('.oz-title-input').fill(title);
    await page.keyboard.press('Enter');
  }
  await connect(page, `b:${blockId}`, 'Primeiro');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2); // start + the new one

  const flowId = page.url().split('/').pop()!;
  const target = async () => {
    const flow = await call<{ draft: { groups: { id: string; title: string }[]; edges: { from: { blockId?: string }; to: { groupId: string } }[] } }>(
      page.request,
      'flows.get',
      { id: flowId },
      'query',
    );
    const edge = flow.draft.edges.find((e) => e.from.blockId === blockId);
    return edge ? flow.draft.groups.find((g) => g.id === edge.to.groupId)?.title : null;
  };
  await expect.poll(target, { timeout: 10_000 }).toBe('Primeiro');

  // Grab the arrow's end where it meets "Primeiro" and drop it on "Segundo".
  const groupByTitle = (t: string) => groups(page).filter({ has: page.locator('.oz-group-title', { hasText: new RegExp(`^${t}$`) }) });
  const dragEndTo = async (x: number, y: number) => {
    const end = (await groupByTitle('Primeiro').locator('.oz-handle-target').boundingBox()) ?? (await groupByTitle('Segundo').locator('.oz-handle-target').boundingBox())!;
    await page.mouse.move(end.x - 4, end.y + end.height / 2);
    await page.mouse.down();
    await page.mouse.move(x, y, { steps: 14 });
    await page.mouse.up();
  };
  const second = (await groupByTitle('Segundo').locator('.oz-group-header').boundingBox())!;
  await dragEndTo(second.x + 30, second.y + second.height / 2);
  await expect.poll(target, { timeout: 10_000 }).toBe('Segundo');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await page.screenshot({ path: 'test-results/builder-edge-moved.png' });

  // Grab it again where it now ends and let go on empty canvas: the path is gone; undo brings it back.
  const end = (await groupByTitle('Segundo').locator('.oz-handle-target').boundingBox())!;
  await page.mouse.move(end.x - 4, end.y + end.height / 2);
  await page.mouse.down();
  const paneBox = (await pane(page).boundingBox())!;
  await page.mouse.move(paneBox.x + 160, paneBox.y + 60, { steps: 14 });
  await page.mouse.up();
  await expect(page.locator('.react-flow__edge')).toHaveCount(1);
  await expect.poll(target, { timeout: 10_000 }).toBeNull();
  await page.keyboard.press('Control+z');
  await expect(page.locator('.react-flow__edge')).toHaveCount(2);
  await expect.poll(target, { timeout: 10_000 }).toBe('Segundo');
});

test('keyword triggers: add one from the palette, edit its words, delete it', async ({ page }) => {
  await newFlow(page);
  await page.getByRole('button', { name: /Gatilho por palavra-chave/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Palavras-chave' });
  await dialog.getByLabel('Palavras-chave').fill('promo, Oferta ,promo');
  await dialog.getByLabel('A mensagem deve').selectOption('contains');
  await dialog.getByRole('button', { name: 'Salvar' }).click();
  const keyword = page.locator('.oz-event-keyword');
  await expect(keyword).toContainText('promo, Oferta');

  await keyword.dblclick();
  await page.getByRole('dialog', { name: 'Palavras-chave' }).getByLabel('Palavras-chave').fill('');
  await page.getByRole('dialog', { name: 'Palavras-chave' }).getByRole('button', { name: 'Salvar' }).click();
  await expect(page.getByRole('dialog', { name: 'Palavras-chave' }).getByRole('alert')).toHaveText('Digite ao menos uma palavra-chave.');
  await page.getByRole('dialog', { name: 'Palavras-chave' }).getByRole('button', { name: 'Excluir gatilho' }).click();
  await page.getByRole('dialog', { name: 'Excluir este gatilho?' }).getByRole('button', { name: 'Excluir gatilho' }).click();
  await expect(keyword).toHaveCount(0);
  await expect(page.getByText('Salvo', { exact: true })).toBeVisible({ timeout: 10_000 });
});
