import { expect, type APIRequestContext, type Browser, type Locator, type Page } from '@playwright/test';
import { E2E_ADMIN } from '../playwright.config.js';

/** Logs in through the login form, in Portuguese (the default for a pt-BR browser). */
export async function login(page: Page) {
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('ozia.locale', 'pt-BR'));
  await page.reload();
  await page.getByLabel('E-mail').fill(E2E_ADMIN.email);
  await page.getByLabel('Senha').fill(E2E_ADMIN.password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await expect(page.getByRole('navigation', { name: 'Ozia' })).toBeVisible();
}

export function uniqueName(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}`;
}

/** Calls a tRPC procedure with the page's session, for set-up and for checking what was stored. */
export async function call<T>(request: APIRequestContext, path: string, input?: unknown, kind: 'query' | 'mutation' = 'mutation'): Promise<T> {
  const res =
    kind === 'query'
      ? await request.get(`/trpc/${path}${input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify(input))}`}`)
      : await request.post(`/trpc/${path}`, { data: input ?? {} });
  const body = await res.json();
  if (!res.ok()) throw new Error(`${path}: ${JSON.stringify(body.error ?? body)}`);
  return body.result.data as T;
}

/**
 * Waits until an element stops moving on screen (five animation frames in the same place): the
 * canvas pans a block out from under the settings panel, and a drag aimed at it mid-pan would land
 * elsewhere.
 */
export async function settled(locator: Locator): Promise<void> {
  await locator.evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        let last = '';
        let same = 0;
        const tick = () => {
          const r = el.getBoundingClientRect();
          const at = `${r.x},${r.y},${r.width}`;
          same = at === last ? same + 1 : 0;
          last = at;
          if (same >= 5) resolve();
          else requestAnimationFrame(tick);
        };
        tick();
      }),
  );
}

/** Signs a user in through the login form, in Portuguese, in a browser context of their own (own cookies). */
export async function signInAs(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto('/');
  await page.evaluate(() => localStorage.setItem('ozia.locale', 'pt-BR'));
  await page.reload();
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Senha').fill(password);
  await page.getByRole('button', { name: 'Entrar' }).click();
  return page;
}

/** An operator signed in on a desk: they land on the Inbox. */
export async function operatorInbox(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await signInAs(browser, email, password);
  await expect(page).toHaveURL(/\/inbox/);
  await expect(page.getByRole('navigation', { name: 'Ozia' })).toBeVisible();
  return page;
}
