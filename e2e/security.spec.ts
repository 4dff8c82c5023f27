import { expect, test } from '@playwright/test';
import { login } from './helpers.js';

test('the app works under its Content-Security-Policy: no inline script, nothing refused on the flows, builder, inbox and settings', async ({ page }) => {
  test.setTimeout(60_000);
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const violations = () => page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);

  const res = (await page.goto('/'))!;
  const headers = res.headers();
  expect(headers['content-security-policy']).toContain("script-src 'self'");
  expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('same-origin');
  // The built page loads its scripts from files only.
  const scripts = await page.locator('script').evaluateAll((els) => els.map((s) => ({ src: s.getAttribute('src'), inline: s.textContent?.trim() ?? '' })));
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toMatchObject({ src: expect.stringMatching(/^\/assets\//), inline: '' });

  await login(page);
  // A new flow on the canvas: React Flow draws with inline styles.
  await page.getByRole('button', { name: 'Novo fluxo' }).first().click();
  await page.getByRole('dialog', { name: 'Novo fluxo' }).getByLabel('Nome').fill(`CSP ${Date.now().toString(36)}`);
  await page.getByRole('button', { name: 'Criar' }).click();
  await expect(page).toHaveURL(/\/flows\/[\w-]+$/);
  await expect(page.locator('.oz-group').first()).toBeVisible();
  await expect(page.locator('.react-flow__pane')).toBeVisible();
  await page.screenshot({ path: 'test-results/csp-builder.png' });
  await page.getByRole('link', { name: 'Atendimentos' }).click();
  await expect(page).toHaveURL(/\/inbox/);
  await page.getByRole('link', { name: 'Configurações' }).click();
  await expect(page.getByRole('heading', { name: 'Configurações', level: 1 })).toBeVisible();
  expect(await violations()).toEqual([]);
});
