// Contacts' CSV import and export as a supervisor does them: a file of 50 rows (3 of them bad)
// chosen through the file chooser, its columns mapped from their headers, the 3 bad rows
// reported with their reasons; then the list filtered by a tag and a custom field, exported, and
// the downloaded file holds exactly the filtered rows.
import fs from 'node:fs';
import Papa from 'papaparse';
import { expect, test, type Page } from '@playwright/test';
import { call, login } from './helpers.js';

const rows = (page: Page) => page.getByRole('table', { name: 'Contatos' }).locator('tbody tr');

test('a supervisor imports a CSV with 3 bad rows, filters by tag and field, and exports exactly the filtered rows', async ({ page }) => {
  test.setTimeout(120_000);
  await login(page);
  const run = Date.now().toString(36);
  const base = Number(String(Date.now()).slice(-4));
  const plan = `Plano ${run}`;
  const tag = await call<{ id: string; name: string }>(page.request, 'inbox.tags.create', { name: `Lote ${run}` });
  await call(page.request, 'contacts.fields.create', { label: plan, type: 'list', options: ['Básico', 'Pro'] });

  // 50 rows: every third one tagged, every other one on Pro; rows 10, 20 and 30 are bad.
  const expected: string[] = [];
  const lines = [`Nome;Celular;E-mail;${plan};Etiquetas`];
  for (let i = 1; i <= 50; i++) {
    const name = `Pessoa ${run} ${String(i).padStart(2, '0')} Conceição`;
    const phone = `(11) 9${String(base).padStart(4, '0')}-${String(1000 + i)}`;
    const tagged = i % 3 === 0;
    const pro = i % 2 === 0;
    if (i === 10) lines.push(`${name};123;;Pro;${tag.name}`);
    else if (i === 20) lines.push(`${name};${phone};sem-arroba;Pro;`);
    else if (i === 30) lines.push(`${name};${phone};;Ouro;${tag.name}`);
    else {
      lines.push(`${name};${phone};pessoa${i}.${run}@exemplo.com;${pro ? 'Pro' : 'Básico'};${tagged ? tag.name : ''}`);
      if (tagged && pro) expected.push(name);
    }
  }
  const file = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);

  await page.getByRole('navigation', { name: 'Ozia' }).getByRole('link', { name: 'Contatos' }).click();
  await page.getByRole('button', { name: 'Importar CSV' }).click();
  const dialog = page.getByRole('dialog', { name: 'Importar contatos de um arquivo CSV' });
  const chooser = page.waitForEvent('filechooser');
  await dialog.getByText('Arquivo CSV', { exact: true }).click();
  await (await chooser).setFiles({ name: `contatos-${run}.csv`, mimeType: 'text/csv', buffer: file });

  // The columns are guessed from their headers; the first rows show what will happen to them.
  await expect(dialog.getByText('50 linhas · UTF-8 · separador “;”')).toBeVisible();
  await expect(dialog.getByLabel('Vai para: Nome')).toHaveValue('name');
  await expect(dialog.getByLabel('Vai para: Celular')).toHaveValue('phone');
  await expect(dialog.getByLabel(`Vai para: ${plan}`)).toHaveValue(/^field:/);
  await expect(dialog.getByLabel('Vai para: Etiquetas')).toHaveValue('tags');
  const preview = dialog.getByRole('table', { name: 'Primeiras linhas' });
  await expect(preview.locator('tbody tr')).toHaveCount(10);
  await expect(preview.locator('tbody tr').nth(9)).toContainText('Com erro');
  await expect(preview.locator('tbody tr').nth(9)).toContainText('Celular: telefone inválido (inclua o DDD)');
  await expect(preview.locator('tbody tr').first()).toContainText('Novo');
  await page.screenshot({ path: 'test-results/contacts-import-preview.png' });

  await dialog.getByRole('button', { name: 'Importar 50 linhas' }).click();
  await expect(page.getByRole('dialog', { name: 'Importação concluída' })).toBeVisible();
  const done = page.getByRole('dialog', { name: 'Importação concluída' });
  await expect(done.getByText('47 novos, 0 atualizados, 3 com erro.')).toBeVisible();
  const rejected = done.getByRole('region', { name: 'Linhas não importadas' }).getByRole('listitem');
  await expect(rejected).toHaveCount(3);
  await expect(rejected.nth(0)).toHaveText('Linha 11: Celular: telefone inválido (inclua o DDD)');
  await expect(rejected.nth(1)).toHaveText('Linha 21: E-mail: digite um e-mail válido');
  await expect(rejected.nth(2)).toHaveText(`Linha 31: ${plan}: “${plan}” deve ser uma destas opções: Básico, Pro`);
  await page.screenshot({ path: 'test-results/contacts-import-done.png' });
  await done.getByRole('button', { name: 'Fechar' }).click();
  await expect(done).toBeHidden();

  // Filtered by the tag and the field: exactly the tagged Pro rows.
  const filters = page.getByRole('group', { name: 'Filtros' });
  await filters.getByLabel('Etiqueta').selectOption({ label: tag.name });
  await filters.getByLabel('Campo', { exact: true }).selectOption({ label: plan });
  await filters.getByLabel(`${plan}: Valor`).selectOption('Pro');
  await expect(rows(page)).toHaveCount(expected.length);
  await expect(page.getByText(`${expected.length} contatos`)).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar CSV' }).click();
  const file2 = await download;
  expect(file2.suggestedFilename()).toMatch(/^contatos-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = fs.readFileSync(await file2.path()!, 'utf8');
  expect(text.startsWith('\uFEFFNome;Telefone;E-mail;')).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ';', skipEmptyLines: true }).data;
  expect(parsed.slice(1).map((r) => r[0]).sort()).toEqual([...expected].sort());
  const header = parsed[0];
  for (const r of parsed.slice(1)) {
    expect(r[header.indexOf('Tags')]).toBe(tag.name);
    expect(r[header.indexOf(plan)]).toBe('Pro');
  }
  await expect(page.getByText(`${expected.length} contatos exportados`)).toBeVisible();
  await page.screenshot({ path: 'test-results/contacts-export.png' });
});
