import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.OZIA_E2E_PORT ?? 3917);
export const E2E_ADMIN = { email: 'admin@ozia.local', password: 'e2e-supervisor-pass' };
/** The e2e server's fake WhatsApp control port (e2e/testing/server.ts). */
export const FAKE_WHATSAPP_URL = `http://127.0.0.1:${PORT + 1}`;

export default defineConfig({
  testDir: 'e2e',
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
    // A fresh data folder each run: the first supervisor is created with a known password. The
    // product, built as `npm start` builds it, started through the e2e entry point: WhatsApp is
    // the fake socket factory, driven by the specs on PORT+1 (e2e/testing/whatsapp.ts).
    command: 'rm -rf .tmp/e2e-data && npx vite build && npx vite build -c vite.widget.config.ts && npx tsx e2e/testing/server.ts',
    url: `http://127.0.0.1:${PORT}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'pipe',
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      OZIA_DATA_DIR: '.tmp/e2e-data',
      OZIA_ADMIN_PASSWORD: E2E_ADMIN.password,
      OZIA_FAKE_WA_PORT: String(PORT + 1),
    },
  },
});
