import { expect, test, type Locator, type Page } from '@playwright/test';
import { login, uniqueName } from './helpers.js';

const section = (page: Page, name: string) => page.getByRole('navigation', { name: 'Seções das configurações' }).getByRole('link', { name });

/** Types a time the way people do and leaves the box, which tidies it to HH:MM. */
async function typeTime(box: Locator, text: string) {
  await box.fill(text);
  await box.press('Tab');
}

test('a supervisor sets up a department with business hours, an operator in it, a tag, a quick reply and their own signature', async ({ page }) => {
  test.setTimeout(120_000);
  const id = Date.now().toString(36);
  const dept = uniqueName('Vendas e2e');
  const code = `vendas-${id}`;
  const operator = { name: uniqueName('Operadora'), email: `op-${id}@e2e.local`, password: 'operadora-123' };

  await login(page);
  await page.getByRole('link', { name: 'Configurações' }).click();
  await expect(page.getByRole('heading', { name: 'Configurações', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Minha conta', level: 2 })).toBeVisible();

  // --- A department with a code, a color, business hours and a holiday ---
  await section(page, 'Departamentos').click();
  await expect(page).toHaveURL(/\/settings\/departments$/);
  await page.getByRole('button', { name: 'Novo departamento' }).click();
  let dialog = page.getByRole('dialog', { name: 'Novo departamento' });
  await expect(dialog.getByLabel('Nome', { exact: true })).toBeFocused();
  await dialog.getByLabel('Nome', { exact: true }).fill(dept);
  await dialog.getByRole('textbox', { name: 'Código opcional' }).fill(code);
  await dialog.getByRole('radio', { name: 'Roxo' }).click();
  await expect(dialog.getByLabel('Código da cor')).toHaveValue('#9b51e0');

  await dialog.getByRole('switch', { name: 'Usar horário de funcionamento' }).click();
  const zone = dialog.getByRole('combobox', { name: 'Fuso horário' });
  await expect(zone).toHaveValue('America/Sao_Paulo');
  // Zones by country and city, Brazil and São Paulo first; a search narrows them down.
  await expect(zone.locator('option').first()).toHaveText('Brasil › São Paulo (UTC−03:00)');
  await dialog.getByRole('searchbox', { name: 'Buscar fuso por país ou cidade' }).fill('manaus');
  await expect(zone.locator('option')).toHaveText(['Brasil › São Paulo (UTC−03:00)', 'Brasil › Manaus (UTC−04:00)']);
  await dialog.getByRole('searchbox', { name: 'Buscar fuso por país ou cidade' }).fill('');
  // Monday by hand, then copied to the other weekdays.
  await typeTime(dialog.getByLabel('Segunda-feira: início 1'), '8');
  await expect(dialog.getByLabel('Segunda-feira: início 1')).toHaveValue('08:00');
  await typeTime(dialog.getByLabel('Segunda-feira: fim 1'), '8:00');
  await dialog.getByRole('button', { name: 'Criar departamento' }).click();
  await expect(dialog.getByText('O fim deve ser diferente do início.')).toBeVisible();
  await expect(dialog.getByLabel('Segunda-feira: fim 1')).toHaveAttribute('aria-invalid', 'true');
  await typeTime(dialog.getByLabel('Segunda-feira: fim 1'), '18h');
  await expect(dialog.getByLabel('Segunda-feira: fim 1')).toHaveValue('18:00');
  await expect(dialog.getByText('O fim deve ser diferente do início.')).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Copiar segunda para os dias úteis' }).click();
  await expect(dialog.getByLabel('Sexta-feira: fim 1')).toHaveValue('18:00');
  await expect(dialog.getByText('Fechado', { exact: true })).toHaveCount(2);
  // Friday's shift runs into the night: an end before the start ends the next day.
  await typeTime(dialog.getByLabel('Sexta-feira: fim 1'), '2');
  await expect(dialog.getByText('termina às 02:00 do dia seguinte')).toBeVisible();
  // A lunch break on Monday: two intervals.
  await typeTime(dialog.getByLabel('Segunda-feira: fim 1'), '12:00');
  await dialog.getByRole('button', { name: 'Adicionar intervalo em Segunda-feira' }).click();
  await typeTime(dialog.getByLabel('Segunda-feira: início 2'), '13:00');
  await typeTime(dialog.getByLabel('Segunda-feira: fim 2'), '18:00');
  await dialog.getByRole('button', { name: 'Adicionar feriado' }).click();
  await dialog.getByLabel('Data do feriado 1').fill('2030-12-25');
  await dialog.getByLabel('Nome do feriado 1').fill('Natal');
  await dialog.getByRole('checkbox', { name: 'Feriado 1 se repete todo ano' }).check();
  await dialog.screenshot({ path: 'test-results/department-hours.png' });
  await dialog.getByRole('button', { name: 'Criar departamento' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Departamento “${dept}” criado.`)).toBeVisible();
  let row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: dept, exact: true }) });
  await expect(row).toContainText(code);
  await expect(row).toContainText('Nenhum membro');
  await expect(row).toContainText(/Aberto agora|Fechado agora/);

  // --- An operator in that department ---
  await section(page, 'Usuários').click();
  await page.getByRole('button', { name: 'Novo usuário' }).click();
  dialog = page.getByRole('dialog', { name: 'Novo usuário' });
  await dialog.getByLabel('Nome', { exact: true }).fill(operator.name);
  await dialog.getByLabel('E-mail').fill(operator.email);
  await expect(dialog.getByLabel('Papel')).toHaveValue('operator');
  await dialog.getByLabel('Capacidade').fill('3');
  await expect(dialog.getByText('não uma senha comum como 12345678')).toBeVisible();
  await expect(dialog.getByRole('switch', { name: 'Assinar mensagens' })).toHaveAttribute('aria-checked', 'true');
  await dialog.getByRole('checkbox', { name: dept }).check();
  // A common password is refused beside its field, in Portuguese; a better one goes through.
  const initial = dialog.getByLabel('Senha inicial');
  await initial.fill('12345678');
  await dialog.getByRole('button', { name: 'Criar usuário' }).click();
  await expect(initial).toHaveAttribute('aria-invalid', 'true');
  await expect(initial).toHaveAccessibleDescription(/esta senha é comum demais; escolha uma mais difícil de adivinhar/);
  await initial.fill(operator.password);
  await dialog.getByRole('button', { name: 'Criar usuário' }).click();
  await expect(dialog).toBeHidden();
  const userRow = page.getByRole('row').filter({ hasText: operator.email });
  await expect(userRow).toContainText(operator.name);
  await expect(userRow).toContainText('Operador');
  await expect(userRow).toContainText(dept);
  await expect(userRow).toContainText('0/3');

  // The same email again: the server's refusal shows beside the email field.
  await page.getByRole('button', { name: 'Novo usuário' }).click();
  dialog = page.getByRole('dialog', { name: 'Novo usuário' });
  await dialog.getByLabel('Nome', { exact: true }).fill('Outra pessoa');
  await dialog.getByLabel('E-mail').fill(operator.email.toUpperCase());
  await dialog.getByLabel('Senha inicial').fill('outra-senha-123');
  await dialog.getByRole('button', { name: 'Criar usuário' }).click();
  const email = dialog.getByLabel('E-mail');
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(`já existe um usuário com o e-mail ${operator.email}`);
  await expect(email).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('row').filter({ hasText: 'Outra pessoa' })).toHaveCount(0);

  // --- The department now counts its member, and kept its hours ---
  await section(page, 'Departamentos').click();
  row = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: dept, exact: true }) });
  await expect(row).toContainText('1 membro');
  await row.getByRole('button', { name: dept, exact: true }).click();
  dialog = page.getByRole('dialog', { name: `Editar ${dept}` });
  await expect(dialog.getByRole('checkbox', { name: operator.name })).toBeChecked();
  await expect(dialog.getByText('1 selecionado', { exact: true })).toBeVisible();
  await expect(dialog.getByLabel('Segunda-feira: fim 1')).toHaveValue('12:00');
  await expect(dialog.getByLabel('Segunda-feira: início 2')).toHaveValue('13:00');
  await expect(dialog.getByLabel('Quarta-feira: início 1')).toHaveValue('08:00');
  await expect(dialog.getByLabel('Sábado: início 1')).toHaveCount(0);
  await expect(dialog.getByLabel('Data do feriado 1')).toHaveValue('2030-12-25');
  await expect(dialog.getByLabel('Nome do feriado 1')).toHaveValue('Natal');
  await expect(dialog.getByRole('checkbox', { name: 'Feriado 1 se repete todo ano' })).toBeChecked();
  await expect(dialog.getByLabel('Sexta-feira: fim 1')).toHaveValue('02:00');
  await dialog.getByRole('textbox', { name: 'Saudação opcional' }).fill('Olá, {{contact.name}}! Aqui é {{agent}}, de {{department}}.');
  await dialog.getByRole('button', { name: 'Salvar alterações' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText(`Departamento “${dept}” atualizado.`)).toBeVisible();

  // --- A tag (Enter submits the form), then deleted with a confirmation ---
  const tag = uniqueName('Orçamento');
  await section(page, 'Etiquetas').click();
  await page.getByRole('button', { name: 'Nova etiqueta' }).click();
  dialog = page.getByRole('dialog', { name: 'Nova etiqueta' });
  await dialog.getByRole('radio', { name: 'Verde' }).click();
  await dialog.getByLabel('Nome', { exact: true }).fill(tag);
  await dialog.getByLabel('Nome', { exact: true }).press('Enter');
  await expect(dialog).toBeHidden();
  const tagRow = page.getByRole('listitem').filter({ hasText: tag });
  await expect(tagRow).toContainText('Sem uso');
  await tagRow.getByRole('button', { name: `Ações de ${tag}` }).click();
  await page.getByRole('menuitem', { name: 'Excluir' }).click();
  const confirm = page.getByRole('dialog', { name: `Excluir a etiqueta “${tag}”?` });
  await expect(confirm).toContainText('Nenhum atendimento usa esta etiqueta');
  await confirm.getByRole('button', { name: 'Excluir' }).click();
  await expect(tagRow).toHaveCount(0);
  // One to keep.
  await page.getByRole('button', { name: 'Nova etiqueta' }).click();
  dialog = page.getByRole('dialog', { name: 'Nova etiqueta' });
  await dialog.getByLabel('Nome', { exact: true }).fill(tag);
  await dialog.getByRole('button', { name: 'Criar' }).click();
  await expect(page.getByRole('listitem').filter({ hasText: tag })).toBeVisible();

  // --- A quick reply for the department, with an attachment ---
  const shortcut = `oi${id}`;
  await section(page, 'Banco de mensagens').click();
  await page.getByRole('button', { name: 'Nova mensagem' }).click();
  dialog = page.getByRole('dialog', { name: 'Nova mensagem' });
  await dialog.getByLabel('Atalho').fill(`/${shortcut}`);
  await dialog.getByLabel('Título').fill('Boas-vindas e2e');
  await dialog.getByLabel('Mensagem', { exact: true }).fill('Olá, {{contact.name}}! Aqui é {{agent.name}}.');
  await dialog.locator('input[type="file"]').setInputFiles({ name: 'tabela.txt', mimeType: 'text/plain', buffer: Buffer.from('Preços de 2030\n') });
  await expect(dialog.getByRole('link', { name: 'tabela.txt' })).toBeVisible();
  await dialog.getByLabel('Departamento').selectOption({ label: dept });
  await dialog.getByRole('button', { name: 'Criar' }).click();
  await expect(dialog).toBeHidden();
  const reply = page.getByRole('listitem').filter({ hasText: `/${shortcut}` });
  await expect(reply).toContainText('Boas-vindas e2e');
  await expect(reply).toContainText(dept);
  await expect(reply).toContainText('Com anexo');
  await page.getByLabel('Buscar mensagens').fill('nada-disso-existe');
  await expect(page.getByText('Nada corresponde a “nada-disso-existe”.')).toBeVisible();
  await page.getByLabel('Buscar mensagens').fill(shortcut);
  await expect(reply).toBeVisible();

  // --- Own signature off, survives a reload, and back on ---
  await section(page, 'Minha conta').click();
  const signature = page.getByRole('switch', { name: 'Assinar minhas mensagens' });
  await expect(signature).toHaveAttribute('aria-checked', 'true');
  await signature.click();
  await expect(page.getByText('Assinatura desativada.')).toBeVisible();
  await page.reload();
  await expect(signature).toHaveAttribute('aria-checked', 'false');
  await signature.click();
  await expect(page.getByText('Assinatura ativada.')).toBeVisible();
  await page.reload();
  await expect(signature).toHaveAttribute('aria-checked', 'true');
  // The status menu in the top bar and this page agree, both ways, without a reload.
  const headerStatus = page.getByRole('banner').getByLabel('Seu status');
  const accountStatus = page.getByRole('main').getByLabel('Status', { exact: true });
  await expect(accountStatus).toHaveValue('online');
  await headerStatus.selectOption('away');
  await expect(accountStatus).toHaveValue('away');
  await accountStatus.selectOption('online');
  await expect(page.getByText('Seu status agora é Online.')).toBeVisible();
  await expect(headerStatus).toHaveValue('online');
  await page.screenshot({ path: 'test-results/settings-account.png' });

  // --- The operator sees only their own account and the tags ---
  await page.getByRole('button', { name: 'Sair' }).click();
  await page.getByLabel('E-mail').fill(operator.email);
  await page.getByLabel('Senha').fill(operator.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('navigation', { name: 'Ozia' })).toBeVisible();
  await page.goto('/settings/users');
  await expect(page).toHaveURL(/\/settings$/);
  const nav = page.getByRole('navigation', { name: 'Seções das configurações' });
  await expect(nav.getByRole('link')).toHaveText(['Minha conta', 'Etiquetas']);
  await expect(page.getByText(dept)).toBeVisible();
  await section(page, 'Etiquetas').click();
  await expect(page.getByRole('listitem').filter({ hasText: tag })).toBeVisible();
  await expect(page.getByRole('button', { name: `Ações de ${tag}` })).toHaveCount(0);
});
