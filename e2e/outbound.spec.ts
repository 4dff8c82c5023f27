// Writing first, as operators of two departments see it: the contact picker lists the contacts
// who talked to the operator's departments, and says so when there are none.
import { expect, test } from '@playwright/test';
import { call, login, operatorInbox, uniqueName } from './helpers.js';

test('an operator picks among their departments’ contacts only; another department’s operator is told why the list is empty', async ({ page, browser }) => {
  test.setTimeout(60_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const vendas = await call<{ id: string }>(api, 'departments.create', { name: `Vendas ${run}` });
  const obras = await call<{ id: string }>(api, 'departments.create', { name: `Obras ${run}` });
  const password = 'operator-e2e-pass';
  const sofia = { email: `sofia.${run}@ozia.test`, name: `Sofia ${run}` };
  const otto = { email: `otto.${run}@ozia.test`, name: `Otto ${run}` };
  await call(api, 'users.create', { ...sofia, role: 'operator', password, departmentIds: [vendas.id] });
  await call(api, 'users.create', { ...otto, role: 'operator', password, departmentIds: [obras.id] });
  // A contact who only talked to the bot; the supervisor writes to them for Vendas.
  const flow = await call<{ id: string }>(api, 'flows.create', { name: uniqueName('Atendimento'), templateId: 'customer-service.pt-BR' });
  const { sessionId } = await call<{ sessionId: string }>(api, 'testChat.start', { flowId: flow.id });
  const [contact] = (await call<{ id: string; name: string }[]>(api, 'inbox.contacts', { search: '' }, 'query')).filter((c) => c.id === sessionId);
  await call(api, 'inbox.start', { contactId: contact.id, departmentId: vendas.id, text: 'Olá! Aqui é a equipe de Vendas.' });

  const sofiaPage = await operatorInbox(browser, sofia.email, password);
  await sofiaPage.getByRole('button', { name: 'Nova conversa' }).click();
  const sofiaDialog = sofiaPage.getByRole('dialog', { name: 'Nova conversa' });
  const picker = sofiaDialog.getByRole('radiogroup', { name: 'Contatos' });
  await expect(picker.getByRole('radio')).toHaveCount(1);
  await expect(picker).toContainText(contact.name);
  await sofiaPage.screenshot({ path: 'test-results/outbound-member.png' });

  const ottoPage = await operatorInbox(browser, otto.email, password);
  await ottoPage.getByRole('button', { name: 'Nova conversa' }).click();
  const ottoDialog = ottoPage.getByRole('dialog', { name: 'Nova conversa' });
  await expect(ottoDialog.getByText('Nenhum contato encontrado. Aparecem aqui os contatos que já conversaram com os seus departamentos.')).toBeVisible();
  await expect(ottoDialog.getByRole('radio')).toHaveCount(0);
  await ottoPage.screenshot({ path: 'test-results/outbound-outsider.png' });
});
