import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.OZIA_E2E_PORT ?? 3917);
export const E2E_ADMIN = { email: 'admin@ozia.local', password: 'e2e-supervisor-pass' };

export default defineConfig({
  testDir: 'e2e',
  // Runs against a scripted channel control with its own config (e2e/channels.config.ts).
  testIgnore: ['channels-settings.spec.ts'],
  timeout: 30_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.OZIA_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // A fresh data folder each run: the first supervisor is created with a known password.
    command: 'rm -rf .tmp/e2e-data && npm start',
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      OZIA_DATA_DIR: '.tmp/e2e-data',
      OZIA_ADMIN_PASSWORD: E2E_ADMIN.password,
    },
  },
});
