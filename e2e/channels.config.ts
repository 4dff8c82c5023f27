// Settings → Canais against a scripted channel control (e2e/testing/scripted-server.ts), on a
// port of its own so the main suite (playwright.config.ts) is unaffected:
//   npx vite build && npx playwright test -c e2e/channels.config.ts
import { defineConfig } from '@playwright/test';
import base, { E2E_ADMIN } from '../playwright.config.js';

const PORT = 3941;
export const SCRIPT_URL = `http://127.0.0.1:${PORT + 1}`;

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: ['channels-settings.spec.ts'],
  testIgnore: [],
  outputDir: '../test-results/channels',
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: {
    command: 'npx tsx e2e/testing/scripted-server.ts',
    cwd: '..',
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: { PORT: String(PORT), OZIA_SCRIPT_PORT: String(PORT + 1), OZIA_DATA_DIR: '.tmp/e2e-channels', OZIA_ADMIN_EMAIL: E2E_ADMIN.email, OZIA_ADMIN_PASSWORD: E2E_ADMIN.password },
  },
});
