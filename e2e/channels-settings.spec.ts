// Settings → Canais end to end, with the channel manager replaced by a scripted control
// (e2e/testing/scripted-server.ts): the spec plays WhatsApp's part by pushing statuses.
// Run: npx vite build && npx playwright test -c e2e/channels.config.ts
import { expect, test, type Page } from '@playwright/test';
import { SCRIPT_URL } from './channels.config.js';
import { call, login } from './helpers.js';

const SHOTS = process.env.OZIA_SHOTS_DIR;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function push(channelId: string, status: Record<string, unknown>) {
  const res = await fetch(`${SCRIPT_URL}/status`, { method: 'POST', body: JSON.stringify({ channelId, status }) });
  expect(res.ok).toBe(true);
}

async function calls(): Promise<{ op: string; id?: string; pairingPhone?: string }[]> {
  return (await fetch(`${SCRIPT_URL}/calls`)).json();
}

test('a supervisor adds a WhatsApp number, connects it by QR, sees it connected, and deleting asks first', async ({ page }) => {
  await login(page);
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Seções das configurações' }).getByRole('link', { name: 'Canais' }).click();
  await expect(page).toHaveURL(/\/settings\/channels$/);
  await expect(page.getByRole('heading', { name: 'Nenhum número conectado ainda' })).toBeVisible();
  await shot(page, '1-empty');

  // The dialog: name, bot off to a department, pacing; Enter submits.
  await page.getByRole('button', { name: 'Adicionar número WhatsApp' }).click();
  const dialog = page.getByRole('dialog', { name: 'Adicionar número WhatsApp' });
  await expect(dialog).toBeVisible();
  // Submitting empty names what is missing, in Portuguese.
  await dialog.getByRole('button', { name: 'Adicionar' }).click();
  await expect(dialog.getByText('Dê um nome ao número.')).toBeVisible();
  await dialog.getByLabel('Nome').fill('Loja Centro');
  await dialog.getByRole('radio', { name: 'Robô desligado' }).click();
  const department = dialog.getByLabel('Departamento');
  const firstDepartment = (await department.locator('option').nth(1).textContent())!;
  await department.selectOption({ label: firstDepartment });
  await expect(dialog.getByLabel('Mensagens por minuto')).toHaveValue('30');
  await shot(page, '2-dialog');
  await dialog.getByLabel('Nome').press('Enter');

  // It opens on the new number's page.
  await expect(page).toHaveURL(/\/settings\/channels\/[^/]+$/);
  const id = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
  await expect(page.getByRole('heading', { name: 'Loja Centro' })).toBeVisible();
  const status = page.locator('.ch-status');
  await expect(status.getByText('Desconectado', { exact: true })).toBeVisible();
  await expect(page.getByText(`O robô está desligado: toda conversa nova vai direto para o departamento ${firstDepartment}.`)).toBeVisible();

  await page.getByRole('button', { name: 'Conectar com QR' }).click();
  await expect.poll(async () => (await calls()).filter((c) => c.op === 'connect' && c.id === id).length).toBe(1);

  // WhatsApp's QR arrives live, then a fresher one.
  await push(id, { state: 'qr', qr: '2@Zq8xkE1vYwQ1oBvK2mVtL3pR9sUa,base64key=,anotherkey=,advsecret=', qrAttempt: 1, qrLimit: 5 });
  const qr = page.getByRole('img', { name: 'QR code para conectar o WhatsApp' });
  await expect(qr).toBeVisible();
  await expect(status.getByText('Aguardando leitura do QR')).toBeVisible();
  await expect(page.getByText('Código 1 de 5 — ele se renova sozinho.')).toBeVisible();
  await push(id, { state: 'qr', qr: '2@Another+Code+That+Is+Longer+Than+The+First+One,key=,key2=,secret=', qrAttempt: 2, qrLimit: 5 });
  await expect(page.getByText('Código 2 de 5 — ele se renova sozinho.')).toBeVisible();
  await expect(qr).toBeVisible();
  await shot(page, '3-qr');

  // Past the cap the QR expires: "Gerar novo QR" connects again.
  await push(id, { state: 'stopped', qrAttempt: 5, qrLimit: 5 });
  await expect(page.getByText('O QR expirou sem ser lido.')).toBeVisible();
  await expect(qr).toHaveCount(0);
  await page.getByRole('button', { name: 'Gerar novo QR' }).click();
  await expect.poll(async () => (await calls()).filter((c) => c.op === 'connect' && c.id === id).length).toBe(2);

  // Or by pairing code: the number typed as people write it, the 8-letter code shown big.
  await page.getByRole('button', { name: 'Conectar com código' }).click();
  const pairing = page.getByRole('dialog', { name: 'Conectar com código de pareamento' });
  await pairing.getByLabel('Número de telefone').fill('12');
  await pairing.getByLabel('Número de telefone').press('Enter');
  await expect(pairing.getByText('Digite o número com DDI e DDD (8 a 15 dígitos).')).toBeVisible();
  await pairing.getByLabel('Número de telefone').fill('+55 (11) 98888-7777');
  await pairing.getByLabel('Número de telefone').press('Enter');
  await expect(pairing).toHaveCount(0);
  await expect.poll(async () => (await calls()).some((c) => c.op === 'connect' && c.pairingPhone === '5511988887777')).toBe(true);
  await push(id, { state: 'pairing_code', pairingCode: 'ABCD1234' });
  await expect(page.getByRole('status', { name: 'Código de pareamento' })).toHaveText('ABCD-1234');
  await shot(page, '3b-pairing');

  await push(id, { state: 'open', me: { phone: '5511988887777', name: 'Loja Centro' } });
  await expect(status.getByText('Conectado como +55 11 98888-7777 (Loja Centro)')).toBeVisible();
  await expect(qr).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Desconectar' })).toBeVisible();
  await shot(page, '4-connected');

  // A reconnect counts down live.
  await push(id, { state: 'reconnecting', attempt: 2, nextAt: new Date(Date.now() + 30_000).toISOString(), code: 428 });
  await expect(status.getByText(/Reconectando \(tentativa 2, próxima em \d+ s\)/)).toBeVisible();
  await push(id, { state: 'open', me: { phone: '5511988887777', name: 'Loja Centro' } });

  // The list shows the live status too.
  await page.getByRole('link', { name: 'Canais' }).last().click();
  const row = page.getByRole('list', { name: 'Números de WhatsApp' }).getByRole('listitem').filter({ hasText: 'Loja Centro' });
  await expect(row.getByText('Conectado como +55 11 98888-7777 (Loja Centro)')).toBeVisible();
  await shot(page, '5-list');

  // Deleting asks first; cancelling (Esc) keeps the number.
  await row.getByRole('link', { name: 'Loja Centro' }).click();
  await page.getByRole('button', { name: 'Mais ações de Loja Centro' }).click();
  await page.getByRole('menuitem', { name: 'Excluir número' }).click();
  const confirm = page.getByRole('dialog', { name: 'Excluir Loja Centro?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByText('As conversas dele continuam no Atendimento')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  expect((await calls()).some((c) => c.op === 'remove')).toBe(false);
  await page.getByRole('button', { name: 'Mais ações de Loja Centro' }).click();
  await page.getByRole('menuitem', { name: 'Excluir número' }).click();
  await page.getByRole('dialog', { name: 'Excluir Loja Centro?' }).getByRole('button', { name: 'Excluir' }).click();
  await expect(page).toHaveURL(/\/settings\/channels$/);
  await expect(page.getByRole('heading', { name: 'Nenhum número conectado ainda' })).toBeVisible();
  expect((await calls()).filter((c) => c.op === 'remove').map((c) => c.id)).toEqual([id]);
});

test('in English, a number taken over by another session says so and offers to reconnect', async ({ page }) => {
  await login(page);
  const a = await call<{ id: string }>(page.request, 'channels.create', { kind: 'whatsapp', name: 'Support line' });
  await page.evaluate(() => localStorage.setItem('ozia.locale', 'en'));
  await page.goto(`/settings/channels/${a.id}`);
  await expect(page.getByRole('heading', { name: 'Support line' })).toBeVisible();
  await expect(page.getByText('No flow was chosen for this number')).toBeVisible();
  await push(a.id, { state: 'replaced', code: 440 });
  const status = page.locator('.ch-status');
  await expect(status.getByText('Replaced by another session')).toBeVisible();
  await expect(status.getByText(/Another session took over this number.*\(code 440\)/)).toBeVisible();
  await shot(page, '6-replaced-en');
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect.poll(async () => (await calls()).some((c) => c.op === 'connect' && c.id === a.id)).toBe(true);
  await push(a.id, { state: 'logged_out', code: 401 });
  await expect(status.getByText('Logged out by WhatsApp')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Connect with QR' })).toBeVisible();
});
