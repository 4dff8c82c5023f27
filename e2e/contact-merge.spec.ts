// Merging two contacts as a supervisor does it: two people who each talked in the test chat, the
// same person really; from one's contact page "Mesclar com outro contato", find the other, keep
// the other's name in the preview, confirm. The page that stays lists both conversations (each
// opens its transcript) and "Dados coletados" shows what the flow asked each; the merged-away
// address says where the person went.
import { expect, test } from '@playwright/test';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { call, login } from './helpers.js';

test('a supervisor merges two contacts choosing a conflicting value, and finds both histories', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const flow = await call<{ id: string; draftRevision: number | null }>(api, 'flows.create', { name: `Cadastro ${run}` });
  const doc = buildFlow({
    variables: ['cidade'],
    groups: [
      {
        id: 'g',
        blocks: [text('q', 'De que cidade você fala?'), { id: 'ask', kind: 'input-text', options: { variableId: 'cidade' } }, text('thanks', 'Obrigado, {{cidade}}!')],
      },
    ],
  });
  await call(api, 'flows.saveDraft', { id: flow.id, document: doc, baseRevision: flow.draftRevision ?? 0, force: true });
  await call(api, 'flows.publish', { id: flow.id });
  const talk = async (city: string) => {
    const { sessionId } = await call<{ sessionId: string }>(api, 'testChat.start', { flowId: flow.id });
    await call(api, 'testChat.send', { sessionId, text: city });
    return sessionId;
  };
  const here = await talk(`Recife ${run}`);
  const other = await talk(`Olinda ${run}`);
  await call(api, 'contacts.update', { id: here, patch: { name: `Ana ${run}`, email: `ana.${run}@exemplo.test` } });
  await call(api, 'contacts.update', { id: other, patch: { name: `Ana Souza ${run}` } });

  await page.goto(`/contacts/${encodeURIComponent(here)}`);
  const head = page.locator('header.ct-head');
  await expect(head.getByRole('heading', { name: `Ana ${run}` })).toBeVisible();
  await head.getByRole('button', { name: 'Mesclar com outro contato' }).click();
  const dialog = page.getByRole('dialog', { name: 'Mesclar com outro contato' });
  await dialog.getByLabel('Buscar o outro contato').fill(`Ana Souza ${run}`);
  await dialog.getByRole('button', { name: `Escolher: Ana Souza ${run}` }).click();

  // The preview: both side by side, the name in conflict (this contact's chosen), what combines.
  await expect(dialog.getByRole('region', { name: 'O outro contato' })).toContainText(`Ana Souza ${run}`);
  const name = dialog.getByRole('group', { name: 'Nome' });
  await expect(name.getByRole('radio', { name: new RegExp(`^Ana ${run}`) })).toBeChecked();
  await name.getByRole('radio', { name: new RegExp(`^Ana Souza ${run}`) }).check();
  await expect(dialog).toContainText('Atendimentos: 2');
  await page.screenshot({ path: 'test-results/contact-merge-preview.png' });
  await dialog.getByRole('button', { name: 'Mesclar contatos' }).click();
  const confirm = page.getByRole('dialog', { name: /^Mesclar “/ });
  await expect(confirm).toContainText('não pode ser desfeito');
  await confirm.getByRole('button', { name: 'Mesclar contatos' }).click();
  await expect(dialog).toBeHidden();

  // One contact: the chosen name, this one's e-mail, both conversations with their transcripts.
  await expect(head.getByRole('heading', { name: `Ana Souza ${run}` })).toBeVisible();
  await expect(page.locator('.ct-row').filter({ hasText: 'E-mail' })).toContainText(`ana.${run}@exemplo.test`);
  const conversations = page.locator('.ct-conversation');
  await expect(conversations).toHaveCount(2);
  const transcripts: string[] = [];
  for (let i = 0; i < 2; i++) {
    const item = conversations.nth(i);
    await item.getByRole('button', { name: 'Ver conversa' }).click();
    const log = item.getByRole('log');
    await expect(log.locator('.ct-msg').first()).toBeVisible();
    await expect(log).toContainText('Obrigado, ');
    transcripts.push((await log.innerText()).trim());
  }
  // Each conversation opens its own transcript: one holds Recife's answer, the other Olinda's.
  expect(transcripts.filter((x) => x.includes(`Recife ${run}`))).toHaveLength(1);
  expect(transcripts.filter((x) => x.includes(`Olinda ${run}`))).toHaveLength(1);
  // What the flow collected from each, the merged-away contact's run kept.
  const collected = page.getByRole('region', { name: 'Dados coletados' });
  await expect(collected).toContainText(`Cadastro ${run}`);
  await expect(collected).toContainText(`Recife ${run}`);
  await expect(collected).toContainText(`Olinda ${run}`);
  await expect(collected.getByText('cidade', { exact: true }).first()).toBeVisible();
  await page.screenshot({ path: 'test-results/contact-merged.png', fullPage: true });

  // The merged-away address says where the person went.
  await page.goto(`/contacts/${encodeURIComponent(other)}`);
  await expect(page.getByText('Este contato foi mesclado em')).toBeVisible();
  await page.screenshot({ path: 'test-results/contact-merged-away.png' });
  await page.getByRole('link', { name: `Ana Souza ${run}` }).click();
  await expect(page).toHaveURL(new RegExp(`/contacts/${here}$`));
  await expect(head.getByRole('heading', { name: `Ana Souza ${run}` })).toBeVisible();
});
