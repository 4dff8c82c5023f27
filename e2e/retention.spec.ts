// Settings → Dados: a supervisor turns retention on at 30 days (after a confirmation), finds it
// saved after a reload, counts what would go, runs it, and an old conversation's transcript is
// gone from the contact page and the Inbox, which say the policy deleted it.
import { expect, test } from '@playwright/test';
import { FAKE_WHATSAPP_URL } from '../playwright.config.js';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { call, login } from './helpers.js';

test('a supervisor turns retention on at 30 days and an old transcript is deleted', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const flow = await call<{ id: string; draftRevision: number | null }>(api, 'flows.create', { name: `Retenção ${run}` });
  const doc = buildFlow({
    variables: ['said'],
    groups: [{ id: 'g', blocks: [text('h', 'Oi! Diga algo.'), { id: 'ask', kind: 'input-text', options: { variableId: 'said' } }, text('echo', 'eco: {{said}}')] }],
  });
  await call(api, 'flows.saveDraft', { id: flow.id, document: doc, baseRevision: flow.draftRevision ?? 0, force: true });
  await call(api, 'flows.publish', { id: flow.id });
  const { sessionId } = await call<{ sessionId: string }>(api, 'testChat.start', { flowId: flow.id });
  await call(api, 'testChat.send', { sessionId, text: `abacaxi ${run}` });
  const contact = await call<{ conversations: { id: string }[] }>(api, 'contacts.get', { id: sessionId }, 'query');
  const conversationId = contact.conversations[0].id;
  // The conversation happened 40 days ago (and the bot has been silent since).
  const aged = await fetch(`${FAKE_WHATSAPP_URL}/retention/age`, { method: 'POST', body: JSON.stringify({ conversationId, days: 40 }) });
  expect(aged.ok).toBe(true);

  // Off by default.
  await page.goto('/settings/data');
  const card = page.getByRole('region', { name: 'Retenção de mensagens' });
  const toggle = card.getByRole('switch', { name: 'Apagar mensagens e arquivos de conversas com mais de N dias' });
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(card).toContainText('Desligado: as mensagens ficam guardadas para sempre.');
  await expect(card).toContainText('Ainda não executou.');

  await toggle.click();
  await card.getByRole('button', { name: '30 dias' }).click();
  await expect(card.getByLabel('Dias (N)')).toHaveValue('30');
  await expect(card).toContainText('mensagens com mais de 30 dias são apagadas de atendimentos encerrados');
  await expect(card).toContainText('Isso não pode ser desfeito.');
  await card.getByRole('button', { name: 'Contar o que seria apagado' }).click();
  await expect(card.getByRole('status')).toContainText(/Com 30 dias, agora seriam apagadas (\d+ mensagens|1 mensagem)/);
  await page.screenshot({ path: 'test-results/retention-settings.png' });

  // Saving asks first; cancelling keeps it off.
  await card.getByRole('button', { name: 'Salvar alterações' }).click();
  const confirm = page.getByRole('dialog', { name: 'Apagar mensagens com mais de 30 dias?' });
  await expect(confirm).toContainText('Isso não pode ser desfeito.');
  await page.screenshot({ path: 'test-results/retention-confirm.png' });
  await confirm.getByRole('button', { name: 'Cancelar' }).click();
  await expect(confirm).toBeHidden();
  expect((await call<{ settings: { enabled: boolean } }>(api, 'retention.get', undefined, 'query')).settings.enabled).toBe(false);
  await card.getByRole('button', { name: 'Salvar alterações' }).click();
  await confirm.getByRole('button', { name: 'Apagar e salvar' }).click();
  await expect(page.getByText('Retenção salva.')).toBeVisible();

  await page.reload();
  const saved = page.getByRole('region', { name: 'Retenção de mensagens' });
  await expect(saved.getByRole('switch', { name: 'Apagar mensagens e arquivos de conversas com mais de N dias' })).toHaveAttribute('aria-checked', 'true');
  await expect(saved.getByLabel('Dias (N)')).toHaveValue('30');

  await saved.getByRole('button', { name: 'Executar agora' }).click();
  await expect(page.getByText(/^Retenção executada:/)).toBeVisible();
  await expect(saved.getByTestId('retention-last-run')).toContainText(/^Última execução: .* — apagou /);
  await page.screenshot({ path: 'test-results/retention-ran.png' });

  // The contact page: the conversation is still listed, its transcript gone, with the notice.
  await page.goto(`/contacts/${encodeURIComponent(sessionId)}`);
  await page.getByRole('button', { name: 'Ver conversa' }).first().click();
  const transcript = page.getByRole('log');
  await expect(transcript.getByTestId('retention-notice')).toContainText('foram apagadas pela política de retenção');
  await expect(transcript).toContainText('Nenhuma mensagem.');
  await expect(transcript.getByText(`abacaxi ${run}`)).toHaveCount(0);
  await page.screenshot({ path: 'test-results/retention-contact.png' });

  // The Inbox says so above the (empty) transcript. What the bot collected (the contact panel's
  // variables) is the contact's data, not the transcript: it stays.
  await page.goto(`/inbox/${encodeURIComponent(conversationId)}`);
  await expect(page.getByTestId('retention-notice')).toContainText('foram apagadas pela política de retenção');
  const log = page.getByRole('log');
  await expect(log).toBeVisible();
  await expect(log.getByText(`abacaxi ${run}`)).toHaveCount(0);
  await expect(log.getByText('Oi! Diga algo.')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/retention-inbox.png' });

  // The suite's other specs share this server: leave retention off for them.
  await call(api, 'retention.set', { enabled: false, days: 30 });
});
