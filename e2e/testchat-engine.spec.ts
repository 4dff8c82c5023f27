import { expect, test } from '@playwright/test';
import { call, login, uniqueName } from './helpers.js';

/**
 * A pt-BR flow with a typing delay, a decimal price and an e-mail question whose fallback path
 * is not connected: what a tester reads in the test chat.
 */
const document = {
  schemaVersion: 2,
  groups: [
    {
      id: 'g1',
      title: 'Início',
      position: { x: 0, y: 0 },
      blocks: [
        { id: 'hi', kind: 'bubble-text', options: { text: 'Oi! Vou calcular seu pedido.' } },
        { id: 'ask', kind: 'bubble-text', options: { text: 'Qual o valor?' } },
        { id: 'price', kind: 'input-number', options: { variableId: 'v_price', allowDecimals: true, retryMessage: '' } },
        { id: 'total', kind: 'bubble-text', options: { text: 'Total: R$ {{preco}} (guardado como {{raw preco}})' } },
        { id: 'askMail', kind: 'bubble-text', options: { text: 'Seu e-mail?' } },
        { id: 'mail', kind: 'input-email', options: { variableId: 'v_mail', retryMessage: '', maxRetries: 1 } },
        { id: 'done', kind: 'bubble-text', options: { text: 'Enviaremos para {{email}}.' } },
      ],
    },
  ],
  edges: [{ id: 'e0', from: { eventId: 'start' }, to: { groupId: 'g1' } }],
  events: [{ id: 'start', kind: 'start', position: { x: -200, y: 0 } }],
  variables: [
    { id: 'v_price', name: 'preco' },
    { id: 'v_mail', name: 'email' },
  ],
  settings: { typingDelayMs: 1500, locale: 'pt-BR' },
};

test('the test chat types before each bot message, speaks Portuguese and asks again instead of dropping the contact', async ({ page }) => {
  await login(page);
  const flow = await call<{ id: string }>(page.request, 'flows.import', { name: uniqueName('Digitando'), json: { document } });
  await page.goto(`/flows/${flow.id}`);
  await page.getByRole('button', { name: 'Testar' }).click();
  const chat = page.locator('.tc-panel');
  const typing = chat.getByRole('status', { name: 'digitando' });

  // The two greetings come one after the other, each after "typing…".
  await expect(typing).toBeVisible();
  await expect(chat.getByText('Oi! Vou calcular seu pedido.')).toBeVisible();
  await expect(chat.getByText('Qual o valor?')).toHaveCount(0);
  await expect(typing).toBeVisible();
  await expect(chat.getByText('Qual o valor?')).toBeVisible();
  await expect(typing).toHaveCount(0);

  const composer = chat.getByPlaceholder('Digite uma mensagem');
  await composer.fill('10,5');
  await composer.press('Enter');
  await expect(chat.getByText('Total: R$ 10,5 (guardado como 10.5)')).toBeVisible();
  await expect(chat.getByText('Seu e-mail?')).toBeVisible();

  // One try allowed and no fallback path: the question comes back, the log says why, in Portuguese.
  await composer.fill('não tenho');
  await composer.press('Enter');
  await expect(chat.getByText('A resposta não é um endereço de e-mail. Pode tentar de novo?')).toBeVisible();
  await expect(chat.getByText('resposta inválida: a resposta não é um endereço de e-mail')).toBeVisible();
  await expect(chat.getByText('resposta inválida 1 vez e o caminho alternativo não está ligado: perguntando de novo')).toBeVisible();
  await expect(chat.getByText(/algo deu errado/)).toHaveCount(0);
  await page.screenshot({ path: 'test-results/testchat-engine.png' });

  await composer.fill('ana@exemplo.com');
  await composer.press('Enter');
  await expect(chat.getByText('Enviaremos para ana@exemplo.com.')).toBeVisible();
  await expect(chat.getByText('Conversa encerrada')).toBeVisible();
});
