// LGPD as a supervisor does it: a contact talks in the test chat and is handed to a department
// (the conversation waits in the Inbox); their access report opens as a page with the
// transcript; then the supervisor deletes them from the contact page, the confirmation naming
// what goes and asking for the name typed; the Inbox no longer lists the conversation and a
// search for their message finds nothing; an Inbox left open drops it live.
import { expect, test } from '@playwright/test';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { call, login } from './helpers.js';

test('a supervisor reads a contact’s data report, then deletes the contact for good', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const dept = await call<{ id: string }>(api, 'departments.create', { name: `Suporte ${run}` });
  const flow = await call<{ id: string; draftRevision: number | null }>(api, 'flows.create', { name: `Suporte ${run}` });
  const doc = buildFlow({
    variables: ['pedido'],
    groups: [
      {
        id: 'g',
        blocks: [
          text('hi', 'Olá! Como podemos ajudar?'),
          { id: 'ask', kind: 'input-text', options: { variableId: 'pedido' } },
          { id: 'agent', kind: 'agent', options: { departmentId: dept.id, assign: { mode: 'queue' } } },
        ],
      },
    ],
  });
  await call(api, 'flows.saveDraft', { id: flow.id, document: doc, baseRevision: flow.draftRevision ?? 0, force: true });
  await call(api, 'flows.publish', { id: flow.id });
  const { sessionId } = await call<{ sessionId: string }>(api, 'testChat.start', { flowId: flow.id });
  const name = `Helena Xavier ${run}`;
  const words = `zebra${run}`;
  await call(api, 'contacts.update', { id: sessionId, patch: { name } });
  await call(api, 'testChat.send', { sessionId, text: `minha encomenda ${words} não chegou` });

  // The conversation waits in the Inbox, and a search finds it by the message.
  await page.goto('/inbox');
  const list = page.getByRole('list', { name: 'Conversas' });
  await page.getByRole('tab', { name: /Aguardando/ }).click();
  await expect(list.getByText(name, { exact: true })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Buscar conversas' });
  await search.fill(words);
  await expect(list.getByText(name, { exact: true })).toBeVisible({ timeout: 15_000 });

  // The access report opens as a page showing the transcript.
  await page.goto(`/contacts/${encodeURIComponent(sessionId)}`);
  const head = page.locator('header.ct-head');
  await expect(head.getByRole('heading', { name })).toBeVisible();
  const [reportPage] = await Promise.all([page.waitForEvent('popup'), head.getByRole('link', { name: 'Abrir relatório' }).click()]);
  await expect(reportPage.getByRole('heading', { name: 'Relatório de dados pessoais' })).toBeVisible();
  const transcript = reportPage.locator('section.conversation');
  await expect(transcript.getByText('Olá! Como podemos ajudar?')).toBeVisible();
  await expect(transcript.getByText(`minha encomenda ${words} não chegou`)).toBeVisible();
  // What the flow collected is there too.
  await expect(reportPage.getByRole('cell', { name: `minha encomenda ${words} não chegou` })).toBeVisible();
  await expect(reportPage.getByRole('cell', { name, exact: true })).toBeVisible();
  await reportPage.screenshot({ path: 'test-results/contact-access-report.png', fullPage: true });
  await reportPage.close();
  await expect(head.getByRole('link', { name: 'Baixar JSON' })).toHaveAttribute('href', `/api/contacts/${sessionId}/report.json`);

  // Another tab keeps the Inbox open: it must drop the conversation live, without a reload.
  const watcher = await page.context().newPage();
  await watcher.goto('/inbox');
  await watcher.getByRole('tab', { name: /Aguardando/ }).click();
  await expect(watcher.getByRole('list', { name: 'Conversas' }).getByText(name, { exact: true })).toBeVisible();

  // Delete: the confirmation counts what goes and waits for the name typed.
  await head.getByRole('button', { name: 'Excluir contato' }).click();
  const dialog = page.getByRole('dialog', { name: `Excluir ${name} para sempre?` });
  await expect(dialog).toContainText('Serão apagados: 1 conversa, 2 mensagens e 0 arquivos');
  const confirm = dialog.getByRole('button', { name: 'Excluir definitivamente' });
  await expect(confirm).toBeDisabled();
  const typed = dialog.getByRole('textbox');
  await typed.fill('Helena');
  await expect(confirm).toBeDisabled();
  await typed.fill(name.toLowerCase());
  await expect(confirm).toBeEnabled();
  await page.screenshot({ path: 'test-results/contact-erase-confirm.png' });
  await typed.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByText('Contato excluído')).toBeVisible();
  await expect(page).toHaveURL(/\/contacts(\?|$)/);

  await expect(watcher.getByRole('tabpanel')).not.toContainText(name);
  await watcher.close();

  // Gone from the Inbox, and the message is found nowhere.
  await page.goto('/inbox');
  await page.getByRole('tab', { name: /Aguardando/ }).click();
  await expect(page.getByRole('tabpanel')).not.toContainText(name);
  for (const view of [/Aguardando/, /Encerrados/]) {
    await page.getByRole('tab', { name: view }).click();
    await page.getByRole('searchbox', { name: 'Buscar conversas' }).fill(words);
    await expect(page.getByRole('tabpanel')).not.toContainText(name);
    await expect(list.locator('li')).toHaveCount(0);
  }
  await page.screenshot({ path: 'test-results/contact-erased-inbox.png' });
  // The contact page says it does not exist.
  await page.goto(`/contacts/${encodeURIComponent(sessionId)}`);
  await expect(page.getByRole('heading', { name: 'Contato não encontrado' })).toBeVisible();
});
