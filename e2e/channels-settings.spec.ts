// Settings → Canais end to end against the real channel manager and WhatsApp connection, with
// the fake WhatsApp socket the e2e server injects (e2e/testing/server.ts): the spec plays the
// phone's part (next QR, scan, pairing code accepted) and WhatsApp's (closing with a code).
import { expect, test, type Page } from '@playwright/test';
import { call, login } from './helpers.js';
import { fakeWhatsApp } from './testing/whatsapp.js';

const SHOTS = process.env.OZIA_SHOTS_DIR;

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

/** The fake's business number (FakeSocketFactory's account), as Settings writes it. */
const CONNECTED_AS = 'Conectado como +55 11 99999-0001 (Loja Ozia)';

test('a supervisor adds a WhatsApp number, connects it by QR and by pairing code, disconnects and reconnects, and deleting asks first', async ({ page }) => {
  test.setTimeout(60_000);
  await login(page);
  await page.getByRole('link', { name: 'Configurações' }).click();
  await page.getByRole('navigation', { name: 'Seções das configurações' }).getByRole('link', { name: 'Canais' }).click();
  await expect(page).toHaveURL(/\/settings\/channels$/);
  await expect(page.getByRole('heading', { name: 'Nenhum canal conectado ainda' })).toBeVisible();
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
  const wa = fakeWhatsApp(id);
  await expect(page.getByRole('heading', { name: 'Loja Centro' })).toBeVisible();
  const status = page.locator('.ch-status');
  await expect(status.getByText('Desconectado', { exact: true })).toBeVisible();
  await expect(page.getByText(`O robô está desligado: toda conversa nova vai direto para o departamento ${firstDepartment}.`)).toBeVisible();
  expect(await wa.sockets()).toEqual([]);

  // Connecting opens a socket to WhatsApp, whose QR shows live, then a fresher one.
  await page.getByRole('button', { name: 'Conectar com QR' }).click();
  const qr = page.getByRole('img', { name: 'QR code para conectar o WhatsApp' });
  await expect(qr).toBeVisible();
  await expect(status.getByText('Aguardando leitura do QR')).toBeVisible();
  await expect(page.getByText('Código 1 de 5 — ele se renova sozinho.')).toBeVisible();
  const pixels = () => qr.evaluate((c) => (c as HTMLCanvasElement).toDataURL());
  const firstQr = await pixels();
  await wa.nextQr();
  await expect(page.getByText('Código 2 de 5 — ele se renova sozinho.')).toBeVisible();
  await expect(qr).toBeVisible();
  // A new code is drawn, not the old one relabelled.
  expect(await pixels()).not.toBe(firstQr);
  await shot(page, '3-qr');

  // Past the cap (5) the QR expires and the socket is dropped: "Gerar novo QR" starts over.
  for (let i = 0; i < 4; i++) await wa.nextQr();
  await expect(page.getByText('O QR expirou sem ser lido.')).toBeVisible();
  await expect(qr).toHaveCount(0);
  expect((await wa.sockets()).map((s) => s.state)).toEqual(['closed']);
  await page.getByRole('button', { name: 'Gerar novo QR' }).click();
  await expect(page.getByText('Código 1 de 5 — ele se renova sozinho.')).toBeVisible();
  expect((await wa.sockets()).map((s) => s.state)).toEqual(['closed', 'connecting']);

  // Or by pairing code: the number typed as people write it, the 8-letter code shown big.
  await page.getByRole('button', { name: 'Conectar com código' }).click();
  const pairing = page.getByRole('dialog', { name: 'Conectar com código de pareamento' });
  await pairing.getByLabel('Número de telefone').fill('12');
  await pairing.getByLabel('Número de telefone').press('Enter');
  await expect(pairing.getByText('Digite o número com DDI e DDD (8 a 15 dígitos).')).toBeVisible();
  await pairing.getByLabel('Número de telefone').fill('+55 (11) 99999-0001');
  await pairing.getByLabel('Número de telefone').press('Enter');
  await expect(pairing).toHaveCount(0);
  const code = page.getByRole('status', { name: 'Código de pareamento' });
  await expect(code).toHaveText(/^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await expect(status.getByText('Aguardando o código no celular')).toBeVisible();
  await expect(qr).toHaveCount(0);
  await shot(page, '3b-pairing');

  // The phone accepts the code: WhatsApp restarts the stream and the number is connected.
  await wa.pair();
  await expect(status.getByText(CONNECTED_AS)).toBeVisible();
  await expect(code).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Desconectar' })).toBeVisible();
  await shot(page, '4-connected');

  // Disconnecting keeps the session: connecting again needs no QR.
  await page.getByRole('button', { name: 'Desconectar' }).click();
  await expect(page.getByText('Desconectado. A sessão foi mantida: reconectar não pede um novo QR.')).toBeVisible();
  await expect(status.getByText('Desconectado', { exact: true })).toBeVisible();
  expect((await wa.sockets()).every((s) => s.state === 'closed')).toBe(true);
  await page.getByRole('button', { name: 'Conectar com QR' }).click();
  await expect(status.getByText(CONNECTED_AS)).toBeVisible();
  await expect(qr).toHaveCount(0);

  // The connection drops (408): it counts the reconnect down live and comes back by itself.
  await wa.close(408);
  await expect(status.getByText(/Reconectando \(tentativa 1, próxima em \d+ s\)/)).toBeVisible();
  await expect(status.getByText(CONNECTED_AS)).toBeVisible();
  await expect(page.locator('[data-figure="reconnects"]')).toHaveText('1');

  // The list shows the live status too.
  await page.getByRole('link', { name: 'Canais' }).last().click();
  const row = page.getByRole('list', { name: 'Contas dos canais' }).getByRole('listitem').filter({ hasText: 'Loja Centro' });
  await expect(row.getByText(CONNECTED_AS)).toBeVisible();
  await shot(page, '5-list');

  // Deleting asks first; cancelling (Esc) keeps the number, connected.
  await row.getByRole('link', { name: 'Loja Centro' }).click();
  await page.getByRole('button', { name: 'Mais ações de Loja Centro' }).click();
  await page.getByRole('menuitem', { name: 'Excluir número' }).click();
  const confirm = page.getByRole('dialog', { name: 'Excluir Loja Centro?' });
  await expect(confirm).toBeVisible();
  await expect(confirm.getByText('As conversas dele continuam no Atendimento')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(confirm).toHaveCount(0);
  await expect(status.getByText(CONNECTED_AS)).toBeVisible();
  expect((await wa.sockets()).filter((s) => s.state === 'open')).toHaveLength(1);
  await page.getByRole('button', { name: 'Mais ações de Loja Centro' }).click();
  await page.getByRole('menuitem', { name: 'Excluir número' }).click();
  await page.getByRole('dialog', { name: 'Excluir Loja Centro?' }).getByRole('button', { name: 'Excluir' }).click();
  await expect(page).toHaveURL(/\/settings\/channels$/);
  await expect(page.getByRole('heading', { name: 'Nenhum canal conectado ainda' })).toBeVisible();
  // Its socket is closed: a deleted number no longer answers anyone.
  await expect.poll(async () => (await wa.sockets()).every((s) => s.state === 'closed')).toBe(true);
});

test('in English, a number taken over by another session says so and reconnects only when asked; logged out needs a new QR', async ({ page }) => {
  test.setTimeout(45_000);
  await login(page);
  const a = await call<{ id: string }>(page.request, 'channels.create', { kind: 'whatsapp', name: 'Support line' });
  const wa = fakeWhatsApp(a.id);
  await page.evaluate(() => localStorage.setItem('ozia.locale', 'en'));
  await page.goto(`/settings/channels/${a.id}`);
  await expect(page.getByRole('heading', { name: 'Support line' })).toBeVisible();
  await expect(page.getByText('No flow was chosen for this number')).toBeVisible();
  const status = page.locator('.ch-status');
  await page.getByRole('button', { name: 'Connect with QR' }).click();
  await expect(page.getByRole('img', { name: 'QR code to connect WhatsApp' })).toBeVisible();
  await wa.scan();
  await expect(status.getByText('Connected as +55 11 99999-0001 (Loja Ozia)')).toBeVisible();

  // Another session takes over (440): Ozia does not fight it by reconnecting on its own.
  await wa.close(440);
  await expect(status.getByText('Replaced by another session')).toBeVisible();
  await expect(status.getByText(/Another session took over this number.*\(code 440/)).toBeVisible();
  const sockets = (await wa.sockets()).length;
  await shot(page, '6-replaced-en');
  expect((await wa.sockets()).length).toBe(sockets);
  await page.getByRole('button', { name: 'Reconnect' }).click();
  await expect(status.getByText('Connected as +55 11 99999-0001 (Loja Ozia)')).toBeVisible();
  expect((await wa.sockets()).length).toBe(sockets + 1);

  // The phone removed the device (401): the session is wiped, a new QR is what it takes.
  await wa.close(401);
  await expect(status.getByText('Logged out by WhatsApp')).toBeVisible();
  await page.getByRole('button', { name: 'Connect with QR' }).click();
  await expect(page.getByRole('img', { name: 'QR code to connect WhatsApp' })).toBeVisible();
});
