// Blocking a contact as a supervisor does it: from the contact page (a dialog with an optional
// reason), the contact's next test-chat message is stored but gets no answer, the Inbox shows the
// block in the conversation's header and the contact panel with who, when and why, and follows a
// block or unblock made elsewhere without a reload; unblocked, the next message is answered again.
import { expect, test } from '@playwright/test';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { call, login } from './helpers.js';

interface Answer {
  messages: { direction: string; message: { text?: string } }[];
}
const said = (a: Answer) => a.messages.filter((m) => m.direction === 'out').map((m) => m.message.text);

test('a supervisor blocks a contact, whose next message gets no reply, and unblocks them', async ({ page }) => {
  test.setTimeout(90_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const flow = await call<{ id: string; draftRevision: number | null }>(api, 'flows.create', { name: `Eco ${run}` });
  const doc = buildFlow({
    variables: ['said'],
    groups: [
      { id: 'hello', blocks: [text('h', 'Oi! Diga algo.')] },
      { id: 'loop', blocks: [{ id: 'ask', kind: 'input-text', options: { variableId: 'said' } }, text('echo', 'eco: {{said}}'), { id: 'again', kind: 'jump', options: { target: { groupId: 'loop' } } }] },
    ],
    edges: [{ from: { blockId: 'h' }, to: { groupId: 'loop' } }],
  });
  await call(api, 'flows.saveDraft', { id: flow.id, document: doc, baseRevision: flow.draftRevision ?? 0, force: true });
  await call(api, 'flows.publish', { id: flow.id });
  const { sessionId } = await call<{ sessionId: string }>(api, 'testChat.start', { flowId: flow.id });
  expect(said(await call<Answer>(api, 'testChat.send', { sessionId, text: `primeira ${run}` }))).toContain(`eco: primeira ${run}`);

  // Block from the contact page: the confirmation says what it does.
  await page.goto(`/contacts/${encodeURIComponent(sessionId)}`);
  const head = page.locator('header.ct-head');
  await head.getByRole('button', { name: 'Bloquear contato' }).click();
  const confirm = page.getByRole('dialog', { name: /^Bloquear / });
  await expect(confirm).toContainText('o bot, as mensagens automáticas');
  await confirm.getByLabel('Motivo (opcional)').fill('Mensagens ofensivas');
  await confirm.getByRole('button', { name: 'Bloquear contato' }).click();
  await expect(confirm).toBeHidden();
  await expect(head.getByText('Bloqueado', { exact: true })).toBeVisible();
  await expect(head.getByText(/^Bloqueado por .+ em /)).toBeVisible();
  await expect(head.getByText('Motivo: Mensagens ofensivas')).toBeVisible();
  await expect(head.getByRole('button', { name: 'Desbloquear' })).toBeEnabled();
  await page.screenshot({ path: 'test-results/contact-blocked.png' });

  // The next message is stored, not answered.
  const blockedAnswer = await call<Answer>(api, 'testChat.send', { sessionId, text: `bloqueada ${run}` });
  expect(blockedAnswer.messages.some((m) => m.direction === 'in' && m.message.text === `bloqueada ${run}`)).toBe(true);
  expect(said(blockedAnswer).filter((t) => t?.startsWith('eco: bloqueada'))).toEqual([]);

  // The Contacts list's "Bloqueados" filter finds them, with the chip on their row.
  const name = (await call<{ name: string }>(api, 'contacts.get', { id: sessionId }, 'query')).name;
  await page.goto('/contacts');
  await page.getByRole('group', { name: 'Filtros' }).getByLabel('Bloqueados').check();
  await expect(page).toHaveURL(/blocked=1/);
  const row = page.getByRole('table', { name: 'Contatos' }).locator('tbody tr').filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(row.getByText('Bloqueado', { exact: true })).toBeVisible();
  await page.screenshot({ path: 'test-results/contacts-blocked-filter.png' });

  // The Inbox shows the block on the conversation and in the contact panel.
  const contact = await call<{ conversations: { id: string }[] }>(api, 'contacts.get', { id: sessionId }, 'query');
  await page.goto(`/inbox/${encodeURIComponent(contact.conversations[0].id)}`);
  const conversation = page.locator('section.ib-conv');
  await expect(conversation.locator('header.ib-conv__head').getByText('Bloqueado', { exact: true })).toBeVisible();
  await expect(conversation.getByText(`bloqueada ${run}`)).toBeVisible();
  const panel = page.getByRole('complementary', { name: /dados do contato/i });
  await expect(panel.getByText('Bloqueado', { exact: true })).toBeVisible();
  await expect(panel.getByText('Motivo: Mensagens ofensivas')).toBeVisible();
  await expect(panel.getByRole('button', { name: 'Desbloquear' })).toBeVisible();
  await page.screenshot({ path: 'test-results/contact-blocked-inbox.png' });

  // Unblocked and blocked again elsewhere (another tab, a colleague): the open conversation follows without a reload.
  const headChip = conversation.locator('header.ib-conv__head').getByText('Bloqueado', { exact: true });
  await call(api, 'contacts.unblock', { id: sessionId });
  await expect(headChip).toHaveCount(0);
  await expect(panel.getByRole('button', { name: 'Bloquear contato' })).toBeVisible();
  await call(api, 'contacts.block', { id: sessionId, reason: 'Spam de novo' });
  await expect(headChip).toBeVisible();
  await expect(panel.getByText('Motivo: Spam de novo')).toBeVisible();

  // Unblock from the contact page; the next message is answered, the blocked one is not.
  await page.goto(`/contacts/${encodeURIComponent(sessionId)}`);
  await head.getByRole('button', { name: 'Desbloquear' }).click();
  const unconfirm = page.getByRole('dialog', { name: /^Desbloquear / });
  await unconfirm.getByRole('button', { name: 'Desbloquear' }).click();
  await expect(unconfirm).toBeHidden();
  await expect(head.getByText('Bloqueado', { exact: true })).toHaveCount(0);
  const after = said(await call<Answer>(api, 'testChat.send', { sessionId, text: `de volta ${run}` }));
  expect(after).toContain(`eco: de volta ${run}`);
  expect(after.filter((t) => t?.startsWith('eco: bloqueada'))).toEqual([]);
});
