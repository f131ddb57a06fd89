/**
 * API end-to-end tests against the running application. WEBOX_TEST_MODE picks the backing services:
 *   server   - TEST_DATABASE_URL (PostgreSQL) and TEST_REDIS_URL (Bull + socket.io Redis adapter)
 *   embedded - the embedded defaults: PGlite and the in-process queue
 */
const { join } = require('node:path');
const mode = process.env.WEBOX_TEST_MODE ?? 'embedded';

module.exports = {
  ...require('../jest.preset'),
  displayName: `backend-e2e-${mode}`,
  rootDir: join(__dirname, '..'),
  testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  testTimeout: 30_000,
  setupFilesAfterEnv: ['<rootDir>/test/support/hook-timeout.jest-setup.ts'],
  maxWorkers: 2,
  // Each file closes its app (HTTP, queue, Redis, database). Some library timers (Bull, throttler)
  // outlive app.close() by a few seconds; do not let them hold the run open.
  forceExit: true,
};
