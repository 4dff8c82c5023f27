// The handoff, end to end in four browsers: a tester talks to a template flow in the test chat
// until it hands over; an operator of that department picks it up, answers with a quick reply
// and whispers; transfers it to another department, whose operator finishes it with the
// satisfaction survey; the tester answers 5; the next message starts the bot again. An
// operator of a third department never sees any of it.
import { expect, test } from '@playwright/test';
import { call, login, operatorInbox, uniqueName } from './helpers.js';

test('a template flow hands over; agents pick up, reply, whisper, transfer and finish with CSAT; other departments never see it', async ({ page, browser }) => {
  test.setTimeout(90_000);
  // --- set-up by the supervisor (also the tester) ------------------------------------------
  await login(page);
  const api = page.request;
  const depts = await call<{ id: string; code: string | null; name: string }[]>(api, 'departments.list', undefined, 'query');
  const byCode = (c: string) => depts.find((d) => d.code === c)!;
  const general = byCode('general');
  const billing = byCode('billing');
  const sales = byCode('sales');
  const run = Date.now().toString(36);
  const password = 'operator-e2e-pass';
  const people = {
    one: { name: `Olga ${run}`, email: `olga.${run}@ozia.test`, dept: general.id },
    two: { name: `Túlio ${run}`, email: `tulio.${run}@ozia.test`, dept: billing.id },
    other: { name: `Vera ${run}`, email: `vera.${run}@ozia.test`, dept: sales.id },
  };
  for (const p of Object.values(people)) {
    await call(api, 'users.create', { name: p.name, email: p.email, role: 'operator', password, departmentIds: [p.dept] });
  }
  const shortcut = `ola${run}`;
  await call(api, 'inbox.quickReplies.create', { shortcut, title: 'Saudação', body: 'Olá {{contact.name}}, aqui é {{agent.name}}! Como posso ajudar?' });
  const flow = await call<{ id: string }>(api, 'flows.create', { name: uniqueName('Atendimento'), templateId: 'customer-service.pt-BR' });

  const one = await operatorInbox(browser, people.one.email, password);
  const other = await operatorInbox(browser, people.other.email, password);
  await expect(one.getByText('Ninguém aguardando')).toBeVisible();

  // --- the tester reaches the Agent block ----------------------------------------------------
  await page.goto(`/flows/${flow.id}`);
  await page.getByRole('button', { name: 'Testar' }).click();
  const chat = page.locator('.tc-panel');
  // Each run is a numbered contact of its own: the panel says which one agents will see.
  const contact = (await chat.getByTestId('tc-contact').textContent())!.split(' · ')[0];
  expect(contact).toMatch(/^Teste \d+$/);
  await chat.getByRole('button', { name: 'Falar com atendente' }).click();
  await expect(chat.getByText('Você é o 1º da fila. 🙂')).toBeVisible();

  // --- it shows up in the first operator's Waiting list at once, without a reload -----------
  const oneList = one.getByRole('list', { name: 'Conversas' });
  await expect(oneList.getByText(contact, { exact: true })).toBeVisible({ timeout: 1_000 });
  await expect(one.getByRole('tab', { name: /Aguardando\s*1/ })).toBeVisible();
  await oneList.getByText(contact, { exact: true }).click();
  // What the contact told the bot is in the transcript.
  await expect(one.getByText('Falar com atendente').first()).toBeVisible();
  await one.getByRole('button', { name: 'Atender' }).click();

  // Quick reply by typing "/", variables filled by the server.
  const composer = one.getByLabel('Mensagem');
  await composer.click();
  await composer.pressSequentially(`/${shortcut}`);
  await expect(one.getByRole('listbox', { name: 'Respostas rápidas' })).toBeVisible();
  await composer.press('Enter');
  await expect(composer).toHaveValue(`Olá ${contact}, aqui é ${people.one.name}! Como posso ajudar?`);
  await composer.press('Enter');

  // The tester gets it, signed by the server.
  await expect(chat.getByText(`Olá ${contact}, aqui é ${people.one.name}! Como posso ajudar?`)).toBeVisible();
  await expect(chat.locator('strong', { hasText: `${people.one.name}:` })).toBeVisible();
  // The operator sees it marked as sent, told by the live stream (nothing polls for it).
  const mine = one.locator('.ib-row[data-message-id]', { hasText: `aqui é ${people.one.name}` });
  await expect(mine.getByRole('img', { name: 'Enviada' })).toBeVisible({ timeout: 2_000 });

  // A whisper stays inside.
  await one.getByRole('button', { name: 'Nota interna' }).click();
  await composer.fill('cliente pediu segunda via, passando para o financeiro');
  await composer.press('Enter');
  await expect(one.getByText('cliente pediu segunda via, passando para o financeiro')).toBeVisible();

  // Transfer to Financeiro: it leaves the first operator's view.
  await one.getByRole('button', { name: 'Transferir' }).click();
  const transfer = one.getByRole('dialog', { name: 'Transferir conversa' });
  await transfer.getByLabel('Para qual departamento').selectOption({ label: billing.name });
  await transfer.getByRole('button', { name: 'Confirmar transferência' }).click();
  await expect(one.getByRole('tab', { name: /Meus/ })).toBeVisible();
  await one.getByRole('tab', { name: /Meus/ }).click();
  await expect(oneList.getByText(contact, { exact: true })).toHaveCount(0);
  await one.getByRole('tab', { name: /Aguardando/ }).click();
  await expect(oneList.getByText(contact, { exact: true })).toHaveCount(0);
  await expect(chat.getByText(`Você foi transferido para ${billing.name}. Aguarde só um instante.`)).toBeVisible();
  await expect(chat.getByText('passando para o financeiro')).toHaveCount(0);

  // --- the second operator finishes with the survey -----------------------------------------
  const two = await operatorInbox(browser, people.two.email, password);
  const twoList = two.getByRole('list', { name: 'Conversas' });
  await twoList.getByText(contact, { exact: true }).click();
  await two.getByRole('button', { name: 'Atender' }).click();
  await two.getByRole('button', { name: 'Finalizar' }).click();
  const finish = two.getByRole('dialog', { name: 'Finalizar atendimento' });
  await finish.getByLabel('Enviar pesquisa de satisfação (nota de 1 a 5)').check();
  await finish.getByRole('button', { name: 'Encerrar atendimento' }).click();

  // The tester answers 5 through the bot.
  await expect(chat.getByText(/Como você avalia este atendimento\?/)).toBeVisible();
  const typed = chat.getByLabel('Digite uma mensagem');
  await typed.fill('5');
  await typed.press('Enter');
  await expect(chat.getByText('Obrigado pela avaliação! 💙')).toBeVisible();
  // The agent sees the score arrive live in the conversation they finished.
  await expect(two.getByText('Obrigado pela avaliação! 💙')).toBeVisible();

  // Closed, with CSAT 5 recorded.
  await two.getByRole('tab', { name: /Encerrados/ }).click();
  await expect(twoList.getByText(contact, { exact: true })).toBeVisible();
  await expect(twoList.getByLabel('Avaliação 5 de 5')).toBeVisible();

  // A new message starts the bot again, in a new conversation.
  await typed.fill('oi de novo');
  await typed.press('Enter');
  await expect(chat.getByText(/Como posso te ajudar hoje\?/)).toHaveCount(2);

  // --- the sales operator never saw any of it -----------------------------------------------
  for (const view of ['waiting', 'department', 'closed'] as const) {
    const list = await call<{ items: { contact: { name: string } }[] }>(other.request, 'inbox.list', { view }, 'query');
    expect(list.items.filter((i) => i.contact.name === contact)).toEqual([]);
  }
  await expect(other.getByRole('list', { name: 'Conversas' }).getByText(contact, { exact: true })).toHaveCount(0);
  await one.screenshot({ path: 'test-results/inbox-operator.png' });
  await two.screenshot({ path: 'test-results/inbox-closed.png' });
  await page.screenshot({ path: 'test-results/inbox-tester.png' });
});
