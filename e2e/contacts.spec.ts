// The Contacts tab as a supervisor uses it: custom fields defined in Settings, a contact added by
// hand and found again by a phone typed another way, a field edited in place (a wrong CPF refused
// while typing), a tag put on, the list filtered by that tag and that field (and the filter kept in
// the address and saved), and the transcript of a contact who came through the test chat.
import { expect, test, type Page } from '@playwright/test';
import { call, login, uniqueName } from './helpers.js';

const table = (page: Page) => page.getByRole('table', { name: 'Contatos' });
const rows = (page: Page) => table(page).locator('tbody tr');

test('a supervisor defines fields, adds, finds, edits, tags and filters contacts, and reads a test-chat transcript', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const run = Date.now().toString(36);
  const digits = String(Date.now() % 100_000_000).padStart(8, '0');
  const plan = `Plano ${run}`;
  const cpf = `Documento ${run}`;
  const person = `Marina ${run}`;

  // Settings → Campos personalizados: a list and a CPF/CNPJ field.
  await page.goto('/settings/contact-fields');
  await expect(page.getByRole('heading', { name: 'Campos personalizados', level: 2 })).toBeVisible();
  const addField = async (label: string, type: string, options?: string) => {
    await page.getByRole('button', { name: 'Novo campo' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Novo campo personalizado' });
    await dialog.getByLabel('Nome do campo').fill(label);
    await dialog.getByLabel('Tipo').selectOption({ label: type });
    if (options) await dialog.getByLabel('Opções').fill(options);
    await dialog.getByRole('button', { name: 'Criar' }).click();
    await expect(dialog).toBeHidden();
  };
  await addField(plan, 'Lista de opções', 'Básico\nPro\nEmpresa');
  await addField(cpf, 'CPF/CNPJ');
  const fields = page.getByRole('list', { name: 'Campos personalizados' });
  await expect(fields.getByRole('listitem').filter({ hasText: plan })).toContainText('Básico, Pro, Empresa');
  await expect(fields.getByRole('listitem').filter({ hasText: cpf })).toContainText('CPF/CNPJ');
  await page.screenshot({ path: 'test-results/contacts-fields.png' });

  // Novo contato, with the phone typed the way people write it.
  await page.getByRole('navigation', { name: 'Ozia' }).getByRole('link', { name: 'Contatos' }).click();
  await expect(page).toHaveURL(/\/contacts$/);
  await page.getByRole('button', { name: 'Novo contato' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Novo contato' });
  await dialog.getByLabel('Nome').fill(person);
  await dialog.getByLabel('Telefone').fill(`(11) 9${digits.slice(0, 4)}-${digits.slice(4)}`);
  await dialog.getByLabel('E-mail').fill(`marina.${run}@exemplo.com.br`);
  await dialog.getByRole('button', { name: 'Adicionar contato' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('heading', { name: person, level: 1 })).toBeVisible();
  const contactUrl = page.url();

  // The same number again is refused, with a way to the existing contact.
  await page.getByRole('link', { name: 'Voltar para os contatos' }).click();
  await page.getByRole('button', { name: 'Novo contato' }).first().click();
  await dialog.getByLabel('Telefone').fill(`+55 11 9${digits}`);
  await dialog.getByRole('button', { name: 'Adicionar contato' }).click();
  await expect(dialog.getByText('outro contato já tem este telefone')).toBeVisible();
  await dialog.getByRole('link', { name: 'Abrir o contato existente' }).click();
  await expect(page).toHaveURL(contactUrl);

  // Inline edits: the list field, then the CPF (a wrong check digit is refused while typing).
  await page.getByRole('button', { name: `Editar ${plan}` }).click();
  await page.getByLabel(plan).selectOption('Pro');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(page.locator('.ct-row', { hasText: plan })).toContainText('Pro');
  await page.getByRole('button', { name: `Editar ${cpf}` }).click();
  await page.getByLabel(cpf).fill('52998224724');
  await expect(page.getByLabel(cpf)).toHaveValue('529.982.247-24');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(page.getByText('CPF ou CNPJ inválido: confira os dígitos.')).toBeVisible();
  await page.getByLabel(cpf).fill('52998224725');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();
  await expect(page.locator('.ct-row', { hasText: cpf })).toContainText('529.982.247-25');

  // A tag on the person.
  const tag = await call<{ id: string; name: string }>(page.request, 'inbox.tags.create', { name: `VIP ${run}` });
  await page.reload();
  await page.getByLabel('Adicionar etiqueta').selectOption({ label: tag.name });
  const tags = page.locator('.ct-card', { has: page.getByRole('heading', { name: 'Etiquetas' }) });
  await expect(tags.locator('.ct-tag', { hasText: tag.name })).toBeVisible();
  await page.screenshot({ path: 'test-results/contacts-page.png', fullPage: true });

  // Back to the list: found by the phone in another format, by the CPF, then by tag and by field.
  await page.getByRole('link', { name: 'Voltar para os contatos' }).click();
  const search = page.getByLabel('Buscar contatos');
  await page.keyboard.press('/');
  await expect(search).toBeFocused();
  await search.fill(`5511 9${digits}`);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(person);
  await expect(rows(page).first()).toContainText(`+55 11 9${digits.slice(0, 4)}-${digits.slice(4)}`);
  await search.fill('529.982.247-25');
  await expect(rows(page).filter({ hasText: person })).toHaveCount(1);
  await search.fill(`ninguem-${run}`);
  await expect(page.getByRole('heading', { name: 'Nenhum contato com estes filtros' })).toBeVisible();
  await expect(page.getByText(`busca “ninguem-${run}”`)).toBeVisible();
  await search.fill('');
  await expect(rows(page).filter({ hasText: person })).toHaveCount(1);

  const filters = page.getByRole('group', { name: 'Filtros' });
  await filters.getByLabel('Etiqueta').selectOption({ label: tag.name });
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page).first()).toContainText(tag.name);
  await filters.getByLabel('Campo', { exact: true }).selectOption({ label: plan });
  await filters.getByLabel(`${plan}: Valor`).selectOption('Pro');
  await expect(rows(page)).toHaveCount(1);
  await expect(page).toHaveURL(new RegExp(`tag=${tag.id}.*value=Pro|value=Pro.*tag=${tag.id}`));
  await filters.getByLabel(`${plan}: Valor`).selectOption('Básico');
  await expect(page.getByRole('heading', { name: 'Nenhum contato com estes filtros' })).toBeVisible();
  await expect(page.getByText(`etiqueta ${tag.name}; ${plan} igual a Básico`)).toBeVisible();
  await filters.getByLabel(`${plan}: Valor`).selectOption('Pro');
  await expect(rows(page)).toHaveCount(1);

  // The filter survives a reload (it lives in the address) and can be saved and picked again.
  await page.reload();
  await expect(rows(page)).toHaveCount(1);
  await expect(filters.getByLabel('Etiqueta')).toHaveValue(tag.id);
  await page.getByRole('button', { name: 'Salvar filtro' }).click();
  const save = page.getByRole('dialog', { name: 'Salvar filtro' });
  await save.getByLabel('Nome do filtro').fill(`Pro ${run}`);
  await save.getByRole('button', { name: 'Salvar' }).click();
  await expect(save).toBeHidden();
  await page.getByRole('button', { name: 'Limpar filtros' }).first().click();
  await expect(filters.getByLabel('Etiqueta')).toHaveValue('');
  await page.getByRole('list', { name: 'Filtros salvos' }).getByRole('button', { name: `Pro ${run}`, exact: true }).click();
  await expect(filters.getByLabel('Etiqueta')).toHaveValue(tag.id);
  await expect(rows(page)).toHaveCount(1);
  await page.screenshot({ path: 'test-results/contacts-list.png' });

  // A contact who came through the test chat: their conversation's transcript on their page.
  const flow = await call<{ id: string }>(page.request, 'flows.create', { name: uniqueName('Contatos'), templateId: 'customer-service.pt-BR' });
  const { sessionId } = await call<{ sessionId: string }>(page.request, 'testChat.start', { flowId: flow.id });
  const said = `Oi, aqui é do pedido ${run}`;
  await call(page.request, 'testChat.send', { sessionId, text: said });
  const visitor = (await call<{ name: string }>(page.request, 'contacts.get', { id: sessionId }, 'query')).name;
  await page.getByRole('button', { name: 'Limpar filtros' }).first().click();
  await search.fill(visitor);
  // The list answers the search once typing pauses (the address says so), not the list before it.
  await expect(page).toHaveURL(new RegExp(`q=${encodeURIComponent(visitor).replace(/%20/g, '(\\+|%20)')}`));
  // "Teste 2" also finds "Teste 20" when the suite has run that many test chats: the exact name's row.
  const visitorRow = rows(page).filter({ has: page.getByRole('link', { name: visitor, exact: true }) });
  await expect(visitorRow).toHaveCount(1);
  await visitorRow.getByRole('link', { name: visitor, exact: true }).click();
  await expect(page.getByRole('heading', { name: visitor, level: 1 })).toBeVisible();
  const conversations = page.locator('.ct-card', { has: page.getByRole('heading', { name: 'Atendimentos' }) });
  await conversations.getByRole('button', { name: 'Ver conversa' }).first().click();
  const transcript = conversations.getByRole('log');
  await expect(transcript).toContainText(`Olá, ${visitor}!`);
  await expect(transcript).toContainText(said);
  await page.screenshot({ path: 'test-results/contacts-transcript.png', fullPage: true });
  // The way back keeps the list as it was left.
  await page.getByRole('link', { name: 'Voltar para os contatos' }).click();
  await expect(search).toHaveValue(visitor);
});
