import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';
import { SETUP_TOKEN } from './e2e/support';

/**
 * Browser tests against the real application: the built backend (embedded PostgreSQL in a fresh
 * temporary directory, in-process queue) serving the built dashboard, with OpenAI and Anthropic
 * pointed at the provider emulator. Build first: `npx nx run-many -t build`.
 */
const port = Number(process.env['WEBOX_E2E_PORT'] ?? 3310);
const baseURL = `http://127.0.0.1:${port}`;
const emulatorPort = Number(process.env['WEBOX_E2E_EMULATOR_PORT'] ?? 4011);
// A webhook receiver the automation spec starts on loopback: the operator's allow-list lets triggers reach it.
const receiverPort = emulatorPort + 1;
process.env['WEBOX_E2E_RECEIVER_PORT'] = String(receiverPort);
const emulatorURL = `http://127.0.0.1:${emulatorPort}`;
// The chat tests drive the emulator through its control endpoints (e2e/support.ts).
process.env['WEBOX_E2E_EMULATOR_URL'] = emulatorURL;
// A fresh embedded database per run. The config is loaded again in each worker: the first
// process creates the directory, hands it down through the environment, and deletes it on exit
// (after Playwright has stopped the server).
if (!process.env['WEBOX_E2E_DATA_DIR']) {
  const dataDir = mkdtempSync(join(tmpdir(), 'webox-e2e-'));
  process.env['WEBOX_E2E_DATA_DIR'] = dataDir;
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
}

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env['CI'],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env['PLAYWRIGHT_JSON_OUTPUT_NAME'] ? [['list'], ['json']] : [['list']],
  use: {
    baseURL,
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [
    { name: 'setup', testMatch: /global\.setup\.ts/ },
    { name: 'chromium', dependencies: ['setup'], testIgnore: /global\.setup\.ts/ },
  ],
  webServer: [
    {
      // The provider emulator (backend/test/support/provider-emulator): OpenAI and Anthropic wire
      // formats on loopback, so the chat tests run the real vendor SDKs with three models.
      command: `EMULATOR_PORT=${emulatorPort} npm run emulator --prefix ..`,
      url: `${emulatorURL}/_emulator/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: 'node ../dist/backend/main.js',
      url: `${baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        WEBOX_DATA_DIR: process.env['WEBOX_E2E_DATA_DIR'],
        WEBOX_FRONTEND_DIR: '../dist/frontend/browser',
        // The administrator is claimed with this setup token (global.setup.ts); the tests sign up freely
        // unless one sets another policy (admin.spec.ts, which puts it back).
        WEBOX_SETUP_TOKEN: SETUP_TOKEN,
        WEBOX_REGISTRATION: 'open',
        // Several accounts are created per run; keep the login rate limit out of the way.
        WEBOX_AUTH_RATE_LIMIT: '100',
        // Environment keys for two vendors, answered by the emulator (which accepts `test-key`).
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: `${emulatorURL}/v1`,
        ANTHROPIC_API_KEY: 'test-key',
        ANTHROPIC_BASE_URL: emulatorURL,
        // The offline model streams fast, but still word by word.
        WEBOX_LOCAL_TOKEN_DELAY_MS: '5',
        WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${receiverPort}`,
        // Pipedream's API (the official SDK) answered by the emulator; its client secret is `test-key`.
        PIPEDREAM_API_BASE_URL: emulatorURL,
      },
    },
  ],
});
