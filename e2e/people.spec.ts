// The people in the Inbox, as an operator and a supervisor meet them: an operator lands on the
// Inbox and never sees a screen they cannot use; an agent who closes the browser without "Sair"
// goes away and then offline, stops getting conversations, and a supervisor moves the one they
// still hold back to the queue; a mention made while they were gone waits in the bell.
import { expect, test } from '@playwright/test';
import { buildFlow, text } from '../runtime/testing/flow-builder.js';
import { call, login, signInAs } from './helpers.js';

const PASSWORD = 'operator-e2e-pass';

test('an operator lands on the Inbox and sees no Flows, Reports or supervisor settings', async ({ page, browser }) => {
  await login(page);
  const run = Date.now().toString(36);
  const email = `oto.${run}@ozia.test`;
  await call(page.request, 'users.create', { name: `Otávio ${run}`, email, role: 'operator', password: PASSWORD, departmentIds: [] });

  const op = await signInAs(browser, email, PASSWORD);
  await expect(op).toHaveURL(/\/inbox$/);
  const nav = op.getByRole('navigation', { name: 'Ozia' });
  await expect(nav.getByRole('link', { name: /Atendimentos/ })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'Fluxos' })).toHaveCount(0);
  await expect(nav.getByRole('link', { name: 'Relatórios' })).toHaveCount(0);
  await expect(op.getByRole('tab', { name: /Aguardando/ })).toBeVisible();
  await op.screenshot({ path: 'test-results/operator-inbox.png' });

  // A Flows address typed by hand (or an old bookmark) goes to the Inbox instead of a refusal.
  await op.goto('/flows');
  await expect(op).toHaveURL(/\/inbox$/);
  await expect(op.getByText(/supervisor/i)).toHaveCount(0);
  // Settings shows what an operator can use, nothing else.
  await nav.getByRole('link', { name: 'Configurações' }).click();
  const sections = op.getByRole('navigation', { name: 'Seções das configurações' });
  await expect(sections.getByRole('link')).toHaveText(['Minha conta', 'Etiquetas']);
  await op.context().close();
});

test('an agent who closes the browser goes away then offline, gets nothing new, and a supervisor returns their conversation to the queue', async ({ page, browser }) => {
  test.setTimeout(150_000);
  await login(page);
  const api = page.request;
  const run = Date.now().toString(36);
  const email = `pedro.${run}@ozia.test`;
  const pedro = await call<{ id: string; name: string }>(api, 'users.create', { name: `Pedro ${run}`, email, role: 'operator', password: PASSWORD, departmentIds: [] });
  const dept = await call<{ id: string; name: string }>(api, 'departments.create', { name: `Plantão ${run}`, memberIds: [pedro.id] });
  const flow = await call<{ id: string; draftRevision: number | null }>(api, 'flows.create', { name: `Plantão ${run}` });
  const doc = buildFlow({ groups: [{ id: 'g', blocks: [text('hi', 'Vou te passar para a equipe.'), { id: 'agent', kind: 'agent', options: { departmentId: dept.id, assign: { mode: 'auto' } } }] }] });
  await call(api, 'flows.saveDraft', { id: flow.id, document: doc, baseRevision: flow.draftRevision ?? 0, force: true });
  await call(api, 'flows.publish', { id: flow.id });
  const status = async () => (await call<{ id: string; status: string }[]>(api, 'users.directory', undefined, 'query')).find((u) => u.id === pedro.id)?.status;
  const conversations = async () => (await call<{ items: { id: string; agentId: string | null; stage: string }[] }>(api, 'inbox.list', { view: 'department', departmentId: dept.id }, 'query')).items;

  // Pedro logs in (online) and is given the first contact.
  const op = await signInAs(browser, email, PASSWORD);
  await expect(op).toHaveURL(/\/inbox$/);
  await expect.poll(status).toBe('online');
  await call(api, 'testChat.start', { flowId: flow.id });
  await expect.poll(async () => (await conversations()).map((c) => c.agentId)).toEqual([pedro.id]);
  const [first] = await conversations();

  // A colleague mentions him while he is away: it must wait for him.
  await call(api, 'inbox.whisper', { id: first.id, text: `@Pedro ${run} veja este cliente` });

  // He closes the browser without "Sair": away, then offline (the e2e server runs presence on 5 s
  // and 12 s instead of the product's 20 s and 60 s: e2e/testing/server.ts).
  await op.context().close();
  await expect.poll(status, { timeout: 20_000, intervals: [500] }).toBe('away');
  await call(api, 'testChat.start', { flowId: flow.id });
  await expect.poll(async () => (await conversations()).filter((c) => c.stage === 'waiting').length).toBe(1);
  await expect.poll(status, { timeout: 30_000, intervals: [1_000] }).toBe('offline');
  // What he served is still his.
  expect((await conversations()).find((c) => c.id === first.id)?.agentId).toBe(pedro.id);

  // The supervisor sees it on the conversation and returns it to the queue.
  await page.goto(`/inbox/${first.id}`);
  const banner = page.getByRole('status').filter({ hasText: `Pedro ${run} está offline` });
  await expect(banner).toBeVisible();
  await page.screenshot({ path: 'test-results/absent-agent-banner.png' });
  await banner.getByRole('button', { name: 'Devolver à fila' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText(`Devolver as conversas de Pedro ${run} à fila?`)).toBeVisible();
  await dialog.getByRole('button', { name: 'Devolver à fila' }).click();
  await expect(page.getByText('1 conversa(s) devolvida(s) à fila.')).toBeVisible();
  await expect.poll(async () => (await conversations()).filter((c) => c.stage === 'waiting').length).toBe(2);

  // Back the next day: online again, both waiting contacts are his, and the mention is in the bell.
  const back = await signInAs(browser, email, PASSWORD);
  await expect(back).toHaveURL(/\/inbox$/);
  await expect.poll(async () => (await conversations()).map((c) => c.agentId)).toEqual([pedro.id, pedro.id]);
  const bell = back.getByRole('button', { name: /^Notificações: \d+ não lida/ });
  await expect(bell).toBeVisible();
  await bell.click();
  const panel = back.getByRole('dialog', { name: 'Notificações' });
  await expect(panel.getByText(/mencionou você em Teste \d+/)).toBeVisible();
  await expect(panel.getByText(`@Pedro ${run} veja este cliente`)).toBeVisible();
  await expect(panel.getByText(/foi atribuído a você/).first()).toBeVisible();
  await back.screenshot({ path: 'test-results/notifications-bell.png' });
  await panel.getByRole('button', { name: 'Marcar todas como lidas' }).click();
  await expect(back.getByRole('button', { name: 'Notificações', exact: true })).toBeVisible();
  await back.context().close();
});
