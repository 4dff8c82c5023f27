// What the server refuses for its size is said in the editor before anything is sent: an export
// file larger than the flow-document limit (blocks/limits.ts) is refused in the import dialog.
import { expect, test } from '@playwright/test';
import { login } from './helpers.js';

test('importing a flow file larger than 5 MB says so in Portuguese and imports nothing', async ({ page }) => {
  await login(page);
  await page.getByRole('button', { name: 'Importar JSON' }).click();
  const dialog = page.getByRole('dialog', { name: 'Importar fluxo' });
  const big = JSON.stringify({ name: 'Enorme', document: { schemaVersion: 2, groups: [], padding: 'x'.repeat(5 * 1024 * 1024 + 100) } });
  await dialog.getByLabel('Escolher arquivo').setInputFiles({ name: 'enorme.json', mimeType: 'application/json', buffer: Buffer.from(big) });
  await dialog.getByRole('button', { name: 'Importar' }).click();
  await expect(dialog.getByRole('alert')).toHaveText('O fluxo passa de 5 MB, o maior que o Ozia guarda; divida-o em fluxos menores.');
  await page.screenshot({ path: 'test-results/import-too-large.png' });
  await dialog.getByRole('button', { name: 'Cancelar' }).click();
  await expect(page.getByText('Enorme')).toHaveCount(0);
});
